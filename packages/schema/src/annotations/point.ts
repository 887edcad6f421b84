import { z } from 'zod';
import type { Point } from '../geometry/types.ts';
import { pointOutside, pointSchema, readPoint, type FieldError } from './common.ts';
import { objectBaseShape, type ObjectBase, type ObjectKindUtil } from './object-util.ts';

export type PointAnnotation = ObjectBase & { readonly kind: 'point'; readonly point: Point };

export const pointAnnotationSchema: z.ZodType<PointAnnotation> = z.object({
  ...objectBaseShape,
  kind: z.literal('point'),
  point: pointSchema,
});

/** Points have no area: the box, COCO, YOLO and mask formats skip them. */
export const pointUtil: ObjectKindUtil<PointAnnotation> = {
  kind: 'point',
  tools: ['point'],
  ndjsonKey: 'point',
  schema: pointAnnotationSchema,

  readNdjson(line, errors) {
    const point = readPoint(line.point, 'point', errors);
    return point && { point };
  },

  validate({ point }, media) {
    const errors: FieldError[] = [];
    const outside = pointOutside(point, media);
    if (outside) errors.push({ path: 'point', message: outside });
    return errors;
  },

  toNdjson: ({ point }) => ({ point: { x: point.x, y: point.y } }),
  toV1: ({ point }) => ({ point: { x: point.x, y: point.y } }),
  toV2: ({ point }) => ({ annotationKind: 'ImagePoint', fields: { point: { x: point.x, y: point.y } } }),
  bounds: () => undefined,
  toCoco: () => undefined,
  toYolo: () => undefined,
  toMask: () => undefined,
};
