import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { deflateSync } from 'node:zlib';
import { crc32, decodePng, encodeBase64, type MaskAnnotation } from '@labelyard/schema';
import { MaskStore } from '../../src/services/annotation-import.masks.ts';
import { LocalBlobStore } from '../../src/storage/local-blob-store.ts';
import { UrlSigner } from '../../src/storage/url-signer.ts';
import { tempDir } from '../harness.ts';

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** A grayscale PNG whose header claims width × height and whose zlib stream inflates to `inflated` zero bytes. */
function bomb(width: number, height: number, inflated: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grayscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(inflated), { level: 9 })),
    chunk('IEND', new Uint8Array()),
  ]);
}

const MB = 1024 * 1024;

describe('security: PNG decompression bombs', () => {
  it('refuses a 40000×40000 PNG from its header, before inflating anything', () => {
    const png = bomb(40_000, 40_000, 8 * MB);
    const before = process.memoryUsage().arrayBuffers;
    const result = decodePng(png);
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.error : '', /over the limit of/);
    // Nothing was inflated (a clock bound here only flaked on loaded machines; the memory bound is the proof).
    assert.ok(process.memoryUsage().arrayBuffers - before < 16 * MB);
  });

  it('stops inflating at the size the header declares (a zlib bomb under a small header)', () => {
    // 100×100 declared (10,100 bytes of scanlines), 64 MB of zeros behind it.
    const result = decodePng(bomb(100, 100, 64 * MB));
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.error : '', /inflates past/);
  });

  it('still decodes an honest PNG', () => {
    const result = decodePng(bomb(100, 100, 101 * 100));
    assert.ok(result.ok);
  });

  it("imports no mask larger than the row's media, or than MASK_MAX_PIXELS when the media size is unknown", async () => {
    const dir = tempDir();
    try {
      const blobs = new LocalBlobStore(path.join(dir, 'files'));
      const sut = new MaskStore(
        blobs,
        new UrlSigner('x'.repeat(32), 60),
        'org1',
        { allowPrivate: false },
        1_000_000,
      );
      const mask = (png: Buffer): MaskAnnotation =>
        ({
          kind: 'mask',
          uuid: 'm1',
          name: 'm',
          source: { type: 'png', base64: encodeBase64(png) },
        }) as never;
      const unknownMedia = await sut.store(mask(bomb(2000, 2000, 4 * MB)), undefined);
      assert.equal(unknownMedia.ok, false);
      assert.match(!unknownMedia.ok ? unknownMedia.error.message : '', /over the limit/);
      const biggerThanImage = await sut.store(mask(bomb(40_000, 40_000, MB)), { width: 640, height: 480 });
      assert.equal(biggerThanImage.ok, false);
      assert.match(!biggerThanImage.ok ? biggerThanImage.error.message : '', /but the image is 640×480/);
      assert.deepEqual(
        fs.existsSync(path.join(dir, 'files')) ? fs.readdirSync(path.join(dir, 'files')) : [],
        [],
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
