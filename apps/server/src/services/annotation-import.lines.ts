import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import type { BlobStore } from '../storage/blob-store.ts';

/** One input line: its 1-based number and text, or a marker when it was longer than allowed (its text is dropped). */
export type RawLine =
  { lineNo: number; text: string; bytes: number } | { lineNo: number; tooLong: true; bytes: number };

/**
 * Splits a byte stream into lines without ever holding more than one line (capped at `maxLineBytes`) and the
 * current chunk: an import file may be gigabytes. Blank lines are skipped but counted; `\r\n` endings are accepted.
 */
export async function* ndjsonLines(stream: Readable, maxLineBytes: number): AsyncGenerator<RawLine> {
  let parts: Buffer[] = [];
  let length = 0;
  let tooLong = false;
  let lineNo = 0;
  const finish = (): RawLine | undefined => {
    lineNo++;
    const bytes = length;
    const line: RawLine | undefined = tooLong
      ? { lineNo, tooLong: true, bytes }
      : (() => {
          const text = Buffer.concat(parts, length).toString('utf8').replace(/\r$/, '');
          return text.trim() === '' ? undefined : { lineNo, text, bytes };
        })();
    parts = [];
    length = 0;
    tooLong = false;
    return line;
  };
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    let start = 0;
    for (let nl = buf.indexOf(10, start); nl !== -1; nl = buf.indexOf(10, start)) {
      take(buf.subarray(start, nl));
      const line = finish();
      if (line) yield line;
      start = nl + 1;
    }
    take(buf.subarray(start));
  }
  if (length > 0 || tooLong) {
    const line = finish();
    if (line) yield line;
  }

  function take(piece: Buffer) {
    if (piece.length === 0) return;
    length += piece.length;
    if (tooLong) return;
    if (length > maxLineBytes) {
      tooLong = true;
      parts = [];
    } else parts.push(piece);
  }
}

/** Counts lines of a blob up to `limit` (stops reading past it); used to decide whether an import runs in-request. */
export async function countLines(stream: Readable, limit: number): Promise<number> {
  let lines = 0;
  let last = 10;
  for await (const chunk of stream) {
    const buf = chunk as Buffer;
    for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) lines++;
    if (buf.length > 0) last = buf[buf.length - 1]!;
    if (lines > limit) {
      stream.destroy();
      return lines;
    }
  }
  return last === 10 ? lines : lines + 1;
}

/** Writes a blob as a stream of text (status and error files), with backpressure; `close` resolves once stored. */
export class BlobWriter {
  private readonly stream = new PassThrough();
  private readonly stored: Promise<unknown>;
  lines = 0;

  constructor(
    blobs: BlobStore,
    readonly key: string,
  ) {
    this.stored = blobs.put(key, this.stream);
    // Observed in close(); an abort must not surface as an unhandled rejection.
    this.stored.catch(() => undefined);
  }

  async writeLine(value: unknown): Promise<void> {
    this.lines++;
    if (!this.stream.write(`${JSON.stringify(value)}\n`)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    this.stream.end();
    await this.stored;
  }

  abort(error: Error): void {
    this.stream.destroy(error);
  }
}
