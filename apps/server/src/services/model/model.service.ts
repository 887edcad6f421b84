import type { Actor } from '../../auth/actor.ts';
import { invalid, notAllowed, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import {
  ModelRepository,
  type ModelConfigRow,
  type ModelFilterField,
  type ModelRow,
  type ProjectModelConfigRow,
} from '../../repositories/model.repository.ts';
import { OntologyRepository } from '../../repositories/ontology.repository.ts';
import { ProjectRepository } from '../../repositories/project.repository.ts';
import { nowIso } from '../../time.ts';
import type { ServiceDeps } from '../index.ts';
import { parseWhereInput, type WhereSpec } from '../where-input.ts';

const MODEL_WHERE: WhereSpec<ModelFilterField> = {
  entity: 'Model',
  fields: {
    id: 'string',
    name: 'string',
    ontologyId: 'string',
    createdAt: 'datetime',
    updatedAt: 'datetime',
  },
};
const MAX_NAME = 1000;

export function checkName(name: unknown, field: string): string {
  if (typeof name !== 'string' || name.trim().length === 0)
    throw invalid(field, 'must be a non-empty string');
  if (name.length > MAX_NAME) throw invalid(field, `must be at most ${MAX_NAME} characters`);
  return name;
}

/** A JSON object given as a GraphQL `Json` value (`inferenceParams`, a run's config). */
export function checkJsonObject(value: unknown, field: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw invalid(field, 'must be a JSON object');
  return value as Record<string, unknown>;
}

/** Models (name + ontology), model configs (inference parameters) and their attachment to projects. */
export class ModelService {
  private readonly repo: ModelRepository;

  constructor(private readonly deps: Pick<ServiceDeps, 'db' | 'dialect'>) {
    this.repo = new ModelRepository(deps.db, deps.dialect);
  }

  async create(actor: Actor, input: { name: unknown; ontologyId: string }): Promise<ModelRow> {
    const name = checkName(input.name, 'data.name');
    const [ontology] = await new OntologyRepository(this.deps.db, this.deps.dialect).findByIds(
      actor.organizationId,
      [input.ontologyId],
    );
    if (!ontology) throw notFound('Ontology', input.ontologyId);
    const now = nowIso();
    const row: ModelRow = {
      id: newId(),
      organization_id: actor.organizationId,
      name,
      ontology_id: ontology.id,
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    };
    await this.repo.insert(row);
    return row;
  }

  async get(actor: Actor, id: string): Promise<ModelRow> {
    const row = await this.repo.find(actor.organizationId, id);
    if (!row) throw notFound('Model', id);
    return row;
  }

  byIds(actor: Actor, ids: readonly string[]): Promise<ModelRow[]> {
    return this.repo.findMany(actor.organizationId, ids);
  }

  list(actor: Actor, where: unknown, page: { skip: number; first: number }): Promise<ModelRow[]> {
    return this.repo.list(actor.organizationId, parseWhereInput(MODEL_WHERE, where), page);
  }

  /** `deleteModels(where: {ids})`: every id must name a model of the organization; runs and configs go too. */
  async delete(actor: Actor, ids: readonly string[]): Promise<number> {
    const found = await this.repo.findMany(actor.organizationId, ids);
    const missing = ids.find((id) => !found.some((m) => m.id === id));
    if (missing !== undefined) throw notFound('Model', missing);
    return this.repo.delete(actor.organizationId, ids);
  }

  async createConfig(
    actor: Actor,
    input: { modelId: string; name: unknown; inferenceParams: unknown },
  ): Promise<ModelConfigRow> {
    const name = checkName(input.name, 'input.name');
    const params = checkJsonObject(input.inferenceParams, 'input.inferenceParams');
    const model = await this.get(actor, input.modelId);
    const row: ModelConfigRow = {
      id: newId(),
      organization_id: actor.organizationId,
      model_id: model.id,
      name,
      inference_params: JSON.stringify(params),
      created_at: nowIso(),
    };
    await this.repo.insertConfig(row);
    return row;
  }

  async getConfig(actor: Actor, id: string): Promise<ModelConfigRow> {
    const row = await this.repo.findConfig(actor.organizationId, id);
    if (!row) throw notFound('ModelConfig', id);
    return row;
  }

  configsByIds(actor: Actor, ids: readonly string[]): Promise<ModelConfigRow[]> {
    return this.repo.findConfigs(actor.organizationId, ids);
  }

  async deleteConfig(actor: Actor, id: string): Promise<boolean> {
    if (!(await this.repo.deleteConfig(actor.organizationId, id))) throw notFound('ModelConfig', id);
    return true;
  }

  private async project(actor: Actor, projectId: string) {
    const project = await new ProjectRepository(this.deps.db).find(actor.organizationId, projectId);
    if (!project || project.deleted === 1) throw notFound('Project', projectId);
    return project;
  }

  /** Once a project's model setup is complete its configs are fixed (as on Labelbox). */
  private static assertOpen(project: { model_setup_complete: number; id: string }): void {
    if (project.model_setup_complete === 1)
      throw notAllowed(
        `Model setup of project ${project.id} is complete: its model configs can no longer change`,
      );
  }

  async attachConfig(actor: Actor, projectId: string, modelConfigId: string): Promise<ProjectModelConfigRow> {
    const project = await this.project(actor, projectId);
    ModelService.assertOpen(project);
    const config = await this.getConfig(actor, modelConfigId);
    return this.repo.attachConfig({
      id: newId(),
      organization_id: actor.organizationId,
      project_id: project.id,
      model_config_id: config.id,
      created_at: nowIso(),
    });
  }

  async detachConfig(actor: Actor, id: string): Promise<boolean> {
    const attachment = await this.repo.findAttachment(actor.organizationId, id);
    if (!attachment) throw notFound('ProjectModelConfig', id);
    ModelService.assertOpen(await this.project(actor, attachment.project_id));
    return this.repo.detachConfig(actor.organizationId, id);
  }

  async projectConfigs(actor: Actor, projectId: string): Promise<ProjectModelConfigRow[]> {
    await this.project(actor, projectId);
    return this.repo.projectAttachments(actor.organizationId, projectId);
  }

  /** Only live model-evaluation (chat) projects have a model setup, as the SDK's docstring says. */
  async completeModelSetup(actor: Actor, projectId: string): Promise<boolean> {
    const project = await this.project(actor, projectId);
    if (project.editor_task_type !== 'MODEL_CHAT_EVALUATION')
      throw notAllowed(
        `Project ${projectId} is not a live model evaluation project: only those have a model setup`,
      );
    await this.repo.setModelSetupComplete(actor.organizationId, project.id, nowIso());
    return true;
  }
}
