import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeBase64, maskToPng, parseNdjsonLine, readNdjsonEnvelope } from '../src/index.ts';
import { createParseContext, dataRow } from './annotation.fixtures.ts';

const media = { width: 100, height: 80, textLength: 50 };
const sut = (line: unknown, m: typeof media | undefined = media) =>
  parseNdjsonLine(JSON.stringify(line), createParseContext(m));
const okAnnotation = (line: unknown, m?: typeof media) => {
  const r = sut(line, m ?? media);
  assert.ok(r.ok, JSON.stringify(r));
  return r.annotation;
};

describe('Labelbox NDJSON line → records (valid lines)', () => {
  it('reads a bounding box by name with the SDK serializer shape', () => {
    const r = sut({
      uuid: 'u-box',
      dataRow,
      name: 'box',
      bbox: { top: 10, left: 20, height: 30, width: 40 },
      classifications: [],
    });
    const box = {
      kind: 'bbox',
      uuid: 'u-box',
      featureSchemaId: 'fs-box',
      name: 'box',
      bbox: { top: 10, left: 20, height: 30, width: 40 },
      classifications: [],
    };
    assert.deepEqual(r, {
      ok: true,
      uuid: 'u-box',
      dataRow: { id: 'dr-1' },
      annotation: box,
      annotations: [box],
    });
  });

  it('resolves by schemaId (which wins over name), keeps confidence, addresses rows by globalKey', () => {
    const r = sut({
      uuid: 'u',
      dataRow: { globalKey: 'k-1' },
      schemaId: 'fs-pt',
      name: 'stale name',
      confidence: 0.85,
      point: { x: 1.5, y: 2 },
    });
    assert.ok(r.ok);
    assert.deepEqual(r.dataRow, { globalKey: 'k-1' });
    assert.deepEqual(r.annotation, {
      kind: 'point',
      uuid: 'u',
      featureSchemaId: 'fs-pt',
      name: 'pt',
      confidence: 0.85,
      point: { x: 1.5, y: 2 },
      classifications: [],
    });
  });

  it('generates a uuid for lines without one', () => {
    const r = sut({ dataRow, name: 'pt', point: { x: 1, y: 2 } });
    assert.ok(r.ok);
    assert.equal(r.uuid, 'id-1');
    assert.equal(r.annotation.uuid, 'id-1');
  });

  it('opens an auto-closed polygon', () => {
    const a = okAnnotation({
      uuid: 'u',
      dataRow,
      name: 'poly',
      polygon: [
        { x: 10, y: 20 },
        { x: 15, y: 20 },
        { x: 20, y: 25 },
        { x: 10, y: 20 },
      ],
    });
    assert.deepEqual(a, {
      kind: 'polygon',
      uuid: 'u',
      featureSchemaId: 'fs-poly',
      name: 'poly',
      points: [
        { x: 10, y: 20 },
        { x: 15, y: 20 },
        { x: 20, y: 25 },
      ],
      classifications: [],
    });
  });

  it('reads a polyline', () => {
    const a = okAnnotation({
      uuid: 'u',
      dataRow,
      name: 'ln',
      line: [
        { x: 1, y: 2 },
        { x: 3, y: 4 },
      ],
    });
    assert.deepEqual(a, {
      kind: 'polyline',
      uuid: 'u',
      featureSchemaId: 'fs-ln',
      name: 'ln',
      points: [
        { x: 1, y: 2 },
        { x: 3, y: 4 },
      ],
      classifications: [],
    });
  });

  it('reads masks by instanceURI + colorRGB and as inline PNG', () => {
    const byUri = okAnnotation({
      uuid: 'u',
      dataRow,
      name: 'seg',
      mask: { instanceURI: 'https://x.test/m.png', colorRGB: [255, 0, 0] },
    });
    assert.deepEqual(byUri, {
      kind: 'mask',
      uuid: 'u',
      featureSchemaId: 'fs-seg',
      name: 'seg',
      source: { type: 'uri', uri: 'https://x.test/m.png' },
      colorRGB: [255, 0, 0],
      classifications: [],
    });
    const png = encodeBase64(maskToPng({ width: 100, height: 80, data: new Uint8Array(8000).fill(1) }));
    const inline = okAnnotation({ uuid: 'u', dataRow, name: 'seg', mask: { png } });
    assert.deepEqual(inline, {
      kind: 'mask',
      uuid: 'u',
      featureSchemaId: 'fs-seg',
      name: 'seg',
      source: { type: 'png', base64: png },
      classifications: [],
    });
  });

  it('reads text entity spans, with messageId for conversations', () => {
    const a = okAnnotation({ uuid: 'u', dataRow, name: 'named-entity', location: { start: 0, end: 49 } });
    assert.deepEqual(a, {
      kind: 'text-entity',
      uuid: 'u',
      featureSchemaId: 'fs-ner',
      name: 'named-entity',
      start: 0,
      end: 49,
      classifications: [],
    });
    const c = okAnnotation({
      uuid: 'u',
      dataRow,
      name: 'named-entity',
      messageId: 'm-0',
      location: { start: 70, end: 80 },
    });
    assert.deepEqual(c, {
      kind: 'text-entity',
      uuid: 'u',
      featureSchemaId: 'fs-ner',
      name: 'named-entity',
      start: 70,
      end: 80,
      messageId: 'm-0',
      classifications: [],
    });
  });

  it('reads relationships', () => {
    const a = okAnnotation({
      uuid: 'r',
      dataRow,
      name: 'is chasing',
      relationship: { source: 'u1', target: 'u2', type: 'bidirectional' },
    });
    assert.deepEqual(a, {
      kind: 'relationship',
      uuid: 'r',
      featureSchemaId: 'fs-rel',
      name: 'is chasing',
      source: 'u1',
      target: 'u2',
      direction: 'bidirectional',
    });
  });

  it('reads radio (by option value or label), checklist (answer or answers) and text classifications', () => {
    const radio = okAnnotation({ uuid: 'u', dataRow, name: 'q', answer: { name: 'yes', confidence: 0.5 } });
    assert.deepEqual(radio, {
      kind: 'radio',
      uuid: 'u',
      featureSchemaId: 'fs-q',
      name: 'q',
      answer: {
        uuid: 'id-1',
        featureSchemaId: 'fs-q-yes',
        name: 'Yes',
        value: 'yes',
        confidence: 0.5,
        classifications: [],
      },
    });
    const byLabel = okAnnotation({ uuid: 'u', dataRow, schemaId: 'fs-q', answer: { schemaId: 'fs-q-no' } });
    assert.equal(byLabel.kind === 'radio' && byLabel.answer.value, 'no');
    const checklist = okAnnotation({
      uuid: 'u',
      dataRow,
      name: 'c',
      answers: [{ name: 'first' }, { name: 'second' }],
    });
    assert.deepEqual(checklist, {
      kind: 'checklist',
      uuid: 'u',
      featureSchemaId: 'fs-c',
      name: 'c',
      answers: [
        { uuid: 'id-1', featureSchemaId: 'fs-c-a', name: 'first', value: 'first', classifications: [] },
        { uuid: 'id-2', featureSchemaId: 'fs-c-b', name: 'second', value: 'second', classifications: [] },
      ],
    });
    const text = okAnnotation({
      uuid: 'u',
      dataRow,
      name: 'free_text',
      answer: 'sample text',
      messageId: 'm-1',
    });
    assert.deepEqual(text, {
      kind: 'text',
      uuid: 'u',
      featureSchemaId: 'fs-free',
      name: 'free_text',
      messageId: 'm-1',
      answer: 'sample text',
    });
  });

  it('reads classifications nested under objects and under answers, at any depth', () => {
    const a = okAnnotation({
      uuid: 'u',
      dataRow,
      name: 'box',
      bbox: { top: 0, left: 0, height: 10, width: 10 },
      classifications: [
        { name: 'sub_radio', answer: { name: 'a', classifications: [{ name: 'deep', answer: 'very' }] } },
        { schemaId: 'fs-sub-text', answer: 'note' },
      ],
    });
    assert.deepEqual(a, {
      kind: 'bbox',
      uuid: 'u',
      featureSchemaId: 'fs-box',
      name: 'box',
      bbox: { top: 0, left: 0, height: 10, width: 10 },
      classifications: [
        {
          uuid: 'id-1',
          featureSchemaId: 'fs-sub-radio',
          name: 'sub_radio',
          kind: 'radio',
          answer: {
            uuid: 'id-2',
            featureSchemaId: 'fs-sub-a',
            name: 'a',
            value: 'a',
            classifications: [
              { uuid: 'id-3', featureSchemaId: 'fs-deep', name: 'deep', kind: 'text', answer: 'very' },
            ],
          },
        },
        { uuid: 'id-4', featureSchemaId: 'fs-sub-text', name: 'sub_text', kind: 'text', answer: 'note' },
      ],
    });
  });

  it('accepts geometry touching the image edges and skips bounds checks when the media size is unknown', () => {
    okAnnotation({ uuid: 'u', dataRow, name: 'box', bbox: { top: 0, left: 0, height: 80, width: 100 } });
    okAnnotation(
      { uuid: 'u', dataRow, name: 'box', bbox: { top: 500, left: 500, height: 80, width: 100 } },
      {} as typeof media,
    );
  });

  it('splits envelope reading from annotation parsing so importers can batch data-row lookups', () => {
    const r = readNdjsonEnvelope('{"uuid":"u","dataRow":{"id":"dr-9"},"name":"pt","point":{"x":1,"y":1}}');
    assert.ok(r.ok);
    assert.deepEqual(r.value.dataRow, { id: 'dr-9' });
    assert.equal(r.value.uuid, 'u');
  });
});
