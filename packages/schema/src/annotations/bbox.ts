import { z } from 'zod';
import { rasterizeBox } from '../geometry/raster.ts';
import { boxSchema, isRecord, readNumber, show, type FieldError } from './common.ts';
import { objectBaseShape, type ObjectBase, type ObjectKindUtil } from './object-util.ts';

/** Axis-aligned bounding box, stored as Labelbox writes it: `top`, `left`, `height`, `width` in pixels. */
export type BBoxAnnotation = ObjectBase & {
  readonly kind: 'bbox';
  readonly bbox: {
    readonly top: number;
    readonly left: number;
    readonly height: number;
    readonly width: number;
  };
  /** Degrees clockwise about the top-left corner (Label Studio's convention); absent or 0 for an upright box. */
  readonly rotation?: number;
};

export const bboxAnnotationSchema: z.ZodType<BBoxAnnotation> = z.object({
  ...objectBaseShape,
  kind: z.literal('bbox'),
  bbox: boxSchema,
  rotation: z.number().optional(),
});

/** The four corners of a box in pixels, clockwise from the top-left, turned by its rotation. */
export function bboxCorners(a: Pick<BBoxAnnotation, 'bbox' | 'rotation'>): [number, number][] {
  const { left, top, width, height } = a.bbox;
  const t = ((a.rotation ?? 0) * Math.PI) / 180;
  const [c, s] = [Math.cos(t), Math.sin(t)];
  return [
    [left, top],
    [left + width * c, top + width * s],
    [left + width * c - height * s, top + width * s + height * c],
    [left - height * s, top + height * c],
  ];
}

export const bboxUtil: ObjectKindUtil<BBoxAnnotation> = {
  kind: 'bbox',
  tools: ['rectangle'],
  ndjsonKey: 'bbox',
  schema: bboxAnnotationSchema,

  readNdjson(line, errors) {
    const raw = line.bbox;
    if (!isRecord(raw)) {
      errors.push({
        path: 'bbox',
        message: `must be an object like {"top", "left", "height", "width"} (got ${show(raw)})`,
      });
      return undefined;
    }
    const before = errors.length;
    const [top, left, height, width] = (['top', 'left', 'height', 'width'] as const).map((k) =>
      readNumber(raw, k, 'bbox', errors),
    );
    if (errors.length > before) return undefined;
    return { bbox: { top: top!, left: left!, height: height!, width: width! } };
  },

  validate({ bbox }, media) {
    const errors: FieldError[] = [];
    if (bbox.width <= 0)
      errors.push({ path: 'bbox.width', message: `must be greater than 0 (got ${bbox.width})` });
    if (bbox.height <= 0)
      errors.push({ path: 'bbox.height', message: `must be greater than 0 (got ${bbox.height})` });
    if (bbox.left < 0)
      errors.push({
        path: 'bbox.left',
        message: `must be 0 or more (got ${bbox.left}): the box starts left of the image`,
      });
    if (bbox.top < 0)
      errors.push({
        path: 'bbox.top',
        message: `must be 0 or more (got ${bbox.top}): the box starts above the image`,
      });
    const right = bbox.left + bbox.width;
    const bottom = bbox.top + bbox.height;
    if (media?.width !== undefined && right > media.width) {
      errors.push({
        path: 'bbox.width',
        message: `box reaches x = ${right}, outside the image width ${media.width}`,
      });
    }
    if (media?.height !== undefined && bottom > media.height) {
      errors.push({
        path: 'bbox.height',
        message: `box reaches y = ${bottom}, outside the image height ${media.height}`,
      });
    }
    return errors;
  },

  toNdjson: ({ bbox }) => ({
    bbox: { top: bbox.top, left: bbox.left, height: bbox.height, width: bbox.width },
  }),

  toV1: ({ bbox }) => ({ bbox: { top: bbox.top, left: bbox.left, height: bbox.height, width: bbox.width } }),

  toV2(a) {
    const bounding_box = { top: a.bbox.top, left: a.bbox.left, height: a.bbox.height, width: a.bbox.width };
    // Documents place boxes on a page; that is the only difference in the export.
    return a.page !== undefined
      ? { annotationKind: 'DocumentBoundingBox', fields: { bounding_box, page_number: a.page } }
      : { annotationKind: 'ImageBoundingBox', fields: { bounding_box } };
  },

  bounds(a) {
    if (!a.rotation)
      return { left: a.bbox.left, top: a.bbox.top, width: a.bbox.width, height: a.bbox.height };
    const corners = bboxCorners(a);
    const xs = corners.map((p) => p[0]);
    const ys = corners.map((p) => p[1]);
    const [left, top] = [Math.min(...xs), Math.min(...ys)];
    return { left, top, width: Math.max(...xs) - left, height: Math.max(...ys) - top };
  },

  toCoco(a) {
    if (a.rotation) {
      const b = bboxUtil.bounds(a, {})!;
      return {
        segmentation: [bboxCorners(a).flat()],
        bbox: [b.left, b.top, b.width, b.height],
        area: a.bbox.width * a.bbox.height,
        iscrowd: 0,
      };
    }
    const { left, top, width, height } = a.bbox;
    const right = left + width;
    const bottom = top + height;
    return {
      segmentation: [[left, top, right, top, right, bottom, left, bottom]],
      bbox: [left, top, width, height],
      area: width * height,
      iscrowd: 0,
    };
  },

  toYolo(a, w, h) {
    const bbox = bboxUtil.bounds(a, {})!;
    return [
      (bbox.left + bbox.width / 2) / w,
      (bbox.top + bbox.height / 2) / h,
      bbox.width / w,
      bbox.height / h,
    ];
  },

  toMask: (a, r) =>
    r.width !== undefined && r.height !== undefined
      ? rasterizeBox(bboxUtil.bounds(a, r)!, r.width, r.height)
      : undefined,
};
