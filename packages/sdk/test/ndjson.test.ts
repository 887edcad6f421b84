import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ndjsonLines, toNdjson } from '../src/ndjson.ts';

const streamOf = (chunks: Uint8Array[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(c);
      controller.close();
    },
  });

async function collect(chunks: Uint8Array[]) {
  const out: unknown[] = [];
  for await (const line of ndjsonLines(streamOf(chunks))) out.push(line);
  return out;
}

describe('ndjsonLines', () => {
  it('parses lines split anywhere, even inside a multi-byte character', async () => {
    const rows = [{ text: 'naïve 🐈 café' }, { n: 2 }, { text: '日本語' }];
    const bytes = new TextEncoder().encode(toNdjson(rows));
    for (const size of [1, 2, 3, 5, 7, bytes.length]) {
      const chunks: Uint8Array[] = [];
      for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
      assert.deepEqual(await collect(chunks), rows, `chunks of ${size} bytes`);
    }
  });

  it('skips blank lines and reads a last line without a newline', async () => {
    const bytes = new TextEncoder().encode('{"a":1}\n\n  \n{"b":2}');
    assert.deepEqual(await collect([bytes]), [{ a: 1 }, { b: 2 }]);
  });

  it('fails on a line that is not JSON', async () => {
    await assert.rejects(collect([new TextEncoder().encode('{"a":1}\nnot json\n')]), SyntaxError);
  });
});
