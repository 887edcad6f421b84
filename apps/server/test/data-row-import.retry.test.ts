import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { IMPORT_BATCH_SIZE } from '../src/services/data-row-import/service.ts';
import { createTestContext, dialects } from './harness.ts';
import { storeManifest } from './upload-manifest.ts';

type Sut = Awaited<ReturnType<typeof createTestContext>>;

/**
 * An upsert job whose write fails part way (a database error on one row, raised by a trigger while the rows are
 * being copied or inserted) stores nothing of the failed transaction; the retry imports every row exactly once.
 */
for (const dialect of dialects) {
  describe(`upsert job retried after a failed write (${dialect})`, () => {
    const manifestFor = (sut: Sut, items: unknown[]) =>
      storeManifest(sut, [JSON.stringify(items)], { itemCount: items.length });

    /** A trigger that fails the insert of the row with global key `poison` (a real database error). */
    async function poison(sut: Sut): Promise<void> {
      if (dialect === 'postgres') {
        await sql
          .raw(
            `create function poison_row() returns trigger language plpgsql as $$
             begin if new.global_key = 'poison' then raise exception 'poisoned row'; end if; return new; end $$`,
          )
          .execute(sut.db);
        await sql
          .raw(
            'create trigger poison_row before insert on data_rows for each row execute function poison_row()',
          )
          .execute(sut.db);
      } else {
        await sql
          .raw(
            `create trigger poison_row before insert on data_rows when new.global_key = 'poison'
             begin select raise(abort, 'poisoned row'); end`,
          )
          .execute(sut.db);
      }
    }

    async function storedKeys(sut: Sut, datasetId: string): Promise<string[]> {
      const rows = await sut.db
        .selectFrom('data_rows')
        .select('global_key')
        .where('dataset_id', '=', datasetId)
        .execute();
      return rows.map((r) => r.global_key!).sort();
    }

    for (const at of [10, IMPORT_BATCH_SIZE + 10]) {
      it(`a failure at item ${at} (batch ${Math.floor(at / IMPORT_BATCH_SIZE)}) leaves no rows; the retry stores each once`, async () => {
        const sut = await createTestContext(dialect, { inlineJobMaxItems: 0 });
        try {
          const dataset = await sut.services.datasets.create(sut.actor, { name: 'retry' });
          const items = Array.from({ length: 2 * IMPORT_BATCH_SIZE + 500 }, (_, i) => ({
            id: { type: 'AUTO', value: '' },
            payload: {
              row_data: `https://example.com/${i}.jpg`,
              global_key: i === at ? 'poison' : `retry-${i}`,
              external_id: `tab\there ${i}`,
              dataset_id: dataset.id,
            },
          }));
          const job = await sut.services.dataRowImports.startUpsert(sut.actor, await manifestFor(sut, items));
          await poison(sut);

          const failed = await sut.ctx.jobs.runNow(job.id);
          assert.equal(failed?.status, 'QUEUED', 'a failed run is retried later');
          assert.match(failed?.errors ?? '', /poisoned row/);
          assert.deepEqual(await storedKeys(sut, dataset.id), [], 'nothing of the failed transaction');
          assert.equal((await sut.services.datasets.get(sut.actor, dataset.id)).row_count, 0);

          await sql
            .raw(dialect === 'postgres' ? 'drop trigger poison_row on data_rows' : 'drop trigger poison_row')
            .execute(sut.db);
          const done = await sut.ctx.jobs.runNow(job.id);
          assert.equal(done?.status, 'DONE');
          const keys = await storedKeys(sut, dataset.id);
          assert.equal(keys.length, items.length);
          assert.deepEqual(keys, items.map((i) => i.payload.global_key).sort());
          assert.equal((await sut.services.datasets.get(sut.actor, dataset.id)).row_count, items.length);
          const page = await sut.services.dataRowImports.page(sut.actor, job.id, 'successes', 10_000, null);
          assert.equal(page.total, items.length);
          assert.deepEqual(
            page.items.map((r) => r.globalKey),
            items.map((i) => i.payload.global_key),
          );
          assert.equal(page.items[at]?.globalKey, 'poison');
        } finally {
          await sut.close();
        }
      });
    }
  });
}
