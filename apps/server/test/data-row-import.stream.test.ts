import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataRowRepository } from '../src/repositories/data-row.repository.ts';
import { IMPORT_BATCH_SIZE } from '../src/services/data-row-import/service.ts';
import { createTestContext, dialects } from './harness.ts';

/**
 * One importer transaction of several batches (on PostgreSQL the created rows of all of them stream into one COPY):
 * each batch still sees the rows the batches before it created, and created rows get their attachments.
 */
for (const dialect of dialects) {
  describe(`data-row import across the batches of a transaction (${dialect})`, () => {
    it('a later batch updates by global key a row an earlier one created, and a repeated key fails its item', async () => {
      const sut = await createTestContext(dialect);
      try {
        const dataset = await sut.services.datasets.create(sut.actor, { name: 'stream' });
        const create = (i: number, key: string) => ({
          id: { type: 'AUTO', value: '' },
          payload: { row_data: `https://example.com/${i}.jpg`, global_key: key, dataset_id: dataset.id },
        });
        const items: unknown[] = Array.from({ length: 3 * IMPORT_BATCH_SIZE }, (_, i) => create(i, `s-${i}`));
        items[1] = {
          ...create(1, 's-1'),
          payload: {
            ...create(1, 's-1').payload,
            attachments: [{ type: 'RAW_TEXT', value: 'note', name: 'n' }],
          },
        };
        // Batch 1: the key of item 1 again, as a key (an update of that row) …
        items[IMPORT_BATCH_SIZE + 7] = {
          id: { type: 'GKEY', value: 's-1' },
          payload: { row_data: 'https://example.com/updated.jpg' },
        };
        // … and batch 2: a create claiming the key item 2 holds.
        items[2 * IMPORT_BATCH_SIZE + 3] = create(2 * IMPORT_BATCH_SIZE + 3, 's-2');
        const importer = await sut.services.dataRowImports.importer(sut.actor);
        const outcome = await importer.importBatch(items);

        assert.equal(outcome.successes.length, items.length - 1);
        assert.deepEqual(
          outcome.failures.map((f) => f.message),
          ["Duplicate global key: 's-2'"],
        );
        const [first] = await new DataRowRepository(sut.db, dialect).findByGlobalKeys(
          sut.actor.organizationId,
          ['s-1'],
        );
        assert.equal(first?.row_data, 'https://example.com/updated.jpg');
        assert.equal(outcome.successes[1], first?.id);
        assert.equal(outcome.successes[IMPORT_BATCH_SIZE + 7], first?.id);
        const attachments = await sut.db.selectFrom('attachments').select(['data_row_id', 'value']).execute();
        assert.deepEqual(attachments, [{ data_row_id: first!.id, value: 'note' }]);
        assert.equal((await sut.services.datasets.get(sut.actor, dataset.id)).row_count, items.length - 2);
      } finally {
        await sut.close();
      }
    });
  });
}
