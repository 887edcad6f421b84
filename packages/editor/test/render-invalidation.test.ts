import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Box, Point } from '@labelyard/schema';
import { setActiveFeature } from '../src/index.ts';
import { SceneInvalidation } from '../src/view/render/scene-invalidation.ts';
import { key, renderZoom, snappedTransform, TILE, TileLevel } from '../src/view/render/tile-level.ts';
import { TestEditor } from './test-editor.ts';

/** Everything the renderer would be told to redraw while `act` runs. */
function damageOf(sut: TestEditor, act: () => void): { all: boolean; boxes: Box[] } {
  const invalidation = new SceneInvalidation(sut);
  const out = { all: false, boxes: [] as Box[] };
  const stop = sut.subscribe((change) => {
    const d = invalidation.take(change);
    out.all ||= d.all;
    out.boxes.push(...d.boxes);
  });
  act();
  stop();
  return out;
}

const inside = (boxes: readonly Box[], p: Point) =>
  boxes.some((b) => p.x >= b.left && p.x <= b.left + b.width && p.y >= b.top && p.y <= b.top + b.height);

/** Two cars far apart: a change to one must not damage the other. */
function twoCars() {
  const sut = new TestEditor({ width: 1000, height: 800 });
  setActiveFeature(sut, 'fs-car');
  sut.drag([100, 100], [200, 200]).drag([700, 500], [800, 600]);
  sut.setTool('select');
  sut.select([]);
  return sut;
}

describe('scene damage: what an edit makes the cached tiles redraw (headless)', () => {
  it('drawing a box damages where it is drawn, nothing far away', () => {
    const sut = twoCars();
    setActiveFeature(sut, 'fs-car');
    const d = damageOf(sut, () => sut.drag([400, 300], [450, 380]));
    assert.equal(d.all, false);
    assert.ok(inside(d.boxes, { x: 425, y: 340 }));
    assert.ok(!inside(d.boxes, { x: 150, y: 150 }) && !inside(d.boxes, { x: 750, y: 550 }));
  });

  it('moving a box damages where it was and where it went; undo and redo the same', () => {
    const sut = twoCars();
    const d = damageOf(sut, () => sut.drag([150, 150], [450, 350]));
    const moved = sut.objects()[0]!;
    assert.equal(moved.kind === 'bbox' && moved.bbox.left, 400, 'moved');
    assert.ok(inside(d.boxes, { x: 110, y: 110 }), 'the old place');
    assert.ok(inside(d.boxes, { x: 440, y: 340 }), 'the new place');
    assert.ok(!inside(d.boxes, { x: 750, y: 550 }));
    const undo = damageOf(sut, () => sut.undo());
    assert.ok(inside(undo.boxes, { x: 110, y: 110 }) && inside(undo.boxes, { x: 440, y: 340 }));
    const redo = damageOf(sut, () => sut.redo());
    assert.ok(inside(redo.boxes, { x: 110, y: 110 }) && inside(redo.boxes, { x: 440, y: 340 }));
  });

  it('deleting damages the deleted object only', () => {
    const sut = twoCars();
    const d = damageOf(sut, () => sut.click(150, 150).key('Delete'));
    assert.equal(sut.objects().length, 1);
    assert.ok(inside(d.boxes, { x: 150, y: 150 }));
    assert.ok(!inside(d.boxes, { x: 750, y: 550 }));
  });

  it('hiding an object or a class damages what it shows or hides', () => {
    const sut = twoCars();
    const [a, b] = sut.objects();
    const one = damageOf(sut, () => sut.setInstance({ hiddenIds: new Set([a!.uuid]) }));
    assert.ok(inside(one.boxes, { x: 150, y: 150 }) && !inside(one.boxes, { x: 750, y: 550 }));
    const shown = damageOf(sut, () => sut.setInstance({ hiddenIds: new Set() }));
    assert.ok(inside(shown.boxes, { x: 150, y: 150 }));
    const cls = damageOf(sut, () => sut.setInstance({ hiddenFeatures: new Set(['fs-car']) }));
    assert.ok(inside(cls.boxes, { x: 150, y: 150 }) && inside(cls.boxes, { x: 750, y: 550 }), b!.uuid);
  });

  it('brightness and contrast change everything; hover and selection change nothing in the scene', () => {
    const sut = twoCars();
    assert.equal(damageOf(sut, () => sut.setInstance({ brightness: 1.4 })).all, true);
    assert.equal(damageOf(sut, () => sut.setInstance({ contrast: 0.8 })).all, true);
    const quiet = damageOf(sut, () => {
      sut.setInstance({ hoveredId: sut.objects()[0]!.uuid });
      sut.select([sut.objects()[1]!.uuid]);
      sut.setCamera({ x: 10, y: 10, z: 2 });
    });
    assert.deepEqual(quiet, { all: false, boxes: [] }, 'overlay and camera only');
  });

  it('moving one end of a relationship damages the whole line, before and after', () => {
    const sut = twoCars();
    setActiveFeature(sut, 'fs-drives');
    const link = damageOf(sut, () => sut.drag([150, 150], [750, 550]));
    assert.ok(inside(link.boxes, { x: 450, y: 350 }), 'the new line');
    sut.setTool('select');
    sut.select([]);
    const d = damageOf(sut, () => sut.drag([750, 550], [750, 150]));
    assert.ok(inside(d.boxes, { x: 450, y: 350 }), 'the old line, midway between the ends');
    assert.ok(inside(d.boxes, { x: 450, y: 150 }), 'the new line');
  });

  it('a brush stroke damages its path while painting, and the whole stroke when it ends', () => {
    const sut = new TestEditor({ width: 400, height: 300 });
    setActiveFeature(sut, 'fs-sky');
    sut.setInstance({ brushSize: 10 });
    const d = damageOf(sut, () => sut.drag([20, 20], [300, 20]));
    assert.ok(inside(d.boxes, { x: 20, y: 20 }) && inside(d.boxes, { x: 160, y: 20 }));
    assert.ok(inside(d.boxes, { x: 300, y: 24 }));
    assert.ok(!inside(d.boxes, { x: 160, y: 200 }));
  });
});

describe('tile levels', () => {
  it('at the level’s zoom a tile lands on whole device pixels, matching the snapped camera', () => {
    const camera = { x: 123.456, y: 78.9, z: 0.3711 };
    const level = new TileLevel<string>(renderZoom(camera.z), 2);
    assert.ok(Math.abs(level.z / camera.z - 1) < 1e-6, 'the render zoom is the zoom, to a millionth');
    assert.equal(
      renderZoom(camera.z * 1.03 ** 30 * (1 / 1.03) ** 30),
      level.z,
      'zooming in and out comes back',
    );
    const [s, tx, ty] = snappedTransform(camera, 2);
    assert.equal(s, level.scale);
    const p = level.place(3, 2, camera);
    assert.deepEqual(p, { x: 3 * TILE + tx, y: 2 * TILE + ty, w: TILE, h: TILE });
    // The tile's world origin maps to that screen pixel under the snapped transform.
    const w = level.world(3, 2);
    assert.ok(Math.abs(w.left * s + tx - p.x) < 1e-6 && Math.abs(w.top * s + ty - p.y) < 1e-6);
  });

  it('scaled, neighbouring tiles meet without gaps', () => {
    const level = new TileLevel<string>(0.5, 1);
    const camera = { x: 10.3, y: 7.7, z: 0.83 };
    const a = level.place(1, 1, camera);
    const b = level.place(2, 1, camera);
    const c = level.place(1, 2, camera);
    assert.equal(a.x + a.w, b.x);
    assert.equal(a.y + a.h, c.y);
  });

  it('invalidating a world box drops exactly the tiles it touches', () => {
    const level = new TileLevel<string>(1, 1);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) level.tiles.set(key(i, j), `${i},${j}`);
    const freed: string[] = [];
    level.invalidate({ left: 300, top: 10, width: 10, height: 10 }, freed);
    assert.deepEqual(freed, ['1,0']);
    level.invalidate({ left: 250, top: 250, width: 20, height: 20 }, freed);
    assert.deepEqual(freed.sort(), ['0,0', '0,1', '1,0', '1,1'].sort());
    assert.equal(level.tiles.size, 12);
  });
});
