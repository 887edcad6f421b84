import type { BinaryMask } from '../geometry/types.ts';

/**
 * Label Studio's brush RLE (`brushlabels` results, `value: {format: "rle", rle: [bytes…]}`): the RGBA pixels of
 * the image (width × height × 4 bytes, row-major) packed as a bit stream — a 32-bit value count, a 5-bit word
 * size − 1, four 4-bit run-length field sizes − 1, then per run: 1 bit "repeated", 2 bits choosing the field size,
 * the run length − 1 in that many bits, and the word(s). This is @thi.ng/rle-pack as Label Studio's editor and
 * label_studio_sdk/converter/brush.py (`decode_rle`, `encode_rle`, `mask2rle`) use it; the encoder below gives
 * their bytes exactly. The mask is the alpha channel.
 */

/** The most pixels a brush mask may have (the same default as the server's MASK_MAX_PIXELS). */
export const MAX_BRUSH_PIXELS = 50_000_000;

export class BrushRleError extends Error {}

class BitReader {
  private pos = 0;
  constructor(private readonly bytes: Uint8Array) {}
  read(bits: number): number {
    let v = 0;
    for (let i = 0; i < bits; i++, this.pos++) {
      const byte = this.bytes[this.pos >> 3];
      if (byte === undefined) throw new BrushRleError('the RLE ends before its last run');
      v = v * 2 + ((byte >> (7 - (this.pos & 7))) & 1);
    }
    return v;
  }
}

class BitWriter {
  private readonly bytes: number[] = [];
  private current = 0;
  private used = 0;
  write(value: number, bits: number): void {
    for (let i = bits - 1; i >= 0; i--) {
      this.current = (this.current << 1) | (Math.floor(value / 2 ** i) & 1);
      if (++this.used === 8) {
        this.bytes.push(this.current);
        this.current = 0;
        this.used = 0;
      }
    }
  }
  /** Pads to a whole byte as brush.py does: with a whole zero byte when already aligned. */
  finish(): number[] {
    this.write(0, 8 - this.used);
    return this.bytes;
  }
}

const toBytes = (rle: unknown): Uint8Array => {
  if (!Array.isArray(rle) || rle.length < 7)
    throw new BrushRleError('rle must be a list of byte values (0–255) of at least 7 bytes');
  const out = new Uint8Array(rle.length);
  for (let i = 0; i < rle.length; i++) {
    const v: unknown = rle[i];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 255)
      throw new BrushRleError(`rle[${i}] must be an integer 0–255`);
    out[i] = v;
  }
  return out;
};

/** The values an RLE holds, refused before allocating when it declares more than `maxValues`. */
export function decodeBrushRle(rle: unknown, maxValues = MAX_BRUSH_PIXELS * 4): Uint8Array {
  const input = new BitReader(toBytes(rle));
  const num = input.read(32);
  const wordSize = input.read(5) + 1;
  const sizes = [0, 1, 2, 3].map(() => input.read(4) + 1);
  if (num > maxValues) throw new BrushRleError(`the RLE declares ${num} values, more than ${maxValues}`);
  const out = new Uint8Array(num);
  let i = 0;
  while (i < num) {
    const repeated = input.read(1);
    const j = i + 1 + input.read(sizes[input.read(2)]!);
    if (repeated) {
      out.fill(input.read(wordSize), i, Math.min(j, num));
      i = j;
    } else
      for (; i < j; i++) {
        const v = input.read(wordSize);
        if (i < num) out[i] = v;
      }
  }
  return out;
}

/** Encodes byte values as brush.py's `encode_rle(arr)` does (word size 8, run fields of 3, 4, 8 and 16 bits). */
export function encodeBrushRuns(
  runs: Iterable<readonly [value: number, length: number]>,
  total: number,
): number[] {
  const out = new BitWriter();
  out.write(total, 32);
  out.write(7, 5);
  for (const size of [3, 4, 8, 16]) out.write(size - 1, 4);
  for (const [value, length] of runs) {
    if (length === 1) {
      out.write(0, 1);
      out.write(0, 2);
      out.write(0, 3);
    } else if (length <= 8) {
      out.write(1, 1);
      out.write(0, 2);
      out.write(length - 1, 3);
    } else if (length <= 16) {
      out.write(1, 1);
      out.write(1, 2);
      out.write(length - 1, 4);
    } else if (length <= 256) {
      out.write(1, 1);
      out.write(2, 2);
      out.write(length - 1, 8);
    } else {
      let rest = length;
      for (; rest > 2 ** 16; rest -= 2 ** 16) {
        out.write(1, 1);
        out.write(3, 2);
        out.write(2 ** 16 - 1, 16);
        out.write(value, 8);
      }
      out.write(1, 1);
      out.write(3, 2);
      out.write(rest - 1, 16);
    }
    out.write(value, 8);
  }
  return out.finish();
}

/** A binary mask as Label Studio's brush RLE: every channel 255 where set, 0 elsewhere (brush.py's `mask2rle`). */
export function maskToBrushRle(mask: BinaryMask): number[] {
  const runs: [number, number][] = [];
  const n = mask.width * mask.height;
  let i = 0;
  while (i < n) {
    const on = mask.data[i] !== 0;
    let j = i + 1;
    while (j < n && (mask.data[j] !== 0) === on) j++;
    runs.push([on ? 255 : 0, (j - i) * 4]);
    i = j;
  }
  return encodeBrushRuns(runs, n * 4);
}

/** Label Studio's brush RLE as a binary mask of `width × height` (its alpha channel), checked against the size. */
export function brushRleToMask(rle: unknown, width: number, height: number): BinaryMask {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0)
    throw new BrushRleError('original_width and original_height must be positive integers');
  if (width * height > MAX_BRUSH_PIXELS)
    throw new BrushRleError(`the mask has ${width * height} pixels, more than ${MAX_BRUSH_PIXELS}`);
  const values = decodeBrushRle(rle, width * height * 4);
  if (values.length !== width * height * 4)
    throw new BrushRleError(
      `the RLE holds ${values.length} values; ${width}×${height} RGBA needs ${width * height * 4}`,
    );
  const data = new Uint8Array(width * height);
  for (let p = 0; p < data.length; p++) data[p] = values[p * 4 + 3]! > 0 ? 1 : 0;
  return { width, height, data };
}
