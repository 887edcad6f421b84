import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  allCollinear,
  findSelfIntersection,
  fromCocoRle,
  maskArea,
  maskBounds,
  openRing,
  rasterizeBox,
  rasterizePolygon,
  ringArea,
  segmentsIntersect,
  toCocoRle,
  type BinaryMask,
} from '../src/index.ts';

const P = (x: number, y: number) => ({ x, y });
/** Builds a mask from rows of '0'/'1' characters. */
const maskOf = (...rows: string[]): BinaryMask => ({
  width: rows[0].length,
  height: rows.length,
  data: Uint8Array.from(rows.join('').split('').map(Number)),
});
const rowsOf = (m: BinaryMask) =>
  Array.from({ length: m.height }, (_, y) =>
    Array.from(m.data.subarray(y * m.width, (y + 1) * m.width)).join(''),
  );

describe('segment intersection', () => {
  it('detects crossings, touching ends and collinear overlap; rejects parallel and disjoint segments', () => {
    assert.equal(segmentsIntersect(P(0, 0), P(4, 4), P(0, 4), P(4, 0)), true);
    assert.equal(segmentsIntersect(P(0, 0), P(4, 0), P(4, 0), P(4, 3)), true);
    assert.equal(segmentsIntersect(P(0, 0), P(4, 0), P(2, 0), P(6, 0)), true);
    assert.equal(segmentsIntersect(P(0, 0), P(4, 0), P(5, 0), P(6, 0)), false);
    assert.equal(segmentsIntersect(P(0, 0), P(4, 0), P(0, 1), P(4, 1)), false);
    assert.equal(segmentsIntersect(P(0, 0), P(4, 4), P(3, 0), P(5, 1)), false);
  });
});

describe('polygon checks', () => {
  it('opens closed rings and drops repeated points', () => {
    assert.deepEqual(openRing([P(0, 0), P(1, 0), P(1, 0), P(1, 1), P(0, 0)]), [P(0, 0), P(1, 0), P(1, 1)]);
  });

  it('finds self-intersections: crossing edges, a vertex visited twice, an edge folding back', () => {
    assert.equal(findSelfIntersection([P(0, 0), P(4, 0), P(4, 4), P(0, 4)]), undefined);
    assert.deepEqual(findSelfIntersection([P(0, 0), P(10, 10), P(10, 0), P(0, 10)]), { edges: [0, 2] });
    assert.deepEqual(findSelfIntersection([P(0, 0), P(2, 2), P(4, 0), P(4, 4), P(2, 2), P(0, 4)]), {
      edges: [0, 3],
    });
    assert.deepEqual(findSelfIntersection([P(0, 0), P(4, 0), P(2, 0), P(2, 3)]), { edges: [0, 1] });
    // A concave but simple polygon is fine.
    assert.equal(findSelfIntersection([P(0, 0), P(6, 0), P(6, 6), P(3, 2), P(0, 6)]), undefined);
  });

  it('sweeps large rings, and gives up on adversarial ones within a budget', () => {
    const circle = Array.from({ length: 200 }, (_, i) =>
      P(Math.cos((i * Math.PI) / 100) * 50, Math.sin((i * Math.PI) / 100) * 50),
    );
    assert.equal(findSelfIntersection(circle), undefined);
    const crossed = circle.map((p, i) => (i === 50 ? P(0, -60) : p)); // the top vertex pulled through the bottom
    assert.ok(findSelfIntersection(crossed) && 'edges' in findSelfIntersection(crossed)!);
    assert.deepEqual(findSelfIntersection(circle, 3), { tooComplex: true });
  });

  it('computes area and collinearity', () => {
    assert.equal(ringArea([P(0, 0), P(4, 0), P(4, 3), P(0, 3)]), 12);
    assert.equal(ringArea([P(0, 0), P(4, 0), P(0, 3), P(0, 0)]), 6);
    assert.equal(allCollinear([P(0, 0), P(1, 1), P(3, 3)]), true);
    assert.equal(allCollinear([P(0, 0), P(1, 1), P(3, 2)]), false);
  });

  it('rasterizes by pixel centres', () => {
    assert.deepEqual(rowsOf(rasterizePolygon([P(1, 1), P(3, 1), P(3, 3), P(1, 3)], 4, 4)), [
      '0000',
      '0110',
      '0110',
      '0000',
    ]);
    // Centres on an edge count as inside: (3.5, 0.5) lies on x + y = 4.
    assert.deepEqual(rowsOf(rasterizePolygon([P(0, 0), P(4, 0), P(0, 4)], 4, 4)), [
      '1111',
      '1110',
      '1100',
      '1000',
    ]);
    assert.deepEqual(rowsOf(rasterizeBox({ left: 2, top: 0, width: 5, height: 1 }, 5, 2)), [
      '00111',
      '00000',
    ]);
  });
});

describe('COCO uncompressed RLE', () => {
  it('encodes column-major, starting with the zero run (hand-computed)', () => {
    assert.deepEqual(toCocoRle(maskOf('011', '010')), { counts: [2, 3, 1], size: [2, 3] });
    assert.deepEqual(toCocoRle(maskOf('11', '11')), { counts: [0, 4], size: [2, 2] });
    assert.deepEqual(toCocoRle(maskOf('00', '00')), { counts: [4], size: [2, 2] });
    // Columns: 110 | 011 | 000 | 101 → 1 1 0 0 1 1 0 0 0 1 0 1
    assert.deepEqual(toCocoRle(maskOf('1001', '1100', '0101')), {
      counts: [0, 2, 2, 2, 3, 1, 1, 1],
      size: [3, 4],
    });
  });

  it('round-trips and measures masks', () => {
    const m = maskOf('1001', '1100', '0101');
    assert.deepEqual(rowsOf(fromCocoRle(toCocoRle(m))), ['1001', '1100', '0101']);
    assert.equal(maskArea(m), 6);
    assert.deepEqual(maskBounds(maskOf('000', '010', '011')), { left: 1, top: 1, width: 2, height: 2 });
    assert.equal(maskBounds(maskOf('00')), undefined);
  });
});
