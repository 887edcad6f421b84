import { z } from 'zod';
import { decodeBase64 } from '../png/base64.ts';
import { readPngHeader } from '../png/decode.ts';
import type { Rgb } from '../png/mask.ts';
import { isRecord, joinPath, readInteger, show, type FieldError } from './common.ts';
import type { ParseContext } from './context.ts';
import { describeFeature, readConfidence, unknownRef } from './feature-ref.ts';
import type { FeatureRef } from './feature-resolver.ts';
import type { MaskSource } from './mask.ts';
import { objectBaseShape, type ObjectBase, type ObjectKindUtil } from './object-util.ts';
import { DICOM_GROUP_KEYS, type DicomGroupKey } from './video-object.ts';

/** One frame of a video (or DICOM) mask: the frame's composite PNG, shared by every instance of the line. */
export type VideoMaskFrame = { readonly index: number; readonly source: MaskSource };

/**
 * One mask instance through a video or DICOM series: the pixels of `colorRGB` in each frame's composite PNG.
 * Labelbox's NDJSON `masks` line (`VideoMaskAnnotation` / `DICOMMaskAnnotation`) holds several instances sharing
 * the frames; each instance is one record here, so it has its own feature and feature id.
 */
export type VideoMaskAnnotation = ObjectBase & {
  readonly kind: 'video-mask';
  readonly colorRGB: Rgb;
  readonly groupKey?: DicomGroupKey;
  readonly frames: readonly VideoMaskFrame[];
};

/** Frames per `masks` line: a composite PNG per frame, each fetched and decoded at import. */
export const MAX_MASK_FRAMES = 10_000;
const MAX_INSTANCES = 1_000;

const rgbSchema = z.tuple([
  z.number().int().min(0).max(255),
  z.number().int().min(0).max(255),
  z.number().int().min(0).max(255),
]);
const sourceSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('uri'), uri: z.string().min(1) }),
  z.object({ type: z.literal('png'), base64: z.string().min(1) }),
  z.object({ type: z.literal('blob'), key: z.string().min(1) }),
]);

export const videoMaskAnnotationSchema: z.ZodType<VideoMaskAnnotation> = z.object({
  ...objectBaseShape,
  kind: z.literal('video-mask'),
  colorRGB: rgbSchema,
  groupKey: z.enum(['axial', 'sagittal', 'coronal']).optional(),
  frames: z.array(z.object({ index: z.number().int().min(0), source: sourceSchema })).min(1),
});

/** Export v2 `annotation_kind` of a video or DICOM mask instance on one frame. */
export const videoMaskAnnotationKind = (a: Pick<VideoMaskAnnotation, 'groupKey'>): string =>
  a.groupKey !== undefined ? 'DICOMSegmentationMask' : 'VideoSegmentationMask';

/** Where a stored frame PNG is downloaded; `maskFileUrl` signs stored blobs, URLs given at import stay as they are. */
const frameUrl = (
  source: MaskSource,
  fileUrl: ((s: MaskSource) => string | undefined) | undefined,
): string | undefined => fileUrl?.(source) ?? (source.type === 'uri' ? source.uri : undefined);

function readFrame(raw: unknown, path: string, errors: FieldError[]): VideoMaskFrame | undefined {
  if (!isRecord(raw)) {
    errors.push({
      path,
      message: `must be a frame like {"index": 1, "instanceURI": "https://…"} or {"index": 1, "imBytes": "<base64 PNG>"} (got ${show(raw)})`,
    });
    return undefined;
  }
  const before = errors.length;
  const index = readInteger(raw, 'index', path, errors);
  if (index !== undefined && index < 0)
    errors.push({ path: joinPath(path, 'index'), message: `must be 0 or more (got ${index})` });
  const uriKey = raw.instanceURI !== undefined ? 'instanceURI' : 'instanceUri';
  const uri = raw[uriKey];
  const bytes = raw.imBytes;
  let source: MaskSource | undefined;
  const given = (v: unknown) => v !== undefined && v !== null;
  if (given(uri) && given(bytes)) {
    errors.push({ path, message: 'give either "instanceURI" or "imBytes", not both' });
  } else if (given(uri)) {
    if (typeof uri !== 'string' || !/^https?:\/\/\S+$/.test(uri))
      errors.push({ path: joinPath(path, uriKey), message: `must be an http(s) URL (got ${show(uri)})` });
    else source = { type: 'uri', uri };
  } else if (given(bytes)) {
    const decoded = typeof bytes === 'string' && bytes.length > 0 ? decodeBase64(bytes) : undefined;
    const header = decoded && readPngHeader(decoded);
    if (!decoded)
      errors.push({
        path: joinPath(path, 'imBytes'),
        message: `must be a base64 PNG string (got ${show(bytes)})`,
      });
    else if (header && !header.ok)
      errors.push({ path: joinPath(path, 'imBytes'), message: `is not a readable PNG: ${header.error}` });
    else source = { type: 'png', base64: bytes as string };
  } else {
    errors.push({ path, message: 'needs "instanceURI" (a PNG URL) or "imBytes" (a base64 PNG)' });
  }
  if (errors.length > before || index === undefined || !source) return undefined;
  return { index, source };
}

function readRgb(value: unknown, path: string, errors: FieldError[]): Rgb | undefined {
  if (
    !Array.isArray(value) ||
    value.length !== 3 ||
    !value.every((c) => Number.isInteger(c) && c >= 0 && c <= 255)
  ) {
    errors.push({
      path,
      message: `is required: the instance's colour in the frame PNGs, [r, g, b] with integers 0–255 (got ${show(value)})`,
    });
    return undefined;
  }
  return [value[0], value[1], value[2]];
}

/** `featureSchemaId` (the SDK's `MaskInstance` alias) or `schemaId`, else `name`; schema ids win. */
function readInstanceRef(raw: Readonly<Record<string, unknown>>, path: string, errors: FieldError[]) {
  const ref: { name?: string; schemaId?: string } = {};
  let schemaKey: 'featureSchemaId' | 'schemaId' = 'featureSchemaId';
  const before = errors.length;
  for (const key of ['name', 'featureSchemaId', 'schemaId'] as const) {
    const v = raw[key];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string' || v.length === 0)
      errors.push({ path: joinPath(path, key), message: `must be a non-empty string (got ${show(v)})` });
    else if (key === 'name') ref.name = v;
    else {
      ref.schemaId = v;
      schemaKey = key;
    }
  }
  if (errors.length > before) return undefined;
  if (ref.name === undefined && ref.schemaId === undefined) {
    errors.push({
      path: joinPath(path, 'name'),
      message: 'is required: the segmentation tool of this instance, by "name" or "featureSchemaId"',
    });
    return undefined;
  }
  return { ref: ref as FeatureRef, schemaKey };
}

/**
 * Reads a Labelbox `masks` line (`{"masks": {"frames": [{"index", "instanceURI" | "imBytes"}], "instances":
 * [{"name" | "featureSchemaId", "colorRGB"}]}, "groupKey"?}`) into one record per instance. The first instance
 * takes the line's uuid, the others `<uuid>-<n>`, so a line imported twice gives the same ids. Checks shape and
 * features only; the frame PNGs are fetched, decoded and checked by the importer.
 */
export function readVideoMaskLine(
  line: Readonly<Record<string, unknown>>,
  uuid: string,
  ctx: ParseContext,
  errors: FieldError[],
): VideoMaskAnnotation[] | undefined {
  const before = errors.length;
  for (const key of ['name', 'schemaId', 'featureSchemaId'])
    if (line[key] !== undefined && line[key] !== null)
      errors.push({
        path: key,
        message: 'a "masks" line names its segmentation tools per instance, in masks.instances[].name',
      });
  if (Array.isArray(line.classifications) ? line.classifications.length > 0 : line.classifications != null)
    errors.push({ path: 'classifications', message: 'video and DICOM masks take no classifications' });
  let groupKey: DicomGroupKey | undefined;
  if (line.groupKey !== undefined && line.groupKey !== null) {
    if (!DICOM_GROUP_KEYS.includes(line.groupKey as DicomGroupKey))
      errors.push({
        path: 'groupKey',
        message: `must be one of ${DICOM_GROUP_KEYS.join(', ')} (got ${show(line.groupKey)})`,
      });
    else groupKey = line.groupKey as DicomGroupKey;
  }
  const confidence = readConfidence(line, '', errors);
  const masks = line.masks;
  if (!isRecord(masks)) {
    errors.push({
      path: 'masks',
      message: `must be an object like {"frames": [{"index": 1, "instanceURI": "…"}], "instances": [{"name": "…", "colorRGB": [r, g, b]}]} (got ${show(masks)})`,
    });
    return undefined;
  }
  const frames: VideoMaskFrame[] = [];
  if (!Array.isArray(masks.frames) || masks.frames.length === 0)
    errors.push({
      path: 'masks.frames',
      message: `must be a non-empty list of frames (got ${show(masks.frames)})`,
    });
  else if (masks.frames.length > MAX_MASK_FRAMES)
    errors.push({
      path: 'masks.frames',
      message: `at most ${MAX_MASK_FRAMES} frames per line (got ${masks.frames.length})`,
    });
  else {
    const seen = new Map<number, number>();
    masks.frames.forEach((raw, i) => {
      const path = `masks.frames[${i}]`;
      const frame = readFrame(raw, path, errors);
      if (!frame) return;
      const other = seen.get(frame.index);
      if (other !== undefined)
        errors.push({
          path: joinPath(path, 'index'),
          message: `frame ${frame.index} is already given by masks.frames[${other}]: one composite mask per frame`,
        });
      else seen.set(frame.index, i);
      frames.push(frame);
    });
  }
  const out: VideoMaskAnnotation[] = [];
  if (!Array.isArray(masks.instances) || masks.instances.length === 0)
    errors.push({
      path: 'masks.instances',
      message: `must be a non-empty list like [{"name": "…", "colorRGB": [r, g, b]}] (got ${show(masks.instances)})`,
    });
  else if (masks.instances.length > MAX_INSTANCES)
    errors.push({
      path: 'masks.instances',
      message: `at most ${MAX_INSTANCES} instances per line (got ${masks.instances.length})`,
    });
  else {
    const colours = new Map<string, number>();
    masks.instances.forEach((raw, i) => {
      const path = `masks.instances[${i}]`;
      if (!isRecord(raw)) {
        errors.push({
          path,
          message: `must be an object like {"name": "…", "colorRGB": [r, g, b]} (got ${show(raw)})`,
        });
        return;
      }
      const read = readInstanceRef(raw, path, errors);
      const colorRGB = readRgb(raw.colorRGB, joinPath(path, 'colorRGB'), errors);
      if (colorRGB) {
        const other = colours.get(colorRGB.join());
        if (other !== undefined)
          errors.push({
            path: joinPath(path, 'colorRGB'),
            message: `[${colorRGB.join(', ')}] is already the colour of masks.instances[${other}]: each instance needs its own colour`,
          });
        else colours.set(colorRGB.join(), i);
      }
      if (!read) return;
      const feature = ctx.features.resolve(read.ref);
      if (!feature) {
        const bad = unknownRef(read.ref, path, 'feature');
        errors.push({
          path: read.ref.schemaId !== undefined ? joinPath(path, read.schemaKey) : bad.path,
          message: `${bad.message} in this project's ontology`,
        });
        return;
      }
      if (feature.kind !== 'tool' || feature.tool !== 'raster-segmentation') {
        errors.push({
          path: joinPath(path, read.ref.schemaId !== undefined ? read.schemaKey : 'name'),
          message: `${describeFeature(feature)} is not a segmentation (raster-segmentation) tool`,
        });
        return;
      }
      if (!colorRGB) return;
      out.push({
        kind: 'video-mask',
        uuid: i === 0 ? uuid : `${uuid}-${i}`,
        featureSchemaId: feature.featureSchemaId,
        name: feature.name,
        ...(confidence !== undefined && { confidence }),
        classifications: [],
        colorRGB,
        ...(groupKey !== undefined && { groupKey }),
        frames: [],
      });
    });
  }
  if (errors.length > before) return undefined;
  // Frames keep the line's order here, so the importer's errors can name them by position (it sorts them).
  return out.map((a) => ({ ...a, frames }));
}

export const videoMaskUtil: ObjectKindUtil<VideoMaskAnnotation> = {
  kind: 'video-mask',
  // Lines with `masks` are read by `readVideoMaskLine` (one line, several instances); no tool picks this kind.
  tools: [],
  ndjsonKey: 'masks',
  schema: videoMaskAnnotationSchema,
  featureInGeometry: true,

  readNdjson(_line, errors) {
    errors.push({ path: 'masks', message: 'is read per line, with its instances' });
    return undefined;
  },

  validate: () => [],

  toNdjson(a, ctx) {
    const frames = a.frames.map((f) => ({ index: f.index, url: frameUrl(f.source, ctx.maskFileUrl), f }));
    if (frames.some((f) => f.url === undefined && f.f.source.type !== 'png')) return undefined;
    return {
      ...(a.groupKey !== undefined && { groupKey: a.groupKey }),
      masks: {
        frames: frames.map(({ index, url, f }) =>
          url !== undefined
            ? { index, instanceURI: url }
            : { index, imBytes: (f.source as { base64: string }).base64 },
        ),
        instances: [{ name: a.name, featureSchemaId: a.featureSchemaId, colorRGB: [...a.colorRGB] }],
      },
    };
  },

  // v1 video labels are per-frame arrays: masks give their frames' composite URLs and colour here.
  toV1: (a, ctx) => ({
    frames: a.frames.map((f) => ({
      frameNumber: f.index,
      instanceURI: frameUrl(f.source, ctx.maskFileUrl) ?? null,
      colorRGB: [...a.colorRGB],
    })),
  }),

  toV2: (a) => ({
    annotationKind: videoMaskAnnotationKind(a),
    fields: { frames: a.frames.map((f) => f.index) },
  }),

  // Raster and box formats describe single images: they skip video masks.
  bounds: () => undefined,
  toCoco: () => undefined,
  toYolo: () => undefined,
  toMask: () => undefined,
};

/** One video mask instance on one of its frames, as export v2 lists it under `frames{n}.objects`. */
export function videoMaskFrameFields(
  a: VideoMaskAnnotation,
  frame: VideoMaskFrame,
  fileUrl: ((s: MaskSource) => string | undefined) | undefined,
): Record<string, unknown> {
  return {
    composite_mask: { url: frameUrl(frame.source, fileUrl) ?? null, color_rgb: [...a.colorRGB] },
  };
}
