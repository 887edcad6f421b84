import type { Readable } from 'node:stream';

export type BlobInfo = { size: number };

/** An open download: the object's whole `size`, the `length` of the bytes `body` streams (the range, clamped). */
export type BlobDownload = BlobInfo & { length: number; body: Readable };

/**
 * Where uploaded files, import inputs and export outputs live. Keys are `/`-separated relative paths;
 * callers put the organization id first so that nothing crosses organizations.
 */
export interface BlobStore {
  put(key: string, body: Buffer | string | Readable): Promise<BlobInfo>;
  /** Bytes `start..end` (inclusive) when a range is given. Throws RESOURCE_NOT_FOUND for a missing key. */
  read(key: string, range?: { start: number; end: number }): Promise<Readable>;
  readBuffer(key: string): Promise<Buffer>;
  /**
   * Opens a download in one request to the backing store: the body (a range's bytes when a range is given, its
   * end clamped to the object) with the sizes a response needs. `null` for a missing key.
   */
  download(key: string, range?: { start: number; end: number }): Promise<BlobDownload | null>;
  stat(key: string): Promise<BlobInfo | null>;
  delete(key: string): Promise<void>;
  /** Releases connections, if the store holds any. */
  close?(): void;
}

export function assertSafeKey(key: string): void {
  if (
    key.length === 0 ||
    key.startsWith('/') ||
    key.split('/').some((p) => p === '' || p === '.' || p === '..')
  ) {
    throw new Error(`Unsafe blob key: ${key}`);
  }
}
