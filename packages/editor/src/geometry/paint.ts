import type { BinaryMask, Point } from '@labelyard/schema';

/** Sets every pixel within `radius` of `c` to `value` (a round brush dab). Returns whether any pixel changed. */
export function stampDisc(mask: BinaryMask, c: Point, radius: number, value: 0 | 1): boolean {
  const { width, height, data } = mask;
  const r2 = radius * radius;
  const x0 = Math.max(0, Math.floor(c.x - radius));
  const x1 = Math.min(width - 1, Math.ceil(c.x + radius));
  const y0 = Math.max(0, Math.floor(c.y - radius));
  const y1 = Math.min(height - 1, Math.ceil(c.y + radius));
  let changed = false;
  for (let y = y0; y <= y1; y++) {
    const dy = y + 0.5 - c.y;
    for (let x = x0; x <= x1; x++) {
      const dx = x + 0.5 - c.x;
      if (dx * dx + dy * dy > r2) continue;
      const i = y * width + x;
      if (data[i] !== value) {
        data[i] = value;
        changed = true;
      }
    }
  }
  return changed;
}

/** A brush stroke segment: dabs every half radius from `a` to `b`, so fast strokes leave no gaps. */
export function stampLine(mask: BinaryMask, a: Point, b: Point, radius: number, value: 0 | 1): boolean {
  const steps = Math.max(1, Math.ceil(Math.hypot(b.x - a.x, b.y - a.y) / Math.max(0.5, radius / 2)));
  let changed = false;
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    changed =
      stampDisc(mask, { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t }, radius, value) || changed;
  }
  return changed;
}

export const isEmptyMask = (mask: BinaryMask) => !mask.data.some((v) => v === 1);
