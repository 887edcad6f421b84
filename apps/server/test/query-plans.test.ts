import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { DataRowRepository } from '../src/repositories/data-row.repository.ts';
import { tempDir } from './harness.ts';

/**
 * Plans SQLite picks without table statistics (a fresh database, or one never analysed): a lookup of a page of ids
 * must use the primary key, not walk the organization through an (organization_id, …) index — at a million rows
 * that walk read every row of the organization for each page of labels.
 */
describe('SQLite query plans', () => {
  let file: string;
  let raw: SQLite.Database;
  let db: Kysely<Database>;
  const statements: string[] = [];

  before(async () => {
    file = path.join(tempDir(), 'plans.db');
    db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: new SQLite(file) }),
      log: (event) => {
        if (event.level === 'query') statements.push(event.query.sql);
      },
    });
    await migrateToLatest(db);
    raw = new SQLite(file);
  });
  after(async () => {
    await db.destroy();
    raw.close();
  });

  const plan = (sql: string) => {
    const params = (sql.match(/\?/g) ?? []).map(() => 'x');
    return (raw.prepare(`explain query plan ${sql}`).all(...params) as Array<{ detail: string }>)
      .map((r) => r.detail)
      .join(' | ');
  };

  it('data rows by id: primary key lookups', async () => {
    const sut = new DataRowRepository(db, 'sqlite');
    const ids = Array.from({ length: 100 }, (_, i) => `row-${i}`);
    statements.length = 0;
    await sut.findByIds('org', ids);
    await sut.resolveDataRowIds('org', { ids });
    await sut.deleteByIds('org', ids);
    const onDataRows = statements.filter((s) => /from "data_rows"/.test(s));
    assert.equal(onDataRows.length, 3);
    for (const sql of onDataRows) {
      const detail = plan(sql);
      assert.match(detail, /data_rows USING (INDEX sqlite_autoindex_data_rows_1|PRIMARY KEY) \(id=\?\)/, sql);
      assert.doesNotMatch(detail, /organization_id=\?/, sql);
    }
  });
});
