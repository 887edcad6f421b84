import { classificationToV2 } from '../annotations/classification.ts';
import { featureValue } from '../annotations/common.ts';
import type { ConvertContext } from '../annotations/context.ts';
import type { LabelDocument } from '../annotations/label.ts';
import { objectUtil, type ObjectAnnotation } from '../annotations/registry.ts';
import { relationshipUtil } from '../annotations/relationship.ts';

/** `projects[pid].labels[i].annotations` of an export v2 row. */
export type V2Annotations = {
  readonly objects: readonly Record<string, unknown>[];
  readonly classifications: readonly Record<string, unknown>[];
  readonly relationships: readonly Record<string, unknown>[];
};

/** `{feature_id, feature_schema_id, name, value, annotation_kind, classifications, <geometry>}`. */
export function objectToV2(o: ObjectAnnotation, ctx: ConvertContext = {}): Record<string, unknown> {
  const { annotationKind, fields, withoutValue } = objectUtil(o).toV2(o, ctx);
  return {
    feature_id: o.uuid,
    feature_schema_id: o.featureSchemaId,
    name: o.name,
    ...(!withoutValue && { value: featureValue(o.name) }),
    annotation_kind: annotationKind,
    classifications: o.classifications.map(classificationToV2),
    ...fields,
  };
}

/** A label document as export v2 annotations (image and text media). */
export function toV2Annotations(doc: LabelDocument, ctx: ConvertContext = {}): V2Annotations {
  return {
    objects: doc.objects.map((o) => objectToV2(o, ctx)),
    classifications: doc.classifications.map(classificationToV2),
    relationships: doc.relationships.map(relationshipUtil.toV2),
  };
}
