import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deserialize, serialize } from 'node:v8';
import {
  failureSpec,
  ItemError,
  parseItem,
  type ParsedItem,
} from '../src/services/data-row-descriptor.parser.ts';
import type { ImportFailure } from '../src/services/data-row-import/batch.ts';
import { FAILED, packBatch, PARSED, PLAIN, unpackBatch } from '../src/services/data-row-import/packed.ts';
import { MetadataIndex } from '../src/services/metadata.values.ts';

const TAG = 'cl-tag-schema-000000000000';
const metadata = new MetadataIndex([
  {
    id: TAG,
    organization_id: null,
    name: 'tag',
    kind: 'CustomMetadataString',
    parent_id: null,
    created_at: '2026-01-01T00:00:00.000Z',
  },
] as never);

const items: unknown[] = [
  { id: { type: 'AUTO', value: '' }, payload: { row_data: 'https://e.com/1.jpg', dataset_id: 'd1' } },
  {
    id: { type: 'AUTO' },
    payload: {
      row_data: 'ünïcødé ✓ 😀',
      global_key: 'k',
      external_id: '',
      media_type: 'text',
      dataset_id: 'd1',
      metadata_fields: [{ name: 'tag', value: 'x' }],
    },
  },
  {
    row_data: { pdfUrl: 'https://e.com/a.pdf', textLayerUrl: 'https://e.com/t' },
    global_key: '',
    external_id: null,
  },
  { row_data: { messages: [] }, dataset_id: 'd2', metadata_fields: [] },
  { id: { type: 'GKEY', value: 'k' }, payload: { external_id: 'e' } },
  { payload: { row_data: 'r', attachments: [{ type: 'RAW_TEXT', value: 'v' }] } },
  { payload: { media_type: 'HOLOGRAM' } },
  'not an item',
  {},
];

/** What the writing thread gets for the items: through the parse thread's batch, cloned as postMessage clones it. */
function throughThread() {
  const batch = deserialize(serialize(packBatch(items, 0, items.length, metadata, false))) as ReturnType<
    typeof packBatch
  >;
  const results: Array<string | ImportFailure | undefined> = new Array(5);
  const parsed = unpackBatch(batch, results, 5);
  return { batch, parsed, results };
}

describe('packed import batches', () => {
  it('read back as the items parsed on the writing thread would be, with the same failures', () => {
    const { batch, parsed, results } = throughThread();
    assert.deepEqual([...batch.kinds], [PLAIN, PLAIN, PLAIN, PLAIN, PARSED, PARSED, FAILED, FAILED, PLAIN]);
    items.forEach((item, i) => {
      let expected: ParsedItem | ImportFailure;
      try {
        expected = parseItem(item, metadata, false);
      } catch (error) {
        assert.ok(error instanceof ItemError);
        expected = { message: error.message, spec: failureSpec(item) };
        assert.equal(parsed[i], undefined);
        assert.deepEqual(results[5 + i], expected);
        return;
      }
      const got = parsed[i]!;
      assert.deepEqual(got.key, expected.key);
      // Plain items carry their metadata as stored (JSON); every other field reads the same, absent as undefined.
      const { metadata: entries, ...fields } = expected.fields;
      const { metadata: none, metadataText, ...gotFields } = got.fields;
      if (batch.kinds[i] === PLAIN) {
        assert.equal(none, undefined);
        assert.equal(metadataText, entries && entries.length > 0 ? JSON.stringify(entries) : undefined);
        const orNull = (o: object) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v ?? null]));
        assert.deepEqual(orNull(gotFields), orNull(fields));
      } else assert.deepEqual(got, expected);
    });
    for (let i = 0; i < 5; i++) assert.equal(results[i], undefined, 'nothing before the offset');
  });
});
