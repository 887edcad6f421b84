import type { BinaryMask, Box } from './types.ts';

/** COCO's uncompressed RLE: run lengths over the mask read column by column, starting with a run of 0s. */
export type CocoRle = { readonly counts: number[]; readonly size: readonly [height: number, width: number] };

/** Encodes a mask as COCO uncompressed RLE (column-major; the first count is the leading run of zeros, maybe 0). */
export function toCocoRle(mask: BinaryMask): CocoRle {
  const { width, height, data } = mask;
  const counts: number[] = [];
  let current = 0;
  let run = 0;
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      const v = data[y * width + x] ? 1 : 0;
      if (v === current) {
        run++;
      } else {
        counts.push(run);
        current = v;
        run = 1;
      }
    }
  }
  counts.push(run);
  return { counts, size: [height, width] };
}

/** Decodes COCO uncompressed RLE back to a row-major mask (tests and round trips). */
export function fromCocoRle(rle: CocoRle): BinaryMask {
  const [height, width] = rle.size;
  const data = new Uint8Array(width * height);
  let pos = 0;
  let value = 0;
  for (const count of rle.counts) {
    for (let k = 0; k < count; k++, pos++) {
      if (value) data[(pos % height) * width + Math.floor(pos / height)] = 1;
    }
    value ^= 1;
  }
  return { width, height, data };
}

export function maskArea(mask: BinaryMask): number {
  let n = 0;
  for (const v of mask.data) if (v) n++;
  return n;
}

/** The pixel box covering every set pixel (width/height count pixels), or undefined for an empty mask. */
export function maskBounds(mask: BinaryMask): Box | undefined {
  const { width, height, data } = mask;
  let minX = width;
  let minY = height;
  let maxX = -1;
  let maxY = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!data[y * width + x]) continue;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  if (maxX < 0) return undefined;
  return { left: minX, top: minY, width: maxX - minX + 1, height: maxY - minY + 1 };
}
