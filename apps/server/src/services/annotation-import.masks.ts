import {
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
      const own = ownBlobKey(this.signer, this.organizationId, source.uri);
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

const fail = (path: string, message: string) => ({ ok: false as const, error: { path, message } });

function decoded(
  result: { ok: true; value: DecodedImage } | { ok: false; error: string },
  path: string,
): { ok: true; value: DecodedImage } | { ok: false; error: FieldError } {
  return result.ok ? result : fail(path, `is not a readable PNG: ${result.error}`);
}
