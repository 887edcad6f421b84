import { z } from 'zod';
import { maskArea, maskBounds, toCocoRle } from '../geometry/rle.ts';
import type { BinaryMask } from '../geometry/types.ts';
import { decodeBase64 } from '../png/base64.ts';
import { readPngHeader, type PngResult } from '../png/decode.ts';
import { pngToMask, type Rgb } from '../png/mask.ts';
import { isRecord, show, type FieldError } from './common.ts';
import { objectBaseShape, type ObjectBase, type ObjectKindUtil } from './object-util.ts';

/**
 * Where a mask's pixels live: a URL given at import (`instanceURI`), an inline base64 PNG (`png`), or a blob the
 * server stored (it may move inline PNGs to blobs so label documents stay small).
 */
export type MaskSource =
  | { readonly type: 'uri'; readonly uri: string }
  | { readonly type: 'png'; readonly base64: string }
  | { readonly type: 'blob'; readonly key: string };

/**
 * Segmentation mask: the pixels of `colorRGB` in the source PNG. Without `colorRGB` every non-black pixel
 * counts, as in the SDK's inline binary masks.
 */
export type MaskAnnotation = ObjectBase & {
  readonly kind: 'mask';
  readonly source: MaskSource;
  readonly colorRGB?: Rgb;
};

const rgbSchema = z.tuple([
  z.number().int().min(0).max(255),
  z.number().int().min(0).max(255),
  z.number().int().min(0).max(255),
]);

export const maskAnnotationSchema: z.ZodType<MaskAnnotation> = z.object({
  ...objectBaseShape,
  kind: z.literal('mask'),
  source: z.discriminatedUnion('type', [
    z.object({ type: z.literal('uri'), uri: z.string().min(1) }),
    z.object({ type: z.literal('png'), base64: z.string().min(1) }),
    z.object({ type: z.literal('blob'), key: z.string().min(1) }),
  ]),
  colorRGB: rgbSchema.optional(),
});

/** The mask's pixels: inline PNGs decode on their own; `uri` and `blob` sources need the PNG bytes from the caller. */
export function maskAnnotationPixels(mask: MaskAnnotation, pngBytes?: Uint8Array): PngResult<BinaryMask> {
  const bytes = mask.source.type === 'png' ? decodeBase64(mask.source.base64) : pngBytes;
  if (!bytes)
    return {
      ok: false,
      error: mask.source.type === 'png' ? 'mask.png is not valid base64' : 'mask PNG bytes are needed',
    };
  return pngToMask(bytes, mask.colorRGB);
}

function readRgb(value: unknown, errors: FieldError[]): Rgb | undefined {
  if (value === undefined || value === null) return undefined;
  if (
    !Array.isArray(value) ||
    value.length !== 3 ||
    !value.every((c) => Number.isInteger(c) && c >= 0 && c <= 255)
  ) {
    errors.push({
      path: 'mask.colorRGB',
      message: `must be [r, g, b] with integers 0–255 (got ${show(value)})`,
    });
    return undefined;
  }
  return [value[0], value[1], value[2]];
}

export const maskUtil: ObjectKindUtil<MaskAnnotation> = {
  kind: 'mask',
  tools: ['raster-segmentation'],
  ndjsonKey: 'mask',
  schema: maskAnnotationSchema,

  readNdjson(line, errors) {
    const raw = line.mask;
    if (!isRecord(raw)) {
      errors.push({
        path: 'mask',
        message: `must be an object like {"instanceURI": "…", "colorRGB": [r, g, b]} or {"png": "<base64>"} (got ${show(raw)})`,
      });
      return undefined;
    }
    const before = errors.length;
    const colorRGB = readRgb(raw.colorRGB, errors);
    const { instanceURI, png } = raw;
    let source: MaskSource | undefined;
    if (instanceURI !== undefined && png !== undefined) {
      errors.push({ path: 'mask', message: 'give either "instanceURI" or "png", not both' });
    } else if (instanceURI !== undefined) {
      if (typeof instanceURI !== 'string' || !/^https?:\/\/\S+$/.test(instanceURI)) {
        errors.push({
          path: 'mask.instanceURI',
          message: `must be an http(s) URL (got ${show(instanceURI)})`,
        });
      } else source = { type: 'uri', uri: instanceURI };
    } else if (png !== undefined) {
      if (typeof png !== 'string' || png.length === 0)
        errors.push({ path: 'mask.png', message: `must be a base64 PNG string (got ${show(png)})` });
      else source = { type: 'png', base64: png };
    } else {
      errors.push({ path: 'mask', message: 'needs "instanceURI" (with "colorRGB") or "png"' });
    }
    if (!source || errors.length > before) return undefined;
    return colorRGB ? { source, colorRGB } : { source };
  },

  validate({ source }, media) {
    if (source.type !== 'png') return [];
    const bytes = decodeBase64(source.base64);
    if (!bytes) return [{ path: 'mask.png', message: 'is not valid base64' }];
    const header = readPngHeader(bytes);
    if (!header.ok) return [{ path: 'mask.png', message: header.error }];
    const { width, height } = header.value;
    if (
      (media?.width !== undefined && width !== media.width) ||
      (media?.height !== undefined && height !== media.height)
    ) {
      return [
        {
          path: 'mask.png',
          message: `mask is ${width}×${height} but the image is ${media?.width ?? '?'}×${media?.height ?? '?'}`,
        },
      ];
    }
    return [];
  },

  toNdjson(a, ctx) {
    const color = a.colorRGB ? { colorRGB: [...a.colorRGB] } : {};
    if (a.source.type === 'png') return { mask: { png: a.source.base64, ...color } };
    const url = ctx.maskUrl?.(a) ?? (a.source.type === 'uri' ? a.source.uri : undefined);
    return url === undefined ? undefined : { mask: { instanceURI: url, ...color } };
  },

  toV1(a, ctx) {
    const url = ctx.maskUrl?.(a) ?? (a.source.type === 'uri' ? a.source.uri : undefined);
    return url === undefined ? {} : { instanceURI: url };
  },

  toV2: (a, ctx) => ({
    annotationKind: 'ImageSegmentationMask',
    fields: {
      composite_mask: {
        url: ctx.maskUrl?.(a) ?? (a.source.type === 'uri' ? a.source.uri : null),
        color_rgb: [...(a.colorRGB ?? [255, 255, 255])],
      },
    },
  }),

  bounds(a, r) {
    const pixels = r.maskPixels?.(a);
    return pixels && maskBounds(pixels);
  },

  toCoco(a, r) {
    const pixels = r.maskPixels?.(a);
    const b = pixels && maskBounds(pixels);
    if (!pixels || !b) return undefined;
    // Instance masks, so iscrowd stays 0 (iscrowd 1 would make evaluators ignore them).
    return {
      segmentation: toCocoRle(pixels),
      bbox: [b.left, b.top, b.width, b.height],
      area: maskArea(pixels),
      iscrowd: 0,
    };
  },

  toYolo: () => undefined,

  toMask: (a, r) => r.maskPixels?.(a),
};
