import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  memoryClipboard,
  paste,
  copySelected,
  setActiveFeature,
  toggleHidden,
  toggleLocked,
  toggleFeatureHidden,
  toNdjson,
} from '../src/index.ts';
import { TestEditor } from './test-editor.ts';

function withBox(sut = new TestEditor()) {
  setActiveFeature(sut, 'fs-car');
  sut.drag([100, 100], [200, 200]);
  sut.setTool('select');
  sut.resetTrail();
  return sut;
}

describe('selecting and editing (headless TestEditor)', () => {
  it('moves a box by dragging it: select.idle → pointing_object → translating → idle, one undo step', () => {
    const sut = withBox();
    sut.select([]);
    sut.drag([150, 150], [170, 180]);
    assert.deepEqual(
      [...new Set(sut.trail)],
      ['select.pointing_object', 'select.translating', 'select.idle'],
    );
    const [box] = sut.objects();
    assert.deepEqual(box.kind === 'bbox' && box.bbox, { top: 130, left: 120, height: 100, width: 100 });
    sut.undo();
    const [back] = sut.objects();
    assert.deepEqual(back.kind === 'bbox' && back.bbox, { top: 100, left: 100, height: 100, width: 100 });
    sut.redo();
    assert.deepEqual(sut.objects()[0], box);
  });

  it('resizes a box by its corner; dragging past the opposite corner flips it', () => {
    const sut = withBox();
    sut.drag([200, 200], [250, 260]);
    assert.deepEqual(
      [...new Set(sut.trail)],
      ['select.pointing_handle', 'select.dragging_handle', 'select.idle'],
    );
    const [box] = sut.objects();
    assert.deepEqual(box.kind === 'bbox' && box.bbox, { top: 100, left: 100, height: 160, width: 150 });
    sut.drag([100, 100], [300, 300]);
    const [flipped] = sut.objects();
    assert.deepEqual(flipped.kind === 'bbox' && flipped.bbox, { top: 260, left: 250, height: 40, width: 50 });
  });

  it('edits polygon vertices: move, insert on an edge by double-click, delete by alt-click; each undoable', () => {
    const sut = new TestEditor();
    setActiveFeature(sut, 'fs-road');
    sut.click(100, 100).click(300, 100).click(300, 300).key('Enter');
    sut.setTool('select');
    const points = () => {
      const o = sut.objects()[0];
      return o.kind === 'polygon' ? o.points.map((p) => [p.x, p.y]) : [];
    };
    sut.drag([300, 300], [320, 330]);
    assert.deepEqual(points(), [
      [100, 100],
      [300, 100],
      [320, 330],
    ]);
    sut.doubleClick({ x: 200, y: 100 });
    assert.deepEqual(points(), [
      [100, 100],
      [200, 100],
      [300, 100],
      [320, 330],
    ]);
    sut.click(300, 100, { altKey: true });
    assert.deepEqual(points(), [
      [100, 100],
      [200, 100],
      [320, 330],
    ]);
    sut.click(200, 100, { altKey: true });
    assert.equal(points().length, 3, 'a polygon keeps at least three vertices');
    sut.undo();
    assert.deepEqual(points(), [
      [100, 100],
      [200, 100],
      [300, 100],
      [320, 330],
    ]);
    sut.undo();
    assert.deepEqual(points(), [
      [100, 100],
      [300, 100],
      [320, 330],
    ]);
    sut.undo();
    assert.deepEqual(points(), [
      [100, 100],
      [300, 100],
      [300, 300],
    ]);
  });

  it('multi-selects with shift-click and the marquee, moves and deletes together', () => {
    const sut = withBox();
    setActiveFeature(sut, 'fs-car');
    sut.drag([300, 300], [400, 400]).drag([600, 600], [700, 700]);
    sut.setTool('select');
    sut.click(150, 150).click(350, 350, { shiftKey: true });
    assert.deepEqual([...sut.selectedIds].sort(), ['uuid-1', 'uuid-2']);
    sut.resetTrail().drag([50, 50], [450, 450]);
    assert.deepEqual([...new Set(sut.trail)], ['select.pointing_canvas', 'select.brushing', 'select.idle']);
    assert.deepEqual([...sut.selectedIds].sort(), ['uuid-1', 'uuid-2']);
    sut.key('ArrowRight', { shiftKey: true });
    assert.deepEqual(
      sut.objects().map((o) => o.kind === 'bbox' && o.bbox.left),
      [110, 310, 600],
    );
    sut.key('Delete');
    assert.deepEqual(
      sut.objects().map((o) => o.uuid),
      ['uuid-3'],
    );
    sut.key('z', { accelKey: true });
    assert.equal(sut.objects().length, 3);
    sut.key('z', { accelKey: true, shiftKey: true });
    assert.equal(sut.objects().length, 1);
  });

  it('hidden and locked objects cannot be selected; a hidden class hides all its objects', () => {
    const sut = withBox();
    sut.select([]);
    toggleLocked(sut, 'uuid-1');
    sut.click(150, 150);
    assert.equal(sut.selectedIds.size, 0);
    sut.drag([150, 150], [250, 250]);
    assert.deepEqual((toNdjson(sut)[0].bbox as { left: number }).left, 100, 'locked objects do not move');
    toggleLocked(sut, 'uuid-1');
    toggleHidden(sut, 'uuid-1');
    assert.equal(sut.hitTest({ x: 150, y: 150 }), undefined);
    toggleHidden(sut, 'uuid-1');
    toggleFeatureHidden(sut, 'fs-car');
    assert.equal(sut.hitTest({ x: 150, y: 150 }), undefined);
    toggleFeatureHidden(sut, 'fs-car');
    assert.equal(sut.hitTest({ x: 150, y: 150 })?.uuid, 'uuid-1');
  });

  it('picks the smaller of two overlapping objects, so a box inside a box stays reachable', () => {
    const sut = new TestEditor();
    setActiveFeature(sut, 'fs-car');
    sut.drag([100, 100], [140, 140]).drag([0, 0], [500, 500]);
    assert.equal(sut.hitTest({ x: 120, y: 120 })?.uuid, 'uuid-1');
    assert.equal(sut.hitTest({ x: 300, y: 300 })?.uuid, 'uuid-2');
  });

  it('copies and pastes on the same row (shifted) and on another row (in place), with new uuids and links', () => {
    const clipboard = memoryClipboard();
    const first = withBox(new TestEditor(undefined, clipboard));
    setActiveFeature(first, 'fs-car');
    first.drag([300, 300], [400, 400]);
    setActiveFeature(first, 'fs-drives');
    first.drag([150, 150], [350, 350]);
    first.setTool('select');
    first.click(150, 150).click(350, 350, { shiftKey: true }).key('c', { accelKey: true });
    first.key('v', { accelKey: true });
    const pasted = first.objects().slice(2);
    assert.deepEqual(
      pasted.map((o) => o.kind === 'bbox' && o.bbox.left),
      [110, 310],
    );
    assert.deepEqual(
      [...first.selectedIds],
      pasted.map((o) => o.uuid),
    );
    const links = first.records().filter((r) => r.kind === 'relationship');
    assert.equal(links.length, 2);
    assert.deepEqual(
      links[1].kind === 'relationship' && [links[1].source, links[1].target],
      pasted.map((o) => o.uuid),
    );

    const next = new TestEditor(undefined, clipboard);
    const ids = paste(next);
    assert.equal(ids.length, 3);
    assert.deepEqual(
      next.objects().map((o) => o.kind === 'bbox' && o.bbox.left),
      [100, 300],
    );
    next.undo();
    assert.equal(next.records().length, 0);
    assert.equal(copySelected(next), 0);
  });
});
