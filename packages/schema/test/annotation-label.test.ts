import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  groupAnnotations,
  parseLabelDocument,
  parseNdjsonLine,
  validateLabelDocument,
  type Annotation,
} from '../src/index.ts';
import { createParseContext, dataRow } from './annotation.fixtures.ts';

function parseAll(lines: object[]): Annotation[] {
  const ctx = createParseContext({ width: 100, height: 80 });
  return lines.map((line) => {
    const r = parseNdjsonLine(line, ctx);
    assert.ok(r.ok, JSON.stringify(r));
    return r.annotation;
  });
}

const lines = [
  { uuid: 'u-1', dataRow, name: 'box', bbox: { top: 1, left: 1, height: 5, width: 5 } },
  {
    uuid: 'r-1',
    dataRow,
    name: 'is chasing',
    relationship: { source: 'u-1', target: 'u-2', type: 'unidirectional' },
  },
  { uuid: 'c-1', dataRow, name: 'free_text', answer: 'hello' },
  { uuid: 'u-2', dataRow, name: 'pt', point: { x: 3, y: 3 } },
];

describe('label documents', () => {
  it('groups parsed lines into objects, classifications and relationships in order', () => {
    const doc = groupAnnotations(parseAll(lines));
    assert.deepEqual(
      doc.objects.map((o) => o.uuid),
      ['u-1', 'u-2'],
    );
    assert.deepEqual(
      doc.classifications.map((c) => c.uuid),
      ['c-1'],
    );
    assert.deepEqual(
      doc.relationships.map((r) => r.uuid),
      ['r-1'],
    );
    assert.deepEqual(validateLabelDocument(doc, { width: 100, height: 80 }), []);
  });

  it('checks relationship ends, duplicate uuids and geometry across the label', () => {
    const [box, rel, text] = parseAll(lines);
    const doc = groupAnnotations([box, rel, text, { ...text }]);
    assert.deepEqual(validateLabelDocument(doc, { width: 4, height: 80 }), [
      { path: 'objects[0].bbox.width', message: 'box reaches x = 6, outside the image width 4' },
      { path: 'classifications[1].uuid', message: 'uuid "c-1" is used by another annotation of this label' },
      {
        path: 'relationships[0].relationship.target',
        message: 'no object annotation with uuid "u-2" on this data row',
      },
    ]);
  });

  it('parses stored documents and names the bad field', () => {
    const doc = groupAnnotations(parseAll(lines));
    const roundTrip = parseLabelDocument(JSON.parse(JSON.stringify(doc)));
    assert.deepEqual(roundTrip, { ok: true, value: doc });
    const broken = JSON.parse(JSON.stringify(doc));
    broken.objects[0].bbox.width = 'wide';
    broken.objects[1].kind = 'blob';
    broken.classifications[0].kind = 'radio';
    const r = parseLabelDocument(broken);
    assert.equal(r.ok, false);
    assert.deepEqual(!r.ok && r.errors.map((e) => e.path), [
      'objects[0].bbox.width',
      'objects[1].kind',
      'classifications[0].answer',
    ]);
    assert.deepEqual(parseLabelDocument([]), {
      ok: false,
      errors: [
        { path: '', message: 'must be an object with objects, classifications, relationships (got [])' },
      ],
    });
  });
});
