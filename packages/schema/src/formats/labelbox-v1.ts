import { classificationToV1 } from '../annotations/classification.ts';
import { featureValue } from '../annotations/common.ts';
import type { ConvertContext } from '../annotations/context.ts';
import type { LabelDocument } from '../annotations/label.ts';
import { objectUtil, type ObjectAnnotation } from '../annotations/registry.ts';
import { relationshipUtil } from '../annotations/relationship.ts';
import { isV1Video, toV1VideoLabel, type V1VideoFrame } from './labelbox-v1-video.ts';

/** The legacy v1 `Label` value (rows of `exportLabels`, the `label` field of label pages, webhook v1 payloads). */
export type V1Label = {
  readonly objects: readonly Record<string, unknown>[];
  readonly classifications: readonly Record<string, unknown>[];
  readonly relationships?: readonly Record<string, unknown>[];
};

/** `{featureId, schemaId, title, value, color, <geometry>, classifications}`; polygons open, masks as `instanceURI`. */
export function objectToV1(o: ObjectAnnotation, ctx: ConvertContext = {}): Record<string, unknown> {
  return {
    featureId: o.uuid,
    schemaId: o.featureSchemaId,
    title: o.name,
    value: featureValue(o.name),
    color: ctx.color?.(o.featureSchemaId) ?? null,
    ...objectUtil(o).toV1(o, ctx),
    classifications: o.classifications.map(classificationToV1),
  };
}

/**
 * A label document in the legacy v1 shape; `relationships` only when there are some, as Labelbox did. Video labels
 * are a list of frames (`toV1VideoLabel`).
 */
export function toV1Label(doc: LabelDocument, ctx: ConvertContext = {}): V1Label | V1VideoFrame[] {
  if (isV1Video(doc)) return toV1VideoLabel(doc, ctx);
  const label = {
    objects: doc.objects.map((o) => objectToV1(o, ctx)),
    classifications: doc.classifications.map(classificationToV1),
  };
  return doc.relationships.length > 0
    ? { ...label, relationships: doc.relationships.map(relationshipUtil.toV1) }
    : label;
}
