import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newId } from '../src/ids.ts';
import { DataRowRepository } from '../src/repositories/data-row.repository.ts';
import { dataRowTuple } from './data-row.tuple.ts';
import { createTestContext, dialects } from './harness.ts';

/**
 * `data_rows.dataset_id` names an existing dataset, and a dataset that has data rows is not deleted: the foreign
 * key on SQLite; on PostgreSQL one locked check per insert and a trigger on datasets (migration 2026-12-06T1201).
 */
for (const dialect of dialects) {
  describe(`data rows keep their dataset (${dialect})`, () => {
    async function setup() {
      const sut = await createTestContext(dialect);
      const dataset = await sut.services.datasets.create(sut.actor, { name: 'kept' });
      const now = new Date().toISOString();
      const tuple = (datasetId: string) => dataRowTuple(sut.actor, datasetId, now);
      return { sut, dataset, repo: new DataRowRepository(sut.db, dialect), tuple };
    }

    it('refuses rows of a dataset that does not exist, and stores none of the call', async () => {
      const { sut, dataset, repo, tuple } = await setup();
      try {
        const good = tuple(dataset.id);
        await assert.rejects(repo.insertMany([good, tuple(newId())]));
        assert.deepEqual(await repo.findByIds(sut.actor.organizationId, [good[0] as string]), []);
      } finally {
        await sut.close();
      }
    });

    it('refuses to delete a dataset, or change its id, while it has data rows; an empty one goes', async () => {
      const { sut, dataset, repo, tuple } = await setup();
      try {
        await repo.insertMany([tuple(dataset.id)]);
        await assert.rejects(sut.db.deleteFrom('datasets').where('id', '=', dataset.id).execute());
        await assert.rejects(
          sut.db.updateTable('datasets').set({ id: newId() }).where('id', '=', dataset.id).execute(),
        );
        // Other columns change freely (a soft delete is an update).
        await sut.db.updateTable('datasets').set({ name: 'renamed' }).where('id', '=', dataset.id).execute();
        const empty = await sut.services.datasets.create(sut.actor, { name: 'empty' });
        await sut.db.deleteFrom('datasets').where('id', '=', empty.id).execute();
        const left = await sut.db.selectFrom('datasets').select('id').where('id', '=', empty.id).execute();
        assert.deepEqual(left, []);
      } finally {
        await sut.close();
      }
    });

    if (dialect === 'postgres') {
      it('a delete of the dataset waits for rows being inserted, then sees them and is refused', async () => {
        const { sut, dataset, repo, tuple } = await setup();
        try {
          let deleting: Promise<unknown> | undefined;
          let settled = false;
          await sut.db.transaction().execute(async (trx) => {
            await repo.with(trx).insertMany([tuple(dataset.id)]);
            deleting = sut.db
              .deleteFrom('datasets')
              .where('id', '=', dataset.id)
              .execute()
              .finally(() => (settled = true));
            deleting.catch(() => undefined);
            await new Promise((resolve) => setTimeout(resolve, 300));
            assert.equal(settled, false, 'the delete waits for the inserting transaction');
          });
          await assert.rejects(deleting!, /violates foreign key constraint/);
        } finally {
          await sut.close();
        }
      });
    }
  });
}
