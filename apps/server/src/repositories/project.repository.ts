import type { Db, Dialect, LabelingFrontendOptionsTable, ProjectTable } from '../db/database.ts';
import { queryTemplate } from '../db/query-template.ts';
import { onlyColumns } from './only-columns.ts';
import { compileFilter, type Filter, type Order } from './where-sql.ts';

export type ProjectRow = ProjectTable;
export type LabelingFrontendOptionsRow = LabelingFrontendOptionsTable;

/** Filterable Project fields (GraphQL name → column); booleans are stored as 0/1. */
export const PROJECT_FILTER_COLUMNS = {
  id: 'id',
  name: 'name',
  description: 'description',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  setupComplete: 'setup_complete',
  lastActivityTime: 'last_activity_time',
  allowedMediaType: 'media_type',
  editorTaskType: 'editor_task_type',
  autoAuditNumberOfLabels: 'auto_audit_number_of_labels',
  autoAuditPercentage: 'auto_audit_percentage',
  isBenchmarkEnabled: 'is_benchmark_enabled',
  isConsensusEnabled: 'is_consensus_enabled',
  deleted: 'deleted',
} as const satisfies Record<string, keyof ProjectTable>;

export type ProjectFilterField = keyof typeof PROJECT_FILTER_COLUMNS;
export type ProjectFilter = Filter<ProjectFilterField>;
export type ProjectOrder = Order<ProjectFilterField>;

/** Projects and their labeling-frontend options. Soft-deleted projects are invisible to every read here. */
export class ProjectRepository {
  constructor(
    private readonly db: Db,
    /** Only list filters with text matching need it; repositories used inside transactions can omit it. */
    private readonly dialect: Dialect = 'sqlite',
  ) {}

  async find(organizationId: string, id: string): Promise<ProjectRow | undefined> {
    return (await projectById(this.db, organizationId, id))[0];
  }

  /** Whether the project exists (not deleted) in the organization: one indexed read of its id, no row. */
  async exists(organizationId: string, id: string): Promise<boolean> {
    return (await projectIdById(this.db, organizationId, id)).length > 0;
  }

  findMany(organizationId: string, ids: readonly string[]): Promise<ProjectRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('projects')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', 'in', ids)
      .where('deleted', '=', 0)
      .execute();
  }

  list(
    organizationId: string,
    filter: ProjectFilter | undefined,
    order: ProjectOrder | undefined,
    page: { skip: number; first: number },
    /** Only these projects (a project-based user's); undefined for all. */
    onlyIds?: readonly string[],
    /** Only these columns (the rows are then partial); every column when undefined. */
    columns?: readonly (keyof ProjectRow)[],
  ): Promise<ProjectRow[]> {
    if (onlyIds?.length === 0) return Promise.resolve([]);
    let q = onlyColumns(this.db.selectFrom('projects').selectAll(), columns)
      .where('organization_id', '=', organizationId)
      .where('deleted', '=', 0);
    if (onlyIds) q = q.where('id', 'in', onlyIds);
    if (filter) q = q.where((eb) => compileFilter(eb, filter, PROJECT_FILTER_COLUMNS, this.dialect));
    if (order) q = q.orderBy(PROJECT_FILTER_COLUMNS[order.field], order.direction);
    // Ids are time-sortable: creation order, and a stable tiebreak for any other order.
    return q
      .orderBy('id', order?.direction ?? 'asc')
      .offset(page.skip)
      .limit(page.first)
      .execute();
  }

  async insert(row: ProjectRow): Promise<void> {
    await this.db.insertInto('projects').values(row).execute();
  }

  async update(
    organizationId: string,
    id: string,
    values: Partial<ProjectRow>,
  ): Promise<ProjectRow | undefined> {
    return this.db
      .updateTable('projects')
      .set(values)
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .where('deleted', '=', 0)
      .returningAll()
      .executeTakeFirst();
  }

  /** Marks recent work in a project (batches added); `lastActivityTime` on the wire. */
  async touch(projectId: string, now: string): Promise<void> {
    await this.db
      .updateTable('projects')
      .set({ last_activity_time: now, updated_at: now })
      .where('id', '=', projectId)
      .execute();
  }

  /** Data rows queued in each project (one grouped query for a whole page of projects). */
  async dataRowCounts(projectIds: readonly string[]): Promise<Map<string, number>> {
    if (projectIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('project_data_rows')
      .select(['project_id', (eb) => eb.fn.countAll<number | string | bigint>().as('n')])
      .where('project_id', 'in', projectIds)
      .groupBy('project_id')
      .execute();
    return new Map(rows.map((r) => [r.project_id, Number(r.n)]));
  }

  /** Labels in each project (one grouped query for a whole page of projects). */
  async labelCounts(projectIds: readonly string[]): Promise<Map<string, number>> {
    if (projectIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('labels')
      .select(['project_id', (eb) => eb.fn.countAll<number | string | bigint>().as('n')])
      .where('project_id', 'in', projectIds)
      .groupBy('project_id')
      .execute();
    return new Map(rows.map((r) => [r.project_id, Number(r.n)]));
  }

  /** A page of a project's labeling-frontend options, oldest first (the SDK reads the last as the current one). */
  frontendOptionsOf(
    organizationId: string,
    projectId: string,
    skip: number,
    first: number,
  ): Promise<Array<Pick<LabelingFrontendOptionsRow, 'id' | 'customization_options'>>> {
    return this.db
      .selectFrom('labeling_frontend_options')
      .select(['id', 'customization_options'])
      .where('organization_id', '=', organizationId)
      .where('project_id', '=', projectId)
      .orderBy('created_at')
      .orderBy('id')
      .limit(first)
      .offset(skip)
      .execute();
  }

  async insertFrontendOptions(row: LabelingFrontendOptionsRow): Promise<void> {
    await this.db.insertInto('labeling_frontend_options').values(row).execute();
  }
}

const projectById = queryTemplate((db: Db, organizationId: string, id: string) =>
  db
    .selectFrom('projects')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .where('deleted', '=', 0),
);

const projectIdById = queryTemplate((db: Db, organizationId: string, id: string) =>
  db
    .selectFrom('projects')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .where('deleted', '=', 0),
);
