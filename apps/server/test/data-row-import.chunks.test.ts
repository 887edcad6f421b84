import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  IMPORT_BATCH_SIZE,
  type ImportedRow,
  type ImportPage,
} from '../src/services/data-row-import/service.ts';
import { createTestContext, dialects } from './harness.ts';
import { storeManifest } from './upload-manifest.ts';

type Sut = Awaited<ReturnType<typeof createTestContext>>;

/**
 * Upload chunks as the upsert job reads them: a chunk that is not a JSON array — wherever the fault is, however large
 * the chunk — is one failure and stores nothing; the chunks around it import. (A reader that parses a chunk in pieces
 * while storing the first ones must keep this.)
 */
for (const dialect of dialects) {
  describe(`upsert job chunks (${dialect})`, () => {
    async function run(sut: Sut, chunks: string[]) {
      const imports = sut.services.dataRowImports;
      const job = await imports.startUpsert(sut.actor, await storeManifest(sut, chunks));
      assert.equal(job.status, 'DONE');
      const failures = await imports.page(sut.actor, job.id, 'failures', 100, null);
      const successes = await imports.page(sut.actor, job.id, 'successes', 10_000, null);
      return { failures: failures.items.map((f) => f.message), successes: successes.items };
    }
    const item = (datasetId: string, key: string, extra: Record<string, unknown> = {}) => ({
      id: { type: 'AUTO', value: '' },
      payload: {
        row_data: `https://example.com/${key}.jpg`,
        global_key: key,
        dataset_id: datasetId,
        ...extra,
      },
    });
    const many = (datasetId: string, prefix: string, n: number) =>
      Array.from({ length: n }, (_, i) => item(datasetId, `${prefix}-${i}`));

    it('a chunk broken far from its start stores nothing of it; the chunks before and after import', async () => {
      const sut = await createTestContext(dialect);
      try {
        const dataset = await sut.services.datasets.create(sut.actor, { name: 'chunks' });
        const broken = JSON.stringify(many(dataset.id, 'b', 12 * IMPORT_BATCH_SIZE + 5));
        // A fault in the last thousand items (the second transaction's range), and a trailing comma at a piece's end.
        const faultAt = broken.lastIndexOf('"global_key"');
        const chunks = [
          JSON.stringify(many(dataset.id, 'a', 3)),
          `${broken.slice(0, faultAt)}"global_key";${broken.slice(faultAt + '"global_key":'.length)}`,
          JSON.stringify(many(dataset.id, 'c', IMPORT_BATCH_SIZE)).slice(0, -1) + ',]',
          ' [ ] ',
          JSON.stringify(many(dataset.id, 'd', 2)),
        ];
        const { failures, successes } = await run(sut, chunks);
        assert.deepEqual(failures, [
          'Chunk 1 of the manifest is not a JSON array of data rows',
          'Chunk 2 of the manifest is not a JSON array of data rows',
        ]);
        assert.deepEqual(
          successes.map((r) => r.globalKey),
          ['a-0', 'a-1', 'a-2', 'd-0', 'd-1'],
        );
        assert.equal((await sut.services.datasets.get(sut.actor, dataset.id)).row_count, 5);
      } finally {
        await sut.close();
      }
    });

    it('imports a large compact chunk whose strings and lists look like item boundaries, as JSON.parse reads it', async () => {
      const sut = await createTestContext(dialect);
      try {
        const dataset = await sut.services.datasets.create(sut.actor, { name: 'pieces' });
        // More than a transaction's items: on PostgreSQL the rest is read while the first ones are stored.
        const look = '},{"id":{"type":"AUTO","value":""},"payload":{';
        const items = Array.from({ length: 11 * IMPORT_BATCH_SIZE + 7 }, (_, i) =>
          i % 2 === 0
            ? item(dataset.id, `n-${i}`, {
                external_id: `${look}${i}`,
                // Unknown to the descriptor (ignored), and a nested list whose objects start as items do.
                extra: [{ id: { type: 'AUTO', value: '' } }, { id: 2 }],
                attachments: [
                  { type: 'RAW_TEXT', value: look, name: null },
                  { type: 'RAW_TEXT', value: '{,}', name: null },
                ],
              })
            : item(dataset.id, `n-${i}`),
        );
        const imports = sut.services.dataRowImports;
        const job = await imports.startUpsert(sut.actor, await storeManifest(sut, [JSON.stringify(items)]));
        assert.equal(job.status, 'DONE');
        assert.equal((await imports.page(sut.actor, job.id, 'failures', 100, null)).total, 0);
        const successes: ImportedRow[] = [];
        let after: string | null = null;
        do {
          const page: ImportPage<ImportedRow> = await imports.page(
            sut.actor,
            job.id,
            'successes',
            10_000,
            after,
          );
          successes.push(...page.items);
          after = page.after;
        } while (after !== null);
        assert.deepEqual(
          successes.map((r) => r.globalKey),
          items.map((i) => i.payload.global_key),
        );
        assert.deepEqual(
          successes.filter((_, i) => i % 2 === 0).map((r) => r.externalId),
          items.filter((_, i) => i % 2 === 0).map((_, k) => `${look}${k * 2}`),
        );
        assert.equal((await sut.services.datasets.get(sut.actor, dataset.id)).row_count, items.length);
      } finally {
        await sut.close();
      }
    });

    it('reads strings holding brackets, commas, quotes and escapes, and nested lists, as JSON.parse does', async () => {
      const sut = await createTestContext(dialect);
      try {
        const dataset = await sut.services.datasets.create(sut.actor, { name: 'awkward' });
        const awkward = ['a,b', '[x]', '{y}', 'q"uo\\"te', 'back\\\\', '],[', 'ü,✓', '\\u005d'];
        const items = [
          ...many(dataset.id, 'p', IMPORT_BATCH_SIZE - 2),
          ...awkward.map((text, i) =>
            item(dataset.id, `w-${i}-${text}`, {
              external_id: text,
              attachments: [
                { type: 'RAW_TEXT', value: `${text}]`, name: null },
                { type: 'RAW_TEXT', value: '{,}', name: null },
              ],
            }),
          ),
        ];
        const text = `\n[ ${items.map((i) => JSON.stringify(i, null, 1)).join(' ,\r\n')} ]\t`;
        const { failures, successes } = await run(sut, [text]);
        assert.deepEqual(failures, []);
        assert.deepEqual(
          successes.map((r) => r.globalKey),
          items.map((i) => i.payload.global_key),
        );
        assert.deepEqual(
          successes.slice(-awkward.length).map((r) => r.externalId),
          awkward,
        );
      } finally {
        await sut.close();
      }
    });
  });
}
