import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Db, Dialect } from '../db/database.ts';
import { V2_RENDER_VERSION } from '../services/export-v2.render.ts';
import { chunks } from './bulk-insert.ts';

/** A data row as every export reads it: the row, its dataset's name and its creator's email, in one JOIN. */
export type ExportDataRowRecord = {
  id: string;
  dataset_id: string;
  dataset_name: string;
  row_data: string;
  external_id: string | null;
  global_key: string | null;
  media_type: string | null;
  media_attributes: string | null;
  metadata: string | null;
  created_at: string;
  updated_at: string;
  created_by_email: string | null;
};

/** A data row of a project page: the catalog record plus its batch membership. */
export type ExportProjectRowRecord = ExportDataRowRecord & {
  batch_id: string;
  batch_name: string;
  priority: number;
  workflow_status: string;
  labels_needed: number;
};

/** A data row of a model run page: the catalog record plus its run row. */
export type ExportModelRunRowRecord = ExportDataRowRecord & {
  run_data_row_id: string;
  label_id: string | null;
  data_split: string;
  run_created_at: string;
};

export type ExportLabelRecord = {
  id: string;
  project_id: string;
  data_row_id: string;
  type: string;
  content: string;
  seconds_to_label: number | null;
  seconds_to_review: number | null;
  agreement: number | null;
  benchmark_agreement: number | null;
  is_benchmark_reference: number;
  review_state: string;
  created_at: string;
  updated_at: string;
  created_by_email: string | null;
};

/**
 * A label as export v2 reads it: `rendered` is its stored v2 `annotations` when one is current (same label
 * `updated_at`, same data row media type, this renderer version), and then `content` is not read (null).
 */
export type ExportV2LabelRecord = Omit<ExportLabelRecord, 'content'> & {
  content: string | null;
  rendered: string | null;
};

export type ExportMembershipRecord = {
  project_id: string;
  data_row_id: string;
  batch_id: string;
  batch_name: string;
  priority: number;
  workflow_status: string;
  labels_needed: number;
};

/** One workflow transition of a row (docs/queue.md), with who made it. */
export type ExportHistoryRecord = {
  project_id: string;
  data_row_id: string;
  action: string;
  from_status: string;
  to_status: string;
  created_at: string;
  created_by_email: string | null;
};

export type ExportReviewRecord = {
  id: string;
  label_id: string;
  score: number;
  verdict: string;
  created_at: string;
  reviewer_email: string | null;
};

export type ExportAttachmentRecord = {
  data_row_id: string;
  type: string;
  value: string;
  name: string | null;
};

/** A time range on ISO text (inclusive ends); either end may be open. */
export type TimeRange = { min?: string | undefined; max?: string | undefined };

/**
 * What selects data rows. Every list narrows (AND); `labeledAt` keeps rows with a label created in the range
 * (and only those labels); `workflow` keeps rows in that workflow state (docs/queue.md) in the projects looked at.
 */
export type ExportRowFilter = {
  dataRowIds?: readonly string[];
  globalKeys?: readonly string[];
  batchIds?: readonly string[];
  datasetIds?: readonly string[];
  labeledAt?: TimeRange;
  lastActivityAt?: TimeRange;
  workflow?: 'TO_LABEL' | 'IN_REVIEW' | 'IN_REWORK' | 'DONE';
};

type Eb = ExpressionBuilder<any, any>;

const IN_CHUNK = 5_000;

/**
 * Reads for exports, page by page with keyset pagination (data row id, label id): a page costs the same at row
 * one million as at row one. Relations come in with JOINs or one `IN` query per page, never per row.
 */
export class ExportRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {}

  /** The data rows of a project after `after` (by id), with batch membership. */
  async projectPage(
    organizationId: string,
    projectId: string,
    filter: ExportRowFilter,
    after: string | null,
    limit: number,
  ): Promise<ExportProjectRowRecord[]> {
    let q = this.db
      .selectFrom('project_data_rows as pdr')
      .innerJoin('data_rows as dr', 'dr.id', 'pdr.data_row_id')
      .innerJoin('datasets as ds', 'ds.id', 'dr.dataset_id')
      .innerJoin('batches as b', 'b.id', 'pdr.batch_id')
      .leftJoin('users as u', 'u.id', 'dr.created_by')
      .select(dataRowColumns)
      .select([
        'pdr.batch_id',
        'b.name as batch_name',
        'pdr.priority',
        'pdr.workflow_status',
        'pdr.labels_needed',
      ])
      .where('pdr.project_id', '=', projectId)
      .where('dr.organization_id', '=', organizationId);
    // Always bounded: without it SQLite picks a plan that sorts the whole project for the first page.
    q = q.where('pdr.data_row_id', '>', after ?? '');
    if (filter.batchIds) q = q.where((eb) => inList(eb, 'pdr.batch_id', filter.batchIds));
    q = q.where((eb) => this.rowConditions(eb, filter, [projectId]));
    return (await q.orderBy('pdr.data_row_id').limit(limit).execute()) as ExportProjectRowRecord[];
  }

  /** Catalog data rows after `after` (by id): datasets not deleted; labels looked at in `projectIds` only. */
  async catalogPage(
    organizationId: string,
    filter: ExportRowFilter,
    projectIds: readonly string[] | null,
    after: string | null,
    limit: number,
  ): Promise<ExportDataRowRecord[]> {
    let q = this.db
      .selectFrom('data_rows as dr')
      .innerJoin('datasets as ds', 'ds.id', 'dr.dataset_id')
      .leftJoin('users as u', 'u.id', 'dr.created_by')
      .select(dataRowColumns)
      .where('dr.organization_id', '=', organizationId)
      .where('ds.deleted', '=', 0);
    q = q.where('dr.id', '>', after ?? '');
    q = q.where((eb) => this.rowConditions(eb, filter, projectIds));
    return (await q.orderBy('dr.id').limit(limit).execute()) as ExportDataRowRecord[];
  }

  /** Conditions on `dr` shared by project and catalog pages; label conditions look at `projectIds` (null = all). */
  private rowConditions(
    eb: Eb,
    filter: ExportRowFilter,
    projectIds: readonly string[] | null,
  ): Expression<SqlBool> {
    const parts: Expression<SqlBool>[] = [];
    if (filter.dataRowIds) parts.push(inList(eb, 'dr.id', filter.dataRowIds));
    if (filter.globalKeys) parts.push(inList(eb, 'dr.global_key', filter.globalKeys));
    if (filter.datasetIds) parts.push(inList(eb, 'dr.dataset_id', filter.datasetIds));
    const labelsOf = (range?: TimeRange) => {
      let sub = eb
        .selectFrom('labels as l')
        .select(sql.lit(1).as('one'))
        .whereRef('l.data_row_id', '=', 'dr.id');
      if (projectIds) sub = sub.where((eb) => inList(eb, 'l.project_id', projectIds));
      if (range?.min) sub = sub.where('l.created_at', '>=', range.min);
      if (range?.max) sub = sub.where('l.created_at', '<=', range.max);
      return sub;
    };
    if (filter.labeledAt) parts.push(eb.exists(labelsOf(filter.labeledAt)));
    if (filter.workflow) {
      let state = eb
        .selectFrom('project_data_rows as w')
        .select(sql.lit(1).as('one'))
        .whereRef('w.data_row_id', '=', 'dr.id')
        .where('w.workflow_status', '=', filter.workflow);
      if (projectIds) state = state.where((eb) => inList(eb, 'w.project_id', projectIds));
      parts.push(eb.exists(state));
    }
    if (filter.lastActivityAt) {
      let latest = eb
        .selectFrom('labels as l')
        .select((e) => e.fn.max('l.updated_at').as('m'))
        .whereRef('l.data_row_id', '=', 'dr.id');
      if (projectIds) latest = latest.where((eb) => inList(eb, 'l.project_id', projectIds));
      // Last activity = the later of the row's own update and its newest label update.
      const greatest = this.dialect === 'postgres' ? sql.raw('greatest') : sql.raw('max');
      const activity = sql<string>`${greatest}(dr.updated_at, coalesce((${latest}), ''))`;
      if (filter.lastActivityAt.min) parts.push(sql<SqlBool>`${activity} >= ${filter.lastActivityAt.min}`);
      if (filter.lastActivityAt.max) parts.push(sql<SqlBool>`${activity} <= ${filter.lastActivityAt.max}`);
    }
    return eb.and(parts);
  }

  /** Labels of these data rows in these projects (one query per 5,000 rows), oldest first per row. */
  async labelsFor(
    organizationId: string,
    projectIds: readonly string[],
    dataRowIds: readonly string[],
    createdAt?: TimeRange,
  ): Promise<ExportLabelRecord[]> {
    if (projectIds.length === 0 || dataRowIds.length === 0) return [];
    const out: ExportLabelRecord[] = [];
    for (const part of chunks(dataRowIds, IN_CHUNK)) {
      const q = this.db
        .selectFrom('labels as l')
        .leftJoin('users as u', 'u.id', 'l.created_by')
        .select(labelColumns)
        .where((eb) => labelsIn(eb, this.dialect, organizationId, projectIds, part, createdAt));
      out.push(
        ...((await q
          .orderBy('l.data_row_id')
          .orderBy('l.created_at')
          .orderBy('l.id')
          .execute()) as ExportLabelRecord[]),
      );
    }
    return out;
  }

  /**
   * `labelsFor` for export v2: each label's current stored render instead of its content when there is one. Sorted
   * here rather than by the database: an ORDER BY made SQLite copy every row, ~1.4 KB render included, through a
   * temporary sorter.
   */
  async labelsForExport(
    organizationId: string,
    projectIds: readonly string[],
    dataRowIds: readonly string[],
    createdAt?: TimeRange,
  ): Promise<ExportV2LabelRecord[]> {
    if (projectIds.length === 0 || dataRowIds.length === 0) return [];
    const sameMedia =
      this.dialect === 'postgres'
        ? sql<SqlBool>`r.media_type is not distinct from ldr.media_type`
        : sql<SqlBool>`r.media_type is ldr.media_type`;
    const out: ExportV2LabelRecord[] = [];
    for (const part of chunks(dataRowIds, IN_CHUNK)) {
      const q = this.db
        .selectFrom('labels as l')
        .innerJoin('data_rows as ldr', 'ldr.id', 'l.data_row_id')
        .leftJoin('label_renders as r', (join) =>
          join
            .onRef('r.label_id', '=', 'l.id')
            .on('r.version', '=', V2_RENDER_VERSION)
            .onRef('r.label_updated_at', '=', 'l.updated_at')
            .on(sameMedia),
        )
        .leftJoin('users as u', 'u.id', 'l.created_by')
        .select(labelColumns.filter((c) => c !== 'l.content'))
        .select(sql<string | null>`case when r.label_id is null then l.content end`.as('content'))
        .select('r.annotations as rendered')
        .where((eb) => labelsIn(eb, this.dialect, organizationId, projectIds, part, createdAt));
      out.push(...((await q.execute()) as ExportV2LabelRecord[]));
    }
    return out.sort(byRowThenAge);
  }

  /** Batch memberships of these data rows in these projects. */
  async membershipsFor(
    projectIds: readonly string[],
    dataRowIds: readonly string[],
  ): Promise<ExportMembershipRecord[]> {
    if (projectIds.length === 0 || dataRowIds.length === 0) return [];
    const out: ExportMembershipRecord[] = [];
    for (const part of chunks(dataRowIds, IN_CHUNK)) {
      const rows = await this.db
        .selectFrom('project_data_rows as pdr')
        .innerJoin('batches as b', 'b.id', 'pdr.batch_id')
        .select([
          'pdr.project_id',
          'pdr.data_row_id',
          'pdr.batch_id',
          'b.name as batch_name',
          'pdr.priority',
          'pdr.workflow_status',
          'pdr.labels_needed',
        ])
        .where((eb) => inList(eb, 'pdr.project_id', projectIds))
        .where('pdr.data_row_id', 'in', part)
        .execute();
      out.push(...(rows as ExportMembershipRecord[]));
    }
    return out;
  }

  /** Workflow history of these rows in these projects, oldest first (one query per 5,000 rows). */
  async historyFor(
    projectIds: readonly string[],
    dataRowIds: readonly string[],
  ): Promise<ExportHistoryRecord[]> {
    if (projectIds.length === 0 || dataRowIds.length === 0) return [];
    const out: ExportHistoryRecord[] = [];
    for (const part of chunks(dataRowIds, IN_CHUNK)) {
      const rows = await this.db
        .selectFrom('workflow_history as h')
        .leftJoin('users as u', 'u.id', 'h.user_id')
        .select([
          'h.project_id',
          'h.data_row_id',
          'h.action',
          'h.from_status',
          'h.to_status',
          'h.created_at',
          'u.email as created_by_email',
        ])
        .where((eb) => inList(eb, 'h.project_id', projectIds))
        .where(inIds(this.dialect, 'h.data_row_id', part))
        .orderBy('h.id')
        .execute();
      out.push(...rows);
    }
    return out;
  }

  /** Reviews of these labels, oldest first. */
  async reviewsFor(labelIds: readonly string[]): Promise<ExportReviewRecord[]> {
    const out: ExportReviewRecord[] = [];
    for (const part of chunks(labelIds, IN_CHUNK)) {
      const rows = await this.db
        .selectFrom('reviews as r')
        .leftJoin('users as u', 'u.id', 'r.created_by')
        .select(['r.id', 'r.label_id', 'r.score', 'r.verdict', 'r.created_at', 'u.email as reviewer_email'])
        .where(inIds(this.dialect, 'r.label_id', part))
        .orderBy('r.id')
        .execute();
      out.push(...rows);
    }
    return out;
  }

  async attachmentsFor(
    organizationId: string,
    dataRowIds: readonly string[],
  ): Promise<ExportAttachmentRecord[]> {
    const out: ExportAttachmentRecord[] = [];
    for (const part of chunks(dataRowIds, IN_CHUNK)) {
      const rows = await this.db
        .selectFrom('attachments')
        .select(['data_row_id', 'type', 'value', 'name'])
        .where('organization_id', '=', organizationId)
        .where(inIds(this.dialect, 'data_row_id', part))
        .orderBy('data_row_id')
        .orderBy('id')
        .execute();
      out.push(...rows);
    }
    return out;
  }

  /** Projects of the organization by id (deleted ones left out), for names and ontologies. */
  projects(organizationId: string, ids: readonly string[] | null) {
    let q = this.db
      .selectFrom('projects')
      .select(['id', 'name', 'ontology_id', 'media_type'])
      .where('organization_id', '=', organizationId)
      .where('deleted', '=', 0);
    if (ids) q = q.where((eb) => inList(eb, 'id', ids));
    return q.orderBy('id').execute();
  }

  /** Model runs of the organization with their model's id and name, by id (all of them when null), at most `limit`. */
  modelRuns(organizationId: string, ids: readonly string[] | null, limit: number) {
    let q = this.db
      .selectFrom('model_runs as r')
      .innerJoin('models as m', 'm.id', 'r.model_id')
      .select(['r.id', 'r.name', 'm.id as modelId', 'm.name as modelName'])
      .where('r.organization_id', '=', organizationId);
    if (ids) q = q.where((eb) => inList(eb, 'r.id', ids));
    return q.orderBy('r.id').limit(limit).execute();
  }

  /**
   * How many data rows a project export will write, from the batch sizes (one row per batch, no scan): a count of
   * a million memberships would delay the first byte by most of a second.
   */
  async projectRowCount(projectId: string): Promise<number> {
    const row = await this.db
      .selectFrom('batches')
      .select((eb) => eb.fn.sum<number | string | null>('size').as('n'))
      .where('project_id', '=', projectId)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** A page of a model run's rows by data row id, with the run row (its ground-truth label and split). */
  async modelRunPage(
    organizationId: string,
    modelRunId: string,
    after: string | null,
    limit: number,
  ): Promise<ExportModelRunRowRecord[]> {
    return (await this.db
      .selectFrom('model_run_data_rows as mr')
      .innerJoin('data_rows as dr', 'dr.id', 'mr.data_row_id')
      .innerJoin('datasets as ds', 'ds.id', 'dr.dataset_id')
      .leftJoin('users as u', 'u.id', 'dr.created_by')
      .select(dataRowColumns)
      .select(['mr.id as run_data_row_id', 'mr.label_id', 'mr.data_split', 'mr.created_at as run_created_at'])
      .where('mr.model_run_id', '=', modelRunId)
      .where('dr.organization_id', '=', organizationId)
      .where('mr.data_row_id', '>', after ?? '')
      .orderBy('mr.data_row_id')
      .limit(limit)
      .execute()) as ExportModelRunRowRecord[];
  }

  async modelRunRowCount(modelRunId: string): Promise<number> {
    const row = await this.db
      .selectFrom('model_run_data_rows')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('model_run_id', '=', modelRunId)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async catalogRowCount(organizationId: string, filter: ExportRowFilter): Promise<number> {
    let q = this.db
      .selectFrom('data_rows as dr')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('dr.organization_id', '=', organizationId);
    if (filter.datasetIds) q = q.where((eb) => inList(eb, 'dr.dataset_id', filter.datasetIds));
    if (filter.dataRowIds) q = q.where((eb) => inList(eb, 'dr.id', filter.dataRowIds));
    if (filter.globalKeys) q = q.where((eb) => inList(eb, 'dr.global_key', filter.globalKeys));
    return Number((await q.executeTakeFirst())?.n ?? 0);
  }

  async projectLabelCount(projectId: string): Promise<number> {
    const row = await this.db
      .selectFrom('labels')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('project_id', '=', projectId)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** Datasets of the organization among `ids` (not deleted). */
  async existingDatasets(organizationId: string, ids: readonly string[]): Promise<string[]> {
    const rows = await this.db
      .selectFrom('datasets')
      .select('id')
      .where('organization_id', '=', organizationId)
      .where('deleted', '=', 0)
      .where((eb) => inList(eb, 'id', ids))
      .execute();
    return rows.map((r) => r.id);
  }
}

/** Data row id, then oldest first (created_at, id): the order of `labelsFor`, compared as the C collation does. */
function byRowThenAge(a: ExportV2LabelRecord, b: ExportV2LabelRecord): number {
  if (a.data_row_id !== b.data_row_id) return a.data_row_id < b.data_row_id ? -1 : 1;
  if (a.created_at !== b.created_at) return a.created_at < b.created_at ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * `column IN (ids)` with the ids as one parameter (a JSON array on SQLite, a text[] on PostgreSQL) for the lists of
 * a whole export page: a 250-value list built, compiled and bound per query was most of the cost of the page's
 * small relation queries. An empty list matches nothing.
 */
function inIds(dialect: Dialect, column: string, ids: readonly string[]): Expression<SqlBool> {
  return dialect === 'postgres'
    ? sql<SqlBool>`${sql.ref(column)} = any(${[...ids]}::text[])`
    : sql<SqlBool>`${sql.ref(column)} in (select value from json_each(${JSON.stringify(ids)}))`;
}

/** `column IN (…)`; an empty list (invalid SQL) matches nothing. */
const inList = (eb: Eb, column: string, ids: readonly string[] | undefined): Expression<SqlBool> =>
  ids && ids.length > 0 ? eb(column, 'in', [...ids]) : sql<SqlBool>`1 = 0`;

/** Labels `l` of the organization in these projects on these data rows, created within `createdAt`. */
function labelsIn(
  eb: Eb,
  dialect: Dialect,
  organizationId: string,
  projectIds: readonly string[],
  dataRowIds: readonly string[],
  createdAt: TimeRange | undefined,
): Expression<SqlBool> {
  const parts = [
    eb('l.organization_id', '=', organizationId),
    inIds(dialect, 'l.data_row_id', dataRowIds),
    inList(eb, 'l.project_id', projectIds),
  ];
  if (createdAt?.min) parts.push(eb('l.created_at', '>=', createdAt.min));
  if (createdAt?.max) parts.push(eb('l.created_at', '<=', createdAt.max));
  return eb.and(parts);
}

const dataRowColumns = [
  'dr.id',
  'dr.dataset_id',
  'ds.name as dataset_name',
  'dr.row_data',
  'dr.external_id',
  'dr.global_key',
  'dr.media_type',
  'dr.media_attributes',
  'dr.metadata',
  'dr.created_at',
  'dr.updated_at',
  'u.email as created_by_email',
] as const;

export const labelColumns = [
  'l.id',
  'l.project_id',
  'l.data_row_id',
  'l.type',
  'l.content',
  'l.seconds_to_label',
  'l.seconds_to_review',
  'l.agreement',
  'l.benchmark_agreement',
  'l.is_benchmark_reference',
  'l.review_state',
  'l.created_at',
  'l.updated_at',
  'u.email as created_by_email',
] as const;
