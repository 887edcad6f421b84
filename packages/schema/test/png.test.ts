import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deflateSync } from 'node:zlib';
import {
  crc32,
  decodeBase64,
  decodePng,
  encodeBase64,
  imageToMask,
  maskToPng,
  pngToMask,
  readPngHeader,
  type BinaryMask,
} from '../src/index.ts';

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** Builds PNG bytes by hand (independent of the encoder): chunks with their CRCs around a zlib stream. */
function buildPng(
  ihdr: { width: number; height: number; bitDepth: number; colorType: number; interlace?: number },
  scanlines: number[][],
  extra: [string, number[]][] = [],
) {
  const chunk = (type: string, data: Uint8Array) => {
    const out = new Uint8Array(12 + data.length);
    const view = new DataView(out.buffer);
    view.setUint32(0, data.length);
    out.set(ascii(type), 4);
    out.set(data, 8);
    view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
    return out;
  };
  const head = new Uint8Array(13);
  const v = new DataView(head.buffer);
  v.setUint32(0, ihdr.width);
  v.setUint32(4, ihdr.height);
  head.set([ihdr.bitDepth, ihdr.colorType, 0, 0, ihdr.interlace ?? 0], 8);
  const parts = [
    Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
    chunk('IHDR', head),
    ...extra.map(([t, d]) => chunk(t, Uint8Array.from(d))),
    chunk('IDAT', new Uint8Array(deflateSync(Uint8Array.from(scanlines.flat())))),
    chunk('IEND', new Uint8Array(0)),
  ];
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}

/** Forward PNG filters, written out plainly for the test. */
function filterRow(type: number, row: number[], prev: number[], bpp: number): number[] {
  const paeth = (a: number, b: number, c: number) => {
    const p = a + b - c;
    const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
    return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
  };
  return [
    type,
    ...row.map((x, i) => {
      const a = i >= bpp ? row[i - bpp] : 0;
      const b = prev[i] ?? 0;
      const c = i >= bpp ? (prev[i - bpp] ?? 0) : 0;
      const pred = [0, a, b, (a + b) >> 1, paeth(a, b, c)][type];
      return (x - pred + 256) & 0xff;
    }),
  ];
}

describe('PNG codec', () => {
  it('computes CRC-32 check values', () => {
    assert.equal(crc32(ascii('123456789')), 0xcbf43926);
    assert.equal(crc32(ascii('IEND')), 0xae426082);
  });

  it('decodes RGB rows using every filter type', () => {
    const rows = [
      [10, 20, 30, 200, 100, 50, 255, 0, 128],
      [11, 22, 33, 190, 110, 40, 250, 5, 120],
      [0, 0, 0, 255, 255, 255, 1, 2, 3],
      [90, 80, 70, 60, 50, 40, 30, 20, 10],
      [7, 7, 7, 8, 8, 8, 9, 9, 9],
    ];
    const scanlines = rows.map((row, y) => filterRow(y, row, rows[y - 1] ?? [], 3));
    const r = decodePng(buildPng({ width: 3, height: 5, bitDepth: 8, colorType: 2 }, scanlines));
    assert.ok(r.ok, !r.ok ? r.error : '');
    assert.deepEqual(
      { ...r.value, data: [...r.value.data] },
      { width: 3, height: 5, channels: 3, data: rows.flat() },
    );
  });

  it('decodes 1-bit grayscale, 16-bit grayscale and palettes with transparency', () => {
    const oneBit = decodePng(
      buildPng({ width: 10, height: 1, bitDepth: 1, colorType: 0 }, [[0, 0b10110000, 0b01000000]]),
    );
    assert.ok(oneBit.ok);
    assert.deepEqual([...oneBit.value.data], [255, 0, 255, 255, 0, 0, 0, 0, 0, 255]);
    const sixteen = decodePng(
      buildPng({ width: 2, height: 1, bitDepth: 16, colorType: 0 }, [[0, 0x12, 0x34, 0xff, 0x00]]),
    );
    assert.ok(sixteen.ok);
    assert.deepEqual([...sixteen.value.data], [0x12, 0xff]);
    const palette = decodePng(
      buildPng(
        { width: 3, height: 1, bitDepth: 8, colorType: 3 },
        [[0, 0, 1, 2]],
        [
          ['PLTE', [255, 0, 0, 0, 255, 0, 0, 0, 255]],
          ['tRNS', [0, 128]],
        ],
      ),
    );
    assert.ok(palette.ok);
    assert.deepEqual(
      { ...palette.value, data: [...palette.value.data] },
      { width: 3, height: 1, channels: 4, data: [255, 0, 0, 0, 0, 255, 0, 128, 0, 0, 255, 255] },
    );
  });

  it('rejects what it cannot read, with a reason', () => {
    const good = maskToPng({ width: 2, height: 2, data: Uint8Array.of(1, 0, 0, 1) });
    assert.deepEqual(decodePng(ascii('GIF89a...')), { ok: false, error: 'not a PNG (bad signature)' });
    const corrupt = good.slice();
    corrupt[corrupt.length - 20] ^= 0xff; // inside IDAT
    assert.deepEqual(decodePng(corrupt), { ok: false, error: 'PNG chunk IDAT has a bad CRC' });
    const interlaced = buildPng({ width: 1, height: 1, bitDepth: 8, colorType: 0, interlace: 1 }, [[0, 0]]);
    assert.deepEqual(decodePng(interlaced), { ok: false, error: 'interlaced PNGs are not supported' });
    assert.deepEqual(decodePng(good.subarray(0, good.length - 12)), {
      ok: false,
      error: 'PNG has no IEND chunk',
    });
    assert.deepEqual(readPngHeader(good), {
      ok: true,
      value: { width: 2, height: 2, bitDepth: 8, colorType: 0, interlace: 0 },
    });
  });

  it('round-trips binary masks as grayscale and as coloured RGBA', () => {
    const mask: BinaryMask = {
      width: 5,
      height: 3,
      data: Uint8Array.of(0, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 1),
    };
    const gray = pngToMask(maskToPng(mask));
    assert.ok(gray.ok);
    assert.deepEqual([...gray.value.data], [...mask.data]);
    const rgba = maskToPng(mask, { format: 'rgba', color: [12, 34, 56] });
    const decoded = decodePng(rgba);
    assert.ok(decoded.ok);
    assert.equal(decoded.value.channels, 4);
    assert.deepEqual([...decoded.value.data.subarray(4, 8)], [12, 34, 56, 255]);
    const picked = pngToMask(rgba, [12, 34, 56]);
    assert.ok(picked.ok);
    assert.deepEqual([...picked.value.data], [...mask.data]);
    const otherColour = pngToMask(rgba, [12, 34, 57]);
    assert.ok(otherColour.ok);
    assert.equal(
      otherColour.value.data.some((v) => v === 1),
      false,
    );
  });

  it('picks one instance colour out of a composite mask; without a colour any non-black opaque pixel counts', () => {
    const image = {
      width: 4,
      height: 1,
      channels: 3 as const,
      data: Uint8Array.of(255, 0, 0, 0, 0, 0, 0, 255, 0, 255, 0, 0),
    };
    assert.deepEqual([...imageToMask(image, [255, 0, 0]).data], [1, 0, 0, 1]);
    assert.deepEqual([...imageToMask(image).data], [1, 0, 1, 1]);
    const binary01 = { width: 3, height: 1, channels: 1 as const, data: Uint8Array.of(0, 1, 1) }; // SDK inline masks: 0/1
    assert.deepEqual([...imageToMask(binary01).data], [0, 1, 1]);
    const withAlpha = { width: 2, height: 1, channels: 2 as const, data: Uint8Array.of(255, 0, 255, 255) };
    assert.deepEqual([...imageToMask(withAlpha).data], [0, 1]);
  });

  it('base64 round-trips and rejects malformed input', () => {
    for (const bytes of [
      Uint8Array.of(),
      Uint8Array.of(1),
      Uint8Array.of(1, 2),
      Uint8Array.of(1, 2, 3),
      Uint8Array.of(255, 254, 253, 0),
    ]) {
      assert.deepEqual(decodeBase64(encodeBase64(bytes)), bytes);
    }
    assert.equal(encodeBase64(ascii('Man')), 'TWFu');
    assert.equal(encodeBase64(ascii('Ma')), 'TWE=');
    assert.deepEqual(decodeBase64('TWE'), ascii('Ma'));
    assert.equal(decodeBase64('T'), undefined);
    assert.equal(decodeBase64('TW!u'), undefined);
  });
});
