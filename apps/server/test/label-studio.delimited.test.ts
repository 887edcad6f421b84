import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { delimitedRecords, delimitedTasks, lineTasks } from '../src/rest/label-studio/delimited-rows.ts';

/** The CSV/TSV/TXT splitters give the same records whatever the chunk boundaries (one byte at a time here). */
async function* chunks(text: string, size: number) {
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}
const all = async <T>(source: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const x of source) out.push(x);
  return out;
};

describe('delimited task files', () => {
  const csv = 'a,b\r\n"x ""q"", y","é\nz"\r\n,\n"",""""\n\nlast,1';
  const expected = [
    ['a', 'b'],
    ['x "q", y', 'é\nz'],
    ['', ''],
    ['', '"'],
    ['last', '1'],
  ];
  for (const size of [1, 2, 3, 7, 1000])
    it(`splits CSV records in chunks of ${size} bytes`, async () => {
      assert.deepEqual(await all(delimitedRecords(chunks(csv, size), ',', 'f.csv')), expected);
    });
  it('maps records to tasks by the header and refuses ragged records and unclosed quotes', async () => {
    assert.deepEqual(await all(delimitedTasks(chunks('k\tv\n1\t2\n', 3), '\t', 'f.tsv')), [
      { k: '1', v: '2' },
    ]);
    await assert.rejects(all(delimitedTasks(chunks('k,v\n1\n', 4), ',', 'f.csv')), /record 2 has 1 fields/);
    await assert.rejects(all(delimitedTasks(chunks('k\n"1\n', 4), ',', 'f.csv')), /not closed/);
    // A header named like an object prototype key stays a plain data key.
    const [task] = await all(delimitedTasks(chunks('__proto__,x\n1,2\n', 5), ',', 'f.csv'));
    assert.deepEqual(Object.keys(task!), ['__proto__', 'x']);
    assert.equal(Object.getPrototypeOf(task), Object.prototype);
  });
  it('makes one task per non-empty TXT line', async () => {
    assert.deepEqual(await all(lineTasks(chunks('a\r\n\nb😀\nc', 1), 'text', 'f.txt')), [
      { text: 'a' },
      { text: 'b😀' },
      { text: 'c' },
    ]);
  });
});
