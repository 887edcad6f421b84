import type { Point } from './types.ts';

/** Sign of the cross product (q - p) × (r - p): > 0 counter-clockwise, < 0 clockwise, 0 collinear. */
export function orientation(p: Point, q: Point, r: Point): number {
  const v = (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

/** Whether `q`, known to be collinear with segment p–r, lies within its bounding box (hence on it). */
export function onSegment(p: Point, q: Point, r: Point): boolean {
  return (
    q.x <= Math.max(p.x, r.x) &&
    q.x >= Math.min(p.x, r.x) &&
    q.y <= Math.max(p.y, r.y) &&
    q.y >= Math.min(p.y, r.y)
  );
}

/**
 * Whether closed segments a1–a2 and b1–b2 share at least one point (crossing, touching at an end, or
 * overlapping collinearly). The classic orientation test; exact for the inputs' floating-point values.
 */
export function segmentsIntersect(a1: Point, a2: Point, b1: Point, b2: Point): boolean {
  const o1 = orientation(a1, a2, b1);
  const o2 = orientation(a1, a2, b2);
  const o3 = orientation(b1, b2, a1);
  const o4 = orientation(b1, b2, a2);
  if (o1 !== o2 && o3 !== o4) return true;
  if (o1 === 0 && onSegment(a1, b1, a2)) return true;
  if (o2 === 0 && onSegment(a1, b2, a2)) return true;
  if (o3 === 0 && onSegment(b1, a1, b2)) return true;
  if (o4 === 0 && onSegment(b1, a2, b2)) return true;
  return false;
}
