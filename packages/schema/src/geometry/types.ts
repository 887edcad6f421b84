/** Plain geometry values shared by annotation kinds and format converters. Pixel coordinates, origin top-left. */
export type Point = { readonly x: number; readonly y: number };

/** Axis-aligned box in Labelbox's terms: `left`/`top` corner plus size. */
export type Box = {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
};

/**
 * A decoded binary mask: `data[y * width + x]` is 1 inside the mask, 0 outside (row-major, one byte per pixel).
 * Kept as bytes rather than bits so converters can index it directly.
 */
export type BinaryMask = { readonly width: number; readonly height: number; readonly data: Uint8Array };

export function createMask(width: number, height: number): BinaryMask {
  return { width, height, data: new Uint8Array(width * height) };
}

export function boundsOfPoints(points: readonly Point[]): Box {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of points) {
    if (p.x < minX) minX = p.x;
    if (p.y < minY) minY = p.y;
    if (p.x > maxX) maxX = p.x;
    if (p.y > maxY) maxY = p.y;
  }
  return { left: minX, top: minY, width: maxX - minX, height: maxY - minY };
}
