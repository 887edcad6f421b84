import { classificationAnswerFields, nestedClassificationToNdjson } from '../annotations/classification.ts';
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
    if (annotation.frames !== undefined)
      base.frames = annotation.frames.map(({ start, end }) => ({ start, end }));
    return base;
  }
  if (annotation.kind === 'relationship') {
    const { source, target, direction } = annotation;
    return { ...base, relationship: { source, target, type: direction } };
  }
  const util = objectUtil(annotation);
  const geometry = util.toNdjson(annotation, ctx);
  if (!geometry) return undefined;
  if (util.featureInGeometry)
    return {
      uuid: annotation.uuid,
      ...(annotation.confidence !== undefined && { confidence: annotation.confidence }),
      ...geometry,
    };
  return {
    ...base,
    ...geometry,
    classifications: annotation.classifications.map(nestedClassificationToNdjson),
  };
}

export { nestedClassificationToNdjson } from '../annotations/classification.ts';
