import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  answerAt,
  classify,
  createEntity,
  entitiesAt,
  loadNdjson,
  locationText,
  segmentByRanges,
  selectionToLocation,
  setActiveFeature,
  toNdjson,
} from '../src/index.ts';
import { ontology, TestEditor } from './test-editor.ts';

const red = ontology.tools[0].classifications[0].options[0];
const blue = ontology.tools[0].classifications[0].options[1];
const [sunny] = ontology.classifications[0].options;
const [night, blur] = ontology.classifications[1].options;

describe('classifications (nested and global)', () => {
  it('answers a nested radio, a text under the chosen option, then changes the answer; each undoable', () => {
    const sut = new TestEditor();
    setActiveFeature(sut, 'fs-car');
    sut.drag([10, 10], [100, 100]);
    classify(sut, 'uuid-1', ['fs-color'], { type: 'radio', option: red });
    classify(sut, 'uuid-1', ['fs-color', 'fs-red', 'fs-shade'], { type: 'text', text: 'dark' });
    assert.deepEqual(toNdjson(sut)[0].classifications, [
      {
        name: 'color',
        schemaId: 'fs-color',
        answer: {
          name: 'red',
          schemaId: 'fs-red',
          classifications: [{ name: 'shade', schemaId: 'fs-shade', answer: 'dark' }],
        },
      },
    ]);
    assert.equal(answerAt(sut, 'uuid-1', ['fs-color', 'fs-red', 'fs-shade'])?.kind, 'text');
    classify(sut, 'uuid-1', ['fs-color'], { type: 'radio', option: blue });
    assert.deepEqual(toNdjson(sut)[0].classifications, [
      { name: 'color', schemaId: 'fs-color', answer: { name: 'blue', schemaId: 'fs-blue' } },
    ]);
    assert.equal(
      answerAt(sut, 'uuid-1', ['fs-color', 'fs-red', 'fs-shade']),
      undefined,
      'answers under another option go',
    );
    sut.undo();
    assert.equal(answerAt(sut, 'uuid-1', ['fs-color', 'fs-red', 'fs-shade'])?.kind, 'text');
    sut.undo();
    sut.undo();
    assert.deepEqual(sut.getObject('uuid-1')?.classifications, []);
  });

  it('answers global radio and checklist questions as records of the row; unchecking the last removes it', () => {
    const sut = new TestEditor();
    classify(sut, null, ['fs-weather'], { type: 'radio', option: sunny });
    classify(sut, null, ['fs-tags'], { type: 'checklist', option: night, checked: true });
    classify(sut, null, ['fs-tags'], { type: 'checklist', option: blur, checked: true });
    assert.deepEqual(
      toNdjson(sut).map(({ uuid: _u, ...l }) => l),
      [
        { name: 'weather', schemaId: 'fs-weather', answer: { name: 'sunny', schemaId: 'fs-sunny' } },
        {
          name: 'tags',
          schemaId: 'fs-tags',
          answers: [
            { name: 'night', schemaId: 'fs-night' },
            { name: 'blur', schemaId: 'fs-blur' },
          ],
        },
      ],
    );
    classify(sut, null, ['fs-tags'], { type: 'checklist', option: night, checked: false });
    classify(sut, null, ['fs-tags'], { type: 'checklist', option: blur, checked: false });
    assert.deepEqual(
      sut.records().map((r) => r.featureSchemaId),
      ['fs-weather'],
    );
    sut.undo();
    assert.equal(answerAt(sut, null, ['fs-tags'])?.kind, 'checklist');
  });
});

describe('text spans with exact offsets (UTF-16, inclusive end, as imports and exports use)', () => {
  // "👩‍👩‍👧" is one grapheme of 8 UTF-16 units; "é" here is e + U+0301; the line ends in CRLF.
  const text = 'Hi 👩‍👩‍👧 and Rene\u0301e!\r\nBye 🇫🇷.';

  it('snaps a selection that splits an emoji to the whole emoji', () => {
    const start = text.indexOf('👩');
    assert.deepEqual(selectionToLocation(text, start + 1, start + 3), { start, end: start + 7 });
    assert.equal(locationText(text, { start, end: start + 7 }), '👩‍👩‍👧');
  });

  it('keeps combining marks with their letter and never ends inside a CRLF', () => {
    const at = text.indexOf('Rene');
    const loc = selectionToLocation(text, at, at + 4)!;
    assert.equal(locationText(text, loc), 'Rene\u0301', 'the accent belongs to the e');
    const cr = text.indexOf('\r');
    assert.deepEqual(
      selectionToLocation(text, cr - 1, cr + 1),
      { start: cr - 1, end: cr - 1 },
      'trailing line break trimmed',
    );
    const flag = text.indexOf('🇫');
    assert.equal(locationText(text, selectionToLocation(text, flag, flag + 1)!), '🇫🇷');
  });

  it('labels a span across an emoji in the editor and exports the same offsets the importer reads back', () => {
    const sut = new TestEditor({ text });
    setActiveFeature(sut, 'fs-person');
    const from = text.indexOf('👩') + 2;
    const to = text.indexOf('Rene') + 4;
    const e = createEntity(sut, from, to)!;
    assert.deepEqual({ start: e.start, end: e.end }, { start: 3, end: 20 });
    assert.equal(locationText(text, e), '👩‍👩‍👧 and Rene\u0301');
    assert.deepEqual(toNdjson(sut)[0].location, { start: 3, end: 20 });
    const reloaded = new TestEditor({ text });
    assert.deepEqual(loadNdjson(reloaded, toNdjson(sut)), []);
    assert.deepEqual(reloaded.objects(), sut.objects(), "the importer's reader gives back the same record");
  });

  it('nested and overlapping entities split the text into pieces, each knowing what covers it', () => {
    const sut = new TestEditor({ text: 'New York City is big' });
    setActiveFeature(sut, 'fs-person');
    const outer = createEntity(sut, 0, 13)!;
    const inner = createEntity(sut, 4, 8)!;
    const cross = createEntity(sut, 9, 16)!;
    assert.deepEqual(
      entitiesAt(sut, 5).map((x) => x.uuid),
      [inner.uuid, outer.uuid],
    );
    const pieces = segmentByRanges(20, [outer, inner, cross]).map((p) => [p.from, p.to, p.covering.length]);
    assert.deepEqual(pieces, [
      [0, 4, 1],
      [4, 8, 2],
      [8, 9, 1],
      [9, 13, 2],
      [13, 16, 1],
      [16, 20, 0],
    ]);
  });
});
