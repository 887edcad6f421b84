import type { ClassificationAnnotation } from '../annotations/classification.ts';
import type { LabelDocument } from '../annotations/label.ts';
import type { ObjectAnnotation } from '../annotations/registry.ts';
import { classificationAgreement } from './classification-agreement.ts';
import { featureObjectAgreement, type AgreementOptions } from './label-agreement.ts';
import { objectIou } from './object-iou.ts';

/** Labelbox's default IoU threshold for counting a prediction as a true positive. */
export const DEFAULT_IOU_THRESHOLD = 0.5;
/** The confusion-matrix row/column for "no annotation" (a missed ground truth or a spurious prediction). */
export const NONE_FEATURE = 'none';

/** Counts and scores of one feature; precision/recall/F1 are null when undefined (nothing to divide by). */
export type FeatureMetrics = {
  featureSchemaId: string;
  name: string;
  /** Labelbox's mean IoU of the feature (matched pairs, unmatched objects count 0); exact match for classifications. */
  iou: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
};

/** Per-prediction IoU with the ground truth it was matched to (0 when unmatched). */
export type AnnotationMetric = {
  uuid: string;
  featureSchemaId: string;
  iou: number;
  matchedUuid: string | null;
};

export type RowMetrics = {
  features: FeatureMetrics[];
  /** Mean of the features' IoU (1 when neither side has anything). */
  iou: number;
  predictions: AnnotationMetric[];
  /** `ground-truth feature → predicted feature → count`, with NONE_FEATURE for unmatched annotations. */
  confusion: Record<string, Record<string, number>>;
};

export type MetricsOptions = AgreementOptions & { readonly iouThreshold?: number };

const ratio = (num: number, den: number) => (den === 0 ? null : num / den);

function scores(tp: number, fp: number, fn: number) {
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  const f1 =
    precision === null || recall === null
      ? null
      : precision + recall === 0
        ? 0
        : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

type Pair = { g: number; p: number; iou: number };

/** Greedy one-to-one matching from the best IoU down, keeping pairs at or above the threshold. */
function match(
  gt: readonly ObjectAnnotation[],
  pred: readonly ObjectAnnotation[],
  threshold: number,
  options: AgreementOptions,
  sameFeature: boolean,
): Pair[] {
  const pairs: Pair[] = [];
  for (let g = 0; g < gt.length; g++)
    for (let p = 0; p < pred.length; p++) {
      if (sameFeature && gt[g]!.featureSchemaId !== pred[p]!.featureSchemaId) continue;
      const iou = objectIou(gt[g]!, pred[p]!, options.maskPixels);
      if (iou >= threshold && iou > 0) pairs.push({ g, p, iou });
    }
  pairs.sort((x, y) => y.iou - x.iou || x.g - y.g || x.p - y.p);
  const usedG = new Set<number>();
  const usedP = new Set<number>();
  const out: Pair[] = [];
  for (const pair of pairs) {
    if (usedG.has(pair.g) || usedP.has(pair.p)) continue;
    usedG.add(pair.g);
    usedP.add(pair.p);
    out.push(pair);
  }
  return out;
}

function byFeature<T extends { featureSchemaId: string }>(items: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) map.set(item.featureSchemaId, [...(map.get(item.featureSchemaId) ?? []), item]);
  return map;
}

/**
 * Metrics of one data row's predictions against its ground truth. Objects: per feature, predictions are matched
 * one-to-one to ground truth of the same feature greedily by IoU; a pair at or above the threshold is a true
 * positive, other predictions are false positives, other ground truth false negatives. Classifications: a
 * prediction that answers exactly as the ground truth is a true positive; a different answer is a false positive
 * and a false negative. The confusion matrix matches objects across features the same way (a box of "cat" over a
 * "dog" box counts in cell dog→cat); classifications count on the diagonal when they agree.
 */
export function predictionMetrics(
  groundTruth: LabelDocument,
  prediction: LabelDocument,
  options: MetricsOptions = {},
): RowMetrics {
  const threshold = options.iouThreshold ?? DEFAULT_IOU_THRESHOLD;
  const features: FeatureMetrics[] = [];
  const names = new Map<string, string>();
  for (const a of [
    ...groundTruth.objects,
    ...prediction.objects,
    ...groundTruth.classifications,
    ...prediction.classifications,
  ])
    names.set(a.featureSchemaId, a.name ?? a.featureSchemaId);
  const predMetrics = new Map<string, AnnotationMetric>();

  const gtObj = byFeature(groundTruth.objects);
  const prObj = byFeature(prediction.objects);
  for (const id of new Set([...gtObj.keys(), ...prObj.keys()])) {
    const g = gtObj.get(id) ?? [];
    const p = prObj.get(id) ?? [];
    const pairs = match(g, p, threshold, options, true);
    for (const x of p)
      predMetrics.set(x.uuid, { uuid: x.uuid, featureSchemaId: id, iou: 0, matchedUuid: null });
    // Each prediction's best IoU with a ground truth of its feature (matched or not).
    for (const x of p) {
      let best = 0;
      let bestUuid: string | null = null;
      for (const y of g) {
        const iou = objectIou(y, x, options.maskPixels);
        if (iou > best) [best, bestUuid] = [iou, y.uuid];
      }
      predMetrics.set(x.uuid, { uuid: x.uuid, featureSchemaId: id, iou: best, matchedUuid: bestUuid });
    }
    const tp = pairs.length;
    features.push({
      featureSchemaId: id,
      name: names.get(id)!,
      iou: featureObjectAgreement(g, p, options),
      truePositives: tp,
      falsePositives: p.length - tp,
      falseNegatives: g.length - tp,
      ...scores(tp, p.length - tp, g.length - tp),
    });
  }

  const gtCls = byFeature(groundTruth.classifications);
  const prCls = byFeature(prediction.classifications);
  const confusion: Record<string, Record<string, number>> = {};
  const count = (gt: string, pred: string) => {
    const row = (confusion[gt] ??= {});
    row[pred] = (row[pred] ?? 0) + 1;
  };
  for (const id of new Set([...gtCls.keys(), ...prCls.keys()])) {
    const g = (gtCls.get(id) ?? [])[0] as ClassificationAnnotation | undefined;
    const p = (prCls.get(id) ?? [])[0] as ClassificationAnnotation | undefined;
    const agree = g && p ? classificationAgreement(g, p) : 0;
    const hit = agree === 1;
    const tp = hit ? 1 : 0;
    const fp = p && !hit ? 1 : 0;
    const fn = g && !hit ? 1 : 0;
    if (p)
      predMetrics.set(p.uuid, {
        uuid: p.uuid,
        featureSchemaId: id,
        iou: agree,
        matchedUuid: g?.uuid ?? null,
      });
    if (hit) count(id, id);
    else {
      if (g) count(id, NONE_FEATURE);
      if (p) count(NONE_FEATURE, id);
    }
    features.push({
      featureSchemaId: id,
      name: names.get(id)!,
      iou: agree,
      truePositives: tp,
      falsePositives: fp,
      falseNegatives: fn,
      ...scores(tp, fp, fn),
    });
  }

  const pairs = match(groundTruth.objects, prediction.objects, threshold, options, false);
  const matchedG = new Set(pairs.map((x) => x.g));
  const matchedP = new Set(pairs.map((x) => x.p));
  for (const x of pairs)
    count(groundTruth.objects[x.g]!.featureSchemaId, prediction.objects[x.p]!.featureSchemaId);
  groundTruth.objects.forEach((o, i) => matchedG.has(i) || count(o.featureSchemaId, NONE_FEATURE));
  prediction.objects.forEach((o, i) => matchedP.has(i) || count(NONE_FEATURE, o.featureSchemaId));

  features.sort((a, b) => a.name.localeCompare(b.name) || a.featureSchemaId.localeCompare(b.featureSchemaId));
  const iou = features.length === 0 ? 1 : features.reduce((s, f) => s + f.iou, 0) / features.length;
  return { features, iou, predictions: [...predMetrics.values()], confusion };
}

/** Sums rows' feature counts (precision/recall/F1 from the summed counts; IoU averaged over rows using the feature). */
export function aggregateMetrics(rows: readonly RowMetrics[]): Omit<RowMetrics, 'predictions'> {
  const acc = new Map<string, FeatureMetrics & { rows: number; iouSum: number }>();
  const confusion: Record<string, Record<string, number>> = {};
  for (const row of rows) {
    for (const f of row.features) {
      const a = acc.get(f.featureSchemaId) ?? {
        ...f,
        truePositives: 0,
        falsePositives: 0,
        falseNegatives: 0,
        rows: 0,
        iouSum: 0,
      };
      a.truePositives += f.truePositives;
      a.falsePositives += f.falsePositives;
      a.falseNegatives += f.falseNegatives;
      a.rows++;
      a.iouSum += f.iou;
      acc.set(f.featureSchemaId, a);
    }
    for (const [g, cells] of Object.entries(row.confusion))
      for (const [p, n] of Object.entries(cells)) {
        const r = (confusion[g] ??= {});
        r[p] = (r[p] ?? 0) + n;
      }
  }
  const features = [...acc.values()]
    .map(({ rows: n, iouSum, ...f }) => ({
      ...f,
      iou: iouSum / n,
      ...scores(f.truePositives, f.falsePositives, f.falseNegatives),
    }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.featureSchemaId.localeCompare(b.featureSchemaId));
  const iou = rows.length === 0 ? 1 : rows.reduce((s, r) => s + r.iou, 0) / rows.length;
  return { features, iou, confusion };
}
