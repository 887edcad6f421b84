import {
  maskAnnotationPixels,
  type BinaryMask,
  type LabelDocument,
  type MaskAnnotation,
  type MaskPixels,
} from '@labelyard/schema';
import type { BlobStore } from '../../storage/blob-store.ts';

/**
 * Decodes the masks of some labels ahead of scoring (scoring itself is synchronous): inline PNGs and blobs the
 * server stored for this organization. Masks only known by an external URL are not fetched and score 0.
 */
export async function loadMaskPixels(
  blobs: BlobStore,
  organizationId: string,
  docs: readonly LabelDocument[],
  maxPixels: number,
): Promise<MaskPixels> {
  const decoded = new Map<MaskAnnotation, BinaryMask>();
  for (const doc of docs)
    for (const o of doc.objects) {
      if (o.kind !== 'mask') continue;
      let bytes: Uint8Array | undefined;
      if (o.source.type === 'blob' && o.source.key.startsWith(`${organizationId}/`))
        bytes = await blobs.readBuffer(o.source.key).catch(() => undefined);
      if (o.source.type === 'uri') continue;
      const pixels = maskAnnotationPixels(o, bytes);
      if (pixels.ok && pixels.value.width * pixels.value.height <= maxPixels) decoded.set(o, pixels.value);
    }
  return (mask) => decoded.get(mask);
}
