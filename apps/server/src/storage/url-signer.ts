import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignedFileRef = { key: string; start?: number | undefined; end?: number | undefined };

/**
 * Signs file URLs handed to clients (uploads, task results, exports): the Labelbox SDK and the documented scripts
 * fetch them with no Authorization header, so the URL carries an HMAC over key, range and expiry.
 */
export class UrlSigner {
  constructor(
    private readonly secret: string,
    private readonly ttlSeconds: number,
  ) {}

  /** A key for another purpose (e.g. signing Label Studio tokens), derived from the same server secret. */
  deriveKey(purpose: string): Buffer {
    return createHmac('sha256', this.secret).update(`derive:${purpose}`).digest();
  }

  /** Path and query (no origin) of a signed download URL. */
  sign(ref: SignedFileRef, ttlSeconds = this.ttlSeconds): string {
    const expires = Math.floor(Date.now() / 1000) + ttlSeconds;
    const params = new URLSearchParams({ expires: String(expires) });
    if (ref.start !== undefined && ref.end !== undefined) params.set('range', `${ref.start}-${ref.end}`);
    params.set('sig', this.mac(ref.key, params.get('range') ?? '', expires));
    return `/files/${ref.key.split('/').map(encodeURIComponent).join('/')}?${params.toString()}`;
  }

  /** The file reference a signed URL grants, or an error message. */
  verify(key: string, query: { expires?: string; range?: string; sig?: string }): SignedFileRef | string {
    const expires = Number(query.expires);
    if (!query.sig || !Number.isInteger(expires)) return 'missing signature';
    if (expires < Date.now() / 1000) return 'signed URL expired';
    const expected = Buffer.from(this.mac(key, query.range ?? '', expires));
    const given = Buffer.from(query.sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'bad signature';
    if (!query.range) return { key };
    const [start, end] = query.range.split('-').map(Number);
    return { key, start, end };
  }

  private mac(key: string, range: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`${key}\n${range}\n${expires}`).digest('base64url');
  }

  /**
   * The whole file a URL of ours grants (`uploadFile`, task results, import files): `{key}`, a problem with it
   * (expired, forged, a byte range), or null when it is not one of our file URLs. The server reads such files from
   * the blob store directly — never through HTTP — so callers must still check the key's organization.
   */
  fileOf(raw: string): { key: string } | { problem: string } | null {
    let url: URL;
    try {
      url = new URL(raw, 'http://self.invalid');
    } catch {
      return null;
    }
    if (!url.pathname.startsWith('/files/')) return null;
    const key = decodeURIComponent(url.pathname.slice('/files/'.length));
    const grant = this.verify(key, Object.fromEntries(url.searchParams));
    if (typeof grant === 'string') return { problem: grant };
    if (grant.start !== undefined) return { problem: 'a byte range, not a whole file' };
    return { key };
  }
}
