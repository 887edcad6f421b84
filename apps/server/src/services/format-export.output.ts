import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { ExportPiece } from '@labelyard/schema';
import { ZipStreamWriter } from './zip-stream.ts';

const toBuffer = (data: string | Uint8Array): Buffer =>
  typeof data === 'string'
    ? Buffer.from(data, 'utf8')
    : Buffer.from(data.buffer, data.byteOffset, data.byteLength);

/**
 * Files a converter appends to over the whole export, kept on disk (not in memory) until they are emitted. Appends
 * are batched per file (up to 1 MB) so a million small appends are not a million writes.
 */
class SpoolFiles {
  private readonly files = new Map<
    string,
    { path: string; handle: fsp.FileHandle; pending: Buffer[]; bytes: number }
  >();

  constructor(private readonly dir: string) {}

  names(): string[] {
    return [...this.files.keys()];
  }

  async append(name: string, data: string | Uint8Array): Promise<void> {
    let file = this.files.get(name);
    if (!file) {
      const p = path.join(this.dir, `spool-${this.files.size}`);
      file = { path: p, handle: await fsp.open(p, 'w'), pending: [], bytes: 0 };
      this.files.set(name, file);
    }
    const bytes = toBuffer(data);
    file.pending.push(bytes);
    file.bytes += bytes.length;
    if (file.bytes >= 1 << 20) await flush(file);
  }

  /** The spooled bytes of `name` (nothing if it was never written); the spool file is dropped afterwards. */
  async *drain(name: string): AsyncGenerator<Buffer> {
    const file = this.files.get(name);
    if (!file) return;
    this.files.delete(name);
    await flush(file);
    await file.handle.close();
    for await (const chunk of fs.createReadStream(file.path, { highWaterMark: 1 << 20 }))
      yield chunk as Buffer;
    await fsp.rm(file.path, { force: true });
  }

  async dispose(): Promise<void> {
    for (const file of this.files.values()) await file.handle.close().catch(() => undefined);
    this.files.clear();
  }
}

async function flush(file: { handle: fsp.FileHandle; pending: Buffer[]; bytes: number }): Promise<void> {
  if (file.pending.length === 0) return;
  await file.handle.write(Buffer.concat(file.pending));
  file.pending = [];
  file.bytes = 0;
}

/** Where converter pieces go: the bytes of one response, produced in order. */
export interface PieceOutput {
  accept(piece: ExportPiece): AsyncGenerator<Buffer>;
  end(): AsyncGenerator<Buffer>;
  dispose(): Promise<void>;
}

/**
 * A single-file response (COCO JSON, CoNLL text): pieces of `mainFile` are emitted at once; other files (COCO's
 * annotation spool) wait on disk until an `append-file` piece copies them in.
 */
export class SingleFileOutput implements PieceOutput {
  private readonly spool: SpoolFiles;

  constructor(
    private readonly mainFile: string,
    dir: string,
  ) {
    this.spool = new SpoolFiles(dir);
  }

  async *accept(piece: ExportPiece): AsyncGenerator<Buffer> {
    if (piece.file !== this.mainFile) {
      if (piece.type === 'append') await this.spool.append(piece.file, piece.data);
      else for await (const chunk of this.spool.drain(piece.from)) await this.spool.append(piece.file, chunk);
      return;
    }
    if (piece.type === 'append') yield toBuffer(piece.data);
    else yield* this.spool.drain(piece.from);
  }

  async *end(): AsyncGenerator<Buffer> {}

  dispose(): Promise<void> {
    return this.spool.dispose();
  }
}

/**
 * A ZIP response (YOLO, VOC, PNG masks): a file the converter writes in one go (per-image files) becomes an entry
 * right away; files it appends to across rows (`spooled`, e.g. the masks index) are kept on disk and become
 * entries at the end.
 */
export class ZipOutput implements PieceOutput {
  private readonly spool: SpoolFiles;
  private readonly zip: ZipStreamWriter;
  private readonly closed = new Set<string>();

  constructor(
    dir: string,
    private readonly spooled: (file: string) => boolean,
  ) {
    this.spool = new SpoolFiles(dir);
    this.zip = new ZipStreamWriter(path.join(dir, 'central-directory'));
  }

  async *accept(piece: ExportPiece): AsyncGenerator<Buffer> {
    if (this.spooled(piece.file)) {
      if (piece.type === 'append') await this.spool.append(piece.file, piece.data);
      else for await (const chunk of this.spool.drain(piece.from)) await this.spool.append(piece.file, chunk);
      return;
    }
    if (this.zip.openEntry !== piece.file) {
      if (this.closed.has(piece.file))
        throw new Error(`ZIP export: ${piece.file} was written twice; mark it as spooled`);
      const previous = this.zip.openEntry;
      if (previous !== undefined) this.closed.add(previous);
      yield* await this.zip.open(piece.file);
    }
    if (piece.type === 'append') yield this.zip.write(toBuffer(piece.data));
    else for await (const chunk of this.spool.drain(piece.from)) yield this.zip.write(chunk);
  }

  async *end(): AsyncGenerator<Buffer> {
    for (const name of this.spool.names()) {
      yield* await this.zip.open(name);
      for await (const chunk of this.spool.drain(name)) yield this.zip.write(chunk);
    }
    yield* this.zip.finish();
  }

  async dispose(): Promise<void> {
    await this.spool.dispose();
    await this.zip.dispose();
  }
}
