import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  brushRleToMask,
  decodeBrushRle,
  maskToBrushRle,
  BrushRleError,
  type BinaryMask,
} from '../src/index.ts';

/**
 * Label Studio brush RLE ↔ binary masks. The vectors were made by the Label Studio SDK's own
 * `converter/brush.py` (`mask2rle`), so this pins byte-for-byte compatibility, both ways.
 */
const SMALL = {
  width: 7,
  height: 5,
  mask: [
    255, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 255, 255, 255, 255,
    0, 0, 0, 0, 0, 0, 0, 0,
  ],
  rle: [0, 0, 0, 140, 57, 27, 252, 127, 248, 124, 2, 255, 253, 176, 11, 255, 246, 192, 47, 255, 225, 240, 0],
};
const BIG_RLE = [
  0, 0, 18, 192, 57, 27, 255, 2, 99, 0, 200, 127, 248, 204, 3, 33, 255, 227, 48, 12, 135, 255, 140, 192, 50,
  31, 254, 51, 0, 200, 127, 248, 204, 3, 33, 255, 227, 48, 12, 135, 255, 140, 192, 50, 31, 254, 51, 0, 200,
  127, 248, 204, 3, 33, 255, 227, 48, 12, 135, 255, 140, 192, 50, 31, 254, 51, 0, 200, 127, 248, 204, 3, 33,
  255, 227, 48, 12, 135, 255, 140, 192, 50, 31, 254, 51, 0, 200, 127, 248, 204, 3, 33, 255, 227, 48, 12, 135,
  255, 140, 192, 50, 31, 254, 51, 0, 200, 127, 248, 204, 3, 33, 255, 227, 48, 12, 135, 255, 140, 192, 50, 31,
  254, 51, 0, 200, 127, 248, 204, 3, 33, 255, 227, 48, 12, 135, 255, 140, 192, 50, 31, 254, 51, 0, 200, 127,
  248, 204, 3, 33, 255, 240, 39, 240, 0,
];

const maskOf = (width: number, height: number, on: (x: number, y: number) => boolean): BinaryMask => {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = on(x, y) ? 1 : 0;
  return { width, height, data };
};

describe('Label Studio brush RLE', () => {
  it("encodes a mask exactly as the SDK does and decodes the SDK's bytes back", () => {
    const mask: BinaryMask = {
      width: SMALL.width,
      height: SMALL.height,
      data: Uint8Array.from(SMALL.mask, (v) => (v ? 1 : 0)),
    };
    assert.deepEqual(maskToBrushRle(mask), SMALL.rle);
    assert.deepEqual(brushRleToMask(SMALL.rle, SMALL.width, SMALL.height), mask);
    const big = maskOf(30, 40, (x, y) => y >= 5 && y < 35 && x >= 3 && x < 20);
    assert.deepEqual(maskToBrushRle(big), BIG_RLE);
    assert.deepEqual(brushRleToMask(BIG_RLE, 30, 40), big);
  });

  it('round-trips masks with long runs (over 65,536 values), single pixels and full frames', () => {
    for (const mask of [
      maskOf(300, 300, (x, y) => (x * 7 + y * 13) % 11 === 0),
      maskOf(400, 200, (x) => x > 10),
      maskOf(1, 1, () => true),
      maskOf(200, 100, () => true),
      maskOf(300, 300, (_x, y) => y < 280),
      maskOf(257, 3, () => false),
    ]) {
      const rle = maskToBrushRle(mask);
      assert.deepEqual(brushRleToMask(rle, mask.width, mask.height), mask);
      assert.equal(decodeBrushRle(rle).length, mask.width * mask.height * 4);
    }
  });

  it('refuses malformed RLE, a size that does not match, and oversized declarations before allocating', () => {
    assert.throws(() => brushRleToMask('x', 7, 5), BrushRleError);
    assert.throws(() => brushRleToMask([1, 2, 300, 4, 5, 6, 7], 7, 5), /0–255/);
    assert.throws(() => brushRleToMask(SMALL.rle, 5, 7 + 1), /needs 160/);
    assert.throws(() => brushRleToMask(SMALL.rle.slice(0, 12), 7, 5), /ends before/);
    // 0xFFFFFFFF values declared: refused from the header.
    assert.throws(() => decodeBrushRle([255, 255, 255, 255, 57, 27, 0, 0]), /declares 4294967295 values/);
    assert.throws(() => brushRleToMask(SMALL.rle, 100_000, 100_000), /more than/);
  });
});
