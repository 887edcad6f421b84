/** The most bytes of an import body kept to read it again (see KeptBody). */
export const MAX_KEPT_BODY_BYTES = 32 * 1024 * 1024;

/**
 * A request body read once as it streams in, its chunks kept (up to `limit` bytes, no copies) so that it can be read
 * again from the start: a task import whose regions need image sizes is rolled back, and runs again once the sizes
 * are read. Past the limit nothing is kept, and the body cannot be read again.
 */
export class KeptBody {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private overflowed = false;
  private readonly source: AsyncIterator<Buffer | string>;

  constructor(
    source: AsyncIterable<Buffer | string>,
    private readonly limit = MAX_KEPT_BODY_BYTES,
  ) {
    this.source = source[Symbol.asyncIterator]();
  }

  /** The body as it streams in (once). */
  async *stream(): AsyncGenerator<Buffer> {
    for (;;) {
      const next = await this.source.next();
      if (next.done) return;
      yield this.keep(next.value);
    }
  }

  /** The whole body from the start (what `stream` has not read yet is read first), or undefined past the limit. */
  async again(): Promise<AsyncIterable<Buffer> | undefined> {
    while (!this.overflowed) {
      const next = await this.source.next();
      if (next.done) break;
      this.keep(next.value);
    }
    if (this.overflowed) return undefined;
    const chunks = this.chunks.slice();
    return (async function* () {
      yield* chunks;
    })();
  }

  private keep(value: Buffer | string): Buffer {
    const chunk = typeof value === 'string' ? Buffer.from(value) : value;
    if (this.overflowed) return chunk;
    this.kept += chunk.length;
    if (this.kept > this.limit) {
      this.overflowed = true;
      this.chunks.length = 0;
    } else this.chunks.push(chunk);
    return chunk;
  }
}
