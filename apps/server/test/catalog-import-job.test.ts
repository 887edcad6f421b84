import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  IMPORT_BATCH_SIZE,
  type ImportedRow,
  type ImportPage,
} from '../src/services/data-row-import/service.ts';
import { createTestContext, dialects } from './harness.ts';
import { storeManifest } from './upload-manifest.ts';

for (const dialect of dialects) {
  describe(`upsert job (${dialect})`, () => {
    /** The items as one uploaded chunk, and the signed URL of its manifest. */
    const manifestFor = (sut: Awaited<ReturnType<typeof createTestContext>>, items: unknown[]) =>
      storeManifest(sut, [JSON.stringify(items)], { itemCount: items.length, sign: true });
    const items = (datasetId: string, n: number) =>
      Array.from({ length: n }, (_, i) => ({
        id: { type: 'AUTO', value: '' },
        payload: { row_data: `https://example.com/${i}.jpg`, global_key: `job-${i}`, dataset_id: datasetId },
      }));

    it('reads a chunk as UTF-8 whatever it holds: non-ASCII text is stored exactly, ASCII too', async () => {
      const sut = await createTestContext(dialect);
      try {
        const dataset = await sut.services.datasets.create(sut.actor, { name: 'text' });
        const texts = ['plain ascii', 'ünïcødé ✓ 😀 日本語', 'café — Ω', 'x'.repeat(300)];
        for (const text of texts) {
          const chunk = [
            {
              id: { type: 'AUTO', value: '' },
              payload: { row_data: text, external_id: text, dataset_id: dataset.id },
            },
          ];
          const job = await sut.services.dataRowImports.startUpsert(sut.actor, await manifestFor(sut, chunk));
          assert.equal(job.status, 'DONE');
          const page = await sut.services.dataRowImports.page(sut.actor, job.id, 'successes', 10, null);
          assert.deepEqual(
            page.items.map((r) => [r.rowData, r.externalId]),
            [[text, text]],
          );
        }
      } finally {
        await sut.close();
      }
    });

    it('resumes after the last committed batch: no item is imported twice', async () => {
      const sut = await createTestContext(dialect, { inlineJobMaxItems: 0 });
      try {
        const dataset = await sut.services.datasets.create(sut.actor, { name: 'resume' });
        const all = items(dataset.id, IMPORT_BATCH_SIZE + 500);
        const job = await sut.services.dataRowImports.startUpsert(sut.actor, await manifestFor(sut, all));
        assert.equal(job.status, 'QUEUED', 'over the inline limit: left to the worker');
        // A worker committed the first batch and died.
        const importer = await sut.services.dataRowImports.importer(sut.actor);
        await importer.importBatch(all.slice(0, IMPORT_BATCH_SIZE), { jobId: job.id, batchNo: 0 });
        const done = await sut.ctx.jobs.runNow(job.id);
        assert.equal(done?.status, 'DONE');
        assert.equal((await sut.services.datasets.get(sut.actor, dataset.id)).row_count, all.length);
        const page: ImportPage<ImportedRow> = await sut.services.dataRowImports.page(
          sut.actor,
          job.id,
          'successes',
          10_000,
          null,
        );
        assert.equal(page.total, all.length);
        assert.equal(page.items.length, all.length);
        assert.equal(page.after, null);
        const failures = await sut.services.dataRowImports.page(sut.actor, job.id, 'failures', 10, null);
        assert.deepEqual(failures, { items: [], after: null, total: 0 });
      } finally {
        await sut.close();
      }
    });

    it('pages outcomes across batches with exact cursors', async () => {
      const sut = await createTestContext(dialect);
      try {
        const dataset = await sut.services.datasets.create(sut.actor, { name: 'pages' });
        const all = items(dataset.id, IMPORT_BATCH_SIZE + 3);
        const job = await sut.services.dataRowImports.startUpsert(sut.actor, await manifestFor(sut, all));
        assert.equal(job.status, 'DONE', 'under the inline limit: finished in the request');
        const seen: string[] = [];
        let from: string | null = null;
        let pages = 0;
        do {
          const page: ImportPage<ImportedRow> = await sut.services.dataRowImports.page(
            sut.actor,
            job.id,
            'successes',
            IMPORT_BATCH_SIZE,
            from,
          );
          seen.push(...page.items.map((r) => r.globalKey!));
          from = page.after;
          pages++;
        } while (from);
        assert.equal(pages, 2);
        assert.deepEqual(
          seen,
          all.map((i) => i.payload.global_key),
        );
        await assert.rejects(
          sut.services.dataRowImports.page(sut.actor, job.id, 'successes', 10, 'garbage'),
          /data\.from/,
        );
      } finally {
        await sut.close();
      }
    });
  });
}
