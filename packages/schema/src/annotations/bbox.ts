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
};

export const bboxAnnotationSchema: z.ZodType<BBoxAnnotation> = z.object({
  ...objectBaseShape,
  kind: z.literal('bbox'),
  bbox: boxSchema,
});

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

  bounds: ({ bbox }) => ({ left: bbox.left, top: bbox.top, width: bbox.width, height: bbox.height }),

  toCoco({ bbox: { left, top, width, height } }) {
    const right = left + width;
    const bottom = top + height;
    return {
      segmentation: [[left, top, right, top, right, bottom, left, bottom]],
      bbox: [left, top, width, height],
      area: width * height,
      iscrowd: 0,
    };
  },

  toYolo: ({ bbox }, w, h) => [
    (bbox.left + bbox.width / 2) / w,
    (bbox.top + bbox.height / 2) / h,
    bbox.width / w,
    bbox.height / h,
  ],

  toMask: (a, r) =>
    r.width !== undefined && r.height !== undefined
      ? rasterizeBox(bboxUtil.bounds(a, r)!, r.width, r.height)
      : undefined,
};
