import {
  coloursPresent,
  decodeBase64,
  decodePng,
  imageToMask,
  readPngHeader,
  maskToPng,
  type BinaryMask,
  type DecodedImage,
  type FieldError,
  type MaskAnnotation,
  type MediaInfo,
  type Annotation,
  type VideoMaskAnnotation,
  type VideoMaskFrame,
} from '@labelyard/schema';
import { guardedGetBuffer, type GuardOptions } from '../http/url-guard.ts';
import { newId } from '../ids.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import type { UrlSigner } from '../storage/url-signer.ts';
import { ownBlobKey } from './annotation-import.source.ts';

const MAX_MASK_BYTES = 64 * 1024 * 1024;
/** Composite masks: consecutive lines name the same PNG with different colours, so the last two stay decoded. */
const CACHE_SIZE = 2;

export type MaskResult = { ok: true; mask: MaskAnnotation } | { ok: false; error: FieldError };
export type VideoMaskResult =
  { ok: true; masks: VideoMaskAnnotation[] } | { ok: false; errors: FieldError[] };

/**
 * Turns an imported mask (inline base64 PNG or `instanceURI` + `colorRGB`) into a stored binary mask: one grayscale
 * PNG per annotation (255 inside, 0 outside) in the blob store, recorded as `source: {type: 'blob', key}` without a
 * colour — the stored pixels are the mask, and `GET /masks/feature/:id` serves them as they are.
 */
export class MaskStore {
  private readonly cache = new Map<string, DecodedImage>();

  constructor(
    private readonly blobs: BlobStore,
    private readonly signer: UrlSigner,
    private readonly organizationId: string,
    private readonly guard: GuardOptions,
    /** Largest mask when the row's media size is unknown. */
    private readonly maxPixels: number,
  ) {}

  async store(mask: MaskAnnotation, media: MediaInfo | undefined): Promise<MaskResult> {
    const image = await this.image(mask, media);
    if (!image.ok) return image;
    const pixels: BinaryMask = imageToMask(image.value, mask.colorRGB);
    const field = mask.source.type === 'uri' ? 'mask.instanceURI' : 'mask.png';
    if (
      (media?.width !== undefined && pixels.width !== media.width) ||
      (media?.height !== undefined && pixels.height !== media.height)
    ) {
      return fail(
        field,
        `mask is ${pixels.width}×${pixels.height} but the image is ${media?.width ?? '?'}×${media?.height ?? '?'}`,
      );
    }
    if (!pixels.data.includes(1)) {
      return fail(
        mask.colorRGB ? 'mask.colorRGB' : field,
        mask.colorRGB
          ? `no pixel of colour [${mask.colorRGB.join(', ')}] in the mask PNG`
          : 'the mask PNG has no non-black pixel',
      );
    }
    const key = `${this.organizationId}/masks/${newId()}.png`;
    await this.blobs.put(key, Buffer.from(maskToPng(pixels, { format: 'gray' })));
    const { colorRGB: _colour, ...rest } = mask;
    return { ok: true, mask: { ...rest, source: { type: 'blob', key } } };
  }

  /**
   * Stores the frames of one video or DICOM `masks` line (its instances share them): each frame's composite PNG is
   * fetched (URL guard, size cap) or read inline, checked from its header against the row's size (or the first
   * frame's) before it is inflated, decoded under the pixel cap, and kept as it is in the blob store — exports hand
   * it out as Labelbox's `composite_mask` with the instance's colour. Every instance's colour must show in some
   * frame; each instance keeps the frames its colour shows in, in frame order.
   */
  async storeVideo(
    masks: readonly VideoMaskAnnotation[],
    media: MediaInfo | undefined,
  ): Promise<VideoMaskResult> {
    const errors: FieldError[] = [];
    const frames = masks[0]?.frames ?? [];
    const colours = masks.map((m) => m.colorRGB);
    const seen = colours.map(() => false);
    /** Per stored frame, which instances' colours it shows: an instance is exported on those frames only. */
    const stored: Array<{ frame: VideoMaskFrame; shows: boolean[] }> = [];
    let size = media?.width !== undefined && media.height !== undefined ? media : undefined;
    for (const [i, frame] of frames.entries()) {
      const { source } = frame;
      const path = `masks.frames[${i}].${source.type === 'png' ? 'imBytes' : 'instanceURI'}`;
      let bytes: Uint8Array | undefined;
      let own: string | undefined;
      try {
        if (source.type === 'png') bytes = decodeBase64(source.base64);
        else if (source.type === 'blob') own = source.key;
        else own = ownBlobKey(this.signer, this.organizationId, source.uri, { ignoreExpiry: true });
        if (own !== undefined) bytes = await this.blobs.readBuffer(own);
        else if (source.type === 'uri')
          bytes = await guardedGetBuffer(source.uri, { ...this.guard, maxBytes: MAX_MASK_BYTES });
      } catch (error) {
        errors.push({ path, message: `cannot fetch the mask PNG: ${(error as Error).message}` });
        continue;
      }
      if (!bytes) {
        errors.push({ path, message: 'is not valid base64' });
        continue;
      }
      const decodedFrame = this.decode(bytes, size, path);
      if (!decodedFrame.ok) {
        errors.push({
          ...decodedFrame.error,
          message:
            size === media
              ? decodedFrame.error.message
              : `${decodedFrame.error.message} (the size of masks.frames[0])`,
        });
        continue;
      }
      const image = decodedFrame.value;
      size ??= { width: image.width, height: image.height };
      const shows = coloursPresent(image, colours);
      shows.forEach((found, c) => (seen[c] ||= found));
      const key = own ?? `${this.organizationId}/masks/${newId()}.png`;
      if (own === undefined) await this.blobs.put(key, Buffer.from(bytes));
      stored.push({ frame: { index: frame.index, source: { type: 'blob', key } }, shows });
    }
    if (errors.length === 0)
      seen.forEach((found, c) => {
        if (!found)
          errors.push({
            path: `masks.instances[${c}].colorRGB`,
            message: `no pixel of colour [${colours[c]!.join(', ')}] in any frame's mask PNG`,
          });
      });
    if (errors.length > 0) return { ok: false, errors };
    stored.sort((a, b) => a.frame.index - b.frame.index);
    return {
      ok: true,
      masks: masks.map((m, c) => ({ ...m, frames: stored.filter((s) => s.shows[c]).map((s) => s.frame) })),
    };
  }

  private async image(
    mask: MaskAnnotation,
    media: MediaInfo | undefined,
  ): Promise<{ ok: true; value: DecodedImage } | { ok: false; error: FieldError }> {
    const { source } = mask;
    if (source.type === 'blob') {
      const bytes = await this.blobs.readBuffer(source.key);
      return this.decode(bytes, media, 'mask');
    }
    if (source.type === 'png') {
      const bytes = decodeBase64(source.base64);
      return bytes ? this.decode(bytes, media, 'mask.png') : fail('mask.png', 'is not valid base64');
    }
    const cached = this.cache.get(source.uri);
    if (cached) return { ok: true, value: cached };
    let bytes: Uint8Array;
    try {
      const own = ownBlobKey(this.signer, this.organizationId, source.uri, { ignoreExpiry: true });
      bytes = own
        ? await this.blobs.readBuffer(own)
        : await guardedGetBuffer(source.uri, { ...this.guard, maxBytes: MAX_MASK_BYTES });
    } catch (error) {
      return fail('mask.instanceURI', `cannot fetch the mask PNG: ${(error as Error).message}`);
    }
    // A composite PNG is shared by the row's instances: decoded once, checked against the largest allowed size.
    const result = this.decode(bytes, undefined, 'mask.instanceURI');
    if (result.ok) {
      this.cache.set(source.uri, result.value);
      if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    }
    return result;
  }

  /**
   * Decodes a mask PNG only when its header's size is one the row can have: the row's media size when known,
   * else the configured maximum — checked before a byte is inflated (a 1.5 MB PNG can claim 40000×40000).
   */
  private decode(
    bytes: Uint8Array,
    media: MediaInfo | undefined,
    path: string,
  ): { ok: true; value: DecodedImage } | { ok: false; error: FieldError } {
    const header = readPngHeader(bytes);
    if (!header.ok) return fail(path, `is not a readable PNG: ${header.error}`);
    const { width, height } = header.value;
    if (
      (media?.width !== undefined && width !== media.width) ||
      (media?.height !== undefined && height !== media.height)
    ) {
      return fail(
        path,
        `mask is ${width}×${height} but the image is ${media?.width ?? '?'}×${media?.height ?? '?'}`,
      );
    }
    return decoded(decodePng(bytes, { maxPixels: this.maxPixels }), path);
  }
}

/**
 * The records of one line with their mask pixels stored: an image mask as its own PNG, a video mask line's frames
 * once for all its instances; other records as they are.
 */
export async function storeMasks(
  store: MaskStore,
  annotations: readonly Annotation[],
  media: MediaInfo | undefined,
): Promise<{ ok: true; annotations: Annotation[] } | { ok: false; errors: FieldError[] }> {
  const first = annotations[0];
  if (first?.kind === 'mask') {
    const stored = await store.store(first, media);
    return stored.ok ? { ok: true, annotations: [stored.mask] } : { ok: false, errors: [stored.error] };
  }
  if (first?.kind === 'video-mask') {
    const stored = await store.storeVideo(annotations as VideoMaskAnnotation[], media);
    return stored.ok ? { ok: true, annotations: stored.masks } : stored;
  }
  return { ok: true, annotations: [...annotations] };
}

const fail = (path: string, message: string) => ({ ok: false as const, error: { path, message } });

function decoded(
  result: { ok: true; value: DecodedImage } | { ok: false; error: string },
  path: string,
): { ok: true; value: DecodedImage } | { ok: false; error: FieldError } {
  return result.ok ? result : fail(path, `is not a readable PNG: ${result.error}`);
}
