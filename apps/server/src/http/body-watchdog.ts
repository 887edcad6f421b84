import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';

export class UploadAbortedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UploadAbortedError';
  }
}

/**
 * Watches a request body that is read as a stream (multipart uploads): when no byte arrives for `stallMs`, or the
 * client goes away before the body ends, the file being stored is destroyed (the blob store deletes its temp
 * file), the connection is closed, and `failed` rejects so the reader stops waiting for parts that never come.
 */
export class BodyWatchdog {
  readonly failed: Promise<never>;
  private reject!: (error: Error) => void;
  private current: Readable | undefined;
  private failure: Error | undefined;
  private readonly timer: NodeJS.Timeout;
  private readonly onData = () => this.timer.refresh();
  private readonly onClose = () => {
    if (!this.request.raw.complete)
      this.fail(new UploadAbortedError('the client closed the connection before the upload ended'));
  };

  constructor(
    private readonly request: FastifyRequest,
    stallMs: number,
  ) {
    this.failed = new Promise<never>((_, reject) => (this.reject = reject));
    this.failed.catch(() => undefined); // observed through race(); never an unhandled rejection
    this.timer = setTimeout(() => {
      this.fail(new UploadAbortedError(`no upload bytes arrived for ${Math.round(stallMs / 1000)} s`));
      request.raw.socket?.destroy();
    }, stallMs);
    request.raw.on('data', this.onData);
    request.raw.on('close', this.onClose);
  }

  /** The file stream now being stored; destroyed at once if the body has already failed. */
  track(stream: Readable): void {
    this.current = stream;
    if (this.failure) stream.destroy(this.failure);
  }

  /** `work`, unless the body fails first. */
  race<T>(work: Promise<T>): Promise<T> {
    return Promise.race([work, this.failed]);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.request.raw.off('data', this.onData);
    this.request.raw.off('close', this.onClose);
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.current?.destroy(error);
    this.reject(error);
  }
}
