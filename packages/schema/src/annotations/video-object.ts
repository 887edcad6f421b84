import { z } from 'zod';
import type { Box, Point } from '../geometry/types.ts';
import { bboxUtil, type BBoxAnnotation } from './bbox.ts';
import {
  classificationSchema,
  nestedClassificationToNdjson,
  type ClassificationAnnotation,
} from './classification.ts';
import { boxSchema, isRecord, joinPath, pointSchema, readInteger, show, type FieldError } from './common.ts';
import { objectBaseShape, type ObjectBase, type ObjectKindUtil } from './object-util.ts';
import { pointUtil, type PointAnnotation } from './point.ts';
import { polylineUtil, type PolylineAnnotation } from './polyline.ts';

/** The geometry a video object has on each keyframe, named by its NDJSON key. */
export type VideoShape = 'bbox' | 'point' | 'line';
/** The DICOM plane a DICOM object is drawn on (Labelbox's `groupKey`). */
export type DicomGroupKey = 'axial' | 'sagittal' | 'coronal';
export const DICOM_GROUP_KEYS: readonly DicomGroupKey[] = ['axial', 'sagittal', 'coronal'];

/** One keyframe: its frame number, the geometry of the object's shape, and classifications of that frame. */
export type VideoKeyframe = {
  readonly frame: number;
  readonly bbox?: Box;
  readonly point?: Point;
  readonly line?: readonly Point[];
  readonly classifications: readonly ClassificationAnnotation[];
};
/** A run of frames the object is visible in, from its first keyframe to its last. */
export type VideoSegment = { readonly keyframes: readonly VideoKeyframe[] };

/**
 * An object tracked through a video (or a DICOM series, with `groupKey`): Labelbox's NDJSON `segments` of
 * `keyframes`. Frames between two keyframes of a segment are interpolated; frames outside every segment do not
 * show the object.
 */
export type VideoObjectAnnotation = ObjectBase & {
  readonly kind: 'video-object';
  readonly shape: VideoShape;
  readonly groupKey?: DicomGroupKey;
  readonly segments: readonly VideoSegment[];
};

const SHAPE_OF_TOOL: Readonly<Record<string, VideoShape>> = {
  rectangle: 'bbox',
  point: 'point',
  line: 'line',
};
const SHAPES: readonly VideoShape[] = ['bbox', 'point', 'line'];
const MAX_KEYFRAMES = 100_000;

const keyframeSchema = z.object({
  frame: z.number().int().min(0),
  bbox: boxSchema.optional(),
  point: pointSchema.optional(),
  line: z.array(pointSchema).min(2).optional(),
  classifications: z.array(classificationSchema),
});

export const videoObjectAnnotationSchema: z.ZodType<VideoObjectAnnotation> = z.object({
  ...objectBaseShape,
  kind: z.literal('video-object'),
  shape: z.enum(['bbox', 'point', 'line']),
  groupKey: z.enum(['axial', 'sagittal', 'coronal']).optional(),
  segments: z.array(z.object({ keyframes: z.array(keyframeSchema).min(1) })).min(1),
});

/** The image kind that checks and converts one keyframe's geometry, by the video object's shape. */
const imageUtils = {
  bbox: {
    read: (kf: Readonly<Record<string, unknown>>, e: FieldError[]) => bboxUtil.readNdjson(kf, e)?.bbox,
    check: (g: Box) => bboxUtil.validate({ bbox: g } as BBoxAnnotation, undefined),
  },
  point: {
    read: (kf: Readonly<Record<string, unknown>>, e: FieldError[]) => pointUtil.readNdjson(kf, e)?.point,
    check: (g: Point) => pointUtil.validate({ point: g } as PointAnnotation, undefined),
  },
  line: {
    read: (kf: Readonly<Record<string, unknown>>, e: FieldError[]) => polylineUtil.readNdjson(kf, e)?.points,
    check: (g: readonly Point[]) => polylineUtil.validate({ points: g } as PolylineAnnotation, undefined),
  },
} as const;

/** The geometry of a keyframe, whichever its shape. */
export const keyframeGeometry = (kf: VideoKeyframe): Box | Point | readonly Point[] | undefined =>
  kf.bbox ?? kf.point ?? kf.line;

const prefixed = (errors: readonly FieldError[], path: string): FieldError[] =>
  errors.map((e) => ({ path: joinPath(path, e.path), message: e.message }));

function readKeyframe(
  raw: unknown,
  shape: VideoShape,
  path: string,
  errors: FieldError[],
  nested: (value: unknown, path: string) => ClassificationAnnotation[],
): VideoKeyframe | undefined {
  if (!isRecord(raw)) {
    errors.push({
      path,
      message: `must be a keyframe object like {"frame": 1, "${shape}": …} (got ${show(raw)})`,
    });
    return undefined;
  }
  const before = errors.length;
  const frame = readInteger(raw, 'frame', path, errors);
  if (frame !== undefined && frame < 0)
    errors.push({ path: joinPath(path, 'frame'), message: `must be 0 or more (got ${frame})` });
  for (const other of SHAPES.filter((s) => s !== shape && raw[s] !== undefined))
    errors.push({
      path: joinPath(path, other),
      message: `this object's tool draws "${shape}" on every keyframe, not "${other}"`,
    });
  const local: FieldError[] = [];
  const geometry = raw[shape] === undefined ? undefined : imageUtils[shape].read(raw, local);
  if (raw[shape] === undefined)
    errors.push({ path: joinPath(path, shape), message: `is required: the keyframe's geometry` });
  errors.push(...prefixed(local, path));
  const classifications = nested(raw.classifications, joinPath(path, 'classifications'));
  if (errors.length > before || geometry === undefined || frame === undefined) return undefined;
  return {
    frame,
    ...(shape === 'bbox' && { bbox: geometry as Box }),
    ...(shape === 'point' && { point: geometry as Point }),
    ...(shape === 'line' && { line: geometry as readonly Point[] }),
    classifications,
  };
}

function readSegments(
  value: unknown,
  shape: VideoShape,
  errors: FieldError[],
  nested: (value: unknown, path: string) => ClassificationAnnotation[],
): VideoSegment[] | undefined {
  if (!Array.isArray(value) || value.length === 0) {
    errors.push({
      path: 'segments',
      message: `must be a non-empty list like [{"keyframes": [{"frame": 1, "${shape}": …}]}] (got ${show(value)})`,
    });
    return undefined;
  }
  const before = errors.length;
  let count = 0;
  const segments = value.map((raw, i): VideoSegment | undefined => {
    const path = joinPath('segments', i);
    const keyframes = isRecord(raw) ? raw.keyframes : undefined;
    if (!Array.isArray(keyframes) || keyframes.length === 0) {
      errors.push({
        path: isRecord(raw) ? joinPath(path, 'keyframes') : path,
        message: `must be a non-empty list of keyframes (got ${show(isRecord(raw) ? keyframes : raw)})`,
      });
      return undefined;
    }
    count += keyframes.length;
    if (count > MAX_KEYFRAMES) return undefined;
    const read = keyframes.map((kf, j) =>
      readKeyframe(kf, shape, joinPath(joinPath(path, 'keyframes'), j), errors, nested),
    );
    return read.every((k) => k !== undefined) ? { keyframes: read } : undefined;
  });
  if (count > MAX_KEYFRAMES)
    errors.push({
      path: 'segments',
      message: `at most ${MAX_KEYFRAMES} keyframes per object (got ${count})`,
    });
  return errors.length === before ? (segments as VideoSegment[]) : undefined;
}

/** Frame order checks: keyframes rise within a segment, segments follow each other without overlapping. */
function checkFrameOrder(segments: readonly VideoSegment[]): FieldError[] {
  const errors: FieldError[] = [];
  let previousEnd: number | undefined;
  segments.forEach((s, i) => {
    s.keyframes.forEach((kf, j) => {
      const path = `segments[${i}].keyframes[${j}].frame`;
      if (j > 0 && kf.frame <= s.keyframes[j - 1].frame)
        errors.push({
          path,
          message: `must be greater than the previous keyframe's frame ${s.keyframes[j - 1].frame} (got ${kf.frame})`,
        });
      else if (j === 0 && previousEnd !== undefined && kf.frame <= previousEnd)
        errors.push({
          path,
          message: `segments must follow each other without overlapping: this one starts at frame ${kf.frame}, the previous one ends at frame ${previousEnd}`,
        });
    });
    previousEnd = s.keyframes[s.keyframes.length - 1].frame;
  });
  return errors;
}

export const videoObjectUtil: ObjectKindUtil<VideoObjectAnnotation> = {
  kind: 'video-object',
  tools: ['rectangle', 'point', 'line'],
  ndjsonKey: 'segments',
  schema: videoObjectAnnotationSchema,

  readNdjson(line, errors, env) {
    const shape = SHAPE_OF_TOOL[env?.tool ?? ''] as VideoShape | undefined;
    if (shape === undefined) {
      errors.push({
        path: 'segments',
        message: 'video objects are drawn with rectangle, point or line tools',
      });
      return undefined;
    }
    let groupKey: DicomGroupKey | undefined;
    const rawKey = line.groupKey;
    if (rawKey !== undefined && rawKey !== null) {
      if (!DICOM_GROUP_KEYS.includes(rawKey as DicomGroupKey))
        errors.push({
          path: 'groupKey',
          message: `must be one of ${DICOM_GROUP_KEYS.join(', ')} (got ${show(rawKey)})`,
        });
      else if (shape !== 'line')
        errors.push({
          path: 'groupKey',
          message: `DICOM segments only support line tools; this tool draws "${shape}"`,
        });
      else groupKey = rawKey as DicomGroupKey;
    }
    const before = errors.length;
    const segments = readSegments(line.segments, shape, errors, env?.nested ?? (() => []));
    if (!segments || errors.length > before) return undefined;
    return { shape, ...(groupKey !== undefined && { groupKey }), segments };
  },

  validate(a) {
    const errors = checkFrameOrder(a.segments);
    a.segments.forEach((s, i) =>
      s.keyframes.forEach((kf, j) => {
        const path = `segments[${i}].keyframes[${j}]`;
        const g = keyframeGeometry(kf);
        if (g === undefined || kf[a.shape] === undefined)
          errors.push({ path: joinPath(path, a.shape), message: 'is required: the keyframe geometry' });
        // Frame sizes are not stored for videos; the image checks run without a media size.
        else if (a.shape === 'bbox') errors.push(...prefixed(imageUtils.bbox.check(kf.bbox!), path));
        else if (a.shape === 'point') errors.push(...prefixed(imageUtils.point.check(kf.point!), path));
        else errors.push(...prefixed(imageUtils.line.check(kf.line!), path));
      }),
    );
    return errors;
  },

  toNdjson: (a) => ({
    ...(a.groupKey !== undefined && { groupKey: a.groupKey }),
    segments: a.segments.map((s) => ({
      keyframes: s.keyframes.map((kf) => ({
        frame: kf.frame,
        [a.shape]: keyframeGeometry(kf),
        classifications: kf.classifications.map(nestedClassificationToNdjson),
      })),
    })),
  }),

  // v1 video labels are per-frame arrays (a different row shape): objects give their keyframes here.
  toV1: (a) => ({
    keyframes: a.segments.flatMap((s) =>
      s.keyframes.map((kf) => ({ frameNumber: kf.frame, [a.shape]: keyframeGeometry(kf) })),
    ),
  }),

  toV2: (a) => ({
    annotationKind: videoAnnotationKind(a),
    fields: { segments: a.segments.map((s) => [s.keyframes[0].frame, s.keyframes.at(-1)!.frame]) },
  }),

  // Raster and box formats describe single images: they skip video objects.
  bounds: () => undefined,
  toCoco: () => undefined,
  toYolo: () => undefined,
  toMask: () => undefined,
};

/** Export v2 `annotation_kind` of a video (or DICOM) object on one frame. */
export function videoAnnotationKind(a: Pick<VideoObjectAnnotation, 'shape' | 'groupKey'>): string {
  if (a.groupKey !== undefined) return 'DICOMPolyline';
  return a.shape === 'bbox' ? 'VideoBoundingBox' : a.shape === 'point' ? 'VideoPoint' : 'VideoPolyline';
}
