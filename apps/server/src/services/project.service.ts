import type { Actor } from '../auth/actor.ts';
import type { Db, Dialect } from '../db/database.ts';
import { invalid, notAllowed, notFound } from '../errors.ts';
import { newId } from '../ids.ts';
import {
  ProjectRepository,
  type ProjectFilterField,
  type ProjectRow,
} from '../repositories/project.repository.ts';
import { nowIso } from '../time.ts';
import { AccessService } from './access.service.ts';
import { LABELING_FRONTENDS } from './labeling-frontend.service.ts';
import { checkProjectKind } from './project.create-checks.ts';
import { initialLabelingFrontendId } from './project.kind.ts';
import { parseOrderBy, parseWhereInput, type WhereSpec } from './where-input.ts';

const PROJECT_WHERE: WhereSpec<ProjectFilterField> = {
  entity: 'Project',
  fields: {
    id: 'string',
    name: 'string',
    description: 'string',
    createdAt: 'datetime',
    updatedAt: 'datetime',
    setupComplete: 'datetime',
    lastActivityTime: 'datetime',
    allowedMediaType: 'string',
    editorTaskType: 'string',
    autoAuditNumberOfLabels: 'integer',
    autoAuditPercentage: 'number',
    isBenchmarkEnabled: 'boolean',
    isConsensusEnabled: 'boolean',
    deleted: 'boolean',
  },
};

/** `createProject(data:)`: the SDK sends only the arguments it was given. */
export type CreateProjectInput = {
  name: string;
  description?: string | null;
  allowedMediaType?: string | null;
  editorTaskType?: string | null;
  queueMode?: string | null;
  autoAuditPercentage?: number | null;
  autoAuditNumberOfLabels?: number | null;
  isBenchmarkEnabled?: boolean | null;
  isConsensusEnabled?: boolean | null;
  /** Model-evaluation variants: data generation is deprecated in the SDK; validated, then not acted on. */
  dataRowCount?: number | null;
  datasetNameOrId?: string | null;
  appendToExistingDataset?: boolean | null;
};

export type UpdateProjectInput = {
  name?: string | null;
  description?: string | null;
  setupComplete?: string | null;
  lastActivityTime?: string | null;
  deleted?: boolean | null;
  allowedMediaType?: string | null;
  editorTaskType?: string | null;
  autoAuditPercentage?: number | null;
  autoAuditNumberOfLabels?: number | null;
  isBenchmarkEnabled?: boolean | null;
  isConsensusEnabled?: boolean | null;
  labelingFrontend?: { connect?: { id: string } | null; disconnect?: boolean | null } | null;
};

export type ProjectListArgs = { where?: unknown; orderBy?: string | null; skip: number; first: number };

function projectName(value: string, field: string): string {
  const name = value.trim();
  if (name === '') throw invalid(field, 'a project name must not be empty');
  if (name.length > 255) throw invalid(field, 'a project name must be at most 255 characters');
  return name;
}

function auditPercentage(value: number | null | undefined, field: string): number | null {
  if (value === null || value === undefined) return null;
  if (!(value >= 0 && value <= 1)) throw invalid(field, `must be between 0 and 1, got ${value}`);
  return value;
}

function auditLabels(value: number | null | undefined, field: string): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < 1) throw invalid(field, `must be a positive integer, got ${value}`);
  return value;
}

/** Projects: creation, lookup, filtering and updates, always inside the caller's organization. */
export class ProjectService {
  private readonly repo: ProjectRepository;
  private readonly access: AccessService;

  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {
    this.repo = new ProjectRepository(db, dialect);
    this.access = new AccessService(db);
  }

  find(actor: Actor, id: string): Promise<ProjectRow | undefined> {
    return this.repo.find(actor.organizationId, id);
  }

  /** The project, or RESOURCE_NOT_FOUND (also for another organization's or a deleted project). */
  async get(actor: Actor, id: string): Promise<ProjectRow> {
    const project = await this.repo.find(actor.organizationId, id);
    // A project-based user is told "not found" for projects they have no role in, exactly as for missing ones.
    if (!project || !(await this.access.projectRole(actor, id))) throw notFound('Project', id);
    return project;
  }

  async getMany(actor: Actor, ids: readonly string[]): Promise<ProjectRow[]> {
    const visible = await this.access.visibleProjectIds(actor);
    const rows = await this.repo.findMany(actor.organizationId, ids);
    return visible ? rows.filter((r) => visible.includes(r.id)) : rows;
  }

  /** `columns`: only these (the rows are then partial). */
  async list(
    actor: Actor,
    args: ProjectListArgs,
    columns?: readonly (keyof ProjectRow)[],
  ): Promise<ProjectRow[]> {
    return this.repo.list(
      actor.organizationId,
      parseWhereInput(PROJECT_WHERE, args.where),
      parseOrderBy(PROJECT_WHERE, args.orderBy),
      args,
      await this.access.visibleProjectIds(actor),
      columns,
    );
  }

  async create(actor: Actor, input: CreateProjectInput): Promise<ProjectRow> {
    await checkProjectKind(this.db, this.dialect, actor, input);
    const now = nowIso();
    const kind = {
      media_type: input.allowedMediaType ?? null,
      editor_task_type: input.editorTaskType ?? null,
    };
    const row: ProjectRow = {
      id: newId(),
      organization_id: actor.organizationId,
      name: projectName(input.name, 'data.name'),
      description: input.description ?? '',
      ...kind,
      // Only batch mode exists; SDK ≤ 3.77 may still send DATA_SET.
      queue_mode: 'BATCH',
      auto_audit_percentage: auditPercentage(input.autoAuditPercentage, 'data.autoAuditPercentage'),
      auto_audit_number_of_labels: auditLabels(input.autoAuditNumberOfLabels, 'data.autoAuditNumberOfLabels'),
      is_benchmark_enabled: input.isBenchmarkEnabled ? 1 : 0,
      is_consensus_enabled: input.isConsensusEnabled ? 1 : 0,
      ontology_id: null,
      labeling_frontend_id: initialLabelingFrontendId(kind),
      setup_complete: null,
      last_activity_time: now,
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
      deleted: 0,
      model_setup_complete: 0,
    };
    await this.repo.insert(row);
    return row;
  }

  async update(actor: Actor, id: string, input: UpdateProjectInput): Promise<ProjectRow> {
    const current = await this.get(actor, id);
    const values: Partial<ProjectRow> = {};
    if (input.name !== undefined) {
      if (input.name === null) throw invalid('data.name', 'must not be null');
      values.name = projectName(input.name, 'data.name');
    }
    if (input.description !== undefined) values.description = input.description ?? '';
    if (input.setupComplete !== undefined) values.setup_complete = input.setupComplete;
    if (input.lastActivityTime !== undefined) values.last_activity_time = input.lastActivityTime;
    if (input.allowedMediaType !== undefined) values.media_type = input.allowedMediaType;
    if (input.editorTaskType !== undefined) values.editor_task_type = input.editorTaskType;
    if (input.deleted === true) values.deleted = 1;
    this.checkQualityUnchanged(current, input);
    const frontend = input.labelingFrontend;
    if (frontend?.connect && frontend.disconnect) {
      throw invalid('data.labelingFrontend', 'give either connect or disconnect, not both');
    }
    if (frontend?.connect) {
      if (!LABELING_FRONTENDS.some((f) => f.id === frontend.connect!.id)) {
        throw notFound('LabelingFrontend', frontend.connect.id);
      }
      values.labeling_frontend_id = frontend.connect.id;
    } else if (frontend?.disconnect) {
      values.labeling_frontend_id = null;
    }
    values.updated_at = nowIso();
    const updated = await this.repo.update(actor.organizationId, id, values);
    if (!updated) throw notFound('Project', id);
    return updated;
  }

  /** Labelbox forbids switching quality modes after creation; resending the same values is fine. */
  private checkQualityUnchanged(current: ProjectRow, input: UpdateProjectInput): void {
    const checks: Array<[keyof UpdateProjectInput, unknown, unknown]> = [
      ['autoAuditPercentage', input.autoAuditPercentage, current.auto_audit_percentage],
      ['autoAuditNumberOfLabels', input.autoAuditNumberOfLabels, current.auto_audit_number_of_labels],
      [
        'isBenchmarkEnabled',
        input.isBenchmarkEnabled === undefined ? undefined : input.isBenchmarkEnabled ? 1 : 0,
        current.is_benchmark_enabled,
      ],
      [
        'isConsensusEnabled',
        input.isConsensusEnabled === undefined ? undefined : input.isConsensusEnabled ? 1 : 0,
        current.is_consensus_enabled,
      ],
    ];
    for (const [field, next, now] of checks) {
      if (next !== undefined && next !== now) {
        throw notAllowed(
          `data.${field}: the quality mode of a project cannot be changed after it is created`,
        );
      }
    }
  }

  /** Data rows per project for a page of (already visible) projects. */
  dataRowCounts(_actor: Actor, projectIds: readonly string[]): Promise<Map<string, number>> {
    return this.repo.dataRowCounts(projectIds);
  }

  /** Labels per project for a page of (already visible) projects. */
  labelCounts(_actor: Actor, projectIds: readonly string[]): Promise<Map<string, number>> {
    return this.repo.labelCounts(projectIds);
  }
}
