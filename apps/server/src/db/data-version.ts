import type { Database as SqliteDatabase } from 'better-sqlite3';
import { sql } from 'kysely';
import type { Db } from './database.ts';

/*
 * A token that changes whenever committed data may have changed, read with one cheap query (no table is touched):
 *
 * - SQLite: this connection's `total_changes()` (rows written through it, transactions that rolled back included)
 *   and `PRAGMA data_version` (moves when any other connection or process commits).
 * - PostgreSQL: the current snapshot (`xmin:xmax:in-progress xids`). Two reads with the same snapshot see the same
 *   committed rows; any transaction that writes takes an xid, which moves the snapshot on, and its commit moves it
 *   again, so a snapshot seen before a commit never recurs after it. It covers every replica sharing the database.
 *
 * Both are conservative (a write elsewhere, even to unrelated rows or another database on the cluster, counts).
 */

/**
 * SQLite's token, read synchronously from the connection itself: it is read on every request the response cache
 * may answer, and through Kysely (query compile, connection mutex, promise hops) it cost about three times the
 * statement (issue 11's `{ user { id } }` profiles).
 */
export function sqliteDataVersion(sqlite: SqliteDatabase): () => string {
  const statement = sqlite
    .prepare(`select total_changes() || ':' || (select data_version from pragma_data_version)`)
    .pluck();
  return () => statement.get() as string;
}

export function postgresDataVersion(db: Db): () => Promise<string> {
  const query = sql<{ v: string }>`select txid_current_snapshot()::text as v`;
  return async () => (await query.execute(db)).rows[0]!.v;
}
