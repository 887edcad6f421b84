import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JsonArrayReader } from '../src/services/json-array.reader.ts';

/** What JSON.parse answers for the text: the array, or 'failed' (throws or is no array). */
function expected(text: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value : 'failed';
  } catch {
    return 'failed';
  }
}

/**
 * The reader's answer, read synchronously (`readUntil`) or between turns (`readRest`) after `first` items — the
 * same from the text and from its UTF-8 bytes (decoded a piece at a time), or the bytes' answer is returned.
 */
async function read(text: string, first: number): Promise<unknown> {
  const answers: unknown[] = [];
  for (const input of [text, Buffer.from(text)]) {
    const sut = new JsonArrayReader(input);
    sut.readUntil(first);
    if (!sut.done) await sut.readRest();
    answers.push(sut.failed ? 'failed' : sut.items);
  }
  assert.deepEqual(answers[1], answers[0], 'bytes read as the text');
  return answers[1];
}

const descriptor = (i: number, extra: Record<string, unknown> = {}) => ({
  id: { type: 'AUTO', value: '' },
  payload: { row_data: `https://example.com/${i}.jpg`, global_key: `k-${i}`, ...extra },
});
/** Strings and nested lists that look like a boundary between items. */
const awkward = (i: number) =>
  descriptor(i, {
    external_id: `x},{"id":{"type":"AUTO"},{"id":` + '\\"},{"id":' + ']',
    attachments: [{ id: 1 }, { id: 2 }, { id: '},{"id":' }],
    metadata_fields: [[{}, {}], '},{'],
  });

describe('JsonArrayReader', () => {
  it('reads large arrays in pieces to the same items as JSON.parse, with look-alike boundaries anywhere', async () => {
    const plain = Array.from({ length: 5000 }, (_, i) => descriptor(i));
    const mixed = Array.from({ length: 5000 }, (_, i) => (i % 97 === 0 ? awkward(i) : descriptor(i)));
    const nested = Array.from({ length: 3000 }, (_, i) => awkward(i));
    // Characters of two, three and four UTF-8 bytes, in values and in the first key (read as bytes, a piece ends
    // only at a comma, never inside a character).
    const wide = Array.from({ length: 3000 }, (_, i) => ({ ключ: i, note: `é ✓ 😀 ${'ü'.repeat(i % 50)}` }));
    for (const items of [plain, mixed, nested, wide]) {
      const compact = JSON.stringify(items);
      // As Python's json.dumps writes it: ", " and ": " (string contents keep their own).
      const spaced = `[${items.map((i) => JSON.stringify(i).replace(/"(\w+)":/g, '"$1": ')).join(', ')}]`;
      assert.notEqual(spaced, compact);
      for (const text of [compact, spaced])
        for (const first of [0, 1, 1000, 4999, 5000, 100_000])
          assert.deepEqual(await read(text, first), items);
    }
  });

  it('fails where JSON.parse fails or answers no array, wherever the fault is', async () => {
    const text = JSON.stringify(Array.from({ length: 4000 }, (_, i) => descriptor(i)));
    // Positions far into the text (past its first pieces).
    const at = (needle: string, fraction: number) => text.indexOf(needle, Math.floor(text.length * fraction));
    const broken = [
      text.slice(0, -1) + ',]',
      text.slice(0, -1),
      text + ']',
      text.slice(0, at('"global_key"', 0.9)) + '"global_key";' + text.slice(at('"global_key"', 0.9) + 13),
      text.slice(0, at('},{', 0.6) + 1) + ',,' + text.slice(at('},{', 0.6) + 2),
      text.slice(0, at('},{', 0.4) + 1) + ']' + text.slice(at('},{', 0.4) + 1),
      text.slice(0, at('"k-3000"', 0)) + '"k-3000' + text.slice(at('"k-3000"', 0) + 8),
      text.slice(0, at('},{', 0.5) + 2) + '{"id":{"a":1}' + text.slice(at('},{', 0.5) + 2),
    ];
    for (const t of broken) {
      assert.equal(expected(t), 'failed');
      for (const first of [0, 10, 3000]) assert.equal(await read(t, first), 'failed');
    }
  });

  it('reads any other text as JSON.parse does: whitespace, empty arrays, values that are not objects, no array', async () => {
    const texts = [
      '[]',
      ' [ ] ',
      '[{"a":1}]',
      '[{"a":1},{"a":2}]',
      '[1,2,3]',
      '[{"a":1},2,{"a":3}]',
      '\n[{"a": 1}, {"a": 2}]\n',
      '{"a":1}',
      '"text"',
      'null',
      '',
      '[{"__proto__":{"x":1}},{"__proto__":2}]',
      '[{"a":"\\u005d"},{"a":"é ✓ \\ud83d\\ude00"}]',
    ];
    for (const text of texts) assert.deepEqual(await read(text, 1), expected(text), text);
  });
});
