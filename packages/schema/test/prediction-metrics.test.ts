import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  aggregateMetrics,
  predictionMetrics,
  type BBoxAnnotation,
  type ClassificationAnnotation,
  type LabelDocument,
  type ObjectAnnotation,
} from '../src/index.ts';

const close = (actual: number | null, expected: number) =>
  assert.ok(actual !== null && Math.abs(actual - expected) <= 1e-12, `expected ${expected}, got ${actual}`);
const box = (
  uuid: string,
  f: string,
  left: number,
  top: number,
  width: number,
  height: number,
): BBoxAnnotation => ({
  uuid,
  featureSchemaId: f,
  name: f,
  kind: 'bbox',
  bbox: { left, top, width, height },
  classifications: [],
});
const radio = (uuid: string, f: string, value: string): ClassificationAnnotation => ({
  uuid,
  featureSchemaId: f,
  name: f,
  kind: 'radio',
  answer: { uuid: `${uuid}-a`, featureSchemaId: value, name: value, value, classifications: [] },
});
const doc = (
  objects: ObjectAnnotation[],
  classifications: ClassificationAnnotation[] = [],
): LabelDocument => ({
  objects,
  classifications,
  relationships: [],
});

// Ground truth: cat boxes A and B, dog box C, radio q = yes.
const gt = doc(
  [box('A', 'cat', 0, 0, 10, 10), box('B', 'cat', 20, 0, 10, 10), box('C', 'dog', 0, 20, 10, 10)],
  [radio('G', 'q', 'yes')],
);
// Predictions: P1 covers the top half of A (IoU 50/100 = 0.5, a hit at 0.5), P2 hits nothing, P3 is a "dog" box
// exactly on the cat box B (IoU 1 across features, 0 with the dog C), q answered "no".
const pred = doc(
  [box('P1', 'cat', 0, 0, 10, 5), box('P2', 'cat', 100, 100, 10, 10), box('P3', 'dog', 20, 0, 10, 10)],
  [radio('Q', 'q', 'no')],
);

describe('prediction metrics (hand-computed)', () => {
  it('scores one data row per feature at IoU 0.5, with a confusion matrix across features', () => {
    const m = predictionMetrics(gt, pred);
    const f = Object.fromEntries(m.features.map((x) => [x.name, x]));
    // cat: P1↔A is a true positive; P2 a false positive; B a false negative → P = R = F1 = 1/2.
    assert.deepEqual([f.cat!.truePositives, f.cat!.falsePositives, f.cat!.falseNegatives], [1, 1, 1]);
    close(f.cat!.precision, 0.5);
    close(f.cat!.recall, 0.5);
    close(f.cat!.f1, 0.5);
    // Labelbox mean IoU: pairs A↔P1 (0.5) and B↔P2 (0) → (0.5 + 0) / 2.
    close(f.cat!.iou, 0.25);
    // dog: P3 misses C → P = R = 0, F1 = 0, IoU 0.
    assert.deepEqual([f.dog!.truePositives, f.dog!.falsePositives, f.dog!.falseNegatives], [0, 1, 1]);
    assert.deepEqual([f.dog!.precision, f.dog!.recall, f.dog!.f1, f.dog!.iou], [0, 0, 0, 0]);
    // q: a wrong answer is one false positive and one false negative.
    assert.deepEqual([f.q!.truePositives, f.q!.falsePositives, f.q!.falseNegatives, f.q!.iou], [0, 1, 1, 0]);
    // Row IoU: mean over cat, dog, q = (0.25 + 0 + 0) / 3.
    close(m.iou, 1 / 12);
    // Across features: P3↔B (IoU 1) then P1↔A (0.5); C and P2 unmatched; q missed.
    assert.deepEqual(m.confusion, {
      cat: { dog: 1, cat: 1 },
      dog: { none: 1 },
      none: { cat: 1, q: 1 },
      q: { none: 1 },
    });
    const byUuid = Object.fromEntries(m.predictions.map((p) => [p.uuid, [p.iou, p.matchedUuid]]));
    assert.deepEqual(byUuid, { P1: [0.5, 'A'], P2: [0, null], P3: [0, null], Q: [0, 'G'] });
  });

  it('moves with the threshold', () => {
    const f = predictionMetrics(gt, pred, { iouThreshold: 0.6 }).features.find((x) => x.name === 'cat')!;
    assert.deepEqual([f.truePositives, f.falsePositives, f.falseNegatives, f.precision], [0, 2, 2, 0]);
  });

  it('sums counts over rows for the run', () => {
    const perfect = predictionMetrics(
      doc([box('D', 'cat', 0, 0, 10, 10)]),
      doc([box('P4', 'cat', 0, 0, 10, 10)]),
    );
    close(perfect.iou, 1);
    const run = aggregateMetrics([predictionMetrics(gt, pred), perfect]);
    const cat = run.features.find((x) => x.name === 'cat')!;
    // TP 1+1, FP 1+0, FN 1+0 → P = R = F1 = 2/3; IoU mean over the two rows (0.25 + 1) / 2.
    assert.deepEqual([cat.truePositives, cat.falsePositives, cat.falseNegatives], [2, 1, 1]);
    close(cat.precision, 2 / 3);
    close(cat.recall, 2 / 3);
    close(cat.f1, 2 / 3);
    close(cat.iou, 0.625);
    close(run.iou, (1 / 12 + 1) / 2);
    assert.deepEqual(run.confusion.cat, { dog: 1, cat: 2 });
  });

  it('leaves precision undefined without predictions and scores an empty pair as agreeing', () => {
    const m = predictionMetrics(doc([box('E', 'cat', 0, 0, 1, 1)]), doc([]));
    assert.deepEqual([m.features[0]!.precision, m.features[0]!.recall, m.features[0]!.f1], [null, 0, null]);
    assert.equal(predictionMetrics(doc([]), doc([])).iou, 1);
  });
});
