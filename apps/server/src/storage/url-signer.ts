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
}
