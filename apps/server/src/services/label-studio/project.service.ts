import {
  dataKeysOf,
  labelConfigToOntology,
  ontologyToLabelConfig,
  parseLabelConfig,
  withLabelStudioKeys,
  type DraftOntology,
  type LabelConfig,
  type NormalizedOntology,
} from '@labelyard/schema';
import type { Actor } from '../../auth/actor.ts';
import type { Db, Dialect } from '../../db/database.ts';
import { joinedTransaction } from '../../db/joined-transaction.ts';
import { AppError, notFound } from '../../errors.ts';
import type { ProjectRow } from '../../repositories/project.repository.ts';
import { LabelStudioRepository, type LsProjectFilter } from '../../repositories/label-studio.repository.ts';
import { nowIso } from '../../time.ts';
import { OntologyService } from '../ontology.service.ts';
import { ProjectService } from '../project.service.ts';
import { LsProjectCounts, type LsProjectCountField } from './project-counts.ts';

/** Project fields only the Label Studio face has; stored with its integer id and kept as sent. */
export const LS_PROJECT_SETTINGS = {
  expert_instruction: '',
  show_instruction: false,
  show_skip_button: true,
  enable_empty_annotation: true,
  show_annotation_history: false,
  color: '#FFFFFF',
  maximum_annotations: 1,
  is_published: false,
  model_version: '',
  is_draft: false,
  min_annotations_to_start_training: 0,
  start_training_on_annotation_update: false,
  show_collab_predictions: true,
  sampling: 'Sequential sampling',
  show_ground_truth_first: false,
  show_overlap_first: false,
  overlap_cohort_percentage: 100,
  task_data_login: null,
  task_data_password: null,
  control_weights: {},
  evaluate_predictions_automatically: false,
  skip_queue: 'REQUEUE_FOR_OTHERS',
  reveal_preannotations_interactively: false,
  pinned_at: null,
} as const satisfies Record<string, unknown>;
export type LsSettings = Record<keyof typeof LS_PROJECT_SETTINGS, unknown>;

type StoredProject = { label_config?: string; settings?: Partial<LsSettings> };

/** A project as the Label Studio face sees it. */
export type LsProject = {
  lsId: number;
  row: ProjectRow;
  labelConfig: string;
  config: LabelConfig;
  /** The project's ontology with `ls*` keys on every node. */
  ontology: NormalizedOntology;
  settings: LsSettings;
};

/** A 400 with Label Studio's `validation_errors` for one field. */
export const lsValidation = (field: string, message: string): AppError =>
  new AppError('MALFORMED_REQUEST', message, {
    field,
    details: { validation_errors: { [field]: [message] } },
  });

export function parseConfigOrThrow(xml: unknown, field = 'label_config'): LabelConfig {
  const parsed = parseLabelConfig(xml);
  if (!parsed.ok) throw lsValidation(field, parsed.message);
  return parsed.config;
}

const mediaTypeOf = (config: LabelConfig): string | null => {
  const tags = new Set(config.objects.map((o) => o.tag));
  if (tags.has('Image')) return 'IMAGE';
  if (tags.has('Text') || tags.has('HyperText')) return 'TEXT';
  return null;
};

/**
 * Label Studio projects over the ordinary ones: a project is created, renamed and deleted by ProjectService, its
 * config becomes an ontology through OntologyService; this service adds the integer id, the config text and the
 * LS-only settings, and the checks Label Studio makes when a config changes.
 */
export class LabelStudioProjectService {
  private readonly repo: LabelStudioRepository;

  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
    private readonly projects: ProjectService,
    private readonly ontologies: OntologyService,
  ) {
    this.repo = new LabelStudioRepository(db);
  }

  /** Numbers projects made through the other face, so every live project has an integer id. */
  private async ensureRefs(actor: Actor): Promise<void> {
    const missing = await this.repo.projectIdsWithoutRef(actor.organizationId);
    if (missing.length === 0) return;
    const now = nowIso();
    for (const id of missing) await this.repo.ensure('project', actor.organizationId, id, [id], now);
  }

  async lsIdOf(actor: Actor, projectId: string): Promise<number> {
    const refs = await this.repo.ensure('project', actor.organizationId, projectId, [projectId], nowIso());
    return refs.get(projectId)!;
  }

  /** The Label Studio project of a project id (a record's `project_id`), for a caller who may see it. */
  async ofProject(actor: Actor, projectId: string): Promise<LsProject> {
    return this.get(actor, await this.lsIdOf(actor, projectId));
  }

  /**
   * Integer ids for users (`completed_by`, `created_by`, whoami) and for the organization: Label Studio's models
   * type them as integers. Kept in `ls_refs` under the organization.
   */
  async userLsIds(actor: Actor, userIds: readonly string[]): Promise<Map<string, number>> {
    return this.repo.ensure(
      'user',
      actor.organizationId,
      actor.organizationId,
      [...new Set(userIds)],
      nowIso(),
    );
  }

  async organizationLsId(actor: Actor): Promise<number> {
    const org = actor.organizationId;
    return (await this.repo.ensure('organization', org, org, [org], nowIso())).get(org)!;
  }

  async page(
    actor: Actor,
    page: number,
    pageSize: number,
    filter: LsProjectFilter = {},
  ): Promise<{ count: number; projects: LsProject[] }> {
    await this.ensureRefs(actor);
    const count = await this.repo.countProjects(actor.organizationId, filter);
    const rows = await this.repo.projectPage(actor.organizationId, (page - 1) * pageSize, pageSize, filter);
    const projects: LsProject[] = [];
    for (const { ls_id, ls_data, ...row } of rows)
      projects.push(await this.assemble(actor, Number(ls_id), row, ls_data));
    return { count, projects };
  }

  async get(actor: Actor, lsId: number): Promise<LsProject> {
    const ref = await this.repo.findByLsId(actor.organizationId, 'project', lsId);
    const row = ref && (await this.projects.find(actor, ref.ref_id));
    if (!ref || !row) throw notFound('Project', String(lsId));
    return this.assemble(actor, lsId, row, ref.data);
  }

  private async assemble(
    actor: Actor,
    lsId: number,
    row: ProjectRow,
    data: string | null,
  ): Promise<LsProject> {
    const stored = data ? (JSON.parse(data) as StoredProject) : {};
    const ontology = row.ontology_id
      ? withLabelStudioKeys((await this.ontologies.get(actor, row.ontology_id)).full, row.media_type)
      : { tools: [], classifications: [] };
    const labelConfig =
      stored.label_config ??
      (row.ontology_id ? ontologyToLabelConfig(ontology, row.media_type) : '<View></View>');
    const parsed = parseLabelConfig(labelConfig);
    const config = parsed.ok ? parsed.config : { objects: [], controls: [], unsupported: [] };
    return {
      lsId,
      row,
      labelConfig,
      config,
      ontology,
      settings: { ...LS_PROJECT_SETTINGS, ...stored.settings },
    };
  }

  async create(
    actor: Actor,
    input: { title?: unknown; description?: unknown; label_config?: unknown; settings: Partial<LsSettings> },
  ): Promise<LsProject> {
    const xml = input.label_config ?? '<View></View>';
    const config = parseConfigOrThrow(xml);
    const title = input.title === undefined || input.title === null ? `New Project` : input.title;
    if (typeof title !== 'string') throw lsValidation('title', 'Not a valid string.');
    if (title.length > 50) throw lsValidation('title', 'Ensure this field has no more than 50 characters.');
    checkDescription(input.description);
    const draft = labelConfigToOntology(config);
    const stored: StoredProject = { label_config: xml as string, settings: input.settings };
    // The project, its ontology and its integer id exist together or not at all.
    const lsId = await this.db.transaction().execute(async (trx) => {
      const joined = joinedTransaction(trx);
      const projects = new ProjectService(joined, this.dialect);
      const ontologies = new OntologyService(joined, this.dialect);
      const row = await projects.create(actor, {
        name: title.trim() === '' ? 'New Project' : title,
        description: typeof input.description === 'string' ? input.description : '',
        allowedMediaType: mediaTypeOf(config),
      });
      if (draft.tools.length + draft.classifications.length > 0) {
        const ontology = await ontologies.create(actor, {
          name: row.name,
          normalized: draft,
          mediaType: mediaTypeOf(config),
        });
        await ontologies.connectOntology(actor, row.id, ontology.id);
      }
      const ids = await new LabelStudioRepository(joined).insert([
        {
          kind: 'project',
          ref_id: row.id,
          organization_id: actor.organizationId,
          project_id: row.id,
          data: JSON.stringify(stored),
          created_at: row.created_at,
        },
      ]);
      return ids.get(row.id)!;
    });
    return this.get(actor, lsId);
  }

  /** Label Studio's checks of a new config against the project: data keys already imported, labels in use. */
  async checkCompatible(actor: Actor, project: LsProject, config: LabelConfig): Promise<DraftOntology> {
    const first = await this.repo.firstTaskData(project.row.id);
    if (first) {
      const data = (JSON.parse(first) as { data?: Record<string, unknown> }).data ?? {};
      const missing = dataKeysOf(config).filter((k) => !Object.hasOwn(data, k));
      if (missing.length > 0)
        throw lsValidation('label_config', `These fields are not found in data: ${missing.join(', ')}`);
    }
    const draft = carryFeatureIds(labelConfigToOntology(config), project.ontology);
    const kept = new Set(featureIdsOf(draft));
    const used = await this.repo.usedFeatureIds(project.row.id);
    const lost = used.filter((id) => !kept.has(id));
    if (lost.length > 0) {
      const names = describeFeatures(project.ontology, lost);
      throw lsValidation(
        'label_config',
        `Created annotations are incompatible with provided labeling schema, we found: ${names.join(', ')}`,
      );
    }
    return draft;
  }

  async update(
    actor: Actor,
    lsId: number,
    input: { title?: unknown; description?: unknown; label_config?: unknown; settings: Partial<LsSettings> },
  ): Promise<LsProject> {
    const project = await this.get(actor, lsId);
    const ref = (await this.repo.findByLsId(actor.organizationId, 'project', lsId))!;
    const stored: StoredProject = ref.data ? (JSON.parse(ref.data) as StoredProject) : {};
    if (input.title !== undefined || input.description !== undefined) {
      if (input.title !== undefined && typeof input.title !== 'string')
        throw lsValidation('title', 'Not a valid string.');
      checkDescription(input.description);
      await this.projects.update(actor, project.row.id, {
        ...(typeof input.title === 'string' && { name: input.title }),
        ...(typeof input.description === 'string' && { description: input.description }),
      });
    }
    if (input.label_config !== undefined && input.label_config !== project.labelConfig) {
      const config = parseConfigOrThrow(input.label_config);
      const draft = await this.checkCompatible(actor, project, config);
      const ontology = await this.ontologies.create(actor, {
        name: project.row.name,
        normalized: draft,
        mediaType: mediaTypeOf(config),
      });
      await this.ontologies.reconnectOntology(actor, project.row.id, ontology.id);
      stored.label_config = input.label_config as string;
    }
    stored.settings = { ...stored.settings, ...input.settings };
    await this.repo.updateData(lsId, JSON.stringify(stored));
    return this.get(actor, lsId);
  }

  async delete(actor: Actor, lsId: number): Promise<void> {
    const project = await this.get(actor, lsId);
    await this.projects.update(actor, project.row.id, { deleted: true });
  }

  /** Label Studio's count fields of a page of (already visible) projects: those `include` names, or all. */
  counts(
    actor: Actor,
    projectIds: readonly string[],
    include?: ReadonlySet<LsProjectCountField>,
  ): Promise<LsProjectCounts> {
    return LsProjectCounts.read(actor, this.projects, this.repo, projectIds, include);
  }
}

function checkDescription(description: unknown): void {
  if (description !== undefined && description !== null && typeof description !== 'string')
    throw lsValidation('description', 'Not a valid string.');
}

const text = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

type AnyNode = { featureSchemaId: string | null; schemaNodeId: string | null; [k: string]: unknown };

/** Keeps the feature ids of nodes the new config still has (same control, label, option), so labels stay valid. */
function carryFeatureIds(draft: DraftOntology, current: NormalizedOntology): DraftOntology {
  const key = (n: Record<string, unknown>) =>
    `${text(n.lsControl)}|${text(n.lsLabel)}|${text(n.tool ?? n.type)}`;
  const carry = (next: AnyNode[], before: AnyNode[], keyOf: (n: AnyNode) => string) => {
    const old = new Map(before.map((n) => [keyOf(n), n]));
    for (const n of next) {
      const match = old.get(keyOf(n));
      if (!match) continue;
      n.featureSchemaId = match.featureSchemaId;
      n.schemaNodeId = match.schemaNodeId;
      const children = (n.classifications ?? n.options) as AnyNode[] | undefined;
      const oldChildren = (match.classifications ?? match.options) as AnyNode[] | undefined;
      if (children && oldChildren)
        carry(children, oldChildren, (c) => (c.value !== undefined ? `v:${text(c.value)}` : key(c)));
    }
  };
  carry(draft.tools as unknown as AnyNode[], current.tools as unknown as AnyNode[], key);
  carry(draft.classifications as unknown as AnyNode[], current.classifications as unknown as AnyNode[], key);
  return draft;
}

function featureIdsOf(ontology: DraftOntology | NormalizedOntology): string[] {
  const out: string[] = [];
  const visit = (n: Record<string, unknown>) => {
    if (typeof n.featureSchemaId === 'string') out.push(n.featureSchemaId);
    for (const k of ['classifications', 'options'])
      if (Array.isArray(n[k])) for (const c of n[k] as Record<string, unknown>[]) visit(c);
  };
  for (const n of [...ontology.tools, ...ontology.classifications]) visit(n as Record<string, unknown>);
  return out;
}

function describeFeatures(ontology: NormalizedOntology, ids: readonly string[]): string[] {
  const names: string[] = [];
  const visit = (n: Record<string, unknown>, control: string) => {
    const c = typeof n.lsControl === 'string' ? n.lsControl : control;
    if (ids.includes(String(n.featureSchemaId)))
      names.push(`${c}: ${String(n.lsLabel ?? n.label ?? n.name)}`);
    for (const k of ['classifications', 'options'])
      if (Array.isArray(n[k])) for (const x of n[k] as Record<string, unknown>[]) visit(x, c);
  };
  for (const n of [...ontology.tools, ...ontology.classifications]) visit(n as Record<string, unknown>, '');
  return names;
}
