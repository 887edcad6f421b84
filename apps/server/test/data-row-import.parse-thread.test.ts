import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { IMPORT_BATCH_SIZE, parseThread } from '../src/services/data-row-import/service.ts';
import { ParseThread } from '../src/services/data-row-import/parse-thread.ts';
import { createTestContext } from './harness.ts';
import { storeManifest } from './upload-manifest.ts';

/** Chunks that exercise every kind of item: plain new rows, keyed and attached ones, and failures of each kind. */
function chunks(datasetId: string): string[] {
  const items: unknown[] = [];
  for (let i = 0; i < 2 * IMPORT_BATCH_SIZE + 321; i++) {
    const key = `k-${i}`;
    const payload: Record<string, unknown> = {
      row_data: `https://example.com/${i}.jpg`,
      global_key: key,
      dataset_id: datasetId,
    };
    if (i % 7 === 0) payload.external_id = i % 14 === 0 ? `ext ${i} — ünïcødé ✓` : '';
    if (i % 11 === 0) payload.metadata_fields = [{ name: 'tag', value: `t${i}` }];
    if (i % 13 === 0) payload.media_type = 'image';
    if (i % 17 === 0)
      payload.row_data = { pdfUrl: `https://example.com/${i}.pdf`, textLayerUrl: 'https://t' };
    if (i % 19 === 0) payload.row_data = { messages: [{ content: `hi ${i}` }] };
    if (i % 23 === 0) payload.attachments = [{ type: 'RAW_TEXT', value: `note ${i}`, name: 'n' }];
    if (i % 29 === 0) payload.global_key = '';
    if (i % 31 === 0) payload.global_key = 'k-3'; // taken by an earlier item
    if (i % 37 === 0) payload.dataset_id = 'cl-no-such-dataset-000000';
    if (i % 41 === 0) delete payload.dataset_id;
    if (i % 43 === 0) payload.media_type = 'HOLOGRAM';
    if (i % 47 === 0) delete payload.row_data;
    if (i % 53 === 0) payload.metadata_fields = [{ name: 'no such field', value: 1 }];
    items.push({ id: { type: 'AUTO', value: '' }, payload });
  }
  // Keyed items: an update of a row made above, and an ID that matches nothing.
  items.push({ id: { type: 'GKEY', value: 'k-5' }, payload: { external_id: 'updated' } });
  items.push({ id: { type: 'ID', value: 'cl-missing-row-0000000000' }, payload: { external_id: 'x' } });
  items.push('not an object');
  const second = [
    {
      id: { type: 'AUTO', value: '' },
      payload: { row_data: 'text', global_key: 'k-1', dataset_id: datasetId },
    },
    { row_data: 'https://example.com/bare.jpg', global_key: 'bare', dataset_id: datasetId },
  ];
  return [JSON.stringify(items), '[{"id": 1}, ', JSON.stringify(second), '[]'];
}

/** What an upsert job leaves: its outcomes, and the stored rows with their attachments (ids aside). */
async function upsert(importParseThread: boolean) {
  const sut = await createTestContext('sqlite', { importParseThread });
  try {
    const dataset = await sut.services.datasets.create(sut.actor, { name: 'thread' });
    const imports = sut.services.dataRowImports;
    const job = await imports.startUpsert(sut.actor, await storeManifest(sut, chunks(dataset.id)));
    assert.equal(job.status, 'DONE');
    const failures = await imports.page(sut.actor, job.id, 'failures', 10_000, null);
    const successes = await imports.page(sut.actor, job.id, 'successes', 10_000, null);
    const rows = await sut.db
      .selectFrom('data_rows')
      .select(['row_data', 'external_id', 'global_key', 'media_type', 'media_attributes', 'metadata'])
      .where('organization_id', '=', sut.actor.organizationId)
      .orderBy('global_key')
      .orderBy('row_data')
      .execute();
    const attachments = await sut.db
      .selectFrom('attachments')
      .innerJoin('data_rows', 'data_rows.id', 'attachments.data_row_id')
      .select(['data_rows.global_key', 'attachments.type', 'attachments.value'])
      .where('data_rows.organization_id', '=', sut.actor.organizationId)
      .orderBy('data_rows.global_key')
      .execute();
    const rowCount = (await sut.services.datasets.get(sut.actor, dataset.id)).row_count;
    return {
      failures: failures.items,
      successes: successes.items.map((r) => [r.globalKey, r.externalId, r.rowData]),
      rows,
      attachments,
      rowCount,
    };
  } finally {
    await sut.close();
  }
}

describe('upsert chunks read on the parse thread (sqlite)', () => {
  it('leave the same rows, outcomes and failure specs as chunks read on the writing thread', async () => {
    // Which chunks went to the parse thread.
    let sent = 0;
    const parse = parseThread.parse.bind(parseThread);
    parseThread.parse = (...args) => {
      sent++;
      return parse(...args);
    };
    const threaded = await upsert(true);
    assert.equal(sent, 4);
    const here = await upsert(false);
    assert.equal(sent, 4);
    assert.deepEqual(threaded, here);
    // The cases are all there: failures of parsing and of writing, with what the item showed.
    const messages = new Set(threaded.failures.map((f) => f.message.replace(/\d+/g, 'N')));
    for (const expected of [
      "Duplicate global key: 'k-N'",
      'Dataset not found: cl-no-such-dataset-N',
      'dataset_id is required to create a data row',
      "Found invalid media type: 'HOLOGRAM'",
      'row_data is required to create a data row',
      'Data row not found: cl-missing-row-N',
      'Each item must be an object',
      'Chunk N of the manifest is not a JSON array of data rows',
    ])
      assert.ok(messages.has(expected), `${expected} in ${[...messages].join(' | ')}`);
    const missing = threaded.failures.find((f) => f.message.startsWith('Dataset not found'))!;
    assert.deepEqual(missing.spec, {
      externalId: null,
      globalKey: 'k-37',
      rowData: 'https://example.com/37.jpg',
      metadata: [],
      attachments: [],
    });
    const duplicate = threaded.failures.find((f) => f.message === "Duplicate global key: 'k-3'")!;
    assert.equal(duplicate.spec.globalKey, 'k-3');
    assert.ok(threaded.rows.some((r) => r.external_id === 'ext 14 — ünïcødé ✓'));
    assert.ok(threaded.rows.some((r) => r.global_key === 'k-5' && r.external_id === 'updated'));
    assert.ok(threaded.rows.some((r) => r.metadata?.includes('t11')));
    assert.ok(threaded.attachments.length > 50);
    assert.equal(threaded.rowCount, threaded.rows.length);
  });
});

describe('ParseThread', () => {
  const chunk = (n: number) =>
    Buffer.from(
      JSON.stringify(
        Array.from({ length: n }, (_, i) => ({ id: { type: 'AUTO' }, payload: { row_data: `r${i}` } })),
      ),
    );

  it('sends a chunk back in batches of IMPORT_BATCH_SIZE, then says it was an array', async () => {
    const sut = new ParseThread();
    try {
      const parse = sut.parse(chunk(2 * IMPORT_BATCH_SIZE + 1), []);
      const counts: number[] = [];
      for (let batch = await parse.next(); batch; batch = await parse.next()) counts.push(batch.count);
      assert.deepEqual(counts, [IMPORT_BATCH_SIZE, IMPORT_BATCH_SIZE, 1]);
      assert.equal(await parse.whole(), true);
      assert.deepEqual(await parse.specs([2000]), [
        { externalId: null, globalKey: null, rowData: 'r2000', metadata: [], attachments: [] },
      ]);
      parse.release();
      const broken = sut.parse(Buffer.from('[{"id": 1}, {'), []);
      assert.equal(await broken.whole(), false);
      broken.release();
    } finally {
      await sut.close();
    }
  });

  it('keeps a process up while it reads a chunk, and lets it end once idle (not when the thread stops)', () => {
    // A script whose only pending work is the chunk: it must get the batch, then end at once.
    const module = new URL('../src/services/data-row-import/parse-thread.ts', import.meta.url).href;
    const script = `
      const { ParseThread } = await import(${JSON.stringify(module)});
      const parse = new ParseThread().parse(Buffer.from('[{"row_data":"r"},{"row_data":"s"}]'), []);
      const batch = await parse.next();
      console.log('batch of', batch.count, await parse.whole());
      parse.release();`;
    const started = Date.now();
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trim(), 'batch of 2 true');
    assert.ok(Date.now() - started < 10_000, `ended after ${Date.now() - started} ms`);
  });

  it('a stopped thread fails the chunks in flight; the next chunk starts a new thread', async () => {
    const sut = new ParseThread();
    try {
      const first = sut.parse(chunk(10), []);
      await sut.close();
      await assert.rejects(first.next(), /stopped/);
      await assert.rejects(first.whole(), /stopped/);
      const second = sut.parse(chunk(10), []);
      assert.equal((await second.next())?.count, 10);
      assert.equal(await second.whole(), true);
      second.release();
    } finally {
      await sut.close();
    }
  });
});
