import {
  emptyLabelDocument,
  type Annotation,
  type ClassificationAnnotation,
  type ClassificationAnswer,
  type LabelDocument,
} from '@labelyard/schema';
import { newId } from '../ids.ts';
import type { AnnotationRow, LabelFeatureRow } from '../repositories/label.repository.ts';

/**
 * `labels.content` is a LabelDocument as JSON (the records of @labelyard/schema, what the exports read). These are
 * the few operations the server does on it besides converting: reading, merging and deriving the index rows.
 */
export function parseStoredLabel(content: string): LabelDocument {
  try {
    const doc = JSON.parse(content) as Partial<LabelDocument> | null;
    return {
      objects: doc?.objects ?? [],
      classifications: doc?.classifications ?? [],
      relationships: doc?.relationships ?? [],
    };
  } catch {
    return emptyLabelDocument;
  }
}

export const serializeLabel = (doc: LabelDocument): string => JSON.stringify(doc);

export function mergeLabels(a: LabelDocument, b: LabelDocument): LabelDocument {
  return {
    objects: [...a.objects, ...b.objects],
    classifications: [...a.classifications, ...b.classifications],
    relationships: [...a.relationships, ...b.relationships],
  };
}

/** Every feature schema the document uses, nested classifications and chosen options included. */
export function featureIdsOf(doc: LabelDocument): Set<string> {
  const ids = new Set<string>();
  const answer = (a: ClassificationAnswer) => {
    ids.add(a.featureSchemaId);
    a.classifications.forEach(classification);
  };
  const classification = (c: ClassificationAnnotation) => {
    ids.add(c.featureSchemaId);
    if (c.kind === 'radio') answer(c.answer);
    else if (c.kind === 'checklist') c.answers.forEach(answer);
  };
  for (const o of doc.objects) {
    ids.add(o.featureSchemaId);
    o.classifications.forEach(classification);
  }
  doc.classifications.forEach(classification);
  for (const r of doc.relationships) ids.add(r.featureSchemaId);
  return ids;
}

/** The `annotations` and `label_features` rows of one label. */
export function indexRowsOf(
  organizationId: string,
  labelId: string,
  doc: LabelDocument,
): { annotations: AnnotationRow[]; features: LabelFeatureRow[] } {
  const top: Annotation[] = [...doc.objects, ...doc.classifications, ...doc.relationships];
  return {
    annotations: top.map((a) => ({
      id: newId(),
      organization_id: organizationId,
      label_id: labelId,
      feature_schema_id: a.featureSchemaId,
      kind: a.kind,
      uuid: a.uuid,
    })),
    features: [...featureIdsOf(doc)].map((id) => ({
      label_id: labelId,
      organization_id: organizationId,
      feature_schema_id: id,
    })),
  };
}

function answerWithoutConfidence(a: ClassificationAnswer): ClassificationAnswer {
  const { confidence: _c, ...rest } = a;
  return { ...rest, classifications: a.classifications.map(classificationWithoutConfidence) };
}

function classificationWithoutConfidence(c: ClassificationAnnotation): ClassificationAnnotation {
  const { confidence: _c, ...rest } = c;
  if (rest.kind === 'radio') return { ...rest, answer: answerWithoutConfidence(rest.answer) };
  if (rest.kind === 'checklist') return { ...rest, answers: rest.answers.map(answerWithoutConfidence) };
  return rest;
}

/** Labels and pre-labels keep no model confidence: Labelbox ignores `confidence` on label and MAL imports. */
export function withoutConfidence(a: Annotation): Annotation {
  if (a.kind === 'radio' || a.kind === 'checklist' || a.kind === 'text')
    return classificationWithoutConfidence(a);
  const { confidence: _c, ...rest } = a;
  if (rest.kind === 'relationship') return rest;
  const classifications = rest.classifications.map(classificationWithoutConfidence);
  if (rest.kind === 'video-object')
    return {
      ...rest,
      classifications,
      segments: rest.segments.map((s) => ({
        keyframes: s.keyframes.map((kf) => ({
          ...kf,
          classifications: kf.classifications.map(classificationWithoutConfidence),
        })),
      })),
    };
  return { ...rest, classifications } as Annotation;
}
