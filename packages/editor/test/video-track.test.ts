import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseNdjsonAnnotation, videoObjectFrames, type VideoObjectAnnotation } from '@labelyard/schema';
import {
  addKeyframeHere,
  deleteKeyframe,
  deleteKeyframeHere,
  endAt,
  endTrackHere,
  keyframeFrames,
  loadNdjson,
  segmentSpans,
  setActiveFeature,
  setKeyframe,
  setVideoFrame,
  toNdjson,
  trackAt,
} from '../src/index.ts';
import { TestEditor } from './test-editor.ts';

const box = (left: number, top: number, width = 100, height = 50) => ({ left, top, width, height });

const car = (segments: VideoObjectAnnotation['segments']): VideoObjectAnnotation => ({
  uuid: 'car-1',
  featureSchemaId: 'fs-car',
  name: 'Car',
  classifications: [],
  kind: 'video-object',
  shape: 'bbox',
  segments,
});

const kf = (frame: number, left: number) => ({ frame, bbox: box(left, 10), classifications: [] });

/** A video editor on frame 1 with the Car (box) class active. */
function videoEditor() {
  const sut = new TestEditor({ width: 1000, height: 800 });
  setVideoFrame(sut, 1);
  setActiveFeature(sut, 'fs-car');
  return sut;
}

const only = (sut: TestEditor) => {
  const [o] = sut.objects();
  assert.equal(o?.kind, 'video-object');
  return o as VideoObjectAnnotation;
};

describe('video tracks (pure keyframe functions)', () => {
  const a = car([{ keyframes: [kf(1, 0), kf(11, 100)] }]);

  it('interpolates a box linearly between two keyframes, and holds it outside the segment', () => {
    assert.deepEqual(trackAt(a, 6), {
      geometry: { bbox: box(50, 10) },
      keyframe: false,
      outside: false,
      classifications: [],
    });
    assert.equal(trackAt(a, 11).keyframe, true);
    assert.deepEqual(trackAt(a, 20), { ...trackAt(a, 11), keyframe: false, outside: true });
  });

  it('adds, replaces and deletes keyframes; a frame after the segment extends it', () => {
    const moved = setKeyframe(a, 6, { bbox: box(80, 10) });
    assert.deepEqual(keyframeFrames(moved), [1, 6, 11]);
    assert.deepEqual(trackAt(moved, 6).geometry, { bbox: box(80, 10) });
    assert.deepEqual(trackAt(moved, 3).geometry, { bbox: box(32, 10) });
    assert.deepEqual(keyframeFrames(setKeyframe(moved, 6, { bbox: box(5, 10) })), [1, 6, 11]);
    assert.deepEqual(segmentSpans(setKeyframe(a, 21, { bbox: box(200, 10) })), [[1, 21]]);
    assert.deepEqual(keyframeFrames(deleteKeyframe(moved, 6)!), [1, 11]);
    assert.equal(deleteKeyframe(car([{ keyframes: [kf(1, 0)] }]), 1), undefined);
  });

  it('ends a segment on a frame: an interpolated end keyframe, later keyframes start a new segment', () => {
    const three = car([{ keyframes: [kf(1, 0), kf(11, 100), kf(21, 0)] }]);
    const ended = endAt(three, 6);
    assert.deepEqual(segmentSpans(ended), [
      [1, 6],
      [11, 21],
    ]);
    assert.deepEqual(trackAt(ended, 6).geometry, { bbox: box(50, 10) });
    assert.equal(trackAt(ended, 8).outside, true);
    assert.equal(endAt(three, 21), three, 'the segment already ends there');
  });
});

describe('video editing (headless TestEditor)', () => {
  it('draws a box on frame 1 as a tracked object with one keyframe there', () => {
    const sut = videoEditor();
    sut.drag([100, 100], [200, 150]);
    const o = only(sut);
    assert.deepEqual(o.segments, [
      { keyframes: [{ frame: 1, bbox: box(100, 100, 100, 50), classifications: [] }] },
    ]);
    assert.deepEqual([...sut.selectedIds], [o.uuid]);
  });

  it('moving the box on a later frame adds a keyframe there and interpolates between; undo takes it back', () => {
    const sut = videoEditor();
    sut.drag([100, 100], [200, 150]);
    sut.setTool('select');
    setVideoFrame(sut, 11);
    sut.resetTrail();
    sut.drag([150, 120], [250, 120]);
    assert.deepEqual(
      [...new Set(sut.trail)],
      ['select.pointing_object', 'select.translating', 'select.idle'],
    );
    const o = only(sut);
    assert.deepEqual(keyframeFrames(o), [1, 11]);
    assert.deepEqual(trackAt(o, 11).geometry, { bbox: box(200, 100, 100, 50) });
    assert.deepEqual(trackAt(o, 6).geometry, { bbox: box(150, 100, 100, 50) });
    sut.undo();
    assert.deepEqual(keyframeFrames(only(sut)), [1]);
    sut.redo();
    assert.deepEqual(keyframeFrames(only(sut)), [1, 11]);
  });

  it('resizing by a corner on another frame is a keyframe too', () => {
    const sut = videoEditor();
    sut.drag([100, 100], [200, 150]);
    sut.setTool('select');
    setVideoFrame(sut, 5);
    sut.drag([200, 150], [300, 250]);
    assert.deepEqual(trackAt(only(sut), 5).geometry, { bbox: box(100, 100, 200, 150) });
    assert.deepEqual(keyframeFrames(only(sut)), [1, 5]);
  });

  it('a point drawn on a frame is a tracked point; dragging it on another frame keys it there', () => {
    const sut = videoEditor();
    setActiveFeature(sut, 'fs-sign');
    sut.click(300, 300);
    const o = only(sut);
    assert.equal(o.shape, 'point');
    assert.deepEqual(o.segments, [
      { keyframes: [{ frame: 1, point: { x: 300, y: 300 }, classifications: [] }] },
    ]);
    sut.setTool('select');
    setVideoFrame(sut, 9);
    sut.drag([300, 300], [340, 300]);
    assert.deepEqual(keyframeFrames(only(sut)), [1, 9]);
    assert.deepEqual(trackAt(only(sut), 5).geometry, { point: { x: 320, y: 300 } });
  });

  it('an object outside its segments is hit only while selected', () => {
    const sut = videoEditor();
    sut.drag([100, 100], [200, 150]);
    sut.setTool('select');
    setVideoFrame(sut, 30);
    assert.equal(sut.hitTest({ x: 150, y: 120 })?.uuid, only(sut).uuid);
    sut.select([]);
    assert.equal(sut.hitTest({ x: 150, y: 120 }), undefined);
  });

  it('keyframe here, delete keyframe, end here: each one undo step', () => {
    const sut = videoEditor();
    sut.drag([100, 100], [200, 150]);
    setVideoFrame(sut, 21);
    assert.ok(addKeyframeHere(sut));
    assert.deepEqual(keyframeFrames(only(sut)), [1, 21]);
    setVideoFrame(sut, 11);
    assert.ok(endTrackHere(sut));
    assert.deepEqual(segmentSpans(only(sut)), [
      [1, 11],
      [21, 21],
    ]);
    assert.ok(deleteKeyframeHere(sut));
    assert.deepEqual(segmentSpans(only(sut)), [
      [1, 1],
      [21, 21],
    ]);
    sut.undo();
    sut.undo();
    assert.deepEqual(segmentSpans(only(sut)), [[1, 21]]);
    setVideoFrame(sut, 1);
    assert.ok(deleteKeyframeHere(sut));
    setVideoFrame(sut, 21);
    assert.ok(deleteKeyframeHere(sut));
    assert.equal(sut.objects().length, 0, 'its last keyframe deleted, the object goes');
  });

  it('round-trips through the NDJSON the Labelbox import reads and writes', () => {
    const sut = videoEditor();
    sut.drag([100, 100], [200, 150]);
    sut.setTool('select');
    setVideoFrame(sut, 11);
    sut.drag([150, 120], [250, 120]);
    const lines = toNdjson(sut);
    assert.deepEqual(lines, [
      {
        uuid: only(sut).uuid,
        name: 'Car',
        schemaId: 'fs-car',
        segments: [
          {
            keyframes: [
              { frame: 1, bbox: { top: 100, left: 100, height: 50, width: 100 }, classifications: [] },
              { frame: 11, bbox: { top: 100, left: 200, height: 50, width: 100 }, classifications: [] },
            ],
          },
        ],
        classifications: [],
      },
    ]);
    const parsed = parseNdjsonAnnotation(
      { line: lines[0], dataRow: { id: 'row' } },
      { features: sut.features, media: {}, newUuid: () => 'x' },
    );
    assert.ok(parsed.ok);
    const [read] = parsed.annotations as VideoObjectAnnotation[];
    assert.deepEqual(videoObjectFrames(read, true)[5].bbox, box(150, 100, 100, 50));
    const back = new TestEditor();
    setVideoFrame(back, 6);
    assert.deepEqual(loadNdjson(back, lines), []);
    assert.deepEqual(back.objects(), sut.objects());
    assert.equal(back.hitTest({ x: 200, y: 120 })?.uuid, only(sut).uuid, 'indexed where it is on frame 6');
  });
});
