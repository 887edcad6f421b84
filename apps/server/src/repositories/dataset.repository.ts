import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database, DatasetTable, Db, Dialect } from '../db/database.ts';

export type DatasetRow = DatasetTable;

/** Filterable Dataset fields (GraphQL name → column); `deleted` is stored as 0/1. */
export const DATASET_FILTER_COLUMNS = {
  id: 'id',
  name: 'name',
  description: 'description',
  deleted: 'deleted',
  rowCount: 'row_count',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
} as const;

export type DatasetFilterField = keyof typeof DATASET_FILTER_COLUMNS;
export type DatasetFilterValue = string | number | null;
export type DatasetFilterOp =
  | 'eq'
  | 'not'
  | 'lt'
  | 'gt'
  | 'lte'
  | 'gte'
  | 'in'
  | 'not_in'
  | 'contains'
  | 'not_contains'
  | 'starts_with'
  | 'ends_with';
export type DatasetFilter =
  | { kind: 'and' | 'or' | 'not'; items: DatasetFilter[] }
  | {
      kind: 'leaf';
      field: DatasetFilterField;
      op: DatasetFilterOp;
      value: DatasetFilterValue | DatasetFilterValue[];
    };
export type DatasetOrder = { field: DatasetFilterField; direction: 'asc' | 'desc' };

type Eb = ExpressionBuilder<Database, 'datasets'>;

function compile(eb: Eb, filter: DatasetFilter, dialect: Dialect): Expression<SqlBool> {
  if (filter.kind !== 'leaf') {
    const parts = filter.items.map((f) => compile(eb, f, dialect));
    if (filter.kind === 'not') return eb.not(eb.and(parts));
    return filter.kind === 'and' ? eb.and(parts) : eb.or(parts);
  }
  const column = DATASET_FILTER_COLUMNS[filter.field];
  const { op, value } = filter;
  if (op === 'in' || op === 'not_in') {
    const list = (Array.isArray(value) ? value : [value]).filter((v) => v !== null);
    if (list.length === 0) return op === 'in' ? sql<SqlBool>`1 = 0` : sql<SqlBool>`1 = 1`;
    return eb(column, op === 'in' ? 'in' : 'not in', list);
  }
  const v = Array.isArray(value) ? (value[0] ?? null) : value;
  if (v === null) return eb(column, op === 'not' ? 'is not' : 'is', null);
  switch (op) {
    case 'eq':
      return eb(column, '=', v);
    case 'not':
      return eb(column, '<>', v);
    case 'lt':
      return eb(column, '<', v);
    case 'gt':
      return eb(column, '>', v);
    case 'lte':
      return eb(column, '<=', v);
    case 'gte':
      return eb(column, '>=', v);
    case 'contains':
    case 'not_contains':
    case 'starts_with':
    case 'ends_with': {
      // Case-sensitive on both databases (SQLite's LIKE is not), like Prisma's string filters.
      const ref = sql.ref(column);
      const text = String(v);
      const test =
        op === 'starts_with'
          ? sql<SqlBool>`substr(${ref}, 1, length(${text})) = ${text}`
          : op === 'ends_with'
            ? sql<SqlBool>`(length(${ref}) >= length(${text}) and substr(${ref}, length(${ref}) - length(${text}) + 1) = ${text})`
            : sql<SqlBool>`${sql.raw(dialect === 'postgres' ? 'strpos' : 'instr')}(${ref}, ${text}) > 0`;
      return op === 'not_contains' ? eb.not(test) : test;
    }
  }
}

/** Whether the filter says anything about `deleted` (otherwise deleted datasets are left out). */
export function mentionsDeleted(filter: DatasetFilter | undefined): boolean {
  if (!filter) return false;
  return filter.kind === 'leaf' ? filter.field === 'deleted' : filter.items.some(mentionsDeleted);
}

/** Datasets of one organization. */
export class DatasetRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {}

  with(trx: Db): DatasetRepository {
    return new DatasetRepository(trx, this.dialect);
  }

  async insert(row: DatasetRow): Promise<void> {
    await this.db.insertInto('datasets').values(row).execute();
  }

  find(organizationId: string, id: string): Promise<DatasetRow | undefined> {
    return this.db
      .selectFrom('datasets')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  findByIds(organizationId: string, ids: readonly string[]): Promise<DatasetRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('datasets')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', 'in', [...new Set(ids)])
      .execute();
  }

  list(
    organizationId: string,
    filter: DatasetFilter | undefined,
    order: DatasetOrder | undefined,
    page: { skip: number; first: number },
  ): Promise<DatasetRow[]> {
    let q = this.db.selectFrom('datasets').selectAll().where('organization_id', '=', organizationId);
    if (!mentionsDeleted(filter)) q = q.where('deleted', '=', 0);
    if (filter) q = q.where((eb) => compile(eb, filter, this.dialect));
    if (order) q = q.orderBy(DATASET_FILTER_COLUMNS[order.field], order.direction);
    return q.orderBy('id', 'asc').offset(page.skip).limit(page.first).execute();
  }

  async update(
    organizationId: string,
    id: string,
    patch: Partial<Pick<DatasetRow, 'name' | 'description' | 'deleted'>> & { updated_at: string },
  ): Promise<void> {
    await this.db
      .updateTable('datasets')
      .set(patch)
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .execute();
  }

  /** Adds `delta` (may be negative) to a dataset's row count; called in the transaction that adds or removes rows. */
  async addRowCount(id: string, delta: number, now: string): Promise<void> {
    if (delta === 0) return;
    await this.db
      .updateTable('datasets')
      .set((eb) => ({ row_count: eb('row_count', '+', delta), updated_at: now }))
      .where('id', '=', id)
      .execute();
  }
}
