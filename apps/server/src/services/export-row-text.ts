import { guardedGetBuffer } from '../http/url-guard.ts';
import { ownBlobKey } from './annotation-import.source.ts';
import { guessMimeType } from './data-row.media.ts';
import type { ServiceDeps } from './index.ts';

/** Texts larger than this export their entities without `token` rather than hold the text in memory. */
const MAX_TEXT_BYTES = 8 * 1024 ** 2;
const FETCH_TIMEOUT_MS = 15_000;

type TextRow = { row_data: string; media_type: string | null };
type LabelContent = { content: string | null };

/**
 * The text behind a text data row given by URL, so export v2 can give each text entity its covered `token` as
 * Labelbox does. Our own files are read from the blob store; other URLs through the URL guard. Only rows with a
 * text-entity label are read, one at a time; a text that cannot be read leaves `token` out (never fails the export).
 */
export class ExportRowText {
  constructor(private readonly deps: Pick<ServiceDeps, 'blobs' | 'signer' | 'config'>) {}

  /** Whether the row is a URL to a text and one of its labels holds a text entity. */
  static wanted(row: TextRow, labels: readonly LabelContent[]): boolean {
    if (row.media_type !== null && row.media_type !== 'TEXT') return false;
    if (!/^https?:\/\//i.test(row.row_data)) return false;
    if (row.media_type === null && guessMimeType(row.row_data) !== 'text/plain') return false;
    // A label with a stored render has no text entity (their tokens are never stored), so its content is not read.
    return labels.some((l) => l.content?.includes('"text-entity"') ?? false);
  }

  async load(organizationId: string, url: string): Promise<string | undefined> {
    try {
      const key = ownBlobKey(this.deps.signer, organizationId, url);
      if (key !== undefined) {
        const info = await this.deps.blobs.stat(key);
        if (!info || info.size > MAX_TEXT_BYTES) return undefined;
        return (await this.deps.blobs.readBuffer(key)).toString('utf8');
      }
      const body = await guardedGetBuffer(url, {
        allowPrivate: this.deps.config.allowPrivateUrls,
        maxBytes: MAX_TEXT_BYTES,
        timeoutMs: FETCH_TIMEOUT_MS,
      });
      return body.toString('utf8');
    } catch {
      return undefined;
    }
  }
}
