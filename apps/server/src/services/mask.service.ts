import {
  decodeBase64,
  maskAnnotationPixels,
  maskToPng,
  type MaskAnnotation,
  type MaskSource,
  type ObjectAnnotation,
} from '@labelyard/schema';
import { createHash } from 'node:crypto';
import { notFound } from '../errors.ts';
import { MaskRepository } from '../repositories/mask.repository.ts';
import { isCanonicalKey } from '../storage/url-signer.ts';
import { parseLabelContent } from './export-v2.rows.ts';
import type { ServiceDeps } from './index.ts';

/** Mask URLs written into export files stay usable this long (the files themselves outlive a request). */
export const MASK_URL_TTL_SECONDS = 7 * 24 * 3600;

export type MaskGrant = { organizationId: string; labelId: string };
export type MaskResponse = { type: 'png'; bytes: Uint8Array } | { type: 'redirect'; url: string };

/**
 * What a mask URL's signature covers: the organization and label ids (server-made, canonical) and a digest of the
 * feature id, which an importer chose and may contain anything. Null when the ids are not canonical.
 */
const signedKey = (organizationId: string, labelId: string, featureId: string): string | null => {
  const key = `masks/${organizationId}/${labelId}/${createHash('sha256').update(featureId).digest('base64url')}`;
  return isCanonicalKey(key) ? key : null;
};

/**
 * `GET /masks/feature/:id`: the PNG of one segmentation annotation. Callers authenticate with their API key, or
 * present a URL this server signed for an export (`instanceURI`, `composite_mask.url`), which names its
 * organization and label and needs no key (clients fetch it without an Authorization header).
 */
export class MaskService {
  private readonly repo: MaskRepository;

  constructor(private readonly deps: Pick<ServiceDeps, 'db' | 'blobs' | 'signer'>) {
    this.repo = new MaskRepository(deps.db);
  }

  /**
   * Where a client downloads a stored mask's PNG when its NDJSON line is handed out (`Label.annotations`, queue
   * pre-labels): a signed file URL of its blob (no key needed, so the editor's canvas can draw it), or the URL it
   * came with. A line sent back unchanged (rework, a reviewer's edit) is read back from this server's own blob
   * store, not over the network. Undefined for blobs of other organizations.
   */
  fileUrl(origin: string, organizationId: string, mask: MaskAnnotation): string | undefined {
    return this.sourceUrl(origin, organizationId, mask.source);
  }

  /**
   * Where a client downloads one stored PNG as it is (a video mask frame's composite): a signed file URL of an
   * organization's blob, valid `ttlSeconds` (export files outlive a request), or the URL it was imported from.
   */
  sourceUrl(
    origin: string,
    organizationId: string,
    source: MaskSource,
    ttlSeconds?: number,
  ): string | undefined {
    if (source.type === 'uri') return source.uri;
    if (source.type !== 'blob' || !source.key.startsWith(`${organizationId}/`)) return undefined;
    return `${origin}${this.deps.signer.sign({ key: source.key }, ttlSeconds)}`;
  }

  /** Absolute signed URL of a mask feature of a label. */
  signedUrl(origin: string, organizationId: string, labelId: string, featureId: string): string {
    const key = signedKey(organizationId, labelId, featureId);
    if (key === null) throw new Error(`non-canonical mask ids: ${organizationId}/${labelId}`);
    const signed = new URL(this.deps.signer.sign({ key }, MASK_URL_TTL_SECONDS), 'http://x');
    const query = new URLSearchParams({ org: organizationId, label: labelId });
    for (const name of ['expires', 'sig']) query.set(name, signed.searchParams.get(name) ?? '');
    return `${origin}/masks/feature/${encodeURIComponent(featureId)}?${query.toString()}`;
  }

  /** The grant of a signed mask URL's query, or null when the query carries no valid signature. */
  verify(featureId: string, query: Record<string, string | undefined>): MaskGrant | null {
    const { org, label, expires, sig } = query;
    if (!org || !label || !expires || !sig) return null;
    const key = signedKey(org, label, featureId);
    if (key === null) return null;
    const grant = this.deps.signer.verify(key, { expires, sig });
    return typeof grant === 'string' ? null : { organizationId: org, labelId: label };
  }

  /** The mask's PNG; other organizations' features, and features that are not masks, are not found. */
  async png(organizationId: string, featureId: string, labelId?: string): Promise<MaskResponse> {
    const found =
      labelId === undefined
        ? await this.repo.byFeature(organizationId, featureId)
        : await this.repo.label(organizationId, labelId);
    const doc = found && parseLabelContent(found.content);
    const uuid = found?.uuid ?? featureId;
    const mask =
      doc && typeof doc !== 'string'
        ? doc.objects.find(
            (o: ObjectAnnotation): o is MaskAnnotation =>
              o.kind === 'mask' && (o.uuid === uuid || o.uuid === featureId),
          )
        : undefined;
    if (!mask) throw notFound('Mask feature', featureId);
    const { source } = mask;
    if (source.type === 'uri') return { type: 'redirect', url: source.uri };
    let bytes: Uint8Array | undefined;
    if (source.type === 'png') bytes = decodeBase64(source.base64);
    else if (source.key.startsWith(`${organizationId}/`))
      bytes = await this.deps.blobs.readBuffer(source.key);
    if (!bytes) throw notFound('Mask feature', featureId);
    if (!mask.colorRGB) return { type: 'png', bytes };
    // A composite mask holds several instances by colour: hand out this instance alone, white on black.
    const pixels = maskAnnotationPixels(mask, bytes);
    if (!pixels.ok) throw notFound('Mask feature', featureId);
    return { type: 'png', bytes: maskToPng(pixels.value) };
  }
}
