import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Dialect } from '../db/database.ts';

/** Comparison operators of Prisma-1 style `WhereInput` fields (`name_not`, `rowCount_gte`, `id_in`, …). */
export type FilterOp =
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
export type FilterValue = string | number | null;

/** A parsed filter tree over the fields `F` of one entity; SQL columns are supplied when it is compiled. */
export type Filter<F extends string> =
  | { kind: 'and' | 'or' | 'not'; items: Filter<F>[] }
  | { kind: 'leaf'; field: F; op: FilterOp; value: FilterValue | FilterValue[] }
  | { kind: 'const'; value: boolean };

/**
 * Where a filter field lives: a column of the queried table (optionally qualified), or a column of a related table
 * reached through a foreign key (`labels.data_row_id in (select data_rows.id from data_rows where …)`).
 */
export type ColumnRef = string | { through: string; table: string; key: string; column: string };
export type Order<F extends string> = { field: F; direction: 'asc' | 'desc' };

/** Whether the filter names `field` anywhere (e.g. soft-deleted rows are left out unless `deleted` is named). */
export function filterMentions<F extends string>(filter: Filter<F> | undefined, field: F): boolean {
  if (!filter || filter.kind === 'const') return false;
  return filter.kind === 'leaf' ? filter.field === field : filter.items.some((f) => filterMentions(f, field));
}

const COMPARISONS = { eq: '=', not: '<>', lt: '<', gt: '>', lte: '<=', gte: '>=' } as const;

/**
 * Compiles a filter tree into a WHERE expression, with `columns` mapping each field to its (optionally
 * table-qualified) column. String matching is case-sensitive on both databases, as Prisma's is.
 */
export function compileFilter<F extends string>(
  eb: ExpressionBuilder<any, any>,
  filter: Filter<F>,
  columns: Record<F, ColumnRef>,
  dialect: Dialect,
): Expression<SqlBool> {
  if (filter.kind === 'const') return filter.value ? sql<SqlBool>`1 = 1` : sql<SqlBool>`1 = 0`;
  if (filter.kind !== 'leaf') {
    const parts = filter.items.map((f) => compileFilter(eb, f, columns, dialect));
    if (filter.kind === 'not') return eb.not(eb.and(parts));
    return filter.kind === 'and' ? eb.and(parts) : eb.or(parts);
  }
  const ref = columns[filter.field];
  if (typeof ref !== 'string') {
    return eb(
      ref.through,
      'in',
      eb
        .selectFrom(ref.table)
        .select(ref.key)
        .where((inner) => leaf(inner, ref.column, filter.op, filter.value, dialect)),
    );
  }
  return leaf(eb, ref, filter.op, filter.value, dialect);
}

function leaf(
  eb: ExpressionBuilder<any, any>,
  columnName: string,
  op: FilterOp,
  value: FilterValue | FilterValue[],
  dialect: Dialect,
): Expression<SqlBool> {
  const column = sql.ref(columnName);
  if (op === 'in' || op === 'not_in') {
    const list = (Array.isArray(value) ? value : [value]).filter((v) => v !== null);
    if (list.length === 0) return op === 'in' ? sql<SqlBool>`1 = 0` : sql<SqlBool>`1 = 1`;
    return eb(column, op === 'in' ? 'in' : 'not in', list);
  }
  const v = Array.isArray(value) ? (value[0] ?? null) : value;
  if (v === null) return eb(column, op === 'not' ? 'is not' : 'is', null);
  switch (op) {
    case 'eq':
    case 'not':
    case 'lt':
    case 'gt':
    case 'lte':
    case 'gte':
      return eb(column, COMPARISONS[op], v);
    case 'contains':
    case 'not_contains':
    case 'starts_with':
    case 'ends_with': {
      const text = String(v);
      const test =
        op === 'starts_with'
          ? sql<SqlBool>`substr(${column}, 1, length(${text})) = ${text}`
          : op === 'ends_with'
            ? sql<SqlBool>`(length(${column}) >= length(${text}) and substr(${column}, length(${column}) - length(${text}) + 1) = ${text})`
            : sql<SqlBool>`${sql.raw(dialect === 'postgres' ? 'strpos' : 'instr')}(${column}, ${text}) > 0`;
      return op === 'not_contains' ? eb.not(test) : test;
    }
  }
}
