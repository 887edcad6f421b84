import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../src/db/connect.ts';
import { createTestDatabase, dialects } from './harness.ts';

/** The token the response cache keys its answers by: it must move on every commit, wherever it comes from. */
for (const dialect of dialects) {
  describe(`data version on ${dialect}`, () => {
    let database: DatabaseHandle;
    before(async () => {
      database = await createTestDatabase(dialect);
    });
    after(() => database.close());

    const read = async () => await database.dataVersion();

    it('moves on a write through this connection, committed or rolled back', async () => {
      const before = await read();
      await sql.raw(insertOrganization('dv-own')).execute(database.db);
      const committed = await read();
      assert.notEqual(committed, before);
      await database.db
        .transaction()
        .execute(async (trx) => {
          await sql.raw(insertOrganization('dv-rolled')).execute(trx);
          throw new Error('roll back');
        })
        .catch(() => undefined);
      assert.notEqual(await read(), committed);
    });

    it('moves when another connection commits', async () => {
      const before = await read();
      await commitElsewhere(database, insertOrganization('dv-elsewhere'));
      assert.notEqual(await read(), before);
    });

    if (dialect === 'sqlite') {
      it("stays the same while nothing is written (PostgreSQL's moves with any transaction on the cluster)", async () => {
        const first = await read();
        await sql`select count(*) from organizations`.execute(database.db);
        assert.equal(await read(), first);
      });

      it('is read synchronously from the connection (no promise to wait for)', () => {
        assert.equal(typeof database.dataVersion(), 'string');
      });
    }
  });
}

const insertOrganization = (id: string) =>
  `insert into organizations (id, name, created_at, updated_at) values ('${id}', '${id}', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`;

async function commitElsewhere(database: DatabaseHandle, statement: string): Promise<void> {
  if (database.dialect === 'sqlite') {
    const other = new SQLite(database.where.replace(/^sqlite:/, ''));
    try {
      other.exec(statement);
    } finally {
      other.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: urlOf(database) });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

function urlOf(database: DatabaseHandle): string {
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = new URL(database.where).pathname;
  return url.toString();
}
