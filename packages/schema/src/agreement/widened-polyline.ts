import type { Point } from '../geometry/types.ts';

/**
 * Exact areas of polylines widened by a radius r (every point within r of the line: a union of discs at the
 * vertices and rectangles along the segments, so round caps and joins) and of the overlap of two of them.
 *
 * The boundary of such a region is made of straight pieces (the rectangles' long sides) and circular arcs (the
 * discs). Each region's boundary is found by cutting every side and circle where it meets the others and keeping
 * the pieces whose outside is not covered; the overlap of two regions is bounded by the pieces of each boundary
 * that lie inside the other. Areas then follow from Green's theorem, ½∮(x dy − y dx), which integrates in closed
 * form over segments and arcs. No grid, no sampling: the only error is floating point.
 */

const TAU = 2 * Math.PI;

type Segment = { kind: 'segment'; a: Point; b: Point; /** outward unit normal */ n: Point };
type Arc = {
  kind: 'arc';
  c: Point;
  r: number;
  /** start angle */ t0: number;
  /** end angle, > t0 (counter-clockwise) */ t1: number;
};
type Piece = Segment | Arc;

/** A widened polyline: its vertices (without repeats), the radius, and its boundary pieces once computed. */
export type WidenedPolyline = { points: Point[]; r: number; boundary: Piece[]; area: number };

const same = (p: Point, q: Point) => p.x === q.x && p.y === q.y;

function distanceToSegment(p: Point, a: Point, b: Point): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

function distanceToPolyline(p: Point, points: readonly Point[]): number {
  if (points.length === 1) return Math.hypot(p.x - points[0]!.x, p.y - points[0]!.y);
  let best = Infinity;
  for (let i = 0; i + 1 < points.length; i++)
    best = Math.min(best, distanceToSegment(p, points[i]!, points[i + 1]!));
  return best;
}

/** The carriers of a widened polyline's boundary: one circle per vertex, two long sides per segment. */
function carriers(points: readonly Point[], r: number): Piece[] {
  const out: Piece[] = [];
  const seen = new Set<string>();
  for (const c of points) {
    const key = `${c.x},${c.y}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ kind: 'arc', c, r, t0: 0, t1: TAU });
  }
  const segments = new Set<string>();
  for (let i = 0; i + 1 < points.length; i++) {
    const p = points[i]!;
    const q = points[i + 1]!;
    if (same(p, q)) continue;
    // The same segment drawn twice (a line going back over itself) bounds nothing new.
    const key = [`${p.x},${p.y}`, `${q.x},${q.y}`].sort().join(';');
    if (segments.has(key)) continue;
    segments.add(key);
    const len = Math.hypot(q.x - p.x, q.y - p.y);
    const left = { x: -(q.y - p.y) / len, y: (q.x - p.x) / len };
    // Counter-clockwise around the rectangle: forward along the right side, back along the left side.
    out.push({
      kind: 'segment',
      a: { x: p.x - r * left.x, y: p.y - r * left.y },
      b: { x: q.x - r * left.x, y: q.y - r * left.y },
      n: { x: -left.x, y: -left.y },
    });
    out.push({
      kind: 'segment',
      a: { x: q.x + r * left.x, y: q.y + r * left.y },
      b: { x: p.x + r * left.x, y: p.y + r * left.y },
      n: left,
    });
  }
  return out;
}

/** `t` moved into [t0, t0 + 2π). */
const wrap = (t: number, t0: number) => t0 + ((((t - t0) % TAU) + TAU) % TAU);

function onArc(arc: Arc, p: Point, eps: number): boolean {
  const t = wrap(Math.atan2(p.y - arc.c.y, p.x - arc.c.x), arc.t0);
  return t <= arc.t1 + eps / arc.r || t >= arc.t0 + TAU - eps / arc.r;
}

/** Where the segment's line meets the circle (c, r), as parameters along a→b in [0, 1]. */
function lineCircle(a: Point, b: Point, c: Point, r: number): number[] {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const fx = a.x - c.x;
  const fy = a.y - c.y;
  const A = dx * dx + dy * dy;
  const B = 2 * (fx * dx + fy * dy);
  const C = fx * fx + fy * fy - r * r;
  const disc = B * B - 4 * A * C;
  if (A === 0) return [];
  // Two roots closer than rounding can tell apart are one tangent point (a side meeting its own vertex's circle).
  const half = disc > 0 ? Math.sqrt(disc) / (2 * A) : 0;
  if (disc < 0 && B * B * 1e-12 < -disc) return [];
  const mid = -B / (2 * A);
  const roots = half < 1e-7 ? [mid] : [mid - half, mid + half];
  return roots.filter((t) => t >= 0 && t <= 1);
}

/** The points where `piece` crosses or touches `cutter` (and the cutter's ends where the two run together). */
function crossings(piece: Piece, cutter: Piece, eps: number): Point[] {
  const out: Point[] = [];
  if (piece.kind === 'segment' && cutter.kind === 'segment') {
    const { a, b } = piece;
    const d = { x: b.x - a.x, y: b.y - a.y };
    const e = { x: cutter.b.x - cutter.a.x, y: cutter.b.y - cutter.a.y };
    const denom = d.x * e.y - d.y * e.x;
    const w = { x: cutter.a.x - a.x, y: cutter.a.y - a.y };
    const scale = Math.hypot(d.x, d.y) * Math.hypot(e.x, e.y);
    if (Math.abs(denom) > 1e-12 * scale) {
      const t = (w.x * e.y - w.y * e.x) / denom;
      const u = (w.x * d.y - w.y * d.x) / denom;
      if (t >= 0 && t <= 1 && u >= 0 && u <= 1) out.push({ x: a.x + t * d.x, y: a.y + t * d.y });
    } else if (Math.abs(w.x * d.y - w.y * d.x) <= eps * Math.hypot(d.x, d.y)) {
      // On one line: the cutter's ends split the piece where the two overlap.
      out.push(cutter.a, cutter.b);
    }
    return out;
  }
  if (piece.kind === 'segment' || cutter.kind === 'segment') {
    const seg = (piece.kind === 'segment' ? piece : cutter) as Segment;
    const arc = (piece.kind === 'arc' ? piece : cutter) as Arc;
    for (const t of lineCircle(seg.a, seg.b, arc.c, arc.r)) {
      const p = { x: seg.a.x + t * (seg.b.x - seg.a.x), y: seg.a.y + t * (seg.b.y - seg.a.y) };
      if (onArc(arc, p, eps)) out.push(p);
    }
    // A side ends where it touches its vertex's circle: a tangent point that rounding may miss above.
    if (piece.kind === 'arc')
      for (const p of [seg.a, seg.b])
        if (Math.abs(Math.hypot(p.x - arc.c.x, p.y - arc.c.y) - arc.r) <= eps && onArc(arc, p, eps))
          out.push(p);
    return out;
  }
  const d = Math.hypot(cutter.c.x - piece.c.x, cutter.c.y - piece.c.y);
  if (d <= eps && Math.abs(piece.r - cutter.r) <= eps) {
    // The same circle: the cutter's ends split the piece where the two arcs overlap.
    for (const t of [cutter.t0, cutter.t1])
      out.push({ x: cutter.c.x + cutter.r * Math.cos(t), y: cutter.c.y + cutter.r * Math.sin(t) });
    return out;
  }
  if (d === 0 || d > piece.r + cutter.r || d < Math.abs(piece.r - cutter.r)) return out;
  const along = (d * d + piece.r * piece.r - cutter.r * cutter.r) / (2 * d);
  const h = Math.sqrt(Math.max(0, piece.r * piece.r - along * along));
  const ux = (cutter.c.x - piece.c.x) / d;
  const uy = (cutter.c.y - piece.c.y) / d;
  const mx = piece.c.x + along * ux;
  const my = piece.c.y + along * uy;
  for (const s of h === 0 ? [0] : [-1, 1]) {
    const p = { x: mx - s * h * uy, y: my + s * h * ux };
    if (onArc(cutter, p, eps)) out.push(p);
  }
  return out;
}

/** The piece cut at the given points (those on it), in order. */
function split(piece: Piece, points: readonly Point[], eps: number): Piece[] {
  if (piece.kind === 'segment') {
    const { a, b } = piece;
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const len2 = dx * dx + dy * dy;
    const ts = points
      .map((p) => ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2)
      .filter((t) => t > 0 && t < 1)
      .sort((x, y) => x - y);
    const cuts = [0, ...ts, 1];
    const out: Piece[] = [];
    const minT = eps / Math.sqrt(len2);
    for (let i = 0; i + 1 < cuts.length; i++) {
      if (cuts[i + 1]! - cuts[i]! <= minT) continue;
      const at = (t: number) => ({ x: a.x + t * dx, y: a.y + t * dy });
      out.push({ ...piece, a: at(cuts[i]!), b: at(cuts[i + 1]!) });
    }
    return out;
  }
  const full = piece.t1 - piece.t0 >= TAU;
  const ts = points
    .map((p) => wrap(Math.atan2(p.y - piece.c.y, p.x - piece.c.x), piece.t0))
    // A whole circle may be cut at its start angle too.
    .filter((t) => (full ? t >= piece.t0 : t > piece.t0) && t < piece.t1)
    .sort((x, y) => x - y);
  const minT = eps / piece.r;
  let cuts: number[];
  if (full && ts.length > 0) cuts = [...ts, ts[0]! + TAU];
  else cuts = [piece.t0, ...ts, piece.t1];
  const out: Piece[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    if (cuts[i + 1]! - cuts[i]! <= minT) continue;
    out.push({ ...piece, t0: cuts[i]!, t1: cuts[i + 1]! });
  }
  return out;
}

const bounds = (p: Piece) =>
  p.kind === 'segment'
    ? {
        minX: Math.min(p.a.x, p.b.x),
        maxX: Math.max(p.a.x, p.b.x),
        minY: Math.min(p.a.y, p.b.y),
        maxY: Math.max(p.a.y, p.b.y),
      }
    : { minX: p.c.x - p.r, maxX: p.c.x + p.r, minY: p.c.y - p.r, maxY: p.c.y + p.r };

type Box = ReturnType<typeof bounds>;
const apart = (u: Box, v: Box, eps: number) =>
  u.maxX < v.minX - eps || v.maxX < u.minX - eps || u.maxY < v.minY - eps || v.maxY < u.minY - eps;

/** Every piece cut wherever a cutter meets it. */
function cutAll(
  pieces: readonly Piece[],
  cutters: readonly Piece[],
  eps: number,
  skipSelf: boolean,
): Piece[] {
  const boxes = cutters.map(bounds);
  const out: Piece[] = [];
  pieces.forEach((piece, i) => {
    const box = bounds(piece);
    const points: Point[] = [];
    cutters.forEach((cutter, j) => {
      if ((skipSelf && i === j) || apart(box, boxes[j]!, eps)) return;
      points.push(...crossings(piece, cutter, eps));
    });
    out.push(...split(piece, points, eps));
  });
  return out;
}

/** A point in the middle of the piece and the outward normal there. */
function middle(piece: Piece): { p: Point; n: Point } {
  if (piece.kind === 'segment')
    return { p: { x: (piece.a.x + piece.b.x) / 2, y: (piece.a.y + piece.b.y) / 2 }, n: piece.n };
  const t = (piece.t0 + piece.t1) / 2;
  const n = { x: Math.cos(t), y: Math.sin(t) };
  return { p: { x: piece.c.x + piece.r * n.x, y: piece.c.y + piece.r * n.y }, n };
}

/** ½∮(x dy − y dx) along the piece, in its direction. */
function integral(piece: Piece): number {
  if (piece.kind === 'segment') return (piece.a.x * piece.b.y - piece.b.x * piece.a.y) / 2;
  const { c, r, t0, t1 } = piece;
  return (
    (r * c.x * (Math.sin(t1) - Math.sin(t0)) - r * c.y * (Math.cos(t1) - Math.cos(t0)) + r * r * (t1 - t0)) /
    2
  );
}

/** Whether an earlier straight piece runs along this one on the same side (a line drawn over itself). */
function coveredByEarlier(piece: Piece, index: number, pieces: readonly Piece[], eps: number): boolean {
  if (piece.kind !== 'segment') return false;
  const { p } = middle(piece);
  for (let j = 0; j < index; j++) {
    const other = pieces[j]!;
    if (other.kind !== 'segment' || other.n.x * piece.n.x + other.n.y * piece.n.y < 1 - 1e-9) continue;
    if (Math.abs((p.x - other.a.x) * other.n.x + (p.y - other.a.y) * other.n.y) > eps) continue;
    if (distanceToSegment(p, other.a, other.b) <= eps) return true;
  }
  return false;
}

/** A polyline widened by r: its boundary pieces (counter-clockwise) and its exact area. */
export function widenPolyline(points: readonly Point[], r: number): WidenedPolyline {
  const kept = points.filter((p, i) => i === 0 || !same(p, points[i - 1]!));
  if (kept.length === 0 || !(r > 0)) return { points: kept, r, boundary: [], area: 0 };
  const extent = Math.max(r, ...kept.map((p) => Math.max(Math.abs(p.x), Math.abs(p.y))));
  const eps = 1e-9 * extent;
  const delta = 1e-7 * extent;
  const elements = carriers(kept, r);
  const pieces = cutAll(elements, elements, eps, true);
  // A piece bounds the region when just outside it nothing of the region is.
  const boundary = pieces.filter((piece, i) => {
    const { p, n } = middle(piece);
    const out = { x: p.x + delta * n.x, y: p.y + delta * n.y };
    return distanceToPolyline(out, kept) >= r && !coveredByEarlier(piece, i, pieces, eps);
  });
  return { points: kept, r, boundary, area: boundary.reduce((sum, piece) => sum + integral(piece), 0) };
}

/** The exact area where two widened polylines overlap. */
export function widenedOverlapArea(a: WidenedPolyline, b: WidenedPolyline): number {
  if (a.boundary.length === 0 || b.boundary.length === 0) return 0;
  const extent = Math.max(
    a.r,
    b.r,
    ...[...a.points, ...b.points].map((p) => Math.max(Math.abs(p.x), Math.abs(p.y))),
  );
  const eps = 1e-9 * extent;
  const delta = 1e-7 * extent;
  const inside = (p: Point, shape: WidenedPolyline) => distanceToPolyline(p, shape.points) < shape.r;
  let area = 0;
  // a's boundary inside b (where the two boundaries run together on the same side, a's piece counts once) ...
  for (const piece of cutAll(a.boundary, b.boundary, eps, false)) {
    const { p, n } = middle(piece);
    if (inside({ x: p.x - delta * n.x, y: p.y - delta * n.y }, b)) area += integral(piece);
  }
  // ... and b's boundary strictly inside a.
  for (const piece of cutAll(b.boundary, a.boundary, eps, false)) {
    const { p, n } = middle(piece);
    if (
      inside({ x: p.x - delta * n.x, y: p.y - delta * n.y }, a) &&
      inside({ x: p.x + delta * n.x, y: p.y + delta * n.y }, a)
    )
      area += integral(piece);
  }
  return Math.max(0, area);
}
