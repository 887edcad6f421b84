import { z } from 'zod';
import {
  allCollinear,
  distinctPointCount,
  findSelfIntersection,
  openRing,
  ringArea,
} from '../geometry/polygon.ts';
import { rasterizePolygon } from '../geometry/raster.ts';
import { boundsOfPoints, type Point } from '../geometry/types.ts';
import { joinPath, pointOutside, pointSchema, readPointList, type FieldError } from './common.ts';
import { objectBaseShape, type ObjectBase, type ObjectKindUtil } from './object-util.ts';

/** Polygon as an open ring (no repeated closing point; the SDK's auto-closed input is opened on import). */
export type PolygonAnnotation = ObjectBase & { readonly kind: 'polygon'; readonly points: readonly Point[] };

export const polygonAnnotationSchema: z.ZodType<PolygonAnnotation> = z.object({
  ...objectBaseShape,
  kind: z.literal('polygon'),
  points: z.array(pointSchema).min(3),
});

const fmt = (p: Point) => `(${p.x}, ${p.y})`;

export const polygonUtil: ObjectKindUtil<PolygonAnnotation> = {
  kind: 'polygon',
  tools: ['polygon'],
  ndjsonKey: 'polygon',
  schema: polygonAnnotationSchema,

  readNdjson(line, errors) {
    const points = readPointList(line.polygon, 'polygon', errors);
    return points && { points: openRing(points) };
  },

  validate({ points }, media) {
    const errors: FieldError[] = [];
    const distinct = distinctPointCount(points);
    if (distinct < 3) {
      errors.push({ path: 'polygon', message: `needs at least 3 distinct points (got ${distinct})` });
      return errors;
    }
    points.forEach((p, i) => {
      const outside = pointOutside(p, media);
      if (outside) errors.push({ path: joinPath('polygon', i), message: outside });
    });
    if (allCollinear(points)) {
      errors.push({ path: 'polygon', message: 'has zero area: all points lie on one line' });
      return errors;
    }
    const hit = findSelfIntersection(points);
    if (hit && 'tooComplex' in hit) {
      errors.push({
        path: 'polygon',
        message: `has too many overlapping edges to check for self-intersection (${points.length} points); simplify it`,
      });
    } else if (hit) {
      const [i, j] = hit.edges;
      const edge = (k: number) => `${fmt(points[k])}→${fmt(points[(k + 1) % points.length])}`;
      errors.push({
        path: 'polygon',
        message: `is self-intersecting: edge ${edge(i)} meets edge ${edge(j)}`,
      });
    }
    return errors;
  },

  toNdjson: ({ points }) => ({ polygon: points.map((p) => ({ x: p.x, y: p.y })) }),

  toV1: ({ points }) => ({ polygon: points.map((p) => ({ x: p.x, y: p.y })) }),

  // Export v2 returns rings closed, as the SDK imported them.
  toV2: ({ points }) => ({
    annotationKind: 'ImagePolygon',
    fields: { polygon: [...points, points[0]].map((p) => ({ x: p.x, y: p.y })) },
  }),

  bounds: ({ points }) => boundsOfPoints(points),

  toCoco({ points }) {
    const b = boundsOfPoints(points);
    return {
      segmentation: [points.flatMap((p) => [p.x, p.y])],
      bbox: [b.left, b.top, b.width, b.height],
      area: ringArea(points),
      iscrowd: 0,
    };
  },

  toYolo: ({ points }, w, h) => points.flatMap((p) => [p.x / w, p.y / h]),

  toMask: ({ points }, r) =>
    r.width !== undefined && r.height !== undefined ? rasterizePolygon(points, r.width, r.height) : undefined,
};
