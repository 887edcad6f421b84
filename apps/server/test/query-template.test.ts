import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../src/db/connect.ts';
import type { Db } from '../src/db/database.ts';
import { makeTemplate, queryTemplate } from '../src/db/query-template.ts';
import { createTestDatabase, dialects } from './harness.ts';

const NOW = '2026-01-01T00:00:00Z';
const byName = queryTemplate((db: Db, id: string, name: string) =>
  db.selectFrom('organizations').select(['id', 'name']).where('id', '=', id).where('name', '=', name),
);
const byNamePart = queryTemplate((db: Db, part: string) =>
  db.selectFrom('organizations').select('id').where('name', 'like', `%${part}%`).orderBy('id'),
);
const literal = queryTemplate((db: Db, id: string) =>
  db.selectFrom('organizations').select('id').where('id', '=', sql.lit(id)),
);

describe('query templates: compiled once, run with each call’s arguments', () => {
  const databases: DatabaseHandle[] = [];
  before(async () => {
    for (const dialect of dialects) {
      const database = await createTestDatabase(dialect);
      await database.db
        .insertInto('organizations')
        .values(
          ['alpha', "o'brien", 'a%b', 'beta'].map((name, i) => ({
            id: `org-${i}`,
            name,
            created_at: NOW,
            updated_at: NOW,
          })),
        )
        .execute();
      databases.push(database);
    }
  });
  after(() => Promise.all(databases.map((d) => d.close())));

  it('answers as the query built afresh, for every argument, on each database in turn (one template per dialect)', async () => {
    for (let round = 0; round < 2; round++) {
      for (const database of databases) {
        assert.deepEqual(await byName(database.db, 'org-0', 'alpha'), [{ id: 'org-0', name: 'alpha' }]);
        assert.deepEqual(await byName(database.db, 'org-1', "o'brien"), [{ id: 'org-1', name: "o'brien" }]);
        assert.deepEqual(await byName(database.db, 'org-1', 'alpha'), []);
        assert.deepEqual(await byName(database.db, 'org-9', ''), []);
      }
    }
  });

  it('runs inside a transaction on its connection', async () => {
    for (const database of databases) {
      await database.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('organizations')
          .values({ id: 'org-trx', name: 'in trx', created_at: NOW, updated_at: NOW })
          .execute();
        assert.deepEqual(await byName(trx, 'org-trx', 'in trx'), [{ id: 'org-trx', name: 'in trx' }]);
      });
    }
  });

  it('builds each time a query whose arguments are not whole parameters, with the right answer', async () => {
    for (const database of databases) {
      for (let round = 0; round < 2; round++) {
        assert.deepEqual(await byNamePart(database.db, "'b"), [{ id: 'org-1' }]);
        assert.deepEqual(await byNamePart(database.db, 'et'), [{ id: 'org-3' }]);
        assert.deepEqual(await literal(database.db, 'org-0'), [{ id: 'org-0' }]);
        assert.deepEqual(await literal(database.db, 'org-3'), [{ id: 'org-3' }]);
      }
    }
  });

  it('makes a template only when every argument is a whole parameter and none is written into the SQL', () => {
    const db = databases[0]!.db;
    const sentinel = (i: number) => `\u0000query-template:${i}\u0000`;
    const plain = db
      .selectFrom('organizations')
      .select('id')
      .where('id', '=', sentinel(0))
      .where('name', '=', 'x');
    assert.deepEqual(makeTemplate(plain.compile(), 1)?.slots, [{ arg: 0 }, { value: 'x' }]);
    const twice = db
      .selectFrom('organizations')
      .select('id')
      .where('id', '=', sentinel(0))
      .where('name', '=', sentinel(0));
    assert.deepEqual(makeTemplate(twice.compile(), 1)?.slots, [{ arg: 0 }, { arg: 0 }]);
    const unused = db.selectFrom('organizations').select('id').where('id', '=', sentinel(0));
    assert.equal(makeTemplate(unused.compile(), 2), null);
    const wrapped = db
      .selectFrom('organizations')
      .select('id')
      .where('name', 'like', `%${sentinel(0)}`);
    assert.equal(makeTemplate(wrapped.compile(), 1), null);
    const inlined = db
      .selectFrom('organizations')
      .select('id')
      .where('id', '=', sql.lit(sentinel(0)));
    assert.equal(makeTemplate(inlined.compile(), 1), null);
  });
});
