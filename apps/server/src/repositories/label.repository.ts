import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type {
  AnnotationTable,
  Database,
  Db,
  Dialect,
  LabelFeatureTable,
  LabelTable,
} from '../db/database.ts';
import { bulkInsert, chunks, MAX_PARAMS } from './bulk-insert.ts';

export type LabelRow = LabelTable;
export type AnnotationRow = AnnotationTable;
export type LabelFeatureRow = LabelFeatureTable;

/** Label columns a filter or an order may name. */
export type LabelColumn =
  | 'id'
  | 'created_at'
  | 'updated_at'
  | 'created_by'
  | 'type'
  | 'data_row_id'
  | 'agreement'
  | 'benchmark_agreement'
  | 'seconds_to_label'
  | 'seconds_to_review'
  | 'is_benchmark_reference';
/** Columns of the label's data row a filter may name (`dataRow: {dataset: {id}}` → `dataset_id`). */
export type LabelDataRowColumn = 'dataset_id' | 'global_key' | 'external_id';
export type LabelFilterOp = 'eq' | 'not' | 'lt' | 'gt' | 'lte' | 'gte' | 'in' | 'not_in';
export type LabelFilterValue = string | number | null;
export type LabelFilter =
  | { kind: 'and' | 'or' | 'not'; items: LabelFilter[] }
  | { kind: 'leaf'; column: LabelColumn; op: LabelFilterOp; value: LabelFilterValue | LabelFilterValue[] }
  | {
      kind: 'dataRow';
      column: LabelDataRowColumn;
      op: LabelFilterOp;
      value: LabelFilterValue | LabelFilterValue[];
    }
  | { kind: 'const'; value: boolean };
export type LabelOrder = { column: LabelColumn; direction: 'asc' | 'desc' };

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

const SQL_OP = {
  eq: '=',
  not: '<>',
  lt: '<',
  gt: '>',
  lte: '<=',
  gte: '>=',
  in: 'in',
  not_in: 'not in',
} as const;

type Eb = ExpressionBuilder<Database, 'labels'>;

function comparison(
  eb: ExpressionBuilder<any, any>,
  column: string,
  op: LabelFilterOp,
  value: LabelFilterValue | LabelFilterValue[],
): Expression<SqlBool> {
  if (Array.isArray(value)) {
    if (value.length === 0) return eb.val(op !== 'in') as unknown as Expression<SqlBool>;
    return eb(column, op === 'in' ? 'in' : 'not in', value);
  }
  if (value === null) return eb(column, op === 'not' ? 'is not' : 'is', null);
  return eb(column, SQL_OP[op], value);
}

function compile(eb: Eb, filter: LabelFilter): Expression<SqlBool> {
  switch (filter.kind) {
    case 'and':
    case 'or':
    case 'not': {
      const parts = filter.items.map((f) => compile(eb, f));
      if (filter.kind === 'not') return eb.not(eb.and(parts));
      return filter.kind === 'and' ? eb.and(parts) : eb.or(parts);
    }
    case 'const':
      return sql<SqlBool>`${sql.lit(filter.value ? 1 : 0)} = 1`;
    case 'leaf':
      return comparison(eb, `labels.${filter.column}`, filter.op, filter.value);
    case 'dataRow':
      return eb(
        'labels.data_row_id',
        'in',
        eb
          .selectFrom('data_rows')
          .select('data_rows.id')
          .where((d) => comparison(d, `data_rows.${filter.column}`, filter.op, filter.value)),
      );
  }
}

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

  /** One offset page of a project's labels; ids (time-sortable) break ties so pages never overlap. */
  page(
    projectId: string,
    filter: LabelFilter | undefined,
    order: LabelOrder | undefined,
    page: { skip: number; first: number },
  ): Promise<LabelRow[]> {
    let q = this.db.selectFrom('labels').selectAll('labels').where('labels.project_id', '=', projectId);
    if (filter) q = q.where((eb) => compile(eb, filter));
    if (order && order.column !== 'id') q = q.orderBy(`labels.${order.column}`, order.direction);
    return q
      .orderBy('labels.id', order?.direction ?? 'asc')
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

  async insert(rows: readonly LabelRow[]): Promise<void> {
    await this.insertRows('labels', LABEL_COLUMNS, rows);
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

  async updateContent(id: string, content: string, now: string): Promise<void> {
    await this.db.updateTable('labels').set({ content, updated_at: now }).where('id', '=', id).execute();
  }

  /** Rewrites the indexes of these labels: their old rows go, the given rows come in. */
  async replaceIndexes(
    labelIds: readonly string[],
    annotations: readonly AnnotationRow[],
    features: readonly LabelFeatureRow[],
  ): Promise<void> {
    await this.deleteIndexes(labelIds);
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
    for (const part of chunks(labelIds, IN_CHUNK))
      await this.db.deleteFrom('labels').where('id', 'in', part).execute();
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
