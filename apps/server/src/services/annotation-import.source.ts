import { guardedRequest, UrlGuardError, type GuardOptions } from '../http/url-guard.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import type { UrlSigner } from '../storage/url-signer.ts';

/** Import files fetched by URL may be as large as uploads. */
export const MAX_INPUT_BYTES = 2 * 1024 ** 3;

/**
 * The blob key behind a signed URL this server handed out (uploadFile, task results, import files), when it belongs
 * to the organization: such URLs are read from the blob store directly, never through HTTP.
 */
export function ownBlobKey(signer: UrlSigner, organizationId: string, raw: string): string | undefined {
  const file = signer.fileOf(raw);
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
