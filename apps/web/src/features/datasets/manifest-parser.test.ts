import { describe, expect, it } from 'vitest';
import { mediaTypeOfFile, parseCsv, parseManifest } from './manifest-parser.ts';

describe('parseManifest', () => {
  it('reads a JSON array and reports bad rows by position', () => {
    const sut = parseManifest(
      'rows.json',
      JSON.stringify([
        { row_data: 'https://x/a.png', global_key: 'a' },
        { global_key: 'b' },
        'https://x/c.png',
        7,
      ]),
    );
    expect(sut.rows).toEqual([
      { row_data: 'https://x/a.png', global_key: 'a' },
      { row_data: 'https://x/c.png' },
    ]);
    expect(sut.problems).toEqual([
      { line: 2, message: 'row_data is missing (a URL or the text itself)' },
      { line: 4, message: 'A row must be an object' },
    ]);
  });

  it('reads NDJSON line by line, naming the line of invalid JSON', () => {
    const sut = parseManifest('rows.ndjson', '{"row_data":"a"}\n\n{oops\n{"row_data":"b","external_id":3}\n');
    expect(sut.rows).toEqual([{ row_data: 'a' }]);
    expect(sut.problems.map((p) => p.line)).toEqual([3, 4]);
    expect(sut.problems[1]!.message).toBe('external_id must be a string');
  });

  it('reads CSV with quotes; unknown columns become metadata', () => {
    const sut = parseManifest('rows.csv', 'row_data,global_key,split\r\n"https://x/a,1.png",a,train\n,b,\n');
    expect(sut.rows).toEqual([
      {
        row_data: 'https://x/a,1.png',
        global_key: 'a',
        metadata_fields: [{ name: 'split', value: 'train' }],
      },
    ]);
    expect(sut.problems).toEqual([{ line: 3, message: 'row_data is missing (a URL or the text itself)' }]);
  });

  it('refuses a CSV without a row_data column', () => {
    expect(parseManifest('x.csv', 'url\nhttps://a\n').problems[0]!.message).toMatch(/row_data column/);
  });
});

describe('parseCsv', () => {
  it('keeps escaped quotes and line breaks inside quoted cells', () => {
    expect(parseCsv('a,"b ""c""\nd"\n1,2')).toEqual([
      ['a', 'b "c"\nd'],
      ['1', '2'],
    ]);
  });
});

describe('mediaTypeOfFile', () => {
  it('maps browser types and extensions', () => {
    expect(mediaTypeOfFile({ name: 'a.png', type: 'image/png' })).toBe('IMAGE');
    expect(mediaTypeOfFile({ name: 'notes.txt', type: '' })).toBe('TEXT');
    expect(mediaTypeOfFile({ name: 'x.bin', type: 'application/octet-stream' })).toBeNull();
  });
});
