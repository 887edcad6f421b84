import type { ClassificationAnnotation, ClassificationAnswer } from '../annotations/classification.ts';
import type { ConvertContext } from '../annotations/context.ts';
import { isClassificationAnnotation } from '../annotations/label.ts';
import { objectUtil, type Annotation } from '../annotations/registry.ts';

/**
 * Records → Labelbox NDJSON import lines (without `dataRow`), the inverse of `parseNdjsonAnnotation`. The editor
 * saves drafts and submits labels in this shape, so the server checks them with the import's own reader and
 * reports the same per-field errors. Features are named by `schemaId` (which the reader prefers) and `name`.
 */
export function annotationToNdjson(
  annotation: Annotation,
  ctx: ConvertContext = {},
): Record<string, unknown> | undefined {
  const base: Record<string, unknown> = {
    uuid: annotation.uuid,
    name: annotation.name,
    schemaId: annotation.featureSchemaId,
  };
  if (annotation.confidence !== undefined) base.confidence = annotation.confidence;
  if (annotation.page !== undefined) base.page = annotation.page;
  if (isClassificationAnnotation(annotation)) {
    Object.assign(base, classificationAnswerFields(annotation));
    if (annotation.messageId !== undefined) base.messageId = annotation.messageId;
    return base;
  }
  if (annotation.kind === 'relationship') {
    const { source, target, direction } = annotation;
    return { ...base, relationship: { source, target, type: direction } };
  }
  const geometry = objectUtil(annotation).toNdjson(annotation, ctx);
  if (!geometry) return undefined;
  return {
    ...base,
    ...geometry,
    classifications: annotation.classifications.map(nestedClassificationToNdjson),
  };
}

/** A classification nested under an object or an option: no `uuid` (the reader assigns them), no line fields. */
export function nestedClassificationToNdjson(c: ClassificationAnnotation): Record<string, unknown> {
  return { name: c.name, schemaId: c.featureSchemaId, ...classificationAnswerFields(c) };
}

function classificationAnswerFields(c: ClassificationAnnotation): Record<string, unknown> {
  if (c.kind === 'radio') return { answer: answerToNdjson(c.answer) };
  if (c.kind === 'checklist') return { answers: c.answers.map(answerToNdjson) };
  return { answer: c.answer };
}

function answerToNdjson(a: ClassificationAnswer): Record<string, unknown> {
  const out: Record<string, unknown> = { name: a.value, schemaId: a.featureSchemaId };
  if (a.confidence !== undefined) out.confidence = a.confidence;
  if (a.classifications.length > 0) out.classifications = a.classifications.map(nestedClassificationToNdjson);
  return out;
}
