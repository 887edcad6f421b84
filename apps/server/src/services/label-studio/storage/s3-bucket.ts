import { Readable } from 'node:stream';
import type * as S3 from '@aws-sdk/client-s3';
import { assertPublicUrl, guardedAgents, UrlGuardError, type GuardOptions } from '../../../http/url-guard.ts';
import type { S3Secrets, S3Settings } from './s3-settings.ts';

/** Keys listed per request (S3's own maximum), so one page of a sync is at most this many objects. */
export const LIST_PAGE = 1_000;

/** Why a bucket cannot be used, naming the storage field to fix. */
export class BucketError extends Error {
  constructor(
    readonly field: 'bucket' | 'aws_access_key_id' | 's3_endpoint' | 'region_name' | 'non_field_errors',
    message: string,
  ) {
    super(message);
    this.name = 'BucketError';
  }
}

export type ListedObject = { key: string; size: number };
export type ObjectDownload = {
  body: Readable;
  size: number | undefined;
  contentType: string | undefined;
  contentRange: string | undefined;
};

/**
 * One import storage's bucket, through the AWS SDK (loaded when first needed). The client connects only through
 * agents whose DNS lookup refuses private addresses unless ALLOW_PRIVATE_URLS, and an IP-literal `s3_endpoint` is
 * checked before the client is made, so a client-chosen endpoint cannot reach the server's network. Without
 * credentials the requests are unsigned (a public bucket): the server's own AWS credentials are never used.
 */
export class S3Bucket {
  private constructor(
    private readonly s3: typeof S3,
    private readonly client: S3.S3Client,
    private readonly settings: S3Settings,
  ) {}

  static async open(settings: S3Settings, secrets: S3Secrets, guard: GuardOptions): Promise<S3Bucket> {
    if (settings.s3_endpoint) {
      try {
        await assertPublicUrl(settings.s3_endpoint, guard);
      } catch (error) {
        if (error instanceof UrlGuardError) throw new BucketError('s3_endpoint', error.message);
        throw error;
      }
    }
    const s3 = await import('@aws-sdk/client-s3');
    const signed = secrets.aws_access_key_id !== null && secrets.aws_secret_access_key !== null;
    const client = new s3.S3Client({
      region: settings.region_name ?? 'us-east-1',
      ...(settings.s3_endpoint && { endpoint: settings.s3_endpoint, forcePathStyle: true }),
      ...(signed
        ? {
            credentials: {
              accessKeyId: secrets.aws_access_key_id!,
              secretAccessKey: secrets.aws_secret_access_key!,
              ...(secrets.aws_session_token && { sessionToken: secrets.aws_session_token }),
            },
          }
        : {
            // Unsigned: explicit empty credentials keep the SDK from looking for the server's own (environment,
            // profile, instance role), and the signer leaves every request as it is.
            credentials: { accessKeyId: '', secretAccessKey: '' },
            signer: { sign: async (request: unknown) => request } as never,
          }),
      requestHandler: { ...guardedAgents(guard), connectionTimeout: 10_000, requestTimeout: 60_000 },
      maxAttempts: 2,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    return new S3Bucket(s3, client, settings);
  }

  /** Lists one key under the prefix: the bucket exists and these credentials may list it, or a BucketError. */
  async check(): Promise<void> {
    await this.explained(() =>
      this.client.send(
        new this.s3.ListObjectsCommand({
          Bucket: this.settings.bucket,
          Prefix: this.settings.prefix ?? undefined,
          MaxKeys: 1,
        }),
      ),
    );
  }

  /**
   * One page of the objects under the prefix after `marker`, in key order: every level below it with
   * `recursive_scan`, else that level only (`/` as delimiter: "directories" are left out). Keys ending in `/` (folder
   * markers) are skipped. ListObjects (v1, with markers) as boto3's `bucket.objects.filter` lists them in Label
   * Studio; S3-compatible services support it more widely than v2's continuation tokens.
   */
  async listPage(
    marker: string | undefined,
    pageSize = LIST_PAGE,
  ): Promise<{ objects: ListedObject[]; next: string | undefined }> {
    const out = await this.explained(() =>
      this.client.send(
        new this.s3.ListObjectsCommand({
          Bucket: this.settings.bucket,
          Prefix: this.settings.prefix ?? undefined,
          Delimiter: this.settings.recursive_scan ? undefined : '/',
          MaxKeys: pageSize,
          Marker: marker,
        }),
      ),
    );
    const listed = (out.Contents ?? []).filter((o) => o.Key !== undefined);
    const objects = listed
      .filter((o) => !o.Key!.endsWith('/'))
      .map((o) => ({ key: o.Key!, size: o.Size ?? 0 }));
    // Without a delimiter S3 sends no NextMarker: the last key listed is where the next page starts.
    const last = [...listed.map((o) => o.Key!), ...(out.CommonPrefixes ?? []).map((p) => p.Prefix ?? '')]
      .sort()
      .at(-1);
    return { objects, next: out.IsTruncated ? (out.NextMarker ?? last) : undefined };
  }

  /** An object's bytes (a byte range of it when asked), or undefined when there is no such key. */
  async get(key: string, range?: string): Promise<ObjectDownload | undefined> {
    try {
      const out = await this.explained(() =>
        this.client.send(
          new this.s3.GetObjectCommand({ Bucket: this.settings.bucket, Key: key, Range: range }),
        ),
      );
      return {
        body: out.Body instanceof Readable ? out.Body : Readable.from([]),
        size: out.ContentLength,
        contentType: out.ContentType,
        contentRange: out.ContentRange,
      };
    } catch (error) {
      if (error instanceof BucketError && /NoSuchKey|not found/i.test(error.message)) return undefined;
      throw error;
    }
  }

  /** A JSON object's bytes, refused past `maxBytes` (read no further). */
  async readSmall(key: string, maxBytes: number): Promise<Buffer> {
    const got = await this.get(key);
    if (!got) throw new BucketError('non_field_errors', `${key} was deleted during the sync`);
    if (got.size !== undefined && got.size > maxBytes) {
      got.body.destroy();
      throw new BucketError('non_field_errors', `${key} is larger than ${maxBytes} bytes`);
    }
    const parts: Buffer[] = [];
    let seen = 0;
    for await (const chunk of got.body) {
      seen += (chunk as Buffer).length;
      if (seen > maxBytes) {
        got.body.destroy();
        throw new BucketError('non_field_errors', `${key} is larger than ${maxBytes} bytes`);
      }
      parts.push(chunk as Buffer);
    }
    return Buffer.concat(parts);
  }

  close(): void {
    this.client.destroy();
  }

  /** Runs a request; failures become BucketErrors that say what to fix and carry no credentials. */
  private async explained<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw this.explain(error);
    }
  }

  private explain(error: unknown): BucketError {
    const bucket = this.settings.bucket;
    const where = this.settings.s3_endpoint ?? 'AWS S3';
    if (error instanceof BucketError) return error;
    if (error instanceof UrlGuardError || (error as { cause?: unknown }).cause instanceof UrlGuardError)
      return new BucketError('s3_endpoint', (error as Error).message);
    if (error instanceof this.s3.S3ServiceException) {
      const status = error.$metadata?.httpStatusCode;
      const code = error.name;
      if (code === 'NoSuchBucket')
        return new BucketError('bucket', `Bucket "${bucket}" does not exist at ${where}`);
      if (code === 'NoSuchKey')
        return new BucketError('non_field_errors', 'NoSuchKey: the object was not found');
      if (status === 403 || /AccessDenied|InvalidAccessKeyId|SignatureDoesNotMatch|ExpiredToken/.test(code))
        return new BucketError(
          'aws_access_key_id',
          `Access to bucket "${bucket}" was denied with these credentials (${code})`,
        );
      if (status === 404) return new BucketError('bucket', `Bucket "${bucket}" does not exist at ${where}`);
      if (status === 301 || code === 'PermanentRedirect')
        return new BucketError('region_name', `Bucket "${bucket}" is in another region: set region_name`);
      return new BucketError(
        'non_field_errors',
        `${where} answered ${code}${status ? ` (HTTP ${status})` : ''}`,
      );
    }
    const message = (error as Error).message ?? String(error);
    return new BucketError(
      this.settings.s3_endpoint ? 's3_endpoint' : 'non_field_errors',
      `Cannot reach ${where}: ${message}`,
    );
  }
}
