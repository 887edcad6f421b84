import type { PointAnnotation } from '@labelyard/schema';
import type { EditorKindUtil } from './kind-util.ts';

/** Points: a zero-size box in the index; hit within the tolerance; the point itself is the one handle. */
export const pointKind: EditorKindUtil<PointAnnotation> = {
  kind: 'point',
  bounds: ({ point }) => ({ left: point.x, top: point.y, width: 0, height: 0 }),
  hitTest: ({ point }, p, tol) => Math.hypot(point.x - p.x, point.y - p.y) <= tol,
  translate: (a, dx, dy) => ({ ...a, point: { x: a.point.x + dx, y: a.point.y + dy } }),
  handles: ({ point }) => [{ id: 'point', x: point.x, y: point.y }],
  moveHandle: (a, _id, p) => ({ ...a, point: { x: p.x, y: p.y } }),
};
