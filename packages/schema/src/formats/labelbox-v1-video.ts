import { classificationToV1 } from '../annotations/classification.ts';
import { featureValue } from '../annotations/common.ts';
import type { ConvertContext } from '../annotations/context.ts';
import type { LabelDocument } from '../annotations/label.ts';
import { videoObjectFrames } from '../annotations/video-frames.ts';

/** One frame of a legacy v1 video label: Labelbox's `{frameNumber, objects, classifications}`. */
export type V1VideoFrame = {
  readonly frameNumber: number;
  readonly objects: Record<string, unknown>[];
  readonly classifications: Record<string, unknown>[];
};

/** Frames a v1 video label lists at most (a frame range of a classification could otherwise span millions). */
export const MAX_V1_VIDEO_FRAMES = 100_000;

/** Whether a label is laid out per frame in v1: it holds video (not DICOM) objects, masks or frame classifications. */
export function isV1Video(doc: LabelDocument): boolean {
  return (
    doc.objects.some(
      (o) => (o.kind === 'video-object' || o.kind === 'video-mask') && o.groupKey === undefined,
    ) || doc.classifications.some((c) => c.frames !== undefined)
  );
}

/**
 * A video label in the legacy v1 shape (the SDK's `LBV1LabelAnnotationsVideo`): a list of frames in frame order,
 * each with the objects on it (`keyframe: true` on keyframes, `false` on frames interpolated between them) and the
 * classifications whose frame ranges cover it. Video masks give the frame's composite PNG as `instanceURI` with the
 * instance's `colorRGB`. Classifications without frames are listed on the first frame.
 */
export function toV1VideoLabel(doc: LabelDocument, ctx: ConvertContext = {}): V1VideoFrame[] {
  const frames = new Map<number, V1VideoFrame>();
  const at = (n: number): V1VideoFrame | undefined => {
    let f = frames.get(n);
    if (!f && frames.size < MAX_V1_VIDEO_FRAMES)
      frames.set(n, (f = { frameNumber: n, objects: [], classifications: [] }));
    return f;
  };
  for (const o of doc.objects) {
    const base = {
      featureId: o.uuid,
      schemaId: o.featureSchemaId,
      title: o.name,
      value: featureValue(o.name),
      color: ctx.color?.(o.featureSchemaId) ?? null,
    };
    if (o.kind === 'video-object' && o.groupKey === undefined) {
      for (const s of videoObjectFrames(o, true)) {
        const geometry = s.bbox
          ? { bbox: { top: s.bbox.top, left: s.bbox.left, height: s.bbox.height, width: s.bbox.width } }
          : s.point
            ? { point: { x: s.point.x, y: s.point.y } }
            : { line: (s.line ?? []).map((p) => ({ x: p.x, y: p.y })) };
        at(s.frame)?.objects.push({
          ...base,
          keyframe: s.keyframe,
          ...geometry,
          classifications: s.classifications.map(classificationToV1),
        });
      }
    } else if (o.kind === 'video-mask' && o.groupKey === undefined) {
      for (const f of o.frames) {
        const url = ctx.maskFileUrl?.(f.source) ?? (f.source.type === 'uri' ? f.source.uri : null);
        at(f.index)?.objects.push({
          ...base,
          keyframe: true,
          instanceURI: url,
          colorRGB: [...o.colorRGB],
          classifications: [],
        });
      }
    }
  }
  const global: Record<string, unknown>[] = [];
  for (const c of doc.classifications) {
    if (c.frames === undefined) {
      global.push(classificationToV1(c));
      continue;
    }
    for (const { start, end } of c.frames)
      for (let n = start; n <= end; n++) {
        const f = at(n);
        if (!f) break;
        f.classifications.push(classificationToV1(c));
      }
  }
  const list = [...frames.values()].sort((a, b) => a.frameNumber - b.frameNumber);
  if (global.length > 0) {
    if (list.length === 0) list.push({ frameNumber: 1, objects: [], classifications: [] });
    list[0]!.classifications.unshift(...global);
  }
  return list;
}
