import type { Point } from '@labelyard/schema';
import type { Handle } from './kind-util.ts';

/** Vertex handles are named `v<index>` so a handle id survives re-renders and maps back to the point. */
export const vertexHandles = (points: readonly Point[]): Handle[] =>
  points.map((p, i) => ({ id: `v${i}`, x: p.x, y: p.y }));

export const vertexIndex = (id: string): number | undefined => {
  const m = /^v(\d+)$/.exec(id);
  return m ? Number(m[1]) : undefined;
};

export function withVertex(points: readonly Point[], id: string, p: Point): readonly Point[] {
  const i = vertexIndex(id);
  if (i === undefined || i >= points.length) return points;
  return points.map((q, k) => (k === i ? { x: p.x, y: p.y } : q));
}

export function withoutVertex(points: readonly Point[], id: string): Point[] | undefined {
  const i = vertexIndex(id);
  if (i === undefined || i >= points.length) return undefined;
  return points.filter((_, k) => k !== i);
}
