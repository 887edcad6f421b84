import { boundsOfPoints, type PolygonAnnotation } from '@labelyard/schema';
import { nearestSegment, pointInRing } from '../geometry/points.ts';
import type { EditorKindUtil } from './kind-util.ts';
import { vertexHandles, withVertex, withoutVertex } from './vertices.ts';

/** Polygons: hit inside or near an edge; every vertex is a handle; vertices can be inserted and removed. */
export const polygonKind: EditorKindUtil<PolygonAnnotation> = {
  kind: 'polygon',
  bounds: ({ points }) => boundsOfPoints(points),
  hitTest: ({ points }, p, tol) =>
    pointInRing(p, points) || nearestSegment(p, points, true, tol) !== undefined,
  translate: (a, dx, dy) => ({ ...a, points: a.points.map((q) => ({ x: q.x + dx, y: q.y + dy })) }),
  handles: ({ points }) => vertexHandles(points),
  moveHandle: (a, id, p) => ({ ...a, points: withVertex(a.points, id, p) }),
  insertVertex(a, p, tol) {
    const i = nearestSegment(p, a.points, true, tol);
    if (i === undefined) return undefined;
    return { ...a, points: [...a.points.slice(0, i + 1), { x: p.x, y: p.y }, ...a.points.slice(i + 1)] };
  },
  deleteVertex(a, id) {
    const points = withoutVertex(a.points, id);
    return points && points.length >= 3 ? { ...a, points } : undefined;
  },
};
