import { onSegment, orientation, segmentsIntersect } from './segments.ts';
import type { Point } from './types.ts';

const samePoint = (a: Point, b: Point) => a.x === b.x && a.y === b.y;

/**
 * The polygon as an open ring: consecutive duplicates removed and the closing point dropped when it repeats
 * the first (the Labelbox SDK auto-closes polygons; v1 exports them open).
 */
export function openRing(points: readonly Point[]): Point[] {
  const ring: Point[] = [];
  for (const p of points)
    if (ring.length === 0 || !samePoint(ring[ring.length - 1], p)) ring.push({ x: p.x, y: p.y });
  while (ring.length > 1 && samePoint(ring[0], ring[ring.length - 1])) ring.pop();
  return ring;
}

export function distinctPointCount(points: readonly Point[]): number {
  return new Set(points.map((p) => `${p.x},${p.y}`)).size;
}

/** Whether every point lies on one line (a polygon with no interior). */
export function allCollinear(points: readonly Point[]): boolean {
  const p0 = points[0];
  const p1 = points.find((p) => !samePoint(p, p0));
  if (!p1) return true;
  return points.every((p) => orientation(p0, p1, p) === 0);
}

/** Unsigned area by the shoelace formula (the ring may be open or closed). */
export function ringArea(ring: readonly Point[]): number {
  let twice = 0;
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i];
    const b = ring[(i + 1) % ring.length];
    twice += a.x * b.y - b.x * a.y;
  }
  return Math.abs(twice) / 2;
}

type Edge = { readonly i: number; readonly a: Point; readonly b: Point };

/** Why a ring is not simple: two edges that meet, or too many overlapping edges to check within the budget. */
export type SelfIntersection = { readonly edges: readonly [number, number] } | { readonly tooComplex: true };

/**
 * Finds two edges of an open ring that touch where they should not: non-adjacent edges sharing any point, or
 * adjacent edges folding back over each other. Edge `k` runs from ring[k] to ring[k + 1] (wrapping).
 * Small rings are checked pair by pair (the first pair by (i, j) is reported). Larger ones are swept by x with
 * a y-overlap pre-check, which is near-linear for real outlines; adversarial shapes (thousands of long,
 * interleaved spikes) stop after `maxChecks` pair tests and come back as `tooComplex` instead of burning CPU.
 */
export function findSelfIntersection(
  ring: readonly Point[],
  maxChecks = 10_000_000,
): SelfIntersection | undefined {
  const n = ring.length;
  if (n < 3) return undefined;
  const edges: Edge[] = ring.map((a, i) => ({ i, a, b: ring[(i + 1) % n] }));
  if (n <= 64) {
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) if (edgesConflict(edges[i], edges[j], n)) return { edges: [i, j] };
    }
    return undefined;
  }
  const minX = new Float64Array(n);
  const maxX = new Float64Array(n);
  const minY = new Float64Array(n);
  const maxY = new Float64Array(n);
  for (const { i, a, b } of edges) {
    minX[i] = Math.min(a.x, b.x);
    maxX[i] = Math.max(a.x, b.x);
    minY[i] = Math.min(a.y, b.y);
    maxY[i] = Math.max(a.y, b.y);
  }
  const order = Uint32Array.from(edges.keys()).sort((p, q) => minX[p] - minX[q]);
  let checks = 0;
  for (let s = 0; s < n; s++) {
    const e = order[s];
    for (let t = s + 1; t < n && minX[order[t]] <= maxX[e]; t++) {
      const f = order[t];
      if (minY[f] > maxY[e] || maxY[f] < minY[e]) continue;
      if (++checks > maxChecks) return { tooComplex: true };
      const lo = e < f ? e : f;
      const hi = e < f ? f : e;
      if (edgesConflict(edges[lo], edges[hi], n)) return { edges: [lo, hi] };
    }
  }
  return undefined;
}

function edgesConflict(lo: Edge, hi: Edge, n: number): boolean {
  const adjacent = hi.i === lo.i + 1 || (lo.i === 0 && hi.i === n - 1);
  if (!adjacent) return segmentsIntersect(lo.a, lo.b, hi.a, hi.b);
  // Adjacent edges share one vertex; they conflict only when one folds back along the other.
  const [first, second] = hi.i === lo.i + 1 ? [lo, hi] : [hi, lo];
  const shared = first.b;
  const before = first.a;
  const after = second.b;
  if (orientation(before, shared, after) !== 0) return false;
  return onSegment(before, after, shared) || onSegment(shared, before, after);
}
