import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import type { SqliteDatabase as KyselySqliteDatabase } from 'kysely';
import { LruMap } from '../cache/lru-map.ts';

/**
 * The better-sqlite3 handle Kysely runs on, with prepared statements kept per SQL text. Kysely prepares every
 * query afresh, and compiling SQL is a large share of a small request's cost; the same few hundred statements
 * repeat. A statement still being iterated (a streamed export) is busy, so a second user of the same SQL gets a
 * fresh one rather than sharing it.
 */
export function withStatementCache(sqlite: SqliteDatabase, max = 500): KyselySqliteDatabase {
  const statements = new LruMap<string, Statement>(max);
  return {
    prepare(sql: string) {
      const cached = statements.get(sql);
      if (cached && !cached.busy) return cached;
      const statement = sqlite.prepare(sql);
      if (!cached) statements.set(sql, statement);
      return statement;
    },
    close() {
      statements.clear();
      sqlite.close();
    },
  };
}
