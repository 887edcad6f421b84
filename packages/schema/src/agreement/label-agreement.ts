import type { ClassificationAnnotation } from '../annotations/classification.ts';
import type { LabelDocument } from '../annotations/label.ts';
import type { ObjectAnnotation } from '../annotations/registry.ts';
import type { RelationshipAnnotation } from '../annotations/relationship.ts';
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
 * Greedy one-to-one matching of two sets of objects of one feature, as Labelbox's `object_pair_miou`: every pair is
 * scored, pairs are taken from the best score down (each object used once; pairs scoring 0 do not match), and every
 * object left unmatched adds a 0. `score` is the mean over matched pairs and unmatched objects; `pairs` maps the
 * matched objects' uuids (a's to b's), which relationships are then compared through.
 */
export function matchFeatureObjects(
  a: readonly ObjectAnnotation[],
  b: readonly ObjectAnnotation[],
  options: AgreementOptions = {},
): { score: number; pairs: ReadonlyMap<string, string> } {
  const pairsOut = new Map<string, string>();
  if (a.length === 0 && b.length === 0) return { score: 1, pairs: pairsOut };
  if (a.length === 0 || b.length === 0) return { score: 0, pairs: pairsOut };
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
    if (p.score > 0) pairsOut.set(a[p.i]!.uuid, b[p.j]!.uuid);
  }
  return { score: sum / (matched + (a.length - matched) + (b.length - matched)), pairs: pairsOut };
}

/** The score of matchFeatureObjects: agreement of two sets of objects of one feature. */
export function featureObjectAgreement(
  a: readonly ObjectAnnotation[],
  b: readonly ObjectAnnotation[],
  options: AgreementOptions = {},
): number {
  return matchFeatureObjects(a, b, options).score;
}

/**
 * Agreement of two sets of relationships of one feature, once objects are matched (`pairs`: a's object uuids to
 * b's): a relationship of a agrees with one of b when its source and target are the objects b's joins (either way
 * round when both are bidirectional) with the same direction. Matched one to one; the score is matched / (all of a
 * + all of b − matched), the object rule with each pair scoring 1 or 0.
 */
export function featureRelationshipAgreement(
  a: readonly RelationshipAnnotation[],
  b: readonly RelationshipAnnotation[],
  pairs: ReadonlyMap<string, string>,
): number {
  if (a.length === 0 && b.length === 0) return 1;
  const used = new Set<number>();
  let matched = 0;
  for (const r of a) {
    const source = pairs.get(r.source);
    const target = pairs.get(r.target);
    if (source === undefined || target === undefined) continue;
    const j = b.findIndex(
      (s, k) =>
        !used.has(k) &&
        s.direction === r.direction &&
        ((s.source === source && s.target === target) ||
          (r.direction === 'bidirectional' && s.source === target && s.target === source)),
    );
    if (j < 0) continue;
    used.add(j);
    matched++;
  }
  return matched / (a.length + b.length - matched);
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
 * counting 0, see matchFeatureObjects; classifications: exact match, see classificationAgreement; relationships:
 * the same links between matched objects, see featureRelationshipAgreement), a feature only one label uses scores
 * 0, and the label pair's agreement is the mean over features. Two empty labels agree fully (both say there is
 * nothing to annotate).
 */
export function labelAgreement(a: LabelDocument, b: LabelDocument, options: AgreementOptions = {}): number {
  const objA = groupByFeature(a.objects);
  const objB = groupByFeature(b.objects);
  const clsA = groupByFeature(a.classifications);
  const clsB = groupByFeature(b.classifications);
  const relA = groupByFeature(a.relationships);
  const relB = groupByFeature(b.relationships);
  const objectFeatures = new Set([...objA.keys(), ...objB.keys()]);
  const features = new Set([...objectFeatures, ...clsA.keys(), ...clsB.keys()]);
  const relationFeatures = new Set([...relA.keys(), ...relB.keys()]);
  if (features.size + relationFeatures.size === 0) return 1;
  let sum = 0;
  const pairs = new Map<string, string>();
  for (const id of features) {
    if (objectFeatures.has(id)) {
      const matched = matchFeatureObjects(objA.get(id) ?? [], objB.get(id) ?? [], options);
      for (const [x, y] of matched.pairs) pairs.set(x, y);
      sum += matched.score;
    } else sum += featureClassificationAgreement(clsA.get(id) ?? [], clsB.get(id) ?? []);
  }
  for (const id of relationFeatures)
    sum += featureRelationshipAgreement(relA.get(id) ?? [], relB.get(id) ?? [], pairs);
  return sum / (features.size + relationFeatures.size);
}
