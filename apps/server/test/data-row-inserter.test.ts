import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataRowRepository } from '../src/repositories/data-row.repository.ts';
import { IMPORT_BATCH_SIZE } from '../src/services/data-row-import/service.ts';
import { dataRowTuple } from './data-row.tuple.ts';
import { createTestContext, dialects } from './harness.ts';

/**
 * `DataRowRepository.inserter` (bulk imports; on PostgreSQL one COPY streamed across `add` calls): the outcome is
 * that of one insert per `add`, and an error anywhere in the stream leaves nothing behind.
 */
for (const dialect of dialects) {
  describe(`data-row inserter (${dialect})`, () => {
    async function setup() {
      const sut = await createTestContext(dialect);
      const datasets = [
        await sut.services.datasets.create(sut.actor, { name: 'one' }),
        await sut.services.datasets.create(sut.actor, { name: 'two' }),
      ];
      const now = new Date().toISOString();
      const tuple = (datasetId: string, globalKey: string | null) =>
        dataRowTuple(sut.actor, datasetId, now, { globalKey });
      const repo = new DataRowRepository(sut.db, dialect);
      const stored = async () =>
        (await sut.db.selectFrom('data_rows').select('id').execute()).map((r) => r.id).sort();
      return { sut, repo, datasets: datasets.map((d) => d.id), tuple, stored };
    }

    it('skips a taken global key wherever it comes in the stream, across datasets, and counts from the last flush', async () => {
      const { sut, repo, datasets, tuple, stored } = await setup();
      const [one, two] = datasets as [string, string];
      try {
        const first = Array.from({ length: 5 }, (_, i) => tuple(one, `k-${i}`));
        const again = tuple(two, 'k-3');
        const free = tuple(two, 'free');
        const third = [tuple(one, 'k-0'), tuple(one, null), tuple(two, 'late')];
        const [skipped, later] = await sut.db.transaction().execute(async (trx) => {
          const sut = repo.with(trx).inserter();
          await sut.add(first);
          await sut.add([again, free]); // a dataset of its own: locked between two COPYs on PostgreSQL
          const skipped = await sut.flush();
          await sut.add(third);
          return [skipped, await sut.flush()];
        });
        assert.deepEqual(skipped, [5]);
        assert.deepEqual(later, [0]);
        const expected = [...first, free, third[1]!, third[2]!].map((t) => t[0] as string);
        assert.deepEqual(await stored(), expected.sort());
      } finally {
        await sut.close();
      }
    });

    it('waits for the server when more than the stream holds is added, and still skips a taken key (no hang)', async () => {
      const { sut, repo, datasets, tuple, stored } = await setup();
      try {
        const big = (key: string) => {
          const t = tuple(datasets[0]!, key);
          t[3] = `https://example.com/${'x'.repeat(64 * 1024)}/${key}`;
          return t;
        };
        // 3 × 40 rows of 64 KB: each add is more than the stream's buffer, so it waits for the server to take it.
        const adds = [0, 1, 2].map((a) => Array.from({ length: 40 }, (_, i) => big(`big-${a}-${i}`)));
        adds[2]![5] = big('big-0-7');
        const skipped = await sut.db.transaction().execute(async (trx) => {
          const sut = repo.with(trx).inserter();
          for (const rows of adds) await sut.add(rows);
          return sut.flush();
        });
        assert.deepEqual(skipped, [85]);
        assert.equal((await stored()).length, 119);
      } finally {
        await sut.close();
      }
    });

    it('stores nothing when the caller fails while a COPY is in flight, and the connection stays usable', async () => {
      const { sut, repo, datasets, tuple, stored } = await setup();
      try {
        const rows = Array.from({ length: 3 * IMPORT_BATCH_SIZE }, (_, i) => tuple(datasets[0]!, `f-${i}`));
        await assert.rejects(
          sut.db.transaction().execute(async (trx) => {
            const sut = repo.with(trx).inserter();
            await sut.add(rows.slice(0, IMPORT_BATCH_SIZE));
            await sut.add(rows.slice(IMPORT_BATCH_SIZE, 2 * IMPORT_BATCH_SIZE));
            const failure = new Error('building the next batch failed');
            await sut.abort(failure);
            throw failure;
          }),
          /building the next batch failed/,
        );
        assert.deepEqual(await stored(), []);
        assert.deepEqual(await repo.insertRows(rows), []);
        assert.equal((await stored()).length, rows.length);
      } finally {
        await sut.close();
      }
    });

    it('reports a database error in the middle of the stream at flush; the rolled-back transaction stores nothing', async () => {
      const { sut, repo, datasets, tuple, stored } = await setup();
      try {
        const good = Array.from({ length: IMPORT_BATCH_SIZE }, (_, i) => tuple(datasets[0]!, `g-${i}`));
        const bad = tuple(datasets[0]!, 'bad');
        bad[1] = null; // organization_id is not null
        await assert.rejects(
          sut.db.transaction().execute(async (trx) => {
            const sut = repo.with(trx).inserter();
            await sut.add(good.slice(0, 500));
            await sut.add([bad]);
            await sut.add(good.slice(500));
            await sut.flush();
          }),
          /null value in column "organization_id"|NOT NULL constraint failed: data_rows.organization_id/,
        );
        assert.deepEqual(await stored(), []);
      } finally {
        await sut.close();
      }
    });

    it('refuses a dataset that does not exist, even after rows of another were streamed; nothing is stored', async () => {
      const { sut, repo, datasets, tuple, stored } = await setup();
      try {
        await assert.rejects(
          sut.db.transaction().execute(async (trx) => {
            const sut = repo.with(trx).inserter();
            await sut.add([tuple(datasets[0]!, 'a')]);
            await sut.add([tuple('no-such-dataset', 'b')]);
            await sut.flush();
          }),
          /dataset|FOREIGN KEY/,
        );
        assert.deepEqual(await stored(), []);
      } finally {
        await sut.close();
      }
    });
  });
}
