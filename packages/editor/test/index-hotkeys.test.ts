import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitBounds, screenToWorld, shortcuts, SpatialIndex, worldToScreen, zoomAt } from '../src/index.ts';
import { TestEditor } from './test-editor.ts';

describe('spatial index', () => {
  it('finds exactly the items meeting a box, after moves and removals, including very large items', () => {
    const sut = new SpatialIndex(16);
    for (let i = 0; i < 400; i++)
      sut.upsert(`b${i}`, { left: (i % 20) * 50, top: Math.floor(i / 20) * 50, width: 10, height: 10 });
    sut.upsert('huge', { left: 0, top: 0, width: 5000, height: 5000 });
    assert.deepEqual([...sut.query({ left: 45, top: 45, width: 10, height: 10 })].sort(), ['b21', 'huge']);
    assert.deepEqual([...sut.query({ left: 5, top: 5, width: 1, height: 1 })].sort(), ['b0', 'huge']);
    sut.upsert('b21', { left: 900, top: 900, width: 5, height: 5 });
    sut.remove('huge');
    assert.deepEqual([...sut.query({ left: 45, top: 45, width: 10, height: 10 })], []);
    assert.deepEqual(
      [...sut.query({ left: 899, top: 899, width: 2, height: 2 })].sort(),
      ['b21', 'b378'].sort(),
    );
    assert.equal(sut.query({ left: -1e6, top: -1e6, width: 2e6, height: 2e6 }).size, 400);
  });
});

describe('camera', () => {
  it('zooms about the cursor and fits a box', () => {
    const cam = zoomAt({ x: 0, y: 0, z: 1 }, { x: 100, y: 50 }, 2);
    assert.deepEqual(screenToWorld(cam, { x: 100, y: 50 }), { x: 100, y: 50 });
    assert.deepEqual(worldToScreen(cam, { x: 0, y: 0 }), { x: -100, y: -50 });
    const fit = fitBounds({ left: 0, top: 0, width: 2000, height: 1000 }, { width: 1000, height: 1000 }, 0);
    assert.equal(fit.z, 0.5);
    assert.deepEqual(worldToScreen(fit, { x: 0, y: 500 }), { x: 0, y: 500 });
  });
});

describe('hotkeys and the cheat sheet', () => {
  it('lists a key for every tool and class, and the keys do what the sheet says', () => {
    const sut = new TestEditor();
    const sheet = shortcuts(sut);
    const classes = sheet.filter((s) => s.group === 'Classes').map((s) => [s.keys, s.label]);
    assert.deepEqual(classes.slice(0, 3), [
      ['1', 'Car'],
      ['2', 'Road'],
      ['3', 'Sign'],
    ]);
    for (const label of [
      'Bounding box',
      'Polygon (click, or drag freehand)',
      'Mask brush',
      'Undo',
      'Fit image',
    ])
      assert.ok(
        sheet.some((s) => s.label === label),
        label,
      );
    sut.key('2');
    assert.equal(sut.path, 'polygon.idle');
    assert.equal(sut.instance.activeFeatureId, 'fs-road');
    sut.key('v');
    assert.equal(sut.path, 'select.idle');
    sut.key('=');
    assert.equal(sut.camera.z, 1.25);
    sut.key('f');
    assert.equal(sut.camera.z, 0.96, 'the 1000×800 image fits the 1000×800 viewport inside 16 px of padding');
  });
});
