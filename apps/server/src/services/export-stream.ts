import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import type { ExportChunk } from '../repositories/export-file.repository.ts';
import type { BlobInfo, BlobStore } from '../storage/blob-store.ts';

/**
 * A blob written as a stream: bytes go to the store as they are produced (with backpressure), so an export of any
 * size needs the memory of one page. The store renames the finished file into place, so readers never see half.
 */
export class BlobSink {
  private readonly pass = new PassThrough({ highWaterMark: 1 << 20 });
  private readonly done: Promise<BlobInfo>;
  private failure: Error | undefined;

  constructor(blobs: BlobStore, key: string) {
    this.done = blobs.put(key, this.pass);
    this.done.catch((error: unknown) => {
      this.failure = error instanceof Error ? error : new Error(String(error));
    });
  }

  async write(data: Buffer | string): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.pass.write(data)) await Promise.race([once(this.pass, 'drain'), this.done]);
  }

  async end(): Promise<BlobInfo> {
    this.pass.end();
    return this.done;
  }

  /** Stops writing after an error; the store drops its temp file. */
  abort(error: Error): void {
    this.pass.destroy(error);
  }
}

export type NdjsonStreamResult = { chunks: ExportChunk[]; totalSize: number; totalLines: number };

/**
 * An NDJSON export stream (Labelbox export v2): lines are appended page by page and the blob is cut into chunks
 * of about `chunkBytes`, always at a line end, recording each chunk's byte and line range (inclusive). The blob is
 * opened on the first line: an empty stream leaves no file and no chunk, which the API reports as a null header.
 */
export class NdjsonStreamWriter {
  private sink: BlobSink | undefined;
  private readonly chunks: ExportChunk[] = [];
  private bytes = 0;
  private lines = 0;
  private chunkStartByte = 0;
  private chunkStartLine = 0;

  constructor(
    private readonly blobs: BlobStore,
    readonly key: string,
    private readonly chunkBytes: number,
    private readonly onFirstByte?: () => void,
  ) {}

  /**
   * Appends lines (without their newline) and hands them to the store as one write. Each line is encoded straight
   * into one buffer (no joined page string, no second UTF-8 pass): a page's write costs about a copy of its bytes.
   */
  async writeLines(lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return;
    const first = !this.sink;
    this.sink ??= new BlobSink(this.blobs, this.key);
    let chars = 0;
    for (const line of lines) chars += line.length + 1;
    // A UTF-16 code unit is at most 3 UTF-8 bytes; unused capacity is never touched, so it costs no memory.
    const out = Buffer.allocUnsafe(chars * 3);
    let at = 0;
    for (const line of lines) {
      const size = out.write(line, at, 'utf8') + 1;
      at += size;
      out[at - 1] = 0x0a;
      this.bytes += size;
      this.lines++;
      if (this.bytes - this.chunkStartByte >= this.chunkBytes) this.cut();
    }
    await this.sink.write(out.subarray(0, at));
    if (first) this.onFirstByte?.();
  }

  async close(): Promise<NdjsonStreamResult> {
    if (!this.sink) return { chunks: [], totalSize: 0, totalLines: 0 };
    if (this.bytes > this.chunkStartByte) this.cut();
    await this.sink.end();
    return { chunks: this.chunks, totalSize: this.bytes, totalLines: this.lines };
  }

  abort(error: Error): void {
    this.sink?.abort(error);
  }

  private cut(): void {
    this.chunks.push({
      chunkNo: this.chunks.length,
      blobKey: this.key,
      byteStart: this.chunkStartByte,
      byteEnd: this.bytes - 1,
      lineStart: this.chunkStartLine,
      lineEnd: this.lines - 1,
    });
    this.chunkStartByte = this.bytes;
    this.chunkStartLine = this.lines;
  }
}
