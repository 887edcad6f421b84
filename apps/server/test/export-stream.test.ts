import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { NdjsonStreamWriter } from '../src/services/export-stream.ts';
import { LocalBlobStore } from '../src/storage/local-blob-store.ts';

describe('export v2 NDJSON stream writer', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labelyard-export-stream-'));
  const blobs = new LocalBlobStore(dir);
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('cuts chunks at line ends with byte offsets in UTF-8, also for lines beyond ASCII', async () => {
    const pages = [
      ['{"a":"plain"}', '{"b":"é and ü"}', '{"c":"日本語"}'],
      ['{"d":"😀 emoji"}', '{"e":"x"}'],
      ['{"f":"Ω"}'],
    ];
    const writer = new NdjsonStreamWriter(blobs, 'org/exports/t/result.ndjson', 20);
    for (const page of pages) await writer.writeLines(page);
    const result = await writer.close();

    const all = pages.flat();
    const bytes = fs.readFileSync(path.join(dir, 'org/exports/t/result.ndjson'));
    assert.equal(bytes.toString('utf8'), `${all.join('\n')}\n`);
    assert.equal(result.totalSize, bytes.length);
    assert.equal(result.totalLines, all.length);
    let line = 0;
    let byte = 0;
    for (const c of result.chunks) {
      assert.equal(c.byteStart, byte);
      assert.equal(c.lineStart, line);
      const body = bytes.subarray(c.byteStart, c.byteEnd + 1).toString('utf8');
      assert.deepEqual(body.split('\n').slice(0, -1), all.slice(c.lineStart, c.lineEnd + 1));
      byte = c.byteEnd + 1;
      line = c.lineEnd + 1;
    }
    assert.equal(byte, bytes.length);
    assert.equal(line, all.length);
    assert.ok(result.chunks.length >= 3, `several chunks (got ${result.chunks.length})`);
  });

  it('leaves no file and no chunk when no line was written', async () => {
    const writer = new NdjsonStreamWriter(blobs, 'org/exports/empty/result.ndjson', 20);
    await writer.writeLines([]);
    assert.deepEqual(await writer.close(), { chunks: [], totalSize: 0, totalLines: 0 });
    assert.equal(fs.existsSync(path.join(dir, 'org/exports/empty/result.ndjson')), false);
  });
});
