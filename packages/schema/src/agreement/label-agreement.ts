import type { ClassificationAnnotation } from '../annotations/classification.ts';
import type { LabelDocument } from '../annotations/label.ts';
import type { ObjectAnnotation } from '../annotations/registry.ts';
import { classificationAgreement, nestedAgreement } from './classification-agreement.ts';
import { objectIou, type MaskPixels } from './object-iou.ts';

export type AgreementOptions = { readonly maskPixels?: MaskPixels };

/** One object's geometric agreement combined with its nested classifications' (half each when it has any). */
function objectAgreement(a: ObjectAnnotation, b: ObjectAnnotation, options: AgreementOptions): number {
  const iou = objectIou(a, b, options.maskPixels);
  const nested = nestedAgreement(a.classifications, b.classifications);
  return nested === undefined ? iou : (iou + nested) / 2;
}

/**
 * Agreement of two sets of objects of one feature, as Labelbox's `object_pair_miou`: every pair is scored, pairs
 * are taken greedily from the best score down (each object used once), and every object left unmatched adds a 0.
 * The result is the mean over matched pairs and unmatched objects.
 */
export function featureObjectAgreement(
  a: readonly ObjectAnnotation[],
  b: readonly ObjectAnnotation[],
  options: AgreementOptions = {},
): number {
  if (a.length === 0 && b.length === 0) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const pairs: { i: number; j: number; score: number }[] = [];
  for (let i = 0; i < a.length; i++)
    for (let j = 0; j < b.length; j++) pairs.push({ i, j, score: objectAgreement(a[i]!, b[j]!, options) });
  pairs.sort((x, y) => y.score - x.score || x.i - y.i || x.j - y.j);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  let sum = 0;
  let matched = 0;
  for (const p of pairs) {
    if (usedA.has(p.i) || usedB.has(p.j)) continue;
    usedA.add(p.i);
    usedB.add(p.j);
    sum += p.score;
    matched++;
  }
  return sum / (matched + (a.length - matched) + (b.length - matched));
}

function groupByFeature<T extends { featureSchemaId: string }>(items: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const list = map.get(item.featureSchemaId);
    if (list) list.push(item);
    else map.set(item.featureSchemaId, [item]);
  }
  return map;
}

function featureClassificationAgreement(
  a: readonly ClassificationAnnotation[],
  b: readonly ClassificationAnnotation[],
): number {
  if (a.length === 0 || b.length === 0) return 0;
  // Conversations may answer a feature once per message: pair answers by message, missing ones score 0.
  const keys = new Set([...a, ...b].map((c) => c.messageId ?? ''));
  let sum = 0;
  for (const key of keys) {
    const x = a.find((c) => (c.messageId ?? '') === key);
    const y = b.find((c) => (c.messageId ?? '') === key);
    if (x && y) sum += classificationAgreement(x, y);
  }
  return sum / keys.size;
}

/**
 * Agreement of two labels of one data row, from 0 to 1, the way Labelbox computes consensus: features are matched
 * by feature schema; each feature either label uses gets a score (objects: matched IoU with unmatched objects
 * counting 0, see featureObjectAgreement; classifications: exact match, see classificationAgreement), a feature
 * only one label uses scores 0, and the label pair's agreement is the mean over features. Two empty labels agree
 * fully (both say there is nothing to annotate). Relationships are not scored.
 */
export function labelAgreement(a: LabelDocument, b: LabelDocument, options: AgreementOptions = {}): number {
  const objA = groupByFeature(a.objects);
  const objB = groupByFeature(b.objects);
  const clsA = groupByFeature(a.classifications);
  const clsB = groupByFeature(b.classifications);
  const features = new Set([...objA.keys(), ...objB.keys(), ...clsA.keys(), ...clsB.keys()]);
  if (features.size === 0) return 1;
  let sum = 0;
  for (const id of features) {
    const [oa, ob] = [objA.get(id) ?? [], objB.get(id) ?? []];
    const [ca, cb] = [clsA.get(id) ?? [], clsB.get(id) ?? []];
    sum +=
      oa.length + ob.length > 0
        ? featureObjectAgreement(oa, ob, options)
        : featureClassificationAgreement(ca, cb);
  }
  return sum / features.size;
}
