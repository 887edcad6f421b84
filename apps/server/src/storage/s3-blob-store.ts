import { Readable, Transform } from 'node:stream';
import type * as S3 from '@aws-sdk/client-s3';
import type * as S3Storage from '@aws-sdk/lib-storage';
import { notFound } from '../errors.ts';
import { assertSafeKey, type BlobDownload, type BlobInfo, type BlobStore } from './blob-store.ts';

export type S3Options = {
  bucket: string;
  /** Prepended to every key (`labelyard/`), so one bucket can hold several installations. */
  prefix: string;
  /** An S3-compatible service (MinIO, Ceph, R2, …); unset means AWS. */
  endpoint: string | undefined;
  region: string;
  /** Path-style URLs (`endpoint/bucket/key`), which most S3-compatible services need. */
  forcePathStyle: boolean;
  /** Unset: the AWS SDK's default chain (AWS_ACCESS_KEY_ID, shared config, instance roles). */
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
};

/** Multipart part size for streamed uploads of unknown length (S3's minimum is 5 MiB). */
const PART_BYTES = 8 * 1024 * 1024;

/**
 * Blobs in an S3 bucket, for the scale profile: replicas share files without a shared volume. Objects appear
 * whole or not at all (S3 has no partial objects), so readers never see half a file, as with local files.
 */
export class S3BlobStore implements BlobStore {
  private readonly client: S3.S3Client;

  /** Loads the AWS SDK only now, so servers that keep files locally never load it. */
  static async open(options: S3Options): Promise<S3BlobStore> {
    const [s3, storage] = await Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/lib-storage')]);
    const store = new S3BlobStore(options, s3, storage);
    await store.check();
    return store;
  }

  private constructor(
    private readonly options: S3Options,
    private readonly s3: typeof S3,
    private readonly storage: typeof S3Storage,
  ) {
    this.client = new s3.S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle,
      credentials: options.credentials,
      // Checksums only where S3 requires them: S3-compatible services differ in the newer checksum headers.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  /** Fails with a clear message when the bucket is missing or the credentials cannot reach it. */
  private async check(): Promise<void> {
    try {
      await this.client.send(new this.s3.HeadBucketCommand({ Bucket: this.options.bucket }));
    } catch (error) {
      const status = (error as S3.S3ServiceException).$metadata?.httpStatusCode;
      const why =
        status === 404
          ? 'does not exist'
          : status === 403
            ? 'is not accessible with these credentials'
            : `cannot be reached (${(error as Error).message})`;
      throw new Error(`S3 bucket "${this.options.bucket}" ${why}`, { cause: error });
    }
  }

  private keyOf(key: string): string {
    assertSafeKey(key);
    return this.options.prefix + key;
  }

  async put(key: string, body: Buffer | string | Readable): Promise<BlobInfo> {
    const Key = this.keyOf(key);
    const Bucket = this.options.bucket;
    if (typeof body === 'string' || Buffer.isBuffer(body)) {
      const bytes = typeof body === 'string' ? Buffer.from(body) : body;
      await this.client.send(
        new this.s3.PutObjectCommand({ Bucket, Key, Body: bytes, ContentLength: bytes.length }),
      );
      return { size: bytes.length };
    }
    let size = 0;
    const counted = body.pipe(
      new Transform({
        transform(chunk: Buffer, _encoding, done) {
          size += chunk.length;
          done(null, chunk);
        },
      }),
    );
    body.once('error', (error) => counted.destroy(error));
    // Parts upload as they fill; an error or abort leaves no object (the multipart upload is aborted).
    await new this.storage.Upload({
      client: this.client,
      params: { Bucket, Key, Body: counted },
      partSize: PART_BYTES,
      queueSize: 2,
    }).done();
    return { size };
  }

  async read(key: string, range?: { start: number; end: number }): Promise<Readable> {
    try {
      const out = await this.client.send(
        new this.s3.GetObjectCommand({
          Bucket: this.options.bucket,
          Key: this.keyOf(key),
          Range: range ? `bytes=${range.start}-${range.end}` : undefined,
        }),
      );
      return out.Body instanceof Readable ? out.Body : Readable.from([]);
    } catch (error) {
      if (this.isMissing(error)) throw notFound('File', key);
      throw error;
    }
  }

  /** One GetObject: its Content-Range (or, without a range, its Content-Length) gives the object's size. */
  async download(key: string, range?: { start: number; end: number }): Promise<BlobDownload | null> {
    try {
      const out = await this.client.send(
        new this.s3.GetObjectCommand({
          Bucket: this.options.bucket,
          Key: this.keyOf(key),
          Range: range ? `bytes=${range.start}-${range.end}` : undefined,
        }),
      );
      const length = out.ContentLength ?? 0;
      const total = /\/(\d+)$/.exec(out.ContentRange ?? '')?.[1];
      const body = out.Body instanceof Readable ? out.Body : Readable.from([]);
      return { size: total === undefined ? length : Number(total), length, body };
    } catch (error) {
      if (this.isMissing(error)) return null;
      // A range that starts past the end: S3 answers 416, and the response is empty.
      if (range && (error as S3.S3ServiceException).$metadata?.httpStatusCode === 416) {
        const info = await this.stat(key);
        return info && { size: info.size, length: 0, body: Readable.from([]) };
      }
      throw error;
    }
  }

  async readBuffer(key: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of await this.read(key)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async stat(key: string): Promise<BlobInfo | null> {
    try {
      const head = await this.client.send(
        new this.s3.HeadObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(key) }),
      );
      return { size: head.ContentLength ?? 0 };
    } catch (error) {
      if (this.isMissing(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(
      new this.s3.DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(key) }),
    );
  }

  close(): void {
    this.client.destroy();
  }

  private isMissing(error: unknown): boolean {
    if (!(error instanceof this.s3.S3ServiceException)) return false;
    return error.name === 'NoSuchKey' || error.name === 'NotFound' || error.$metadata.httpStatusCode === 404;
  }
}
