import { classificationToV2 } from '../annotations/classification.ts';
import { featureValue } from '../annotations/common.ts';
import type { ConvertContext } from '../annotations/context.ts';
import type { LabelDocument } from '../annotations/label.ts';
import { segmentRanges, videoObjectFrames, type VideoFrameState } from '../annotations/video-frames.ts';
import {
  DICOM_GROUP_KEYS,
  videoAnnotationKind,
  type DicomGroupKey,
  type VideoObjectAnnotation,
} from '../annotations/video-object.ts';
import {
  videoMaskAnnotationKind,
  videoMaskFrameFields,
  type VideoMaskAnnotation,
} from '../annotations/video-mask.ts';

/** How a label's annotations are laid out in export v2: flat lists, per video frame, or per DICOM plane. */
export type V2Layout = 'default' | 'video' | 'dicom';

/** The layout for a row's media type; rows without one are laid out by what the label holds. */
export function v2Layout(mediaType: string | null | undefined, doc: LabelDocument): V2Layout {
  if (mediaType === 'VIDEO') return 'video';
  if (mediaType === 'DICOM') return 'dicom';
  if (mediaType) return 'default';
  const video = doc.objects.find((o) => o.kind === 'video-object' || o.kind === 'video-mask');
  if (video && (video.kind === 'video-object' || video.kind === 'video-mask'))
    return video.groupKey !== undefined ? 'dicom' : 'video';
  return doc.classifications.some((c) => c.frames !== undefined) ? 'video' : 'default';
}

/** Export v2 `label_kind` of a layout. */
export const v2LabelKind = (layout: V2Layout): string => (layout === 'video' ? 'Video' : 'Default');

type FrameBlock = { objects: Record<string, unknown>; classifications: unknown[] };
export type VideoExportOptions = Pick<ConvertContext, 'maskFileUrl'> & {
  readonly interpolatedFrames?: boolean;
};

/** One object on one frame: the image object's fields with the video `annotation_kind`. */
function frameObject(o: VideoObjectAnnotation, state: VideoFrameState): Record<string, unknown> {
  const out: Record<string, unknown> = {
    feature_id: o.uuid,
    feature_schema_id: o.featureSchemaId,
    name: o.name,
    value: featureValue(o.name),
    annotation_kind: videoAnnotationKind(o),
    classifications: state.classifications.map(classificationToV2),
  };
  if (state.bbox) {
    const { top, left, height, width } = state.bbox;
    out.bounding_box = { top, left, height, width };
  } else if (state.point) out.point = { x: state.point.x, y: state.point.y };
  else if (state.line) out.line = state.line.map((p) => ({ x: p.x, y: p.y }));
  return out;
}

/** Runs of consecutive frames, `[[start, end], …]`: where a mask instance has a composite mask. */
function frameRuns(indexes: readonly number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const i of indexes) {
    const last = runs.at(-1);
    if (last && i === last[1] + 1) last[1] = i;
    else runs.push([i, i]);
  }
  return runs;
}

/**
 * Frames (numeric keys: JSON objects list them in frame order), segments and keyframe map of some objects. A mask
 * instance is on each frame it has a composite mask for (`composite_mask {url, color_rgb}`, as Labelbox exports
 * video masks); each such frame is a keyframe, and runs of consecutive frames are its segments.
 */
function framesOf(
  objects: readonly VideoObjectAnnotation[],
  masks: readonly VideoMaskAnnotation[],
  options: VideoExportOptions,
) {
  const interpolate = options.interpolatedFrames ?? false;
  const frames: Record<string, FrameBlock> = {};
  const segments: Record<string, [number, number][]> = {};
  const keyframes: Record<string, Record<string, boolean>> = {};
  for (const m of masks) {
    segments[m.uuid] = frameRuns(m.frames.map((f) => f.index));
    const map: Record<string, boolean> = {};
    for (const f of m.frames) {
      const block = (frames[f.index] ??= { objects: {}, classifications: [] });
      block.objects[m.uuid] = {
        feature_id: m.uuid,
        feature_schema_id: m.featureSchemaId,
        name: m.name,
        value: featureValue(m.name),
        annotation_kind: videoMaskAnnotationKind(m),
        classifications: [],
        ...videoMaskFrameFields(m, f, options.maskFileUrl),
      };
      map[f.index] = true;
    }
    keyframes[m.uuid] = map;
  }
  for (const o of objects) {
    segments[o.uuid] = segmentRanges(o);
    const map: Record<string, boolean> = {};
    for (const state of videoObjectFrames(o, interpolate)) {
      const block = (frames[state.frame] ??= { objects: {}, classifications: [] });
      block.objects[o.uuid] = frameObject(o, state);
      if (state.keyframe) map[state.frame] = true;
    }
    keyframes[o.uuid] = map;
  }
  return { frames, segments, keyframes };
}

const videoObjects = (doc: LabelDocument) =>
  doc.objects.filter((o): o is VideoObjectAnnotation => o.kind === 'video-object');
const videoMasks = (doc: LabelDocument) =>
  doc.objects.filter((o): o is VideoMaskAnnotation => o.kind === 'video-mask');

/**
 * A video label as export v2 lays it out: `frames{frame: {objects{feature_id: …}, classifications}}`,
 * `segments{feature_id: [[start, end]]}` for objects and frame-ranged classifications, `key_frame_feature_map
 * {feature_id: {frame: true}}`, and the label's classifications. Classifications imported with `frames` are listed
 * once under `classifications` with their ranges under `segments`, as Labelbox exports them (the SDK's
 * `expected_export_v2_video`: `frames: {}`, `segments: {<id>: [[7, 13], [18, 19]]}`).
 */
export function toV2VideoAnnotations(
  doc: LabelDocument,
  options: VideoExportOptions = {},
): Record<string, unknown> {
  const { frames, segments, keyframes } = framesOf(
    videoObjects(doc).filter((o) => o.groupKey === undefined),
    videoMasks(doc).filter((o) => o.groupKey === undefined),
    options,
  );
  for (const c of doc.classifications)
    if (c.frames !== undefined) segments[c.uuid] = c.frames.map((r) => [r.start, r.end]);
  return {
    frames,
    segments,
    key_frame_feature_map: keyframes,
    classifications: doc.classifications.map(classificationToV2),
  };
}

const GROUP_NAMES: Readonly<Record<DicomGroupKey, string>> = {
  axial: 'Axial',
  sagittal: 'Sagittal',
  coronal: 'Coronal',
};

/**
 * A DICOM label as export v2 lays it out: `groups{Axial|Sagittal|Coronal: {name, classifications, frames}}`,
 * `segments` and `key_frame_feature_map` per plane, and the label's classifications (the SDK's
 * `expected_export_v2_dicom`).
 */
export function toV2DicomAnnotations(
  doc: LabelDocument,
  options: VideoExportOptions = {},
): Record<string, unknown> {
  const objects = videoObjects(doc).filter((o) => o.groupKey !== undefined);
  const masks = videoMasks(doc).filter((o) => o.groupKey !== undefined);
  const groups: Record<string, unknown> = {};
  const segments: Record<string, unknown> = {};
  const keyFrames: Record<string, Record<string, Record<string, boolean>>> = {};
  for (const key of DICOM_GROUP_KEYS) {
    const name = GROUP_NAMES[key];
    const mine = objects.filter((o) => o.groupKey === key);
    const mineMasks = masks.filter((o) => o.groupKey === key);
    const plane = framesOf(mine, mineMasks, options);
    groups[name] = { name, classifications: [], frames: plane.frames };
    segments[name] = plane.segments;
    for (const o of [...mine, ...mineMasks]) (keyFrames[o.uuid] ??= {})[name] = plane.keyframes[o.uuid]!;
  }
  for (const o of [...objects, ...masks])
    for (const key of DICOM_GROUP_KEYS) (keyFrames[o.uuid] ??= {})[GROUP_NAMES[key]] ??= {};
  return {
    groups,
    segments,
    classifications: doc.classifications.map(classificationToV2),
    key_frame_feature_map: keyFrames,
  };
}
