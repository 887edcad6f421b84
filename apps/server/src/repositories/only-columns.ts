import type { SelectQueryBuilder } from 'kysely';

/**
 * Narrows a `selectAll()` query to `columns` when given (`table.column` when `table` is): a list page showing 4 of
 * a table's 21 columns spent most of its SQLite time reading and converting the other 17. The rows are then
 * partial, so only a caller that reads nothing else may pass columns (graphql/selected-columns.ts derives them from
 * the GraphQL selection).
 */
export function onlyColumns<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  columns: readonly string[] | undefined,
  table?: string,
): SelectQueryBuilder<DB, TB, O> {
  if (!columns) return query;
  const names = table ? columns.map((c) => `${table}.${c}`) : columns;
  return query.clearSelect().select(names as never) as unknown as SelectQueryBuilder<DB, TB, O>;
}
