import type { Actor } from '../../auth/actor.ts';
import { conflict, invalid, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import type { JobRow } from '../../repositories/job.repository.ts';
import { DataRowRepository } from '../../repositories/data-row.repository.ts';
import {
  ModelRunRepository,
  type ModelRunDataRowRow,
  type ModelRunRow,
} from '../../repositories/model-run.repository.ts';
import { ProjectRepository } from '../../repositories/project.repository.ts';
import { nowIso } from '../../time.ts';
import type { ServiceDeps } from '../index.ts';
import { checkJsonObject, checkName, type ModelService } from './model.service.ts';

export const MODEL_RUN_REGISTRATION_JOB = 'model-run-registration';
export const DATA_SPLITS = ['TRAINING', 'TEST', 'VALIDATION', 'UNASSIGNED'] as const;
export const MODEL_RUN_STATUSES = [
  'EXPORTING_DATA',
  'PREPARING_DATA',
  'TRAINING_MODEL',
  'COMPLETE',
  'FAILED',
] as const;
/** Registrations of up to this many items finish inside the request (the SDK polls every 5 s otherwise). */
const RUN_NOW_MAX_ITEMS = 20_000;
const MAX_ITEMS = 1_000_000;
const PROJECT_PAGE = 5000;

/** What a registration task does; its status is the SDK's `MEA…TaskStatus`. */
export type RegistrationPayload = { modelRunId: string } & (
  | { kind: 'data-rows'; dataRowIds: string[]; globalKeys: string[] }
  | { kind: 'labels'; labelIds: string[] }
  | { kind: 'project-labels'; projectId: string }
  | { kind: 'split'; split: string; dataRowIds: string[]; globalKeys: string[] }
);
export type RegistrationKind = RegistrationPayload['kind'];
export type RegistrationStatus = {
  status: 'IN_PROGRESS' | 'COMPLETE' | 'FAILED';
  errorMessage: string | null;
};

function idList(value: unknown, field: string): string[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v.length === 0))
    throw invalid(field, 'must be a list of non-empty strings');
  if (value.length > MAX_ITEMS) throw invalid(field, `must hold at most ${MAX_ITEMS} items`);
  return value as string[];
}

/**
 * Model runs: named runs of a model holding data rows (each with an optional ground-truth label and a data split),
 * their training config and pipeline status. Adding rows, labels or splits runs as a task the SDK polls.
 */
export class ModelRunService {
  private readonly repo: ModelRunRepository;

  constructor(
    private readonly deps: Pick<ServiceDeps, 'db' | 'dialect' | 'jobs'>,
    private readonly models: ModelService,
  ) {
    this.repo = new ModelRunRepository(deps.db);
  }

  async create(actor: Actor, input: { modelId: string; name: unknown; trainingMetadata?: unknown }) {
    const name = checkName(input.name, 'data.name');
    const model = await this.models.get(actor, input.modelId);
    const metadata =
      input.trainingMetadata === null || input.trainingMetadata === undefined
        ? null
        : JSON.stringify(checkJsonObject(input.trainingMetadata, 'data.trainingMetadata'));
    if (await this.repo.findByName(actor.organizationId, model.id, name))
      throw conflict(`Model ${model.id} already has a model run named "${name}"`, 'data.name');
    const now = nowIso();
    const row: ModelRunRow = {
      id: newId(),
      organization_id: actor.organizationId,
      model_id: model.id,
      name,
      training_metadata: metadata,
      status: null,
      status_metadata: null,
      error_message: null,
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    };
    await this.repo.insert(row);
    return row;
  }

  async get(actor: Actor, id: string): Promise<ModelRunRow> {
    const row = await this.repo.find(actor.organizationId, id);
    if (!row) throw notFound('ModelRun', id);
    return row;
  }

  async listByModel(actor: Actor, modelId: string, page: { skip: number; first: number }) {
    await this.models.get(actor, modelId);
    return this.repo.listByModel(actor.organizationId, modelId, page);
  }

  async delete(actor: Actor, ids: readonly string[]): Promise<number> {
    for (const id of ids) await this.get(actor, id);
    return this.repo.delete(actor.organizationId, ids);
  }

  async updateConfig(actor: Actor, id: string, config: unknown): Promise<ModelRunRow> {
    const current = await this.get(actor, id);
    const next = { ...this.config(current), ...checkJsonObject(config, 'data.config') };
    return (await this.repo.update(actor.organizationId, id, {
      training_metadata: JSON.stringify(next),
      updated_at: nowIso(),
    }))!;
  }

  async resetConfig(actor: Actor, id: string): Promise<ModelRunRow> {
    await this.get(actor, id);
    return (await this.repo.update(actor.organizationId, id, {
      training_metadata: null,
      updated_at: nowIso(),
    }))!;
  }

  config(run: ModelRunRow): Record<string, unknown> {
    return run.training_metadata === null
      ? {}
      : (JSON.parse(run.training_metadata) as Record<string, unknown>);
  }

  async updateStatus(
    actor: Actor,
    id: string,
    data: { status: string; metadata?: unknown; errorMessage?: string | null },
  ): Promise<ModelRunRow> {
    await this.get(actor, id);
    if (!(MODEL_RUN_STATUSES as readonly string[]).includes(data.status))
      throw invalid('data.status', `must be one of ${MODEL_RUN_STATUSES.join(', ')}`);
    const metadata =
      data.metadata === null || data.metadata === undefined
        ? null
        : JSON.stringify(checkJsonObject(data.metadata, 'data.metadata'));
    return (await this.repo.update(actor.organizationId, id, {
      status: data.status,
      status_metadata: metadata,
      error_message: data.errorMessage ?? null,
      updated_at: nowIso(),
    }))!;
  }

  /** `createMEAModelRunDataRowRegistrationTask`: ids and/or global keys; returns the task id. */
  async registerDataRows(
    actor: Actor,
    modelRunId: string,
    input: { dataRowIds?: unknown; globalKeys?: unknown },
  ) {
    const dataRowIds = idList(input.dataRowIds, 'data.dataRowIds');
    const globalKeys = idList(input.globalKeys, 'data.globalKeys');
    if (dataRowIds.length + globalKeys.length === 0)
      throw invalid('data', 'give dataRowIds or globalKeys (at least one)');
    await this.get(actor, modelRunId);
    return this.enqueue(
      actor,
      { modelRunId, kind: 'data-rows', dataRowIds, globalKeys },
      dataRowIds.length + globalKeys.length,
    );
  }

  /** `createMEAModelRunLabelRegistrationTask`: each label's data row joins the run with that label as ground truth. */
  async registerLabels(actor: Actor, modelRunId: string, labelIds: unknown) {
    const ids = idList(labelIds, 'data.labelIds');
    if (ids.length === 0) throw invalid('data.labelIds', 'must not be empty');
    await this.get(actor, modelRunId);
    return this.enqueue(actor, { modelRunId, kind: 'labels', labelIds: ids }, ids.length);
  }

  /** `createMEAModelRunProjectLabelRegistrationTask`: every label of a project. */
  async registerProjectLabels(actor: Actor, modelRunId: string, projectId: string) {
    await this.get(actor, modelRunId);
    const project = await new ProjectRepository(this.deps.db).find(actor.organizationId, projectId);
    if (!project || project.deleted === 1) throw notFound('Project', projectId);
    return this.enqueue(actor, { modelRunId, kind: 'project-labels', projectId }, RUN_NOW_MAX_ITEMS);
  }

  /** `createAssignDataRowsToDataSplitTask`: one split per assignment, rows by id or global key. */
  async assignSplits(
    actor: Actor,
    modelRunId: string,
    assignments: ReadonlyArray<{ split: string; dataRowIds?: unknown; globalKeys?: unknown }>,
  ): Promise<string> {
    await this.get(actor, modelRunId);
    if (assignments.length !== 1) throw invalid('data.assignments', 'must hold exactly one assignment');
    const [a] = assignments as [{ split: string; dataRowIds?: unknown; globalKeys?: unknown }];
    if (!(DATA_SPLITS as readonly string[]).includes(a.split))
      throw invalid('data.assignments[0].split', `must be one of ${DATA_SPLITS.join(', ')}`);
    const dataRowIds = idList(a.dataRowIds, 'data.assignments[0].dataRowIds');
    const globalKeys = idList(a.globalKeys, 'data.assignments[0].globalKeys');
    if (dataRowIds.length + globalKeys.length === 0)
      throw invalid('data.assignments[0]', 'give dataRowIds or globalKeys (at least one)');
    return this.enqueue(
      actor,
      { modelRunId, kind: 'split', split: a.split, dataRowIds, globalKeys },
      dataRowIds.length + globalKeys.length,
    );
  }

  private async enqueue(actor: Actor, payload: RegistrationPayload, size: number): Promise<string> {
    const job = await this.deps.jobs.enqueue(actor, {
      type: MODEL_RUN_REGISTRATION_JOB,
      name: `Model run ${payload.modelRunId}: ${payload.kind}`,
      payload,
    });
    if (size <= RUN_NOW_MAX_ITEMS) await this.deps.jobs.runNow(job.id);
    return job.id;
  }

  /** A registration task's status as the `MEA…TaskStatus` queries answer it. */
  async registrationStatus(
    actor: Actor,
    taskId: string,
    kinds: readonly RegistrationKind[],
  ): Promise<RegistrationStatus> {
    const job = await this.deps.jobs.get(actor.organizationId, taskId);
    const payload =
      job && job.type === MODEL_RUN_REGISTRATION_JOB
        ? (JSON.parse(job.payload) as RegistrationPayload)
        : null;
    if (!job || !payload || !kinds.includes(payload.kind)) throw notFound('Task', taskId);
    return statusOf(job);
  }

  /**
   * The task body, in one transaction: unknown rows or labels fail the whole task (nothing is written) with a
   * message naming them.
   */
  async applyRegistration(organizationId: string, payload: RegistrationPayload): Promise<string | null> {
    return this.deps.db.transaction().execute(async (trx) => {
      const repo = new ModelRunRepository(trx);
      const run = await repo.find(organizationId, payload.modelRunId);
      if (!run) return `Model run ${payload.modelRunId} no longer exists`;
      const now = nowIso();
      switch (payload.kind) {
        case 'data-rows':
        case 'split': {
          const { found, failed } = await new DataRowRepository(trx, this.deps.dialect).resolveDataRowIds(
            organizationId,
            {
              ids: payload.dataRowIds,
              globalKeys: payload.globalKeys,
            },
          );
          if (failed.length > 0) return `Data rows not found: ${failed.slice(0, 20).join(', ')}`;
          if (payload.kind === 'data-rows') {
            await repo.upsertDataRows(
              organizationId,
              run.id,
              found.map((dataRowId) => ({ dataRowId })),
              now,
            );
            return null;
          }
          const present = new Set((await repo.rowsOf(run.id, found)).map((r) => r.data_row_id));
          const absent = found.filter((id) => !present.has(id));
          if (absent.length > 0)
            return `Data rows not in model run ${run.id}: ${absent.slice(0, 20).join(', ')}`;
          await repo.setSplit(run.id, found, payload.split);
          return null;
        }
        case 'labels': {
          const rows = await repo.labelRows(organizationId, payload.labelIds);
          const missing = payload.labelIds.filter((id) => !rows.has(id));
          if (missing.length > 0) return `Labels not found: ${missing.slice(0, 20).join(', ')}`;
          await repo.upsertDataRows(
            organizationId,
            run.id,
            latestPerRow([...rows].map(([id, dr]) => ({ id, data_row_id: dr }))),
            now,
          );
          return null;
        }
        case 'project-labels': {
          let after: string | null = null;
          for (;;) {
            const page = await repo.projectLabelPage(organizationId, payload.projectId, after, PROJECT_PAGE);
            if (page.length === 0) return null;
            await repo.upsertDataRows(organizationId, run.id, latestPerRow(page), now);
            after = page[page.length - 1]!.id;
          }
        }
      }
    });
  }

  async dataRowPage(
    actor: Actor,
    modelRunId: string,
    after: string | null,
    first: number,
  ): Promise<ModelRunDataRowRow[]> {
    await this.get(actor, modelRunId);
    return this.repo.page(modelRunId, after, Math.min(Math.max(first, 1), 1000));
  }

  async deleteDataRows(actor: Actor, modelRunId: string, dataRowIds: unknown): Promise<number> {
    const ids = idList(dataRowIds, 'where.dataRowIds');
    await this.get(actor, modelRunId);
    return this.deps.db
      .transaction()
      .execute((trx) => new ModelRunRepository(trx).deleteDataRows(modelRunId, ids));
  }
}

/** One pair per data row, the newest label (ids sort by creation) winning. */
function latestPerRow(labels: ReadonlyArray<{ id: string; data_row_id: string }>) {
  const byRow = new Map<string, string>();
  for (const l of labels) {
    const current = byRow.get(l.data_row_id);
    if (current === undefined || l.id > current) byRow.set(l.data_row_id, l.id);
  }
  return [...byRow].map(([dataRowId, labelId]) => ({ dataRowId, labelId }));
}

function statusOf(job: JobRow): RegistrationStatus {
  if (job.status === 'DONE') return { status: 'COMPLETE', errorMessage: null };
  if (job.status === 'FAILED') {
    const result = job.result === null ? null : (JSON.parse(job.result) as { errorMessage?: string } | null);
    return { status: 'FAILED', errorMessage: result?.errorMessage ?? job.errors ?? 'Task failed' };
  }
  return { status: 'IN_PROGRESS', errorMessage: null };
}
