import assert from 'node:assert/strict';
import { crc32 } from '@labelyard/schema';

/**
 * A minimal ZIP reader for tests, written from the format (APPNOTE): end record (ZIP64 when present) → central
 * directory → local headers; every entry's CRC-32 and sizes are checked against its bytes.
 */
export function readZip(zip: Buffer): Map<string, Buffer> {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, 'end of central directory record');
  let entries = zip.readUInt16LE(eocd + 10);
  let centralOffset = zip.readUInt32LE(eocd + 16);
  if (entries === 0xffff || centralOffset === 0xffffffff) {
    const locator = eocd - 20;
    assert.equal(zip.readUInt32LE(locator), 0x07064b50, 'ZIP64 locator');
    const end64 = Number(zip.readBigUInt64LE(locator + 8));
    assert.equal(zip.readUInt32LE(end64), 0x06064b50, 'ZIP64 end record');
    entries = Number(zip.readBigUInt64LE(end64 + 32));
    centralOffset = Number(zip.readBigUInt64LE(end64 + 48));
  }
  const files = new Map<string, Buffer>();
  let p = centralOffset;
  for (let i = 0; i < entries; i++) {
    assert.equal(zip.readUInt32LE(p), 0x02014b50, `central record ${i}`);
    const crc = zip.readUInt32LE(p + 16);
    const size = zip.readUInt32LE(p + 24);
    const nameLength = zip.readUInt16LE(p + 28);
    const extraLength = zip.readUInt16LE(p + 30);
    const commentLength = zip.readUInt16LE(p + 32);
    let local = zip.readUInt32LE(p + 42);
    const name = zip.subarray(p + 46, p + 46 + nameLength).toString('utf8');
    if (local === 0xffffffff) local = Number(zip.readBigUInt64LE(p + 46 + nameLength + 4));
    assert.equal(zip.readUInt32LE(local), 0x04034b50, `local header of ${name}`);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataStart, dataStart + size);
    assert.equal(crc32(data), crc, `CRC of ${name}`);
    // Data descriptor right after the data: signature, CRC, sizes.
    assert.equal(zip.readUInt32LE(dataStart + size), 0x08074b50, `data descriptor of ${name}`);
    assert.equal(zip.readUInt32LE(dataStart + size + 4), crc);
    assert.equal(zip.readUInt32LE(dataStart + size + 8), size);
    files.set(name, Buffer.from(data));
    p += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}
