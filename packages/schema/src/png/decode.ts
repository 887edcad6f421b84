import { crc32 } from './crc32.ts';
import { inflate } from '#zlib';

/** A decoded image: 8 bits per channel, row-major; palette images come back as RGB (or RGBA with tRNS). */
export type DecodedImage = {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 2 | 3 | 4;
  readonly data: Uint8Array;
};

export type PngHeader = {
  readonly width: number;
  readonly height: number;
  readonly bitDepth: number;
  readonly colorType: number;
  readonly interlace: number;
};

export type PngResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const fail = (error: string) => ({ ok: false as const, error });

/**
 * Largest image decodePng inflates unless told otherwise (width × height, ~7000 × 7000): the size comes from the
 * IHDR, chosen by whoever made the file, and a 1.5 MB PNG can claim 40000 × 40000 (6.4 GB of RGBA).
 */
export const DEFAULT_MAX_PNG_PIXELS = 50_000_000;

export type DecodeOptions = { readonly maxPixels?: number };

/** Reads only the signature and IHDR: cheap enough to check an inline mask's size while parsing an import line. */
export function readPngHeader(bytes: Uint8Array): PngResult<PngHeader> {
  if (bytes.length < 33 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b))
    return fail('not a PNG (bad signature)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(8) !== 13 || String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') {
    return fail('PNG does not start with an IHDR chunk');
  }
  const header = {
    width: view.getUint32(16),
    height: view.getUint32(20),
    bitDepth: bytes[24],
    colorType: bytes[25],
    interlace: bytes[28],
  };
  if (header.width === 0 || header.height === 0) return fail('PNG has zero width or height');
  if (!(header.colorType in CHANNELS)) return fail(`unsupported PNG color type ${header.colorType}`);
  const depthOk =
    header.colorType === 0 || header.colorType === 3
      ? [1, 2, 4, 8, 16].includes(header.bitDepth)
      : [8, 16].includes(header.bitDepth);
  if (!depthOk || (header.colorType === 3 && header.bitDepth === 16)) {
    return fail(`unsupported PNG bit depth ${header.bitDepth} for color type ${header.colorType}`);
  }
  if (header.interlace !== 0) return fail('interlaced PNGs are not supported');
  return { ok: true, value: header };
}

/** Decodes a non-interlaced PNG (grayscale, gray+alpha, RGB, RGBA, palette; 1–16 bits) to 8-bit channels. */
export function decodePng(bytes: Uint8Array, options: DecodeOptions = {}): PngResult<DecodedImage> {
  const head = readPngHeader(bytes);
  if (!head.ok) return head;
  const header = head.value;
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PNG_PIXELS;
  if (header.width * header.height > maxPixels) {
    return fail(
      `PNG is ${header.width}×${header.height}, over the limit of ${maxPixels.toLocaleString('en')} pixels`,
    );
  }
  const samples = CHANNELS[header.colorType]!;
  const bitsPerPixel = samples * header.bitDepth;
  const stride = Math.ceil((header.width * bitsPerPixel) / 8);
  // Inflate no further than the declared size: a bomb stops here instead of filling memory.
  const expected = (stride + 1) * header.height;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const idat: Uint8Array[] = [];
  let palette: Uint8Array | undefined;
  let alpha: Uint8Array | undefined;
  let pos = 8;
  let ended = false;
  while (pos + 12 <= bytes.length) {
    const length = view.getUint32(pos);
    const type = String.fromCharCode(...bytes.subarray(pos + 4, pos + 8));
    if (pos + 12 + length > bytes.length) return fail(`PNG chunk ${type} is truncated`);
    const data = bytes.subarray(pos + 8, pos + 8 + length);
    if (crc32(bytes.subarray(pos + 4, pos + 8 + length)) !== view.getUint32(pos + 8 + length)) {
      return fail(`PNG chunk ${type} has a bad CRC`);
    }
    if (type === 'IDAT') idat.push(data);
    else if (type === 'PLTE') palette = data;
    else if (type === 'tRNS') alpha = data;
    else if (type === 'IEND') {
      ended = true;
      break;
    }
    pos += 12 + length;
  }
  if (!ended) return fail('PNG has no IEND chunk');
  if (idat.length === 0) return fail('PNG has no image data');
  if (header.colorType === 3 && !palette) return fail('palette PNG has no PLTE chunk');
  let raw: Uint8Array;
  try {
    raw = inflate(concat(idat), expected);
  } catch {
    return fail('PNG image data is not valid zlib data, or inflates past the size its header declares');
  }
  if (raw.length < (stride + 1) * header.height) return fail('PNG image data is shorter than its size says');
  const pixels = unfilter(raw, stride, header.height, Math.max(1, bitsPerPixel >> 3));
  if (!pixels) return fail('PNG uses an unknown filter type');
  return { ok: true, value: expand(pixels, header, stride, palette, alpha) };
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Undoes the per-scanline filters (None, Sub, Up, Average, Paeth); one tight loop per filter type. */
function unfilter(raw: Uint8Array, stride: number, height: number, bpp: number): Uint8Array | undefined {
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    const prev = row - stride;
    const hasPrev = y > 0;
    if (filter === 0) {
      out.set(raw.subarray(src, src + stride), row);
    } else if (filter === 1) {
      for (let x = 0; x < stride; x++) out[row + x] = raw[src + x] + (x >= bpp ? out[row + x - bpp] : 0);
    } else if (filter === 2) {
      for (let x = 0; x < stride; x++) out[row + x] = raw[src + x] + (hasPrev ? out[prev + x] : 0);
    } else if (filter === 3) {
      for (let x = 0; x < stride; x++) {
        const a = x >= bpp ? out[row + x - bpp] : 0;
        const b = hasPrev ? out[prev + x] : 0;
        out[row + x] = raw[src + x] + ((a + b) >> 1);
      }
    } else if (filter === 4) {
      for (let x = 0; x < stride; x++) {
        const a = x >= bpp ? out[row + x - bpp] : 0;
        const b = hasPrev ? out[prev + x] : 0;
        const c = hasPrev && x >= bpp ? out[prev + x - bpp] : 0;
        out[row + x] = raw[src + x] + paeth(a, b, c);
      }
    } else {
      return undefined;
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Turns unfiltered scanlines into 8-bit samples: unpacks sub-byte depths, drops 16-bit low bytes, applies palettes. */
function expand(
  pixels: Uint8Array,
  h: PngHeader,
  stride: number,
  palette?: Uint8Array,
  trns?: Uint8Array,
): DecodedImage {
  const samples = CHANNELS[h.colorType];
  const { width, height, bitDepth } = h;
  const sample = (y: number, i: number): number => {
    const row = y * stride;
    if (bitDepth === 8) return pixels[row + i];
    if (bitDepth === 16) return pixels[row + i * 2];
    const perByte = 8 / bitDepth;
    const byte = pixels[row + Math.floor(i / perByte)];
    const shift = 8 - bitDepth * ((i % perByte) + 1);
    return (byte >> shift) & ((1 << bitDepth) - 1);
  };
  if (h.colorType === 3) {
    const channels = trns ? 4 : 3;
    const data = new Uint8Array(width * height * channels);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const index = sample(y, x);
        const o = (y * width + x) * channels;
        data[o] = palette![index * 3];
        data[o + 1] = palette![index * 3 + 1];
        data[o + 2] = palette![index * 3 + 2];
        if (trns) data[o + 3] = index < trns.length ? trns[index] : 255;
      }
    }
    return { width, height, channels, data };
  }
  // Common case: 8-bit samples are already what we want.
  if (bitDepth === 8) return { width, height, channels: samples as DecodedImage['channels'], data: pixels };
  const scale = bitDepth < 8 ? 255 / ((1 << bitDepth) - 1) : 1;
  const data = new Uint8Array(width * height * samples);
  for (let y = 0; y < height; y++) {
    for (let i = 0; i < width * samples; i++)
      data[y * width * samples + i] = Math.round(sample(y, i) * scale);
  }
  return { width, height, channels: samples as DecodedImage['channels'], data };
}
