import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataRowRepository } from '../src/repositories/data-row.repository.ts';
import { dataRowTuple } from './data-row.tuple.ts';
import { createTestContext, dialects } from './harness.ts';

/** `insertMany` (bulk imports; on PostgreSQL through COPY): values stored exactly, taken keys skipped. */
for (const dialect of dialects) {
  describe(`data-row bulk inserts (${dialect})`, () => {
    async function setup() {
      const sut = await createTestContext(dialect);
      const dataset = await sut.services.datasets.create(sut.actor, { name: 'bulk' });
      const now = new Date().toISOString();
      const tuple = (values: Parameters<typeof dataRowTuple>[3]) =>
        dataRowTuple(sut.actor, dataset.id, now, values);
      return { sut, repo: new DataRowRepository(sut.db, dialect), tuple };
    }

    it('stores tabs, newlines, backslashes, \\N and non-ASCII text exactly, and nulls as null', async () => {
      const { sut, repo, tuple } = await setup();
      try {
        const awkward = [
          'tab\there',
          'line\nbreak\r\nand return\r',
          'back\\slash \\N \\t',
          '\\N',
          'ünïcødé ✓ 😀',
          '',
        ];
        const tuples = awkward.map((text, i) =>
          tuple({ rowData: text, externalId: i % 2 === 0 ? text : null, globalKey: `k-${i}-${text}` }),
        );
        const inserted = await repo.insertMany(tuples);
        assert.equal(inserted.size, tuples.length);
        const rows = await repo.findByIds(
          sut.actor.organizationId,
          tuples.map((t) => t[0] as string),
        );
        const byId = new Map(rows.map((r) => [r.id, r]));
        for (const t of tuples) {
          const row = byId.get(t[0] as string)!;
          assert.equal(row.row_data, t[3]);
          assert.equal(row.external_id, t[4]);
          assert.equal(row.global_key, t[5]);
          assert.equal(row.media_type, null);
        }
      } finally {
        await sut.close();
      }
    });

    it('skips rows whose global key is taken (by a stored row or an earlier row of the call); the rest are stored', async () => {
      const { sut, repo, tuple } = await setup();
      try {
        const first = tuple({ globalKey: 'taken' });
        assert.deepEqual(await repo.insertMany([first]), new Set([first[0]]));
        const again = tuple({ globalKey: 'taken' });
        const dupA = tuple({ globalKey: 'dup', externalId: 'first' });
        const dupB = tuple({ globalKey: 'dup', externalId: 'second' });
        const free = tuple({ globalKey: null });
        const inserted = await repo.insertMany([again, dupA, dupB, free]);
        assert.deepEqual(inserted, new Set([dupA[0], free[0]]));
        const stored = await repo.findByGlobalKeys(sut.actor.organizationId, ['dup', 'taken']);
        assert.deepEqual(stored.map((r) => r.id).sort(), [first[0], dupA[0]].sort());
        // In one transaction, twice: nothing left over from the first call is stored by the second.
        const [x, y, z] = [tuple({ globalKey: 'dup' }), tuple({ globalKey: 'x' }), tuple({ globalKey: 'y' })];
        const [one, two] = await sut.db
          .transaction()
          .execute(async (trx) => [
            await repo.with(trx).insertMany([x, y]),
            await repo.with(trx).insertMany([z]),
          ]);
        assert.deepEqual(one, new Set([y[0]]));
        assert.deepEqual(two, new Set([z[0]]));
        const keys = await repo.findByGlobalKeys(sut.actor.organizationId, ['x', 'y']);
        assert.deepEqual(keys.map((r) => r.id).sort(), [y[0], z[0]].sort());
      } finally {
        await sut.close();
      }
    });

    it('leaves nothing behind when the transaction around it rolls back', async () => {
      const { sut, repo, tuple } = await setup();
      try {
        const t = tuple({ globalKey: 'rolled-back' });
        await assert.rejects(
          sut.db.transaction().execute(async (trx) => {
            await repo.with(trx).insertMany([t]);
            throw new Error('stop');
          }),
          /stop/,
        );
        assert.deepEqual(await repo.findByIds(sut.actor.organizationId, [t[0] as string]), []);
        assert.equal((await repo.insertMany([tuple({ globalKey: 'rolled-back' })])).size, 1);
      } finally {
        await sut.close();
      }
    });
  });
}
