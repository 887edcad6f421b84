import { boundsOfPoints, type PolylineAnnotation } from '@labelyard/schema';
import { nearestSegment } from '../geometry/points.ts';
import type { EditorKindUtil } from './kind-util.ts';
import { vertexHandles, withVertex, withoutVertex } from './vertices.ts';

/** Polylines (`line` in NDJSON): hit near a segment; vertices are handles, insertable and removable. */
export const polylineKind: EditorKindUtil<PolylineAnnotation> = {
  kind: 'polyline',
  bounds: ({ points }) => boundsOfPoints(points),
  hitTest: ({ points }, p, tol) => nearestSegment(p, points, false, tol) !== undefined,
  translate: (a, dx, dy) => ({ ...a, points: a.points.map((q) => ({ x: q.x + dx, y: q.y + dy })) }),
  handles: ({ points }) => vertexHandles(points),
  moveHandle: (a, id, p) => ({ ...a, points: withVertex(a.points, id, p) }),
  insertVertex(a, p, tol) {
    const i = nearestSegment(p, a.points, false, tol);
    if (i === undefined) return undefined;
    return { ...a, points: [...a.points.slice(0, i + 1), { x: p.x, y: p.y }, ...a.points.slice(i + 1)] };
  },
  deleteVertex(a, id) {
    const points = withoutVertex(a.points, id);
    return points && points.length >= 2 ? { ...a, points } : undefined;
  },
};
