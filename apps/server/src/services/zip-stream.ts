import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { crc32 } from '@labelyard/schema';

const LOCAL_HEADER = 0x04034b50;
const DATA_DESCRIPTOR = 0x08074b50;
const CENTRAL_HEADER = 0x02014b50;
const ZIP64_END = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
const END = 0x06054b50;
const MAX32 = 0xffffffff;
const MAX16 = 0xffff;
// Bit 3: sizes and CRC follow the data (data descriptor); bit 11: names are UTF-8.
const FLAGS = 0x0008 | 0x0800;

/** MS-DOS date and time of a Date (local time, 2-second resolution), as ZIP headers store them. */
function dosDateTime(d: Date): { time: number; date: number } {
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    date: ((Math.max(1980, d.getFullYear()) - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

/**
 * A store-only ZIP archive written as a stream: each entry is a local header, its bytes as they come, then a data
 * descriptor with CRC-32 and sizes, so no entry is held in memory. Central directory records are spooled to a temp
 * file (a million entries would not fit in a flat memory budget) and copied out at the end. Archives past 65,535
 * entries or 4 GB get ZIP64 end records; a single entry must stay under 4 GB.
 *
 * Every method returns the bytes to emit, in order; the caller writes them.
 */
export class ZipStreamWriter {
  private offset = 0;
  private entries = 0;
  private centralSize = 0;
  private current: { name: Buffer; offset: number; crc: number; size: number } | undefined;
  private readonly stamp = dosDateTime(new Date());
  private central: fsp.FileHandle | undefined;
  // Central records are batched (~1 MB) before they go to the spool file.
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(private readonly centralSpool: string) {}

  get openEntry(): string | undefined {
    return this.current?.name.toString('utf8');
  }

  /** Starts an entry (closing the open one). */
  async open(name: string): Promise<Buffer[]> {
    const out = await this.close();
    const nameBytes = Buffer.from(name, 'utf8');
    const header = Buffer.alloc(30);
    header.writeUInt32LE(LOCAL_HEADER, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(FLAGS, 6);
    header.writeUInt16LE(0, 8); // stored
    header.writeUInt16LE(this.stamp.time, 10);
    header.writeUInt16LE(this.stamp.date, 12);
    // CRC and sizes (14..25) stay 0: the data descriptor carries them.
    header.writeUInt16LE(nameBytes.length, 26);
    header.writeUInt16LE(0, 28);
    this.current = { name: nameBytes, offset: this.offset, crc: 0, size: 0 };
    out.push(this.emit(header), this.emit(nameBytes));
    return out;
  }

  /** Bytes of the open entry. */
  write(data: Uint8Array): Buffer {
    const entry = this.current;
    if (!entry) throw new Error('ZIP: no open entry');
    if (entry.size + data.length > MAX32)
      throw new Error(`ZIP entry ${entry.name.toString()} would pass 4 GB`);
    entry.crc = crc32(data, entry.crc);
    entry.size += data.length;
    return this.emit(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  }

  /** Ends the open entry, if any: its data descriptor, and its central record into the spool. */
  async close(): Promise<Buffer[]> {
    const entry = this.current;
    if (!entry) return [];
    this.current = undefined;
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(DATA_DESCRIPTOR, 0);
    descriptor.writeUInt32LE(entry.crc, 4);
    descriptor.writeUInt32LE(entry.size, 8);
    descriptor.writeUInt32LE(entry.size, 12);
    const zip64 = entry.offset >= MAX32;
    const record = Buffer.alloc(46 + (zip64 ? 12 : 0));
    record.writeUInt32LE(CENTRAL_HEADER, 0);
    record.writeUInt16LE((3 << 8) | 45, 4); // made by: Unix, spec 4.5
    record.writeUInt16LE(zip64 ? 45 : 20, 6);
    record.writeUInt16LE(FLAGS, 8);
    record.writeUInt16LE(0, 10);
    record.writeUInt16LE(this.stamp.time, 12);
    record.writeUInt16LE(this.stamp.date, 14);
    record.writeUInt32LE(entry.crc, 16);
    record.writeUInt32LE(entry.size, 20);
    record.writeUInt32LE(entry.size, 24);
    record.writeUInt16LE(entry.name.length, 28);
    record.writeUInt16LE(zip64 ? 12 : 0, 30);
    // comment length, disk, internal attributes: 0
    record.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    record.writeUInt32LE(zip64 ? MAX32 : entry.offset, 42);
    if (zip64) {
      record.writeUInt16LE(0x0001, 46);
      record.writeUInt16LE(8, 48);
      record.writeBigUInt64LE(BigInt(entry.offset), 50);
    }
    // The name goes between the fixed part and the extra field.
    const full = Buffer.concat([record.subarray(0, 46), entry.name, record.subarray(46)]);
    this.pending.push(full);
    this.pendingBytes += full.length;
    if (this.pendingBytes >= 1 << 20) await this.flushCentral();
    this.centralSize += full.length;
    this.entries++;
    return [this.emit(descriptor)];
  }

  /** Closes the open entry and yields the central directory and end records. */
  async *finish(): AsyncGenerator<Buffer> {
    yield* await this.close();
    const centralOffset = this.offset;
    await this.flushCentral();
    if (this.central) {
      await this.central.close();
      for await (const chunk of fs.createReadStream(this.centralSpool, { highWaterMark: 1 << 20 }))
        yield this.emit(chunk as Buffer);
    }
    const needs64 = this.entries > MAX16 || centralOffset >= MAX32 || this.centralSize >= MAX32;
    if (needs64) {
      const end64 = Buffer.alloc(56);
      end64.writeUInt32LE(ZIP64_END, 0);
      end64.writeBigUInt64LE(44n, 4);
      end64.writeUInt16LE((3 << 8) | 45, 12);
      end64.writeUInt16LE(45, 14);
      end64.writeBigUInt64LE(BigInt(this.entries), 24);
      end64.writeBigUInt64LE(BigInt(this.entries), 32);
      end64.writeBigUInt64LE(BigInt(this.centralSize), 40);
      end64.writeBigUInt64LE(BigInt(centralOffset), 48);
      const end64Offset = this.offset;
      yield this.emit(end64);
      const locator = Buffer.alloc(20);
      locator.writeUInt32LE(ZIP64_LOCATOR, 0);
      locator.writeBigUInt64LE(BigInt(end64Offset), 8);
      locator.writeUInt32LE(1, 16);
      yield this.emit(locator);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(END, 0);
    end.writeUInt16LE(Math.min(this.entries, MAX16), 8);
    end.writeUInt16LE(Math.min(this.entries, MAX16), 10);
    end.writeUInt32LE(Math.min(this.centralSize, MAX32), 12);
    end.writeUInt32LE(Math.min(centralOffset, MAX32), 16);
    yield this.emit(end);
  }

  private async flushCentral(): Promise<void> {
    if (this.pending.length === 0) return;
    this.central ??= await fsp.open(this.centralSpool, 'w');
    await this.central.write(Buffer.concat(this.pending));
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** Releases the spool handle after an error. */
  async dispose(): Promise<void> {
    await this.central?.close().catch(() => undefined);
  }

  private emit(bytes: Buffer): Buffer {
    this.offset += bytes.length;
    return bytes;
  }
}
