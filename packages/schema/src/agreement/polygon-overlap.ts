import type { Point } from '../geometry/types.ts';

type Tri = readonly [Point, Point, Point];

const cross = (o: Point, a: Point, b: Point) => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);

function signedArea(ring: readonly Point[]): number {
  let twice = 0;
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i]!;
    const b = ring[(i + 1) % ring.length]!;
    twice += a.x * b.y - b.x * a.y;
  }
  return twice / 2;
}

/** Clips a convex polygon by one half-plane (left of a→b, counter-clockwise clip edge). */
function clipByEdge(subject: readonly Point[], a: Point, b: Point): Point[] {
  const out: Point[] = [];
  for (let i = 0; i < subject.length; i++) {
    const p = subject[i]!;
    const q = subject[(i + 1) % subject.length]!;
    const sp = cross(a, b, p);
    const sq = cross(a, b, q);
    if (sp >= 0) out.push(p);
    if (sp >= 0 !== sq >= 0) {
      const t = sp / (sp - sq);
      out.push({ x: p.x + (q.x - p.x) * t, y: p.y + (q.y - p.y) * t });
    }
  }
  return out;
}

/** Area of the intersection of two counter-clockwise triangles (Sutherland–Hodgman: both are convex). */
function triangleOverlap(t: Tri, u: Tri): number {
  let poly: Point[] = [...t];
  for (let i = 0; i < 3 && poly.length > 2; i++) poly = clipByEdge(poly, u[i]!, u[(i + 1) % 3]!);
  return poly.length > 2 ? Math.abs(signedArea(poly)) : 0;
}

type Fan = { tri: Tri; sign: number; minX: number; maxX: number; minY: number; maxY: number }[];

/**
 * A simple polygon as a signed sum of the triangles (v0, vi, vi+1): their signed indicator functions add up to the
 * polygon's winding number, 1 inside and 0 outside, so overlaps of triangles give overlaps of polygons exactly.
 */
function fanOf(ring: readonly Point[]): Fan {
  const fan: Fan = [];
  const v0 = ring[0]!;
  for (let i = 1; i + 1 < ring.length; i++) {
    const [a, b] = [ring[i]!, ring[i + 1]!];
    const area = cross(v0, a, b);
    if (area === 0) continue;
    const tri: Tri = area > 0 ? [v0, a, b] : [v0, b, a];
    fan.push({
      tri,
      sign: Math.sign(area),
      minX: Math.min(v0.x, a.x, b.x),
      maxX: Math.max(v0.x, a.x, b.x),
      minY: Math.min(v0.y, a.y, b.y),
      maxY: Math.max(v0.y, a.y, b.y),
    });
  }
  return fan;
}

/** Exact area shared by two simple (not self-intersecting) polygons, either orientation, convex or not. */
export function polygonOverlapArea(a: readonly Point[], b: readonly Point[]): number {
  const orientation = Math.sign(signedArea(a)) * Math.sign(signedArea(b));
  if (orientation === 0) return 0;
  const fa = fanOf(a);
  const fb = fanOf(b);
  let sum = 0;
  for (const s of fa)
    for (const t of fb) {
      if (s.maxX <= t.minX || t.maxX <= s.minX || s.maxY <= t.minY || t.maxY <= s.minY) continue;
      sum += s.sign * t.sign * triangleOverlap(s.tri, t.tri);
    }
  return Math.max(0, sum * orientation);
}

/** Intersection over union of two simple polygons (0 when either has no area). */
export function polygonIou(a: readonly Point[], b: readonly Point[]): number {
  const areaA = Math.abs(signedArea(a));
  const areaB = Math.abs(signedArea(b));
  if (areaA === 0 || areaB === 0) return 0;
  const inter = polygonOverlapArea(a, b);
  return clamp01(inter / (areaA + areaB - inter));
}

export const clamp01 = (v: number): number => (v < 0 ? 0 : v > 1 ? 1 : v);
