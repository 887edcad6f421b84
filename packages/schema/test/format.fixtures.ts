// One label with every kind, produced the way an import would: NDJSON lines through the parser.
import assert from 'node:assert/strict';
import { groupAnnotations, parseNdjsonLine, type BinaryMask, type LabelDocument } from '../src/index.ts';
import { createParseContext, dataRow } from './annotation.fixtures.ts';

export const image = { width: 8, height: 6 };

export const imageLines = [
  {
    uuid: 'u-box',
    dataRow,
    name: 'box',
    bbox: { top: 1, left: 2, height: 3, width: 4 },
    classifications: [
      { name: 'sub_radio', answer: { name: 'a', classifications: [{ name: 'deep', answer: 'very' }] } },
    ],
  },
  {
    uuid: 'u-poly',
    dataRow,
    name: 'poly',
    polygon: [
      { x: 0, y: 0 },
      { x: 4, y: 0 },
      { x: 0, y: 4 },
      { x: 0, y: 0 },
    ],
    classifications: [],
  },
  { uuid: 'u-pt', dataRow, name: 'pt', point: { x: 5, y: 5 }, classifications: [] },
  {
    uuid: 'u-ln',
    dataRow,
    name: 'ln',
    line: [
      { x: 1, y: 1 },
      { x: 7, y: 5 },
    ],
    classifications: [],
  },
  {
    uuid: 'u-seg',
    dataRow,
    name: 'seg',
    mask: { instanceURI: 'https://files.test/composite.png', colorRGB: [255, 0, 0] },
    classifications: [],
  },
  {
    uuid: 'u-rel',
    dataRow,
    name: 'is chasing',
    relationship: { source: 'u-box', target: 'u-poly', type: 'unidirectional' },
  },
  { uuid: 'u-q', dataRow, name: 'q', answer: { name: 'yes' } },
  { uuid: 'u-c', dataRow, name: 'c', answer: [{ name: 'first' }, { name: 'second' }] },
  { uuid: 'u-t', dataRow, name: 'free_text', answer: 'sample text' },
];

export function imageLabel(): LabelDocument {
  const ctx = createParseContext(image);
  return groupAnnotations(
    imageLines.map((line) => {
      const r = parseNdjsonLine(line, ctx);
      assert.ok(r.ok, JSON.stringify(r));
      return r.annotation;
    }),
  );
}

/** The decoded pixels of `u-seg`: (1,0), (1,1), (2,1) in the 8×6 image. */
export function segPixels(): BinaryMask {
  const data = new Uint8Array(image.width * image.height);
  for (const [x, y] of [
    [1, 0],
    [1, 1],
    [2, 1],
  ])
    data[y * image.width + x] = 1;
  return { ...image, data };
}

export const categories = [
  { featureSchemaId: 'fs-box', name: 'box' },
  { featureSchemaId: 'fs-poly', name: 'poly' },
  { featureSchemaId: 'fs-seg', name: 'seg' },
];
