import type { BinaryMask } from '../geometry/types.ts';
import { decodePng, type DecodeOptions, type DecodedImage, type PngResult } from './decode.ts';
import { encodePng } from './encode.ts';

export type Rgb = readonly [number, number, number];

/**
 * Picks the pixels of one colour out of a decoded image. Without a colour every non-black, non-transparent
 * pixel is set, which reads the SDK's inline binary masks (values 0/1 or 0/255) as they are meant.
 */
export function imageToMask(image: DecodedImage, color?: Rgb): BinaryMask {
  const { width, height, channels, data } = image;
  const out = new Uint8Array(width * height);
  const hasAlpha = channels === 2 || channels === 4;
  const gray = channels <= 2;
  for (let i = 0, o = 0; i < out.length; i++, o += channels) {
    if (hasAlpha && data[o + channels - 1] === 0) continue;
    const r = data[o];
    const g = gray ? r : data[o + 1];
    const b = gray ? r : data[o + 2];
    out[i] = color ? (r === color[0] && g === color[1] && b === color[2] ? 1 : 0) : r || g || b ? 1 : 0;
  }
  return { width, height, data: out };
}

/** For each colour, whether some opaque pixel of the image has it (one pass, whatever the number of colours). */
export function coloursPresent(image: DecodedImage, colours: readonly Rgb[]): boolean[] {
  const { width, height, channels, data } = image;
  const wanted = new Map(colours.map((c, i) => [(c[0] << 16) | (c[1] << 8) | c[2], i]));
  const found = colours.map(() => false);
  let missing = colours.length;
  const hasAlpha = channels === 2 || channels === 4;
  const gray = channels <= 2;
  for (let p = 0, o = 0; p < width * height && missing > 0; p++, o += channels) {
    if (hasAlpha && data[o + channels - 1] === 0) continue;
    const r = data[o];
    const key = gray ? (r << 16) | (r << 8) | r : (r << 16) | (data[o + 1] << 8) | data[o + 2];
    const i = wanted.get(key);
    if (i !== undefined && !found[i]) {
      found[i] = true;
      missing--;
    }
  }
  return found;
}

/** Decodes PNG bytes straight to the binary mask of `color` (see imageToMask). */
export function pngToMask(
  bytes: Uint8Array,
  color?: Rgb,
  options: DecodeOptions = {},
): PngResult<BinaryMask> {
  const decoded = decodePng(bytes, options);
  return decoded.ok ? { ok: true, value: imageToMask(decoded.value, color) } : decoded;
}

export type MaskPngOptions =
  /** 8-bit grayscale, 255 inside, 0 outside. */
  | { readonly format: 'gray' }
  /** RGBA, `color` opaque inside (white by default), transparent outside. */
  | { readonly format: 'rgba'; readonly color?: Rgb };

/** Encodes a binary mask as a PNG. */
export function maskToPng(mask: BinaryMask, options: MaskPngOptions = { format: 'gray' }): Uint8Array {
  const { width, height, data } = mask;
  if (options.format === 'gray') {
    const gray = new Uint8Array(width * height);
    for (let i = 0; i < gray.length; i++) gray[i] = data[i] ? 255 : 0;
    return encodePng({ width, height, channels: 1, data: gray });
  }
  const [r, g, b] = options.color ?? [255, 255, 255];
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < data.length; i++) {
    if (!data[i]) continue;
    rgba.set([r, g, b, 255], i * 4);
  }
  return encodePng({ width, height, channels: 4, data: rgba });
}
