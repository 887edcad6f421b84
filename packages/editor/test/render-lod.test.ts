import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ObjectAnnotation } from '@labelyard/schema';
import { tinyBounds, traceObject, type PathSink } from '../src/view/render/draw-objects.ts';

/** Records the path calls a renderer would send to a canvas. */
function recorder() {
  const calls: string[] = [];
  const ctx = {
    moveTo: (x: number, y: number) => calls.push(`M${x},${y}`),
    lineTo: (x: number, y: number) => calls.push(`L${x},${y}`),
    closePath: () => calls.push('Z'),
    rect: (x: number, y: number, w: number, h: number) => calls.push(`R${x},${y},${w},${h}`),
    arc: () => calls.push('A'),
  } satisfies PathSink;
  return { ctx, calls };
}

const ring = (n: number, r: number): ObjectAnnotation =>
  ({
    kind: 'polygon',
    uuid: 'p',
    featureSchemaId: 'f',
    name: 'poly',
    classifications: [],
    points: Array.from({ length: n }, (_, i) => ({
      x: 100 + r * Math.cos((i / n) * Math.PI * 2),
      y: 100 + r * Math.sin((i / n) * Math.PI * 2),
    })),
  }) as ObjectAnnotation;

describe('level of detail in the renderer', () => {
  it('draws every vertex at full zoom and skips those within a screen pixel when zoomed out', () => {
    const full = recorder();
    traceObject(full.ctx, ring(50, 20), 4, 0.5);
    assert.equal(full.calls.filter((c) => c.startsWith('L')).length, 49);
    const far = recorder();
    traceObject(far.ctx, ring(50, 20), 4, 8); // 8 world units per screen pixel
    const kept = far.calls.filter((c) => c.startsWith('L')).length;
    assert.ok(kept > 3 && kept < 25, `kept ${kept} of 49 segments`);
    assert.equal(far.calls.at(-1), 'Z', 'still a closed ring');
  });

  it('a line always ends at its last vertex', () => {
    const line = { ...ring(10, 2), kind: 'polyline' } as ObjectAnnotation;
    const r = recorder();
    traceObject(r.ctx, line, 4, 100);
    const last = (line as unknown as { points: Array<{ x: number; y: number }> }).points.at(-1)!;
    assert.equal(r.calls.at(-1), `L${last.x},${last.y}`);
  });

  it('shapes under three screen pixels become dots of their bounds', () => {
    const box = {
      kind: 'bbox',
      uuid: 'b',
      bbox: { left: 0, top: 0, width: 10, height: 6 },
    } as ObjectAnnotation;
    assert.deepEqual(
      tinyBounds(box, 4, () => undefined),
      { left: 0, top: 0, width: 10, height: 6 },
    );
    assert.equal(
      tinyBounds(box, 1, () => undefined),
      undefined,
      'ten screen pixels wide: drawn in full',
    );
    const bounds = { left: 80, top: 80, width: 40, height: 40 };
    assert.deepEqual(
      tinyBounds(ring(50, 20), 20, () => bounds),
      bounds,
    );
    assert.equal(
      tinyBounds(ring(50, 20), 1, () => bounds),
      undefined,
    );
  });
});
