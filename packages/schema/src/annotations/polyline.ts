import { z } from 'zod';
import { distinctPointCount } from '../geometry/polygon.ts';
import type { Point } from '../geometry/types.ts';
import { joinPath, pointOutside, pointSchema, readPointList, type FieldError } from './common.ts';
import { objectBaseShape, type ObjectBase, type ObjectKindUtil } from './object-util.ts';

/** Open polyline (`line` in Labelbox's formats). */
export type PolylineAnnotation = ObjectBase & {
  readonly kind: 'polyline';
  readonly points: readonly Point[];
};

export const polylineAnnotationSchema: z.ZodType<PolylineAnnotation> = z.object({
  ...objectBaseShape,
  kind: z.literal('polyline'),
  points: z.array(pointSchema).min(2),
});

/** Lines have no area: the box, COCO, YOLO and mask formats skip them. */
export const polylineUtil: ObjectKindUtil<PolylineAnnotation> = {
  kind: 'polyline',
  tools: ['line'],
  ndjsonKey: 'line',
  schema: polylineAnnotationSchema,

  readNdjson(line, errors) {
    const points = readPointList(line.line, 'line', errors);
    return points && { points };
  },

  validate({ points }, media) {
    const errors: FieldError[] = [];
    const distinct = distinctPointCount(points);
    if (distinct < 2)
      errors.push({ path: 'line', message: `needs at least 2 distinct points (got ${distinct})` });
    points.forEach((p, i) => {
      const outside = pointOutside(p, media);
      if (outside) errors.push({ path: joinPath('line', i), message: outside });
    });
    return errors;
  },

  toNdjson: ({ points }) => ({ line: points.map((p) => ({ x: p.x, y: p.y })) }),
  toV1: ({ points }) => ({ line: points.map((p) => ({ x: p.x, y: p.y })) }),
  toV2: ({ points }) => ({
    annotationKind: 'ImagePolyline',
    fields: { line: points.map((p) => ({ x: p.x, y: p.y })) },
  }),
  bounds: () => undefined,
  toCoco: () => undefined,
  toYolo: () => undefined,
  toMask: () => undefined,
};
