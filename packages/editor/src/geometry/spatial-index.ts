import type { Box } from '@labelyard/schema';

const LARGE_CELLS = 256;

/**
 * A uniform grid over world space for hit testing and viewport culling: each item sits in the cells its bounds
 * touch, so a query visits only nearby items whatever the total. Items spanning more than `LARGE_CELLS` cells
 * live in one short list that every query checks (few objects are that large). Updates are O(cells touched).
 */
export class SpatialIndex {
  private readonly cells = new Map<number, Set<string>>();
  private readonly large = new Set<string>();
  private readonly bounds = new Map<string, Box>();

  constructor(private readonly cellSize = 128) {}

  get size(): number {
    return this.bounds.size;
  }

  boundsOf(id: string): Box | undefined {
    return this.bounds.get(id);
  }

  upsert(id: string, box: Box | undefined): void {
    this.remove(id);
    if (!box) return;
    this.bounds.set(id, box);
    const r = this.range(box);
    if ((r.x1 - r.x0 + 1) * (r.y1 - r.y0 + 1) > LARGE_CELLS) {
      this.large.add(id);
      return;
    }
    for (let cx = r.x0; cx <= r.x1; cx++) {
      for (let cy = r.y0; cy <= r.y1; cy++) {
        const key = cellKey(cx, cy);
        let cell = this.cells.get(key);
        if (!cell) this.cells.set(key, (cell = new Set()));
        cell.add(id);
      }
    }
  }

  remove(id: string): void {
    const box = this.bounds.get(id);
    if (!box) return;
    this.bounds.delete(id);
    if (this.large.delete(id)) return;
    const r = this.range(box);
    for (let cx = r.x0; cx <= r.x1; cx++) {
      for (let cy = r.y0; cy <= r.y1; cy++) {
        const key = cellKey(cx, cy);
        const cell = this.cells.get(key);
        if (!cell) continue;
        cell.delete(id);
        if (cell.size === 0) this.cells.delete(key);
      }
    }
  }

  /** Ids whose bounds intersect `box` (each once). */
  query(box: Box): Set<string> {
    const out = new Set<string>();
    const r = this.range(box);
    const cellCount = (r.x1 - r.x0 + 1) * (r.y1 - r.y0 + 1);
    if (cellCount > this.cells.size) {
      // A query wider than the occupied grid (zoomed far out): scanning the bounds is cheaper.
      for (const [id, b] of this.bounds) if (intersects(b, box)) out.add(id);
      return out;
    }
    for (let cx = r.x0; cx <= r.x1; cx++) {
      for (let cy = r.y0; cy <= r.y1; cy++) {
        const cell = this.cells.get(cellKey(cx, cy));
        if (!cell) continue;
        for (const id of cell) if (!out.has(id) && intersects(this.bounds.get(id)!, box)) out.add(id);
      }
    }
    for (const id of this.large) if (intersects(this.bounds.get(id)!, box)) out.add(id);
    return out;
  }

  private range(box: Box) {
    const s = this.cellSize;
    return {
      x0: Math.floor(box.left / s),
      y0: Math.floor(box.top / s),
      x1: Math.floor((box.left + box.width) / s),
      y1: Math.floor((box.top + box.height) / s),
    };
  }
}

// Cells are addressed by a single number: 2^20 cells each way is ample (128 px cells → 134 M px).
const cellKey = (cx: number, cy: number) => (cx + 0x80000) * 0x100000 + (cy + 0x80000);

export function intersects(a: Box, b: Box): boolean {
  return (
    a.left <= b.left + b.width &&
    b.left <= a.left + a.width &&
    a.top <= b.top + b.height &&
    b.top <= a.top + a.height
  );
}

export function expandBox(b: Box, by: number): Box {
  return { left: b.left - by, top: b.top - by, width: b.width + by * 2, height: b.height + by * 2 };
}

export function unionBoxes(boxes: Iterable<Box>): Box | undefined {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const b of boxes) {
    minX = Math.min(minX, b.left);
    minY = Math.min(minY, b.top);
    maxX = Math.max(maxX, b.left + b.width);
    maxY = Math.max(maxY, b.top + b.height);
  }
  return minX === Infinity ? undefined : { left: minX, top: minY, width: maxX - minX, height: maxY - minY };
}

export function boxFromPoints(a: { x: number; y: number }, b: { x: number; y: number }): Box {
  return {
    left: Math.min(a.x, b.x),
    top: Math.min(a.y, b.y),
    width: Math.abs(a.x - b.x),
    height: Math.abs(a.y - b.y),
  };
}
