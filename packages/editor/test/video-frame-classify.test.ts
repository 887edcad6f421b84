import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NormalizedClassification } from '@labelyard/schema';
import {
  answerAt,
  classify,
  classifyFrame,
  clampFrame,
  frameAnswer,
  frameAt,
  lastFrame,
  loadNdjson,
  setVideoFrame,
  timeOf,
  toNdjson,
  withFrame,
  withoutFrame,
} from '../src/index.ts';
import { ontology, TestEditor } from './test-editor.ts';

const weather = ontology.classifications.find((c) => c.name === 'weather') as NormalizedClassification;
const tags = ontology.classifications.find((c) => c.name === 'tags') as NormalizedClassification;
const [sunny, rainy] = weather.options;
const [night, blur] = tags.options;

/** The NDJSON classification lines: answer name(s) and frames, without uuids. */
const lines = (sut: TestEditor) =>
  toNdjson(sut).map((l) => ({ name: l.name, answer: l.answer ?? l.answers, frames: l.frames }));

describe('frame ranges and the video clock', () => {
  it('adds and removes frames, merging touching ranges and splitting around a removed one', () => {
    assert.deepEqual(withFrame([{ start: 1, end: 3 }], 4), [{ start: 1, end: 4 }]);
    assert.deepEqual(
      withFrame(
        [
          { start: 1, end: 3 },
          { start: 5, end: 6 },
        ],
        4,
      ),
      [{ start: 1, end: 6 }],
    );
    assert.deepEqual(withoutFrame([{ start: 1, end: 6 }], 3), [
      { start: 1, end: 2 },
      { start: 4, end: 6 },
    ]);
    assert.deepEqual(withoutFrame([{ start: 3, end: 3 }], 3), []);
  });

  it('numbers frames from 1 and seeks to the middle of a frame', () => {
    assert.equal(frameAt(0, 30), 1);
    assert.equal(frameAt(timeOf(11, 30), 30), 11);
    assert.equal(frameAt(10 / 30, 30), 11, 'the start of frame 11');
    assert.equal(lastFrame(2, 30), 60);
    assert.equal(lastFrame(1.968, 30), 60);
    assert.equal(lastFrame(Number.POSITIVE_INFINITY, 30), 1);
    assert.equal(clampFrame(99, 60), 60);
    assert.equal(clampFrame(-3, 60), 1);
  });
});

describe('frame classifications (headless TestEditor)', () => {
  it('answers a radio per frame: a line per answer with its frame ranges, one undo step each', () => {
    const sut = new TestEditor();
    setVideoFrame(sut, 1);
    for (const f of [1, 2, 3]) classifyFrame(sut, weather, f, { type: 'radio', option: sunny });
    classifyFrame(sut, weather, 5, { type: 'radio', option: rainy });
    classifyFrame(sut, weather, 2, { type: 'radio', option: rainy });
    assert.deepEqual(lines(sut), [
      {
        name: 'weather',
        answer: { name: 'sunny', schemaId: 'fs-sunny' },
        frames: [
          { start: 1, end: 1 },
          { start: 3, end: 3 },
        ],
      },
      {
        name: 'weather',
        answer: { name: 'rainy', schemaId: 'fs-rainy' },
        frames: [
          { start: 2, end: 2 },
          { start: 5, end: 5 },
        ],
      },
    ]);
    assert.equal(frameAnswer(sut, 'fs-weather', 4), undefined);
    sut.undo();
    const two = frameAnswer(sut, 'fs-weather', 2);
    assert.equal(two?.kind === 'radio' && two.answer.name, 'Sunny', 'undo gives frame 2 back to Sunny');
    classifyFrame(sut, weather, 5, { type: 'radio', option: null });
    assert.equal(frameAnswer(sut, 'fs-weather', 5), undefined, 'cleared on frame 5');
    assert.equal(answerAt(sut, null, ['fs-weather']), undefined, 'frame answers are not the row answer');
  });

  it('keeps whole-video answers apart from frame answers of the same question', () => {
    const sut = new TestEditor();
    classify(sut, null, ['fs-weather'], { type: 'radio', option: rainy });
    classifyFrame(sut, weather, 7, { type: 'radio', option: sunny });
    const row = answerAt(sut, null, ['fs-weather']);
    assert.equal(row?.kind === 'radio' && row.answer.name, 'Rainy');
    assert.equal(row?.frames, undefined);
    assert.equal(toNdjson(sut).length, 2);
  });

  it('answers a checklist per frame by the set of options chosen there', () => {
    const sut = new TestEditor();
    classifyFrame(sut, tags, 1, { type: 'checklist', option: night, checked: true });
    classifyFrame(sut, tags, 2, { type: 'checklist', option: night, checked: true });
    classifyFrame(sut, tags, 2, { type: 'checklist', option: blur, checked: true });
    classifyFrame(sut, tags, 1, { type: 'checklist', option: night, checked: false });
    assert.deepEqual(lines(sut), [
      {
        name: 'tags',
        answer: [
          { name: 'night', schemaId: 'fs-night' },
          { name: 'blur', schemaId: 'fs-blur' },
        ],
        frames: [{ start: 2, end: 2 }],
      },
    ]);
  });

  it('reads frame classifications back from NDJSON (a pre-label or an import)', () => {
    const sut = new TestEditor();
    classifyFrame(sut, weather, 4, { type: 'radio', option: sunny });
    classifyFrame(sut, weather, 5, { type: 'radio', option: sunny });
    const back = new TestEditor();
    assert.deepEqual(loadNdjson(back, toNdjson(sut)), []);
    assert.deepEqual(lines(back), lines(sut));
    const five = frameAnswer(back, 'fs-weather', 5);
    assert.deepEqual(five?.frames, [{ start: 4, end: 5 }]);
  });
});
