import { CompiledQuery } from 'kysely';
import type { Db, Dialect } from '../db/database.ts';

/** Bound parameters per statement stay under this (SQLite allows 32,766; PostgreSQL 65,535). */
export const MAX_PARAMS = 30_000;

/** Splits `items` into chunks of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const sqlCache = new Map<string, string>();

/**
 * A multi-row `INSERT … VALUES (…), (…)` written as SQL text once per shape (table, columns, row count, suffix,
 * dialect) and then reused: building hundreds of thousands of rows through the query builder would cost more than
 * the database spends storing them.
 */
export function multiRowInsertSql(
  dialect: Dialect,
  table: string,
  columns: readonly string[],
  rows: number,
  suffix = '',
): string {
  const cacheKey = `${dialect}|${table}|${columns.join(',')}|${rows}|${suffix}`;
  const cached = sqlCache.get(cacheKey);
  if (cached !== undefined) return cached;
  const width = columns.length;
  const tuples: string[] = new Array(rows);
  for (let r = 0; r < rows; r++) {
    const marks: string[] = new Array(width);
    for (let c = 0; c < width; c++) marks[c] = dialect === 'postgres' ? `$${r * width + c + 1}` : '?';
    tuples[r] = `(${marks.join(',')})`;
  }
  const sql = `insert into ${table} (${columns.join(', ')}) values ${tuples.join(',')}${suffix ? ` ${suffix}` : ''}`;
  if (sqlCache.size > 500) sqlCache.clear();
  sqlCache.set(cacheKey, sql);
  return sql;
}

/**
 * Inserts `values` (row-major, `columns.length` values per row) in as few statements as the parameter limit
 * allows; returns the rows a `returning` suffix produced.
 */
export async function bulkInsert<R = unknown>(
  db: Db,
  dialect: Dialect,
  table: string,
  columns: readonly string[],
  values: readonly unknown[],
  suffix = '',
): Promise<R[]> {
  const width = columns.length;
  const total = values.length / width;
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / width));
  const out: R[] = [];
  for (let start = 0; start < total; start += perStatement) {
    const rows = Math.min(perStatement, total - start);
    const params =
      start === 0 && rows === total ? values : values.slice(start * width, (start + rows) * width);
    const sql = multiRowInsertSql(dialect, table, columns, rows, suffix);
    const result = await db.executeQuery<R>(CompiledQuery.raw(sql, params as unknown[]));
    for (const row of result.rows) out.push(row);
  }
  return out;
}
