import { z } from 'zod';
import { bboxUtil, type BBoxAnnotation } from './bbox.ts';
import type { ClassificationAnnotation } from './classification.ts';
import type { ToolType } from './feature-resolver.ts';
import { maskUtil, type MaskAnnotation } from './mask.ts';
import type { ObjectKindUtil } from './object-util.ts';
import { pointUtil, type PointAnnotation } from './point.ts';
import { polygonUtil, type PolygonAnnotation } from './polygon.ts';
import { polylineUtil, type PolylineAnnotation } from './polyline.ts';
import type { RelationshipAnnotation } from './relationship.ts';
import { textEntityUtil, type TextEntityAnnotation } from './text-entity.ts';
import { documentEntityUtil, type DocumentEntityAnnotation } from './document-entity.ts';
import { videoObjectUtil, type VideoObjectAnnotation } from './video-object.ts';
import { messageEvaluationUtil, type MessageEvaluationAnnotation } from './message-evaluation.ts';
import { videoMaskUtil, type VideoMaskAnnotation } from './video-mask.ts';

/** Every object kind. New kinds (geo shapes, …) join this union and the map below. */
export type ObjectAnnotation =
  | BBoxAnnotation
  | PolygonAnnotation
  | PointAnnotation
  | PolylineAnnotation
  | MaskAnnotation
  | TextEntityAnnotation
  | DocumentEntityAnnotation
  | VideoObjectAnnotation
  | VideoMaskAnnotation
  | MessageEvaluationAnnotation;
export type ObjectKind = ObjectAnnotation['kind'];

/** Any record a label holds. */
export type Annotation = ObjectAnnotation | ClassificationAnnotation | RelationshipAnnotation;

type UtilMap = { readonly [K in ObjectKind]: ObjectKindUtil<Extract<ObjectAnnotation, { kind: K }>> };

export const objectUtils: UtilMap = {
  bbox: bboxUtil,
  polygon: polygonUtil,
  point: pointUtil,
  polyline: polylineUtil,
  mask: maskUtil,
  'text-entity': textEntityUtil,
  'document-entity': documentEntityUtil,
  // After the image kinds: a rectangle, point or line line without `segments` is an image object.
  'video-object': videoObjectUtil,
  'video-mask': videoMaskUtil,
  'message-evaluation': messageEvaluationUtil,
};

/** The util for a record, typed loosely enough to call with that record. */
export function objectUtil<A extends ObjectAnnotation>(annotation: A): ObjectKindUtil<A> {
  return objectUtils[annotation.kind] as unknown as ObjectKindUtil<A>;
}

const allUtils = Object.values(objectUtils) as readonly ObjectKindUtil<ObjectAnnotation>[];

/**
 * Which object kind a tool type draws, if any can be imported. A tool with several kinds (named-entity: text
 * `location` or document `textSelections`) picks the one whose geometry key the line carries, else the first.
 */
export function objectUtilForTool(
  tool: ToolType | undefined,
  line?: Readonly<Record<string, unknown>>,
): ObjectKindUtil<ObjectAnnotation> | undefined {
  if (tool === undefined) return undefined;
  const candidates = allUtils.filter((u) => u.tools.includes(tool));
  return (line && candidates.find((u) => line[u.ndjsonKey] !== undefined)) ?? candidates[0];
}

/** NDJSON geometry keys of object kinds, in a fixed order (for "which geometry did this line send?"). */
export const objectNdjsonKeys: readonly string[] = allUtils.map((u) => u.ndjsonKey);

export const objectAnnotationSchema: z.ZodType<ObjectAnnotation> = z.union(
  allUtils.map((u) => u.schema) as unknown as [z.ZodType<ObjectAnnotation>, z.ZodType<ObjectAnnotation>],
);
