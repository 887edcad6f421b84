import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  classificationAgreement,
  consensusScores,
  discIou,
  featureObjectAgreement,
  labelAgreement,
  maskIou,
  objectIou,
  polygonIou,
  polylineIou,
  polygonOverlapArea,
  spanIou,
  widenedOverlapArea,
  widenPolyline,
  type BBoxAnnotation,
  type BinaryMask,
  type ClassificationAnnotation,
  type ClassificationAnswer,
  type LabelDocument,
  type MaskAnnotation,
  type ObjectAnnotation,
  type RelationshipAnnotation,
  type TextEntityAnnotation,
} from '../src/index.ts';

const P = (x: number, y: number) => ({ x, y });
const close = (actual: number, expected: number, eps = 1e-9) =>
  assert.ok(Math.abs(actual - expected) <= eps, `expected ${expected}, got ${actual}`);

let n = 0;
const base = (featureSchemaId: string) => ({ uuid: `u${++n}`, featureSchemaId, name: featureSchemaId });
const box = (
  f: string,
  left: number,
  top: number,
  width: number,
  height: number,
  extra = {},
): BBoxAnnotation => ({
  ...base(f),
  kind: 'bbox',
  bbox: { left, top, width, height },
  classifications: [],
  ...extra,
});
const span = (start: number, end: number, messageId?: string): TextEntityAnnotation => ({
  ...base('ent'),
  kind: 'text-entity',
  start,
  end,
  classifications: [],
  ...(messageId ? { messageId } : {}),
});
const option = (id: string, classifications: ClassificationAnnotation[] = []): ClassificationAnswer => ({
  uuid: `o${++n}`,
  featureSchemaId: id,
  name: id,
  value: id,
  classifications,
});
const radio = (f: string, answer: ClassificationAnswer): ClassificationAnnotation => ({
  ...base(f),
  kind: 'radio',
  answer,
});
const checklist = (f: string, ...answers: ClassificationAnswer[]): ClassificationAnnotation => ({
  ...base(f),
  kind: 'checklist',
  answers,
});
const text = (f: string, answer: string): ClassificationAnnotation => ({ ...base(f), kind: 'text', answer });
const doc = (
  objects: ObjectAnnotation[],
  classifications: ClassificationAnnotation[] = [],
): LabelDocument => ({
  objects,
  classifications,
  relationships: [],
});

describe('geometric agreement', () => {
  it('boxes: IoU of the rectangles', () => {
    // 10×10 boxes shifted by 5: overlap 5×10 = 50, union 100 + 100 − 50 = 150.
    close(objectIou(box('f', 0, 0, 10, 10), box('f', 5, 0, 10, 10)), 50 / 150);
    // 4×4 inside 8×8: 16 / 64.
    close(objectIou(box('f', 0, 0, 8, 8), box('f', 2, 2, 4, 4)), 16 / 64);
    assert.equal(objectIou(box('f', 0, 0, 10, 10), box('f', 10, 0, 10, 10)), 0);
  });

  it('a rotated box is compared as its polygon', () => {
    // A 2×2 box at left 2 turned 90° about its top-left corner covers [0,2]×[0,2]: the same square as the upright box.
    close(objectIou(box('f', 0, 0, 2, 2), box('f', 2, 0, 2, 2, { rotation: 90 })), 1, 1e-12);
    // Turned 90° at left 1 it covers [−1,1]×[0,2]: overlap 1×2 = 2 of union 4 + 4 − 2 = 6.
    close(objectIou(box('f', 0, 0, 2, 2), box('f', 1, 0, 2, 2, { rotation: 90 })), 2 / 6, 1e-12);
  });

  it('polygons: exact IoU, non-convex shapes and either orientation', () => {
    // L-shape: the 4×4 square without its [2,4]×[2,4] corner, area 12. The square [1,3]×[1,3] (area 4) loses its
    // [2,3]×[2,3] corner to the notch: overlap 3, union 12 + 4 − 3 = 13.
    const ell = [P(0, 0), P(4, 0), P(4, 2), P(2, 2), P(2, 4), P(0, 4)];
    const square = [P(1, 1), P(3, 1), P(3, 3), P(1, 3)];
    close(polygonOverlapArea(ell, square), 3);
    close(polygonIou(ell, square), 3 / 13);
    close(polygonIou([...ell].reverse(), square), 3 / 13);
    close(polygonIou(ell, [...square].reverse()), 3 / 13);
    close(polygonIou(ell, ell), 1);
    // Triangle (0,0),(4,0),(0,4) (area 8) against the unit-free square [0,2]×[0,2] (area 4): the square lies inside
    // the triangle (its far corner (2,2) is on the hypotenuse), overlap 4, union 8.
    close(polygonIou([P(0, 0), P(4, 0), P(0, 4)], [P(0, 0), P(2, 0), P(2, 2), P(0, 2)]), 4 / 8);
    assert.equal(polygonIou(square, [P(10, 10), P(11, 10), P(11, 11)]), 0);
  });

  it('masks: pixel IoU, pixels beyond a smaller mask unset', () => {
    const m = (w: number, bits: string): BinaryMask => ({
      width: w,
      height: bits.length / w,
      data: Uint8Array.from(bits.split('').map(Number)),
    });
    // 1100 vs 0110: one shared pixel of three set.
    close(maskIou(m(4, '1100'), m(4, '0110')), 1 / 3);
    // 2×2 "11/11" vs 3×2 "110/001": shared 2 (the left column pair of row 0), union 4 + 1 = 5.
    close(maskIou(m(2, '1111'), m(3, '110001')), 2 / 5);
    const mask = (key: string): MaskAnnotation => ({
      ...base('m'),
      kind: 'mask',
      source: { type: 'blob', key },
      classifications: [],
    });
    const pixels = new Map([
      ['a', m(4, '1100')],
      ['b', m(4, '0110')],
    ]);
    const maskPixels = (x: MaskAnnotation) => pixels.get((x.source as { key: string }).key);
    close(objectIou(mask('a'), mask('b'), maskPixels), 1 / 3);
    assert.equal(objectIou(mask('a'), mask('missing'), maskPixels), 0);
  });

  it('text entities: shared characters over covered characters (inclusive ends)', () => {
    // [0,4] and [3,9]: shares 3..4 (2 chars) of 0..9 (10 chars).
    close(spanIou(span(0, 4), span(3, 9)), 2 / 10);
    assert.equal(spanIou(span(5, 5), span(5, 5)), 1);
    assert.equal(spanIou(span(0, 4), span(5, 9)), 0);
    assert.equal(spanIou(span(0, 4, 'm1'), span(0, 4, 'm2')), 0);
  });

  it('points: discs of radius 70', () => {
    assert.equal(discIou(0, 70), 1);
    assert.equal(discIou(140, 70), 0);
    // d = r: lens = r²(2π/3 − √3/2); IoU = lens / (2πr² − lens) = (2π/3 − √3/2) / (4π/3 + √3/2).
    const k = (2 * Math.PI) / 3 - Math.sqrt(3) / 2;
    close(discIou(70, 70), k / ((4 * Math.PI) / 3 + Math.sqrt(3) / 2));
  });

  describe('lines: widened by 70 px (round caps and joins), areas exact', () => {
    const r = 70;
    const disc = Math.PI * r * r;
    const stadium = (length: number) => 2 * r * length + disc;
    const area = (points: Array<{ x: number; y: number }>) => widenPolyline(points, r).area;
    const overlap = (a: Array<{ x: number; y: number }>, b: Array<{ x: number; y: number }>) =>
      widenedOverlapArea(widenPolyline(a, r), widenPolyline(b, r));

    it('one segment is a stadium, one point a disc; a line drawn back over itself adds nothing', () => {
      close(area([P(0, 0), P(1000, 0)]), stadium(1000), 1e-9);
      close(area([P(30, 40), P(30, 40)]), disc, 1e-9);
      close(area([P(0, 0), P(1000, 0), P(400, 0)]), stadium(1000), 1e-9);
      close(area([P(0, 0), P(500, 0), P(1000, 0)]), stadium(1000), 1e-9);
    });

    it('a right-angle bend: two rectangles minus their shared square, two half-disc caps, a quarter-disc outer join', () => {
      // (0,0)–(100,0)–(100,100): [0,100]×[−70,70] + [30,170]×[0,100] − [30,100]×[0,70] + ½πr² · 2 + ¼πr².
      const expected = 140 * 100 + 140 * 100 - 70 * 70 + disc + disc / 4;
      close(area([P(0, 0), P(100, 0), P(100, 100)]), expected, 1e-9);
    });

    it('two parallel segments 40 px apart overlap in a band of height 2r − d and two half-lenses', () => {
      const d = 40;
      const lens = 2 * r * r * Math.acos(d / (2 * r)) - (d / 2) * Math.sqrt(4 * r * r - d * d);
      const inter = 1000 * (2 * r - d) + lens;
      close(overlap([P(0, 0), P(1000, 0)], [P(0, d), P(1000, d)]), inter, 1e-9);
      close(
        polylineIou([P(0, 0), P(1000, 0)], [P(0, d), P(1000, d)]),
        inter / (2 * stadium(1000) - inter),
        1e-12,
      );
    });

    it('two segments crossing at right angles overlap in a 2r × 2r square', () => {
      const a = [P(-500, 0), P(500, 0)];
      const b = [P(0, -500), P(0, 500)];
      close(overlap(a, b), 4 * r * r, 1e-9);
      close(polylineIou(a, b), (4 * r * r) / (2 * stadium(1000) - 4 * r * r), 1e-12);
    });

    it('the same line agrees fully however it was drawn; far apart lines not at all', () => {
      const line = [P(0, 0), P(100, 50), P(300, -20)];
      close(polylineIou(line, line), 1, 1e-12);
      close(polylineIou(line, [...line].reverse()), 1, 1e-12);
      close(polylineIou([P(0, 0), P(1000, 0)], [P(0, 0), P(500, 0), P(1000, 0)]), 1, 1e-12);
      assert.equal(polylineIou([P(0, 0), P(1000, 0)], [P(0, 500), P(1000, 500)]), 0);
      // Same line, half of it drawn: the short stadium lies inside the long one.
      close(polylineIou([P(0, 0), P(1000, 0)], [P(0, 0), P(500, 0)]), stadium(500) / stadium(1000), 1e-12);
      // One-point lines are discs.
      close(polylineIou([P(0, 0)], [P(70, 0)]), discIou(70, r), 1e-12);
    });

    it('agrees with a fine grid on random polylines (bends, crossings, loops)', () => {
      let seed = 11;
      const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
      const near = (p: { x: number; y: number }, line: Array<{ x: number; y: number }>) =>
        line.some((a, i) => {
          const b = line[i + 1] ?? a;
          const dx = b.x - a.x;
          const dy = b.y - a.y;
          const l2 = dx * dx + dy * dy;
          const t = l2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / l2));
          return Math.hypot(p.x - a.x - t * dx, p.y - a.y - t * dy) <= r;
        });
      for (let k = 0; k < 5; k++) {
        const line = (n: number) => Array.from({ length: n }, () => P(random() * 300, random() * 300));
        const a = line(2 + (k % 4));
        const b = line(3 + (k % 3));
        const cells = 500;
        const size = (300 + 2 * r) / cells;
        let inter = 0;
        let union = 0;
        let inA = 0;
        for (let i = 0; i < cells; i++)
          for (let j = 0; j < cells; j++) {
            const p = P(-r + (i + 0.5) * size, -r + (j + 0.5) * size);
            const pa = near(p, a);
            const pb = near(p, b);
            if (pa) inA++;
            if (pa && pb) inter++;
            if (pa || pb) union++;
          }
        close(polylineIou(a, b), inter / union, 0.005);
        close(area(a) / (inA * size * size), 1, 0.01);
      }
    });
  });
});

describe('classification agreement (exact match)', () => {
  it('radio, checklist, text and nested answers', () => {
    assert.equal(classificationAgreement(radio('q', option('yes')), radio('q', option('yes'))), 1);
    assert.equal(classificationAgreement(radio('q', option('yes')), radio('q', option('no'))), 0);
    // {a, b} vs {b, c}: one shared option of three.
    close(
      classificationAgreement(
        checklist('c', option('a'), option('b')),
        checklist('c', option('b'), option('c')),
      ),
      1 / 3,
    );
    assert.equal(classificationAgreement(text('t', 'red car'), text('t', 'red car')), 1);
    assert.equal(classificationAgreement(text('t', 'red car'), text('t', 'Red car')), 0);
    // Same option, nested radio differs: (1 + 0) / 2.
    const nestedYes = radio('q', option('yes', [radio('sub', option('x'))]));
    const nestedNo = radio('q', option('yes', [radio('sub', option('y'))]));
    assert.equal(classificationAgreement(nestedYes, nestedNo), 0.5);
    assert.equal(classificationAgreement(nestedYes, nestedYes), 1);
  });
});

describe('label agreement (Labelbox consensus)', () => {
  it('objects of one feature: greedy best matches, unmatched objects count 0', () => {
    // A: two boxes, B: one box equal to A's second: one match of 1 plus one unmatched object → (1 + 0) / 2.
    close(
      featureObjectAgreement([box('f', 0, 0, 10, 10), box('f', 50, 50, 10, 10)], [box('f', 50, 50, 10, 10)]),
      0.5,
    );
    // Two against two, crossed order: each finds its twin (1 and 1/3), not the first-come pairing.
    close(
      featureObjectAgreement(
        [box('f', 0, 0, 10, 10), box('f', 50, 50, 10, 10)],
        [box('f', 55, 50, 10, 10), box('f', 0, 0, 10, 10)],
      ),
      (1 + 50 / 150) / 2,
    );
  });

  it('mean over features; a feature only one label has scores 0', () => {
    const a = doc([box('car', 0, 0, 10, 10)], [radio('weather', option('sunny'))]);
    const b = doc(
      [box('car', 5, 0, 10, 10), { ...base('pin'), kind: 'point', point: P(3, 3), classifications: [] }],
      [radio('weather', option('sunny'))],
    );
    // car 1/3, weather 1, pin 0 → 4/9.
    close(labelAgreement(a, b), (1 / 3 + 1 + 0) / 3);
    close(labelAgreement(b, a), (1 / 3 + 1 + 0) / 3);
    assert.equal(labelAgreement(doc([]), doc([])), 1);
    assert.equal(labelAgreement(doc([box('car', 0, 0, 1, 1)]), doc([])), 0);
  });

  it('relationships agree when they link matched objects the same way', () => {
    const rel = (
      source: BBoxAnnotation,
      target: BBoxAnnotation,
      direction: 'unidirectional' | 'bidirectional' = 'unidirectional',
    ): RelationshipAnnotation => ({
      ...base('drives'),
      kind: 'relationship',
      source: source.uuid,
      target: target.uuid,
      direction,
    });
    const withRels = (objects: BBoxAnnotation[], relationships: RelationshipAnnotation[]): LabelDocument => ({
      objects,
      classifications: [],
      relationships,
    });
    const [a1, a2] = [box('car', 0, 0, 10, 10), box('car', 50, 50, 10, 10)];
    // b lists its boxes the other way round: objects match by geometry, not by order or uuid.
    const [b2, b1] = [box('car', 50, 50, 10, 10), box('car', 0, 0, 10, 10)];
    const a = withRels([a1, a2], [rel(a1, a2)]);
    // Features: car (boxes identical → 1) and drives.
    close(labelAgreement(a, withRels([b2, b1], [rel(b1, b2)])), (1 + 1) / 2);
    close(labelAgreement(a, withRels([b2, b1], [rel(b2, b1)])), (1 + 0) / 2); // reversed link
    close(labelAgreement(a, withRels([b2, b1], [])), (1 + 0) / 2); // only a links
    close(
      labelAgreement(
        withRels([a1, a2], [rel(a1, a2, 'bidirectional')]),
        withRels([b2, b1], [rel(b2, b1, 'bidirectional')]),
      ),
      1, // bidirectional links agree either way round
    );
    // Two links against one: 1 matched / (2 + 1 − 1) = 1/2.
    close(
      labelAgreement(withRels([a1, a2], [rel(a1, a2), rel(a2, a1)]), withRels([b2, b1], [rel(b1, b2)])),
      (1 + 0.5) / 2,
    );
    // A pair scoring 0 maps nothing: c's second car is far from a2 (car (1 + 0) / 2), so no link can agree.
    const [c1, c2] = [box('car', 0, 0, 10, 10), box('car', 300, 300, 10, 10)];
    close(labelAgreement(a, withRels([c1, c2], [rel(c1, c2)])), (1 / 2 + 0) / 2);
  });

  it("an object's nested classifications weigh half of its score", () => {
    const colour = (c: string) => [radio('colour', option(c))];
    const a = doc([box('car', 0, 0, 10, 10, { classifications: colour('red') })]);
    close(
      labelAgreement(a, doc([box('car', 5, 0, 10, 10, { classifications: colour('red') })])),
      (1 / 3 + 1) / 2,
    );
    close(
      labelAgreement(a, doc([box('car', 5, 0, 10, 10, { classifications: colour('blue') })])),
      (1 / 3 + 0) / 2,
    );
  });

  it('consensus: per label the mean of its pairs, per row the mean of all pairs, the best label wins', () => {
    const table: Record<string, number> = { ab: 1, ac: 0.5, bc: 0 };
    const result = consensusScores(
      [
        { id: 'a', label: 'a' },
        { id: 'b', label: 'b' },
        { id: 'c', label: 'c' },
      ],
      (x, y) => table[x + y]!,
    );
    assert.deepEqual(Object.fromEntries(result.labelScores), { a: 0.75, b: 0.5, c: 0.25 });
    assert.equal(result.rowScore, 0.5);
    assert.equal(result.winnerId, 'a');
    const alone = consensusScores([{ id: 'x', label: 'x' }], () => 1);
    assert.equal(alone.labelScores.get('x'), null);
    assert.equal(alone.rowScore, null);
    assert.equal(alone.winnerId, 'x');
  });
});
