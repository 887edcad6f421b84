import type { Actor } from '../auth/actor.ts';
import { invalid } from '../errors.ts';
import type { UploadedFile } from '../graphql/uploaded-file.ts';
import { assertPublicUrl, guardedRequest, UrlGuardError, type GuardOptions } from '../http/url-guard.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import type { UrlSigner } from '../storage/url-signer.ts';
import { countLines } from './annotation-import.lines.ts';
import type { ServiceDeps } from './index.ts';

/** Import files fetched by URL may be as large as uploads. */
export const MAX_INPUT_BYTES = 2 * 1024 ** 3;

/**
 * The blob key behind a signed URL this server handed out (uploadFile, task results, import files), when it belongs
 * to the organization: such URLs are read from the blob store directly, never through HTTP. `ignoreExpiry` accepts
 * a genuine signature past its expiry (the caller is authenticated in that organization; expiry only limits who
 * else can download): an editor sends back the mask URLs it was handed, however long the row stayed open.
 */
export function ownBlobKey(
  signer: UrlSigner,
  organizationId: string,
  raw: string,
  options: { ignoreExpiry?: boolean } = {},
): string | undefined {
  const file = signer.fileOf(raw, options);
  return file && 'key' in file && file.key.startsWith(`${organizationId}/`) ? file.key : undefined;
}

export class InputFetchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputFetchError';
  }
}

/**
 * Downloads a foreign import file into the blob store through the URL guard. With `maxBytes` below the real size
 * the download stops and `complete` is false (the request then leaves the download to the job).
 */
export async function downloadToBlob(
  blobs: BlobStore,
  url: string,
  key: string,
  options: GuardOptions & { maxBytes: number; timeoutMs: number },
): Promise<{ complete: boolean; size: number }> {
  let response;
  try {
    response = await guardedRequest(
      url,
      { maxBytes: options.maxBytes, timeoutMs: options.timeoutMs },
      options,
    );
  } catch (error) {
    throw new InputFetchError(`cannot fetch fileUrl ${url}: ${(error as Error).message}`);
  }
  if (response.status < 200 || response.status >= 300) {
    response.body.resume();
    throw new InputFetchError(`fileUrl ${url} answered HTTP ${response.status}`);
  }
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > options.maxBytes) {
    response.body.destroy();
    return { complete: false, size: declared };
  }
  try {
    const { size } = await blobs.put(key, response.body);
    return { complete: true, size };
  } catch (error) {
    if (error instanceof UrlGuardError && /larger than/.test(error.message))
      return { complete: false, size: options.maxBytes };
    throw new InputFetchError(`cannot read fileUrl ${url}: ${(error as Error).message}`);
  }
}

/** Files up to this size are read (and counted) in the request; larger ones always run as background jobs. */
const INLINE_MAX_BYTES = 16 * 1024 * 1024;
const PREFETCH_TIMEOUT_MS = 20_000;

/** An NDJSON import's uploaded file (`contentLength` is not checked: the SDK sends the length of the bytes' Python
 * repr for in-memory imports). */
export type ImportFilePayload = { file: UploadedFile; contentLength?: number | null };

/**
 * An import's input: an upload of this request, this server's own signed URL (read from the blob store), or a
 * foreign URL checked by the URL guard and fetched now when small (so the import can finish in the request), else
 * by the job. `size` is known when the whole file is stored.
 */
export async function importSource(
  deps: Pick<ServiceDeps, 'blobs' | 'signer' | 'config'>,
  actor: Actor,
  importId: string,
  input: { file: UploadedFile } | { url: string },
): Promise<{ key: string; size?: number; url?: string }> {
  if ('file' in input) {
    if (!input.file.key.startsWith(`${actor.organizationId}/`))
      throw invalid('data.filePayload.file', 'is not an upload of this request');
    return { key: input.file.key, size: input.file.size };
  }
  const { url } = input;
  const own = ownBlobKey(deps.signer, actor.organizationId, url);
  if (own) {
    const info = await deps.blobs.stat(own);
    if (!info) throw invalid('data.fileUrl', 'the file behind this URL no longer exists');
    return { key: own, size: info.size };
  }
  const guard = { allowPrivate: deps.config.allowPrivateUrls };
  try {
    await assertPublicUrl(url, guard);
  } catch (error) {
    if (error instanceof UrlGuardError) throw invalid('data.fileUrl', error.message);
    throw error;
  }
  const key = `${actor.organizationId}/imports/${importId}/input.ndjson`;
  try {
    const fetched = await downloadToBlob(deps.blobs, url, key, {
      ...guard,
      maxBytes: INLINE_MAX_BYTES,
      timeoutMs: PREFETCH_TIMEOUT_MS,
    });
    return fetched.complete ? { key, size: fetched.size, url } : { key, url };
  } catch (error) {
    if (error instanceof InputFetchError) throw invalid('data.fileUrl', error.message);
    throw error;
  }
}

/** Whether a stored input is small enough to run right after the create call answers. */
export async function isSmallImport(
  deps: Pick<ServiceDeps, 'blobs' | 'config'>,
  key: string,
  size: number,
): Promise<boolean> {
  if (size > INLINE_MAX_BYTES) return false;
  const limit = deps.config.inlineJobMaxItems;
  return (await countLines(await deps.blobs.read(key), limit)) <= limit;
}
