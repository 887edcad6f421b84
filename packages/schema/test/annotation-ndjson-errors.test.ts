import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeBase64, maskToPng, parseNdjsonLine, type FieldError } from '../src/index.ts';
import { createParseContext, dataRow } from './annotation.fixtures.ts';

const media = { width: 100, height: 80, textLength: 50 };
const box = { top: 10, left: 10, height: 10, width: 10 };

/** Parses a line that must fail and returns its errors. */
function errorsOf(line: unknown): readonly FieldError[] {
  const r = parseNdjsonLine(
    typeof line === 'string' ? line : JSON.stringify(line),
    createParseContext(media),
  );
  assert.equal(r.ok, false, `expected a rejection, got ${JSON.stringify(r)}`);
  return r.ok ? [] : r.errors;
}
const rejects = (line: unknown, ...expected: FieldError[]) => assert.deepEqual(errorsOf(line), expected);

describe('Labelbox NDJSON line → precise errors', () => {
  it('bad JSON and non-object lines', () => {
    const [e] = errorsOf('{"uuid": ');
    assert.equal(e.path, '');
    assert.match(e.message, /^is not valid JSON: /);
    rejects('[1,2]', { path: '', message: 'must be a JSON object (got [1,2])' });
  });

  it('data row references', () => {
    rejects(
      { uuid: 'u', name: 'pt', point: { x: 1, y: 1 } },
      { path: 'dataRow', message: 'is required: {"id": "…"} or {"globalKey": "…"} (got undefined)' },
    );
    rejects(
      { uuid: 'u', dataRow: { id: 'a', globalKey: 'b' }, name: 'pt', point: { x: 1, y: 1 } },
      { path: 'dataRow', message: 'give either "id" or "globalKey", not both' },
    );
    rejects(
      { uuid: 'u', dataRow: { id: 7 }, name: 'pt', point: { x: 1, y: 1 } },
      { path: 'dataRow.id', message: 'must be a non-empty string (got 7)' },
    );
    rejects(
      { uuid: '', dataRow, name: 'pt', point: { x: 1, y: 1 } },
      { path: 'uuid', message: 'must be a non-empty string (got "")' },
    );
  });

  it('keeps the uuid and data row of a rejected line for the status file', () => {
    const r = parseNdjsonLine(
      { uuid: 'u-9', dataRow, name: 'nope', point: { x: 1, y: 1 } },
      createParseContext(),
    );
    assert.deepEqual(r, {
      ok: false,
      uuid: 'u-9',
      dataRow: { id: 'dr-1' },
      errors: [
        { path: 'name', message: `unknown feature: no feature named "nope" in this project's ontology` },
      ],
    });
  });

  it('feature references', () => {
    rejects(
      { uuid: 'u', dataRow, point: { x: 1, y: 1 } },
      { path: 'name', message: 'is required: give the feature by "name" or "schemaId"' },
    );
    rejects(
      { uuid: 'u', dataRow, schemaId: 'fs-zzz', point: { x: 1, y: 1 } },
      {
        path: 'schemaId',
        message: `unknown feature: no feature with schemaId "fs-zzz" in this project's ontology`,
      },
    );
    rejects(
      { uuid: 'u', dataRow, name: 'sp', point: { x: 1, y: 1 } },
      { path: 'name', message: 'superpixel tool "sp" cannot be imported (its tool type is not supported)' },
    );
  });

  it('wrong tool kind for the geometry key, and missing geometry', () => {
    rejects(
      { uuid: 'u', dataRow, name: 'box', polygon: [] },
      { path: 'polygon', message: 'rectangle tool "box" takes "bbox", not "polygon"' },
    );
    rejects(
      { uuid: 'u', dataRow, name: 'box', answer: 'x' },
      { path: 'answer', message: 'rectangle tool "box" takes "bbox", not "answer"' },
    );
    rejects(
      { uuid: 'u', dataRow, name: 'box', classifications: [] },
      { path: 'bbox', message: 'is required: rectangle tool "box" needs its geometry in "bbox"' },
    );
    rejects(
      { uuid: 'u', dataRow, name: 'q', bbox: box },
      { path: 'bbox', message: 'radio classification "q" takes "answer", not "bbox"' },
    );
    rejects(
      { uuid: 'u', dataRow, name: 'q' },
      { path: 'answer', message: 'is required for radio classification "q"' },
    );
  });

  it('video masks and video objects: shape errors name the field', () => {
    rejects(
      { uuid: 'u', dataRow, masks: { frames: [], instances: [{ name: 'video_mask', colorRGB: [1, 2, 3] }] } },
      { path: 'masks.frames', message: 'must be a non-empty list of frames (got [])' },
    );
    rejects(
      { uuid: 'u', dataRow, name: 'box', segments: [] },
      {
        path: 'segments',
        message: 'must be a non-empty list like [{"keyframes": [{"frame": 1, "bbox": …}]}] (got [])',
      },
    );
    // Document entities are imported now: an empty selection list is a shape error, not "not yet".
    rejects(
      { uuid: 'u', dataRow, name: 'named-entity', textSelections: [] },
      {
        path: 'textSelections',
        message: 'must be a non-empty list like [{"tokenIds": ["…"], "groupId": "…", "page": 1}] (got [])',
      },
    );
  });

  it('bounding boxes', () => {
    rejects(
      { uuid: 'u', dataRow, name: 'box', bbox: { top: 1, left: 1, height: 5 } },
      { path: 'bbox.width', message: 'is required' },
    );
    rejects(
      { uuid: 'u', dataRow, name: 'box', bbox: { top: 1, left: 1, height: 5, width: '5' } },
      { path: 'bbox.width', message: 'must be a number (got "5")' },
    );
    rejects(
      { uuid: 'u', dataRow, name: 'box', bbox: { top: 1, left: 1, height: 0, width: -3 } },
      { path: 'bbox.width', message: 'must be greater than 0 (got -3)' },
      { path: 'bbox.height', message: 'must be greater than 0 (got 0)' },
    );
    rejects(
      { uuid: 'u', dataRow, name: 'box', bbox: { top: -1, left: 0, height: 5, width: 5 } },
      { path: 'bbox.top', message: 'must be 0 or more (got -1): the box starts above the image' },
    );
    rejects(
      { uuid: 'u', dataRow, name: 'box', bbox: { top: 70, left: 90, height: 20, width: 20 } },
      { path: 'bbox.width', message: 'box reaches x = 110, outside the image width 100' },
      { path: 'bbox.height', message: 'box reaches y = 90, outside the image height 80' },
    );
  });

  it('polygons', () => {
    rejects(
      {
        uuid: 'u',
        dataRow,
        name: 'poly',
        polygon: [
          { x: 1, y: 1 },
          { x: 2, y: 2 },
          { x: 1, y: 1 },
        ],
      },
      { path: 'polygon', message: 'needs at least 3 distinct points (got 2)' },
    );
    rejects(
      { uuid: 'u', dataRow, name: 'poly', polygon: [{ x: 1, y: 1 }, { x: 2 }] },
      { path: 'polygon[1].y', message: 'is required' },
    );
    rejects(
      { uuid: 'u', dataRow, name: 'poly', polygon: { x: 1 } },
      { path: 'polygon', message: 'must be a list of points like [{"x": 1, "y": 2}, …] (got {"x":1})' },
    );
    rejects(
      {
        uuid: 'u',
        dataRow,
        name: 'poly',
        polygon: [
          { x: 1, y: 1 },
          { x: 2, y: 2 },
          { x: 3, y: 3 },
        ],
      },
      { path: 'polygon', message: 'has zero area: all points lie on one line' },
    );
    // Bow tie: (0,0)→(10,10) crosses (10,0)→(0,10).
    rejects(
      {
        uuid: 'u',
        dataRow,
        name: 'poly',
        polygon: [
          { x: 0, y: 0 },
          { x: 10, y: 10 },
          { x: 10, y: 0 },
          { x: 0, y: 10 },
          { x: 0, y: 0 },
        ],
      },
      { path: 'polygon', message: 'is self-intersecting: edge (0, 0)→(10, 10) meets edge (10, 0)→(0, 10)' },
    );
    rejects(
      {
        uuid: 'u',
        dataRow,
        name: 'poly',
        polygon: [
          { x: 1, y: 1 },
          { x: 120, y: 1 },
          { x: 1, y: 9 },
        ],
      },
      { path: 'polygon[1]', message: 'point (120, 1) is right of the image (width 100)' },
    );
  });

  it('points and lines', () => {
    rejects(
      { uuid: 'u', dataRow, name: 'pt', point: { x: 5, y: 81 } },
      { path: 'point', message: 'point (5, 81) is below the image (height 80)' },
    );
    rejects(
      { uuid: 'u', dataRow, name: 'pt', point: [1, 2] },
      { path: 'point', message: 'must be an object like {"x": 1, "y": 2} (got [1,2])' },
    );
    rejects(
      {
        uuid: 'u',
        dataRow,
        name: 'ln',
        line: [
          { x: 1, y: 1 },
          { x: 1, y: 1 },
        ],
      },
      { path: 'line', message: 'needs at least 2 distinct points (got 1)' },
    );
    rejects(
      {
        uuid: 'u',
        dataRow,
        name: 'ln',
        line: [
          { x: 1, y: 1 },
          { x: -1, y: 1 },
        ],
      },
      { path: 'line[1]', message: 'point (-1, 1) has a negative coordinate' },
    );
  });

  it('masks', () => {
    rejects(
      { uuid: 'u', dataRow, name: 'seg', mask: {} },
      { path: 'mask', message: 'needs "instanceURI" (with "colorRGB") or "png"' },
    );
    rejects(
      { uuid: 'u', dataRow, name: 'seg', mask: { instanceURI: 'ftp://x', colorRGB: [1, 2, 3] } },
      { path: 'mask.instanceURI', message: 'must be an http(s) URL (got "ftp://x")' },
    );
    rejects(
      { uuid: 'u', dataRow, name: 'seg', mask: { instanceURI: 'https://x.test/m', colorRGB: [1, 2, 300] } },
      { path: 'mask.colorRGB', message: 'must be [r, g, b] with integers 0–255 (got [1,2,300])' },
    );
    rejects(
      { uuid: 'u', dataRow, name: 'seg', mask: { png: '***' } },
      { path: 'mask.png', message: 'is not valid base64' },
    );
    rejects(
      { uuid: 'u', dataRow, name: 'seg', mask: { png: encodeBase64(new Uint8Array([1, 2, 3])) } },
      { path: 'mask.png', message: 'not a PNG (bad signature)' },
    );
    const small = encodeBase64(maskToPng({ width: 4, height: 2, data: new Uint8Array(8) }));
    rejects(
      { uuid: 'u', dataRow, name: 'seg', mask: { png: small } },
      { path: 'mask.png', message: 'mask is 4×2 but the image is 100×80' },
    );
  });

  it('text entity spans (Labelbox end is inclusive)', () => {
    rejects(
      { uuid: 'u', dataRow, name: 'named-entity', location: { start: 9, end: 5 } },
      { path: 'location.end', message: 'must not be before start (start 9, end 5; end is inclusive)' },
    );
    rejects(
      { uuid: 'u', dataRow, name: 'named-entity', location: { start: 40, end: 50 } },
      {
        path: 'location.end',
        message: 'is outside the text: 50 ≥ text length 50 (end is inclusive, the last index is 49)',
      },
    );
    rejects(
      { uuid: 'u', dataRow, name: 'named-entity', location: { start: 1.5, end: 5 } },
      { path: 'location.start', message: 'must be an integer (got 1.5)' },
    );
  });

  it('relationships', () => {
    rejects(
      { uuid: 'u', dataRow, name: 'is chasing', relationship: { source: 'a', target: 'a' } },
      {
        path: 'relationship.target',
        message: 'must differ from source: an annotation cannot relate to itself',
      },
    );
    rejects(
      {
        uuid: 'u',
        dataRow,
        name: 'is chasing',
        relationship: { source: 'a', target: 'b', type: 'sideways' },
      },
      { path: 'relationship.type', message: 'must be "unidirectional" or "bidirectional" (got "sideways")' },
    );
  });

  it('classification answers', () => {
    rejects(
      { uuid: 'u', dataRow, name: 'q', answer: { name: 'maybe' } },
      { path: 'answer.name', message: '"maybe" is not an option of radio classification "q"' },
    );
    rejects(
      { uuid: 'u', dataRow, name: 'q', answer: [{ name: 'yes' }] },
      {
        path: 'answer',
        message: 'radio classification "q" takes one answer object like {"name": "…"} (got [{"name":"yes"}])',
      },
    );
    rejects(
      { uuid: 'u', dataRow, name: 'c', answer: { name: 'first' } },
      {
        path: 'answer',
        message:
          'checklist classification "c" takes a list of answers like [{"name": "…"}] (got {"name":"first"})',
      },
    );
    rejects(
      { uuid: 'u', dataRow, name: 'c', answer: [] },
      { path: 'answer', message: 'checklist classification "c" needs at least one answer' },
    );
    rejects(
      { uuid: 'u', dataRow, name: 'c', answer: [{ name: 'first' }, { schemaId: 'fs-c-a' }] },
      { path: 'answer[1]', message: 'option "first" is chosen twice' },
    );
    rejects(
      { uuid: 'u', dataRow, name: 'c', answers: [{ schemaId: 'fs-q-yes' }] },
      { path: 'answers[0].schemaId', message: '"fs-q-yes" is not an option of checklist classification "c"' },
    );
    rejects(
      { uuid: 'u', dataRow, name: 'free_text', answer: { name: 'x' } },
      { path: 'answer', message: 'text classification "free_text" takes a string answer (got {"name":"x"})' },
    );
    rejects(
      { uuid: 'u', dataRow, name: 'q', answer: { name: 'yes' }, confidence: 2 },
      { path: 'confidence', message: 'must be a number between 0 and 1 (got 2)' },
    );
  });

  it('nested classifications, with the full path to the bad value', () => {
    rejects(
      {
        uuid: 'u',
        dataRow,
        name: 'box',
        bbox: box,
        classifications: [{ name: 'q', answer: { name: 'yes' } }],
      },
      {
        path: 'classifications[0].name',
        message: 'unknown classification: no feature named "q" under rectangle tool "box"',
      },
    );
    rejects(
      {
        uuid: 'u',
        dataRow,
        name: 'box',
        bbox: box,
        classifications: [
          { name: 'sub_radio', answer: { name: 'a', classifications: [{ name: 'deep', answer: 3 }] } },
        ],
      },
      {
        path: 'classifications[0].answer.classifications[0].answer',
        message: 'text classification "deep" takes a string answer (got 3)',
      },
    );
    rejects(
      {
        uuid: 'u',
        dataRow,
        name: 'box',
        bbox: box,
        classifications: [
          { name: 'sub_radio', answer: { name: 'b', classifications: [{ name: 'deep', answer: 'x' }] } },
        ],
      },
      {
        path: 'classifications[0].answer.classifications[0].name',
        message: 'unknown classification: no feature named "deep" under option "b"',
      },
    );
    rejects(
      { uuid: 'u', dataRow, name: 'box', bbox: box, classifications: {} },
      { path: 'classifications', message: 'must be a list of classifications (got {})' },
    );
  });

  it('reports geometry and nested errors of one line together', () => {
    rejects(
      {
        uuid: 'u',
        dataRow,
        name: 'box',
        bbox: { top: 1, left: 1, height: 5, width: 0 },
        classifications: [{ name: 'sub_text', answer: 1 }],
      },
      {
        path: 'classifications[0].answer',
        message: 'text classification "sub_text" takes a string answer (got 1)',
      },
      { path: 'bbox.width', message: 'must be greater than 0 (got 0)' },
    );
  });
});
