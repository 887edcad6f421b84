import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodePng, imageSizeOf } from '../src/index.ts';

const u16be = (n: number) => [n >> 8, n & 0xff];
const u16le = (n: number) => [n & 0xff, n >> 8];
const u32le = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24];
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** A JPEG's first segments: SOI, optionally an APP1 EXIF block with an orientation, a comment, SOF0. */
function jpeg(width: number, height: number, orientation?: number, marker = 0xc0): Uint8Array {
  const parts: number[] = [0xff, 0xd8];
  if (orientation !== undefined) {
    // TIFF header (big-endian), IFD0 at 8 with one entry: 0x0112 SHORT 1 = orientation.
    const tiff = [...ascii('MM'), 0, 42, 0, 0, 0, 8, ...u16be(1), ...u16be(0x0112), ...u16be(3), 0, 0, 0, 1];
    tiff.push(...u16be(orientation), 0, 0, 0, 0, 0, 0);
    const body = [...ascii('Exif'), 0, 0, ...tiff];
    parts.push(0xff, 0xe1, ...u16be(body.length + 2), ...body);
  }
  const comment = ascii('made by a test');
  parts.push(0xff, 0xfe, ...u16be(comment.length + 2), ...comment);
  parts.push(
    0xff,
    marker,
    ...u16be(17),
    8,
    ...u16be(height),
    ...u16be(width),
    3,
    ...new Array<number>(9).fill(0),
  );
  return Uint8Array.from(parts);
}

describe('imageSizeOf', () => {
  it('reads PNG, GIF, BMP and the three WebP headers', () => {
    const png = encodePng({ width: 3, height: 2, channels: 4, data: new Uint8Array(3 * 2 * 4) });
    assert.deepEqual(imageSizeOf(png), { width: 3, height: 2 });
    const gif = Uint8Array.from([...ascii('GIF89a'), ...u16le(640), ...u16le(480), 0, 0, 0]);
    assert.deepEqual(imageSizeOf(gif), { width: 640, height: 480 });
    const bmp = new Uint8Array(30);
    bmp.set(ascii('BM'));
    bmp.set(u32le(800), 18);
    bmp.set(u32le(-600 >>> 0), 22); // top-down rows: negative height
    assert.deepEqual(imageSizeOf(bmp), { width: 800, height: 600 });
    const riff = (chunk: string, body: number[]) =>
      Uint8Array.from([...ascii('RIFF'), 0, 0, 0, 0, ...ascii('WEBP'), ...ascii(chunk), 0, 0, 0, 0, ...body]);
    const vp8x = riff('VP8X', [0, 0, 0, 0, ...u32le(1919).slice(0, 3), ...u32le(1079).slice(0, 3), 0, 0]);
    assert.deepEqual(imageSizeOf(vp8x), { width: 1920, height: 1080 });
    const bits = (99 & 0x3fff) | ((49 & 0x3fff) << 14);
    assert.deepEqual(imageSizeOf(riff('VP8L', [0x2f, ...u32le(bits), 0, 0, 0, 0, 0])), {
      width: 100,
      height: 50,
    });
    const vp8 = riff('VP8 ', [0, 0, 0, 0x9d, 0x01, 0x2a, ...u16le(320), ...u16le(240), 0, 0]);
    assert.deepEqual(imageSizeOf(vp8), { width: 320, height: 240 });
  });

  it('reads a JPEG frame header past other segments, turned by its EXIF orientation', () => {
    assert.deepEqual(imageSizeOf(jpeg(4032, 3024)), { width: 4032, height: 3024 });
    assert.deepEqual(imageSizeOf(jpeg(4032, 3024, 1)), { width: 4032, height: 3024 });
    assert.deepEqual(imageSizeOf(jpeg(4032, 3024, 6)), { width: 3024, height: 4032 });
    assert.deepEqual(imageSizeOf(jpeg(4032, 3024, 8)), { width: 3024, height: 4032 });
    // Progressive (SOF2) too.
    assert.deepEqual(imageSizeOf(jpeg(10, 20, undefined, 0xc2)), { width: 10, height: 20 });
  });

  it('asks for more bytes when the header is cut, and knows nothing of other files', () => {
    const full = jpeg(4032, 3024, 6);
    // The frame header's size ends 9 bytes into its 19-byte segment, the file's last.
    for (let n = 0; n < full.length - 10; n++)
      assert.equal(imageSizeOf(full.subarray(0, n)), 'more', `${n} bytes`);
    assert.equal(imageSizeOf(Uint8Array.from(ascii('<svg xmlns="http://www.w3.org/2000/svg"/>'))), undefined);
    assert.equal(imageSizeOf(Uint8Array.from(ascii('GIF89a\0\0\0\0\0\0'))), undefined);
    // A JPEG that ends before any frame header.
    assert.equal(imageSizeOf(Uint8Array.from([0xff, 0xd8, 0xff, 0xd9, 0, 0, 0, 0, 0, 0, 0, 0])), undefined);
  });
});
