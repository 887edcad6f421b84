import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  annotationToNdjson,
  encodeBase64,
  maskToPng,
  parseNdjsonLine,
  type Annotation,
} from '../src/index.ts';
import { createParseContext, dataRow } from './annotation.fixtures.ts';

const media = { width: 100, height: 80, textLength: 50 };
const png = encodeBase64(maskToPng({ width: 100, height: 80, data: new Uint8Array(8000).fill(1) }));

const lines: Record<string, unknown>[] = [
  {
    uuid: 'u-box',
    name: 'box',
    bbox: { top: 10, left: 20, height: 30, width: 40 },
    classifications: [
      { name: 'sub_radio', answer: { name: 'a', classifications: [{ name: 'deep', answer: 'deep text' }] } },
      { name: 'sub_text', answer: 'hello' },
    ],
  },
  {
    uuid: 'u-poly',
    name: 'poly',
    polygon: [
      { x: 1, y: 1 },
      { x: 9, y: 1 },
      { x: 5, y: 7 },
    ],
    confidence: 0.5,
  },
  { uuid: 'u-pt', name: 'pt', point: { x: 3, y: 4 } },
  {
    uuid: 'u-ln',
    name: 'ln',
    line: [
      { x: 0, y: 0 },
      { x: 10, y: 10 },
    ],
  },
  { uuid: 'u-mask', name: 'seg', mask: { png } },
  { uuid: 'u-ner', name: 'named-entity', location: { start: 2, end: 5 } },
  {
    uuid: 'u-rel',
    name: 'is chasing',
    relationship: { source: 'u-box', target: 'u-poly', type: 'bidirectional' },
  },
  { uuid: 'u-q', name: 'q', answer: { name: 'yes' } },
  { uuid: 'u-c', name: 'c', answers: [{ name: 'first' }, { name: 'second' }] },
  { uuid: 'u-free', name: 'free_text', answer: 'free' },
];

const parse = (line: unknown): Annotation => {
  const r = parseNdjsonLine({ ...(line as object), dataRow }, createParseContext(media));
  assert.ok(r.ok, JSON.stringify(r));
  return r.annotation;
};

describe('records → Labelbox NDJSON lines (annotationToNdjson)', () => {
  for (const line of lines) {
    it(`round-trips ${String(line.name)} through the import reader unchanged`, () => {
      const record = parse(line);
      const sut = annotationToNdjson(record);
      assert.ok(sut);
      assert.equal(sut.dataRow, undefined);
      assert.deepEqual(parse(sut), record);
    });
  }

  it('names features by schemaId and name, and answers by option value', () => {
    const sut = annotationToNdjson(parse(lines[0]));
    assert.equal(sut?.schemaId, 'fs-box');
    assert.equal(sut?.name, 'box');
    assert.deepEqual((sut?.classifications as Record<string, unknown>[])[0], {
      name: 'sub_radio',
      schemaId: 'fs-sub-radio',
      answer: {
        name: 'a',
        schemaId: 'fs-sub-a',
        classifications: [{ name: 'deep', schemaId: 'fs-deep', answer: 'deep text' }],
      },
    });
  });

  it('writes a stored mask by its URL and cannot write one without', () => {
    const mask = parse(lines[4]);
    assert.equal(mask.kind, 'mask');
    if (mask.kind !== 'mask') return;
    const stored = { ...mask, source: { type: 'blob', key: 'k' } as const, colorRGB: [1, 2, 3] as const };
    assert.equal(annotationToNdjson(stored), undefined);
    assert.deepEqual(annotationToNdjson(stored, { maskUrl: () => 'https://x.test/m.png' })?.mask, {
      instanceURI: 'https://x.test/m.png',
      colorRGB: [1, 2, 3],
    });
  });
});
