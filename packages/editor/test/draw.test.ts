import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setActiveFeature, toNdjson } from '../src/index.ts';
import { TestEditor } from './test-editor.ts';

describe('drawing tools (headless TestEditor)', () => {
  it('draws a box: idle → pointing → creating → idle, one undo step, exported as an NDJSON bbox', () => {
    const sut = new TestEditor();
    setActiveFeature(sut, 'fs-car');
    assert.equal(sut.path, 'box.idle');
    sut.drag([100, 100], [300, 250]);
    assert.deepEqual(sut.trail, [
      'box.pointing',
      'box.creating',
      'box.creating',
      'box.creating',
      'box.creating',
      'box.idle',
    ]);
    const [box] = sut.objects();
    assert.deepEqual(box, {
      uuid: 'uuid-1',
      featureSchemaId: 'fs-car',
      name: 'Car',
      classifications: [],
      kind: 'bbox',
      bbox: { top: 100, left: 100, height: 150, width: 200 },
    });
    assert.deepEqual([...sut.selectedIds], ['uuid-1']);
    assert.deepEqual(toNdjson(sut), [
      {
        uuid: 'uuid-1',
        name: 'Car',
        schemaId: 'fs-car',
        bbox: { top: 100, left: 100, height: 150, width: 200 },
        classifications: [],
      },
    ]);
    sut.undo();
    assert.equal(sut.objects().length, 0, 'the whole drag is one step');
    sut.redo();
    assert.deepEqual(sut.objects(), [box]);
  });

  it('draws in world coordinates under a zoomed, panned camera and clamps to the image', () => {
    const sut = new TestEditor({ width: 200, height: 100 });
    sut.setCamera({ x: 50, y: 20, z: 2 });
    setActiveFeature(sut, 'fs-car');
    sut.drag([0, 0], [1000, 1000]);
    assert.deepEqual(toNdjson(sut)[0].bbox, {
      top: 20,
      left: 50,
      height: 80,
      width: 150,
    });
  });

  it('a click without a drag draws no box; Escape mid-drag leaves nothing and nothing to undo', () => {
    const sut = new TestEditor();
    setActiveFeature(sut, 'fs-car');
    sut.click(10, 10);
    sut.down(10, 10).move(60, 60).key('Escape');
    assert.equal(sut.path, 'box.idle');
    assert.equal(sut.objects().length, 0);
    assert.equal(sut.canUndo, false);
  });

  it('draws a polygon by clicks, closing on the first vertex', () => {
    const sut = new TestEditor();
    setActiveFeature(sut, 'fs-road');
    sut.click(10, 10).click(110, 10).click(110, 90);
    assert.equal(sut.path, 'polygon.drawing');
    assert.equal(sut.instance.preview?.type, 'polygon');
    assert.equal(sut.objects().length, 0, 'nothing enters the label before it closes');
    sut.click(11, 11);
    assert.equal(sut.path, 'polygon.idle');
    const [poly] = sut.objects();
    assert.equal(poly.kind, 'polygon');
    assert.deepEqual(poly.kind === 'polygon' && poly.points, [
      { x: 10, y: 10 },
      { x: 110, y: 10 },
      { x: 110, y: 90 },
    ]);
    assert.equal(sut.instance.preview, undefined);
  });

  it('closes a polygon with a double-click without doubling the last vertex; Backspace removes a vertex', () => {
    const sut = new TestEditor();
    setActiveFeature(sut, 'fs-road');
    sut.click(10, 10).click(50, 50).click(100, 10).key('Backspace').click(100, 20).click(60, 90);
    sut.dblclick(60, 90);
    const [poly] = sut.objects();
    assert.deepEqual(poly.kind === 'polygon' && poly.points.map((p) => [p.x, p.y]), [
      [10, 10],
      [50, 50],
      [100, 20],
      [60, 90],
    ]);
  });

  it('draws a freehand polygon, simplified', () => {
    const sut = new TestEditor();
    setActiveFeature(sut, 'fs-road');
    sut.down(100, 100);
    for (let a = 0; a <= 360; a += 5) {
      const r = (a * Math.PI) / 180;
      sut.move(200 + 100 * Math.cos(r + Math.PI), 100 + 100 * Math.sin(r + Math.PI));
    }
    sut.up(100, 100);
    assert.deepEqual([...new Set(sut.trail)], ['polygon.pointing', 'polygon.freehand', 'polygon.idle']);
    const [poly] = sut.objects();
    assert.ok(
      poly.kind === 'polygon' && poly.points.length >= 8 && poly.points.length < 72,
      String(poly.kind === 'polygon' && poly.points.length),
    );
  });

  it('draws points and polylines', () => {
    const sut = new TestEditor();
    setActiveFeature(sut, 'fs-sign');
    sut.click(5, 6);
    setActiveFeature(sut, 'fs-lane');
    sut.click(0, 0).click(50, 0).click(50, 50).key('Enter');
    const [point, line] = sut.objects();
    assert.deepEqual(point.kind === 'point' && point.point, { x: 5, y: 6 });
    assert.deepEqual(line.kind === 'polyline' && line.points.length, 3);
    assert.deepEqual(toNdjson(sut)[1].line, [
      { x: 0, y: 0 },
      { x: 50, y: 0 },
      { x: 50, y: 50 },
    ]);
  });

  it('links two objects with a relationship; deleting an end deletes the link in the same undo step', () => {
    const sut = new TestEditor();
    setActiveFeature(sut, 'fs-car');
    sut.drag([0, 0], [100, 100]).drag([200, 200], [300, 300]);
    setActiveFeature(sut, 'fs-drives');
    sut.resetTrail().drag([50, 50], [250, 250]);
    assert.deepEqual(sut.trail.slice(0, 2), ['relationship.linking', 'relationship.linking']);
    const rel = sut.records().find((r) => r.kind === 'relationship');
    assert.deepEqual(
      rel && { s: rel.kind === 'relationship' && rel.source, t: rel.kind === 'relationship' && rel.target },
      {
        s: 'uuid-1',
        t: 'uuid-2',
      },
    );
    assert.deepEqual(toNdjson(sut)[2].relationship, {
      source: 'uuid-1',
      target: 'uuid-2',
      type: 'unidirectional',
    });
    sut.setTool('select');
    sut.click(50, 50).key('Delete');
    assert.deepEqual(
      sut.records().map((r) => r.uuid),
      ['uuid-2'],
    );
    sut.undo();
    assert.equal(sut.records().length, 3);
  });
});
