import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database, Db, Dialect } from './database.ts';
import { copyingPool } from './postgres-copy.ts';
import { withStatementCache } from './sqlite-statements.ts';

export type DatabaseHandle = {
  db: Db;
  dialect: Dialect;
  /** A description safe to log (no password). */
  where: string;
  close: () => Promise<void>;
};

export type DatabaseOptions = { databaseUrl?: string | undefined; dataDir: string; sqliteFile?: string };

export function connectDatabase(options: DatabaseOptions): DatabaseHandle {
  if (options.databaseUrl) return connectPostgres(options.databaseUrl);
  fs.mkdirSync(options.dataDir, { recursive: true });
  return connectSqlite(options.sqliteFile ?? path.join(options.dataDir, 'labelyard.db'));
}

export function connectSqlite(file: string): DatabaseHandle {
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 10000');
  sqlite.pragma('cache_size = -16384');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, dialect: 'sqlite', where: `sqlite:${file}`, close: () => db.destroy() };
}

export function connectPostgres(url: string): DatabaseHandle {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client that errors (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: copyingPool(pool) }) });
  const safe = new URL(url);
  safe.password = '';
  return { db, dialect: 'postgres', where: safe.toString(), close: () => db.destroy() };
}
