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

/**
 * Finds two edges of an open ring that touch where they should not: non-adjacent edges sharing any point, or
 * adjacent edges folding back over each other. Edge `k` runs from ring[k] to ring[k + 1] (wrapping); the pair
 * returned is the first by (i, j). Large rings are bucketed on a grid first, so a malicious spiky polygon costs
 * about n·√n instead of n².
 */
export function findSelfIntersection(ring: readonly Point[]): readonly [number, number] | undefined {
  const n = ring.length;
  if (n < 3) return undefined;
  const edges: Edge[] = ring.map((a, i) => ({ i, a, b: ring[(i + 1) % n] }));
  if (n <= 64) return firstConflict(edges, [edges.map((_, i) => i)], n);
  return firstConflict(edges, gridBuckets(edges, ring), n);
}

function firstConflict(edges: readonly Edge[], buckets: Iterable<readonly number[]>, n: number) {
  let best: [number, number] | undefined;
  for (const bucket of buckets) {
    for (let p = 0; p < bucket.length; p++) {
      for (let q = p + 1; q < bucket.length; q++) {
        const [i, j] = bucket[p] < bucket[q] ? [bucket[p], bucket[q]] : [bucket[q], bucket[p]];
        if (best && (i > best[0] || (i === best[0] && j >= best[1]))) continue;
        if (edgesConflict(edges[i], edges[j], n)) best = [i, j];
      }
    }
  }
  return best;
}

/** Edge indexes per grid cell the edge passes through (conservatively: a hair of slack at cell borders). */
function gridBuckets(edges: readonly Edge[], ring: readonly Point[]): Iterable<readonly number[]> {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of ring) {
    minX = Math.min(minX, p.x);
    minY = Math.min(minY, p.y);
    maxX = Math.max(maxX, p.x);
    maxY = Math.max(maxY, p.y);
  }
  const g = Math.min(1024, Math.ceil(Math.sqrt(edges.length)));
  const cw = (maxX - minX) / g || 1;
  const ch = (maxY - minY) / g || 1;
  const slack = 1e-7;
  const cell = (v: number, lo: number, size: number, round: (x: number) => number) =>
    Math.max(0, Math.min(g - 1, Math.floor(round((v - lo) / size))));
  const cells = new Map<number, number[]>();
  for (const { i, a, b } of edges) {
    const x0 = Math.min(a.x, b.x);
    const x1 = Math.max(a.x, b.x);
    const cx0 = cell(x0, minX, cw, (v) => v - slack);
    const cx1 = cell(x1, minX, cw, (v) => v + slack);
    for (let cx = cx0; cx <= cx1; cx++) {
      // The part of the edge inside this column, as a y range.
      let ylo = Math.min(a.y, b.y);
      let yhi = Math.max(a.y, b.y);
      if (a.x !== b.x) {
        const sx0 = Math.max(x0, minX + cx * cw);
        const sx1 = Math.min(x1, minX + (cx + 1) * cw);
        const yAt = (x: number) => a.y + ((x - a.x) / (b.x - a.x)) * (b.y - a.y);
        ylo = Math.min(yAt(sx0), yAt(sx1));
        yhi = Math.max(yAt(sx0), yAt(sx1));
      }
      const cy0 = cell(ylo, minY, ch, (v) => v - slack);
      const cy1 = cell(yhi, minY, ch, (v) => v + slack);
      for (let cy = cy0; cy <= cy1; cy++) {
        const key = cy * g + cx;
        const list = cells.get(key);
        if (list) list.push(i);
        else cells.set(key, [i]);
      }
    }
  }
  return cells.values();
}

function edgesConflict(lo: Edge, hi: Edge, n: number): boolean {
  if (lo.i === hi.i) return false;
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
