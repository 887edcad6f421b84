import { createMask, type BinaryMask, type Box, type Point } from './types.ts';

/**
 * Fills a polygon into a mask: a pixel is inside when its centre (x + 0.5, y + 0.5) is inside the ring by the
 * even-odd rule. Scanline over edge crossings, so cost grows with height × edges, not with area × edges.
 */
export function rasterizePolygon(ring: readonly Point[], width: number, height: number): BinaryMask {
  const mask = createMask(width, height);
  const n = ring.length;
  if (n < 3) return mask;
  const crossings: number[] = [];
  for (let y = 0; y < height; y++) {
    const cy = y + 0.5;
    crossings.length = 0;
    for (let i = 0; i < n; i++) {
      const a = ring[i];
      const b = ring[(i + 1) % n];
      // Half-open rule so a vertex on the scanline counts once.
      if (a.y <= cy !== b.y <= cy) crossings.push(a.x + ((cy - a.y) / (b.y - a.y)) * (b.x - a.x));
    }
    crossings.sort((p, q) => p - q);
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      const from = Math.max(0, Math.ceil(crossings[k] - 0.5));
      const to = Math.min(width - 1, Math.floor(crossings[k + 1] - 0.5));
      for (let x = from; x <= to; x++) mask.data[y * width + x] = 1;
    }
  }
  return mask;
}

/** Fills the pixels whose centres lie inside the box. */
export function rasterizeBox(box: Box, width: number, height: number): BinaryMask {
  return rasterizePolygon(
    [
      { x: box.left, y: box.top },
      { x: box.left + box.width, y: box.top },
      { x: box.left + box.width, y: box.top + box.height },
      { x: box.left, y: box.top + box.height },
    ],
    width,
    height,
  );
}
