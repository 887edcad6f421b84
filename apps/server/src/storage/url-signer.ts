import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignedFileRef = { key: string; start?: number | undefined; end?: number | undefined };

/**
 * Keys this server signs are its own ids joined by `/` (`<org>/uploads/<id>.json`, `masks/<org>/<label>/<hash>`):
 * nothing else is ever signed or accepted, so no two spellings (`%2F`, `./`, `//`, a trailing newline) can name the
 * same file or smuggle one signed field into another.
 */
const CANONICAL_SEGMENT = /^(?!\.{1,2}$)[A-Za-z0-9_.-]{1,200}$/;
export const isCanonicalKey = (key: string): boolean =>
  key.length <= 1024 && key.split('/').every((segment) => CANONICAL_SEGMENT.test(segment));

const EXPIRES = /^\d{1,12}$/;
const RANGE = /^(\d{1,15})-(\d{1,15})$/;

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
    if (!isCanonicalKey(ref.key))
      throw new Error(`refusing to sign a non-canonical key: ${JSON.stringify(ref.key)}`);
    const expires = Math.floor(Date.now() / 1000) + ttlSeconds;
    const params = new URLSearchParams({ expires: String(expires) });
    if (ref.start !== undefined && ref.end !== undefined) params.set('range', `${ref.start}-${ref.end}`);
    params.set('sig', this.mac(ref.key, params.get('range') ?? '', expires));
    return `/files/${ref.key}?${params.toString()}`;
  }

  /** The file reference a signed URL grants, or an error message. */
  verify(
    key: string,
    query: { expires?: string; range?: string; sig?: string },
    options: { ignoreExpiry?: boolean } = {},
  ): SignedFileRef | string {
    if (typeof query.sig !== 'string' || typeof query.expires !== 'string') return 'missing signature';
    if (!EXPIRES.test(query.expires)) return 'malformed expiry';
    if (!isCanonicalKey(key)) return 'not a file this server signs';
    const range = query.range === undefined ? undefined : RANGE.exec(query.range);
    if (range === null || (range && Number(range[1]) > Number(range[2]))) return 'malformed range';
    const expires = Number(query.expires);
    if (expires < Date.now() / 1000 && !options.ignoreExpiry) return 'signed URL expired';
    const expected = Buffer.from(this.mac(key, query.range ?? '', expires));
    const given = Buffer.from(query.sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'bad signature';
    return range ? { key, start: Number(range[1]), end: Number(range[2]) } : { key };
  }

  private mac(key: string, range: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`${key}\n${range}\n${expires}`).digest('base64url');
  }

  /**
   * The whole file a URL of ours grants (`uploadFile`, task results, import files): `{key}`, a problem with it
   * (expired, forged, a byte range), or null when it is not one of our file URLs. The server reads such files from
   * the blob store directly — never through HTTP — so callers must still check the key's organization.
   */
  fileOf(
    raw: string,
    options: { ignoreExpiry?: boolean } = {},
  ): { key: string } | { problem: string } | null {
    let url: URL;
    try {
      url = new URL(raw, 'http://self.invalid');
    } catch {
      return null;
    }
    if (!url.pathname.startsWith('/files/')) return null;
    // Keys are canonical (no character needs escaping), so the path is taken as written, never decoded.
    const key = url.pathname.slice('/files/'.length);
    const grant = this.verify(key, Object.fromEntries(url.searchParams), options);
    if (typeof grant === 'string') return { problem: grant };
    if (grant.start !== undefined) return { problem: 'a byte range, not a whole file' };
    return { key };
  }
}
