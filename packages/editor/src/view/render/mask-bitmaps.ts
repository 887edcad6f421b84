import type { BinaryMask } from '@labelyard/schema';

/**
 * Coloured canvases of mask pixels, made once per pixel buffer and colour: masks are drawn with one drawImage
 * each instead of per-pixel work on every frame.
 */
export class MaskBitmaps {
  private readonly cache = new WeakMap<BinaryMask, { color: string; canvas: HTMLCanvasElement }>();

  constructor(private readonly createCanvas: (w: number, h: number) => HTMLCanvasElement) {}

  get(mask: BinaryMask, color: string, fresh = false): HTMLCanvasElement {
    const hit = this.cache.get(mask);
    if (hit && hit.color === color && !fresh) return hit.canvas;
    const canvas = hit?.canvas ?? this.createCanvas(mask.width, mask.height);
    const ctx = canvas.getContext('2d')!;
    const image = ctx.createImageData(mask.width, mask.height);
    const [r, g, b] = hexRgb(color);
    const out = image.data;
    for (let i = 0, o = 0; i < mask.data.length; i++, o += 4) {
      if (!mask.data[i]) continue;
      out[o] = r;
      out[o + 1] = g;
      out[o + 2] = b;
      out[o + 3] = 255;
    }
    ctx.putImageData(image, 0, 0);
    this.cache.set(mask, { color, canvas });
    return canvas;
  }
}

export function hexRgb(color: string): [number, number, number] {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  return m ? [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)] : [136, 136, 136];
}
