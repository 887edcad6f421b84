import { sql } from 'kysely';
import type { AnnotationTable, Db, Dialect, LabelFeatureTable, LabelTable } from '../db/database.ts';
import { bulkInsert, chunks, MAX_PARAMS } from './bulk-insert.ts';
import { LabelRenderRepository } from './label-render.repository.ts';
import { onlyColumns } from './only-columns.ts';
import { compileFilter, type ColumnRef, type Filter, type Order } from './where-sql.ts';

export type LabelRow = LabelTable;
export type AnnotationRow = AnnotationTable;
export type LabelFeatureRow = LabelFeatureTable;

/** Filterable label fields (GraphQL path → column; data-row fields through a subquery on `data_rows`). */
export const LABEL_FILTER_COLUMNS = {
  id: 'labels.id',
  createdAt: 'labels.created_at',
  updatedAt: 'labels.updated_at',
  agreement: 'labels.agreement',
  benchmarkAgreement: 'labels.benchmark_agreement',
  secondsToLabel: 'labels.seconds_to_label',
  secondsToReview: 'labels.seconds_to_review',
  isBenchmarkReference: 'labels.is_benchmark_reference',
  'createdBy.id': 'labels.created_by',
  'type.id': 'labels.type',
  'type.name': 'labels.type',
  'dataRow.id': 'labels.data_row_id',
  'dataRow.globalKey': viaDataRow('data_rows.global_key'),
  'dataRow.externalId': viaDataRow('data_rows.external_id'),
  'dataRow.dataset.id': viaDataRow('data_rows.dataset_id'),
} as const satisfies Record<string, ColumnRef>;

function viaDataRow(column: string): ColumnRef {
  return { through: 'labels.data_row_id', table: 'data_rows', key: 'data_rows.id', column };
}

export type LabelFilterField = keyof typeof LABEL_FILTER_COLUMNS;
export type LabelFilter = Filter<LabelFilterField>;
export type LabelOrder = Order<LabelFilterField>;
/** Whose labels a page lists: a project's, or one data row's in the projects a caller may see (undefined: all). */
export type LabelScope =
  | { projectId: string }
  | { organizationId: string; dataRowId: string; projectIds: readonly string[] | undefined };

const LABEL_COLUMNS = [
  'id',
  'organization_id',
  'project_id',
  'data_row_id',
  'created_by',
  'type',
  'content',
  'seconds_to_label',
  'seconds_to_review',
  'agreement',
  'benchmark_agreement',
  'is_benchmark_reference',
  'review_state',
  'import_id',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof LabelRow)[];
const ANNOTATION_COLUMNS = [
  'id',
  'organization_id',
  'label_id',
  'feature_schema_id',
  'kind',
  'uuid',
] as const;
const FEATURE_COLUMNS = ['label_id', 'organization_id', 'feature_schema_id'] as const;
const IN_CHUNK = 1_000;

/** Labels and their indexes (`annotations`: top-level annotations; `label_features`: every feature used). */
export class LabelRepository {
  /** Without a dialect (callers that only read and delete) inserts go through the query builder. */
  constructor(
    private readonly db: Db,
    private readonly dialect?: Dialect,
  ) {}

  with(trx: Db): LabelRepository {
    return new LabelRepository(trx, this.dialect);
  }

  find(organizationId: string, id: string): Promise<LabelRow | undefined> {
    return this.db
      .selectFrom('labels')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async findMany(organizationId: string, ids: readonly string[]): Promise<LabelRow[]> {
    const out: LabelRow[] = [];
    for (const part of chunks([...new Set(ids)], IN_CHUNK)) {
      out.push(
        ...(await this.db
          .selectFrom('labels')
          .selectAll()
          .where('organization_id', '=', organizationId)
          .where('id', 'in', part)
          .execute()),
      );
    }
    return out;
  }

  /**
   * One offset page of labels: a project's (newest first unless ordered, as Labelbox lists them) or one data row's
   * across the given projects (`data_row.labels()`, oldest first). Ids (time-sortable) break ties so pages never
   * overlap.
   */
  page(
    scope: LabelScope,
    filter: LabelFilter | undefined,
    order: LabelOrder | undefined,
    page: { skip: number; first: number },
    /** Only these columns (the rows are then partial); every column when undefined. */
    columns?: readonly (keyof LabelRow)[],
  ): Promise<LabelRow[]> {
    let q = onlyColumns(this.db.selectFrom('labels').selectAll('labels'), columns, 'labels');
    if ('projectId' in scope) q = q.where('labels.project_id', '=', scope.projectId);
    else {
      if (scope.projectIds?.length === 0) return Promise.resolve([]);
      q = q
        .where('labels.organization_id', '=', scope.organizationId)
        .where('labels.data_row_id', '=', scope.dataRowId);
      if (scope.projectIds) q = q.where('labels.project_id', 'in', [...scope.projectIds]);
    }
    if (filter)
      q = q.where((eb) => compileFilter(eb, filter, LABEL_FILTER_COLUMNS, this.dialect ?? 'sqlite'));
    // Labels without a value (agreement not computed yet) come last either way, on both databases.
    const orderColumn = order ? LABEL_FILTER_COLUMNS[order.field] : undefined;
    if (order && typeof orderColumn === 'string' && order.field !== 'id')
      q = q.orderBy(sql.ref(orderColumn), (ob) =>
        (order.direction === 'asc' ? ob.asc() : ob.desc()).nullsLast(),
      );
    return q
      .orderBy('labels.id', order?.direction ?? ('projectId' in scope ? 'desc' : 'asc'))
      .offset(page.skip)
      .limit(page.first)
      .execute();
  }

  async countsByProject(projectIds: readonly string[]): Promise<Map<string, number>> {
    if (projectIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('labels')
      .select(['project_id', (eb) => eb.fn.countAll<number | string | bigint>().as('n')])
      .where('project_id', 'in', projectIds)
      .groupBy('project_id')
      .execute();
    return new Map(rows.map((r) => [r.project_id, Number(r.n)]));
  }

  /** Labels an import already wrote for these data rows (its lines for one row may span several chunks). */
  async byImport(importId: string, dataRowIds: readonly string[]): Promise<LabelRow[]> {
    const out: LabelRow[] = [];
    for (const part of chunks(dataRowIds, IN_CHUNK)) {
      out.push(
        ...(await this.db
          .selectFrom('labels')
          .selectAll()
          .where('import_id', '=', importId)
          .where('data_row_id', 'in', part)
          .execute()),
      );
    }
    return out;
  }

  /** Inserts labels with their stored export v2 renders (label-render.repository.ts). */
  /** `mediaTypes`: the media types of the rows' data rows, when the caller read them already. */
  async insert(rows: readonly LabelRow[], mediaTypes?: ReadonlyMap<string, string | null>): Promise<void> {
    await this.insertRows('labels', LABEL_COLUMNS, rows);
    await new LabelRenderRepository(this.db).renderAndStore(rows, mediaTypes);
  }

  /** Multi-row inserts chunked under the parameter limit (the prepared-SQL fast path when the dialect is known). */
  private async insertRows<T extends object>(
    table: 'labels' | 'annotations' | 'label_features',
    columns: readonly (keyof T & string)[],
    rows: readonly T[],
  ) {
    if (rows.length === 0) return;
    if (this.dialect) {
      await bulkInsert(
        this.db,
        this.dialect,
        table,
        columns,
        rows.flatMap((r) => columns.map((c) => r[c])),
      );
      return;
    }
    for (const part of chunks(rows, Math.floor(MAX_PARAMS / columns.length)))
      await this.db
        .insertInto(table)
        .values(part as never)
        .execute();
  }

  /** Rewrites a label's content; the database dropped its old export render, the new one is stored. */
  async updateContent(id: string, content: string, now: string): Promise<void> {
    await this.db.updateTable('labels').set({ content, updated_at: now }).where('id', '=', id).execute();
    const row = await this.db
      .selectFrom('labels')
      .select('data_row_id')
      .where('id', '=', id)
      .executeTakeFirst();
    if (row)
      await new LabelRenderRepository(this.db).renderAndStore([
        { id, data_row_id: row.data_row_id, content, updated_at: now },
      ]);
  }

  /** `UNREVIEWED`, `APPROVED` or `REJECTED`: the verdict of the label's latest review. */
  async setReviewState(id: string, state: string): Promise<void> {
    await this.db.updateTable('labels').set({ review_state: state }).where('id', '=', id).execute();
  }

  /** Rewrites the indexes of these labels: their old rows go, the given rows come in. */
  async replaceIndexes(
    labelIds: readonly string[],
    annotations: readonly AnnotationRow[],
    features: readonly LabelFeatureRow[],
  ): Promise<void> {
    await this.deleteIndexes(labelIds);
    await this.insertIndexes(annotations, features);
  }

  /** Index rows of labels written just now (nothing to replace). */
  async insertIndexes(
    annotations: readonly AnnotationRow[],
    features: readonly LabelFeatureRow[],
  ): Promise<void> {
    await this.insertRows('annotations', ANNOTATION_COLUMNS, annotations);
    await this.insertRows('label_features', FEATURE_COLUMNS, features);
  }

  private async deleteIndexes(labelIds: readonly string[]): Promise<void> {
    for (const part of chunks(labelIds, IN_CHUNK)) {
      await this.db.deleteFrom('annotations').where('label_id', 'in', part).execute();
      await this.db.deleteFrom('label_features').where('label_id', 'in', part).execute();
    }
  }

  /** Deletes labels with their indexes (explicitly: foreign-key cascades are not relied on). */
  async delete(labelIds: readonly string[]): Promise<void> {
    await this.deleteIndexes(labelIds);
    for (const part of chunks(labelIds, IN_CHUNK)) {
      // A deleted reference label takes its benchmark with it.
      await this.db.deleteFrom('benchmarks').where('label_id', 'in', part).execute();
      await this.db.deleteFrom('labels').where('id', 'in', part).execute();
    }
  }

  async idsByImport(importId: string): Promise<string[]> {
    return (await this.db.selectFrom('labels').select('id').where('import_id', '=', importId).execute()).map(
      (r) => r.id,
    );
  }

  /** The label holding the annotation with this uuid (v1 `featureId`), newest first when uuids repeat. */
  async findByAnnotationUuid(organizationId: string, uuid: string): Promise<LabelRow | undefined> {
    return this.db
      .selectFrom('annotations')
      .innerJoin('labels', 'labels.id', 'annotations.label_id')
      .selectAll('labels')
      .where('annotations.organization_id', '=', organizationId)
      .where('annotations.uuid', '=', uuid)
      .orderBy('labels.id', 'desc')
      .executeTakeFirst();
  }

  /** How many labels the batch's data rows have in its project. */
  async countInBatch(projectId: string, batchId: string): Promise<number> {
    const row = await this.db
      .selectFrom('labels')
      .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
      .where('labels.project_id', '=', projectId)
      .where('labels.data_row_id', 'in', (eb) =>
        eb.selectFrom('project_data_rows').select('data_row_id').where('batch_id', '=', batchId),
      )
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** Labels of the batch's data rows in its project. */
  async idsInBatch(projectId: string, batchId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('labels')
      .select('labels.id')
      .where('labels.project_id', '=', projectId)
      .where('labels.data_row_id', 'in', (eb) =>
        eb.selectFrom('project_data_rows').select('data_row_id').where('batch_id', '=', batchId),
      )
      .execute();
    return rows.map((r) => r.id);
  }
}
