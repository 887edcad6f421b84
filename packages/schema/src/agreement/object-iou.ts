import { bboxCorners, type BBoxAnnotation } from '../annotations/bbox.ts';
import type { DocumentEntityAnnotation } from '../annotations/document-entity.ts';
import type { ObjectAnnotation } from '../annotations/registry.ts';
import type { TextEntityAnnotation } from '../annotations/text-entity.ts';
import { messageEvaluationAgreement } from '../annotations/message-evaluation.ts';
import { videoObjectAt, type VideoFrameState } from '../annotations/video-frames.ts';
import type { VideoObjectAnnotation } from '../annotations/video-object.ts';
import type { BinaryMask, Point } from '../geometry/types.ts';
import { clamp01, polygonIou } from './polygon-overlap.ts';
import { widenedOverlapArea, widenPolyline } from './widened-polyline.ts';

/**
 * Radius, in pixels, that points and lines are widened by before their overlap is measured: Labelbox's metrics
 * buffer them by 70 px (labelbox.data.metrics.iou `buffer=70.0`), so two clicks 10 px apart mostly agree.
 */
export const POINT_LINE_BUFFER = 70;

/** Decoded mask pixels by annotation uuid; the caller reads blob- or URL-backed PNGs before scoring. */
export type MaskPixels = (mask: Extract<ObjectAnnotation, { kind: 'mask' }>) => BinaryMask | undefined;

function boxIou(a: BBoxAnnotation, b: BBoxAnnotation): number {
  if (a.rotation || b.rotation) {
    const ring = (x: BBoxAnnotation): Point[] => bboxCorners(x).map(([px, py]) => ({ x: px, y: py }));
    return polygonIou(ring(a), ring(b));
  }
  const w =
    Math.min(a.bbox.left + a.bbox.width, b.bbox.left + b.bbox.width) - Math.max(a.bbox.left, b.bbox.left);
  const h =
    Math.min(a.bbox.top + a.bbox.height, b.bbox.top + b.bbox.height) - Math.max(a.bbox.top, b.bbox.top);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return clamp01(inter / (a.bbox.width * a.bbox.height + b.bbox.width * b.bbox.height - inter));
}

/** Pixel IoU; pixels outside a smaller mask count as unset. Two empty masks agree fully. */
export function maskIou(a: BinaryMask, b: BinaryMask): number {
  let inter = 0;
  let union = 0;
  const width = Math.max(a.width, b.width);
  const height = Math.max(a.height, b.height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const pa = x < a.width && y < a.height ? a.data[y * a.width + x]! : 0;
      const pb = x < b.width && y < b.height ? b.data[y * b.width + x]! : 0;
      if (pa && pb) inter++;
      if (pa || pb) union++;
    }
  return union === 0 ? 1 : inter / union;
}

/**
 * Overlap of two character spans with inclusive ends (Labelbox's `start`/`end`): shared characters over the
 * characters either covers. Spans in different messages of a conversation do not overlap.
 */
export function spanIou(a: TextEntityAnnotation, b: TextEntityAnnotation): number {
  if ((a.messageId ?? '') !== (b.messageId ?? '')) return 0;
  const inter = Math.min(a.end, b.end) - Math.max(a.start, b.start) + 1;
  if (inter <= 0) return 0;
  const union = Math.max(a.end, b.end) - Math.min(a.start, b.start) + 1;
  return clamp01(inter / union);
}

/** IoU of two discs of radius r whose centres are d apart (closed form of the lens area). */
export function discIou(d: number, r: number): number {
  if (d >= 2 * r) return 0;
  const lens = 2 * r * r * Math.acos(d / (2 * r)) - (d / 2) * Math.sqrt(4 * r * r - d * d);
  return clamp01(lens / (2 * Math.PI * r * r - lens));
}

/**
 * IoU of two polylines widened by `r` (every point within r of the line: round caps and joins), computed exactly
 * from the regions' boundaries of segments and arcs (widened-polyline.ts), not sampled.
 */
export function polylineIou(a: readonly Point[], b: readonly Point[], r = POINT_LINE_BUFFER): number {
  const wa = widenPolyline(a, r);
  const wb = widenPolyline(b, r);
  const inter = widenedOverlapArea(wa, wb);
  const union = wa.area + wb.area - inter;
  return union <= 0 ? 0 : clamp01(inter / union);
}

/**
 * Geometric agreement of two objects of the same feature: IoU for boxes and polygons, pixel IoU for masks, span
 * overlap for text entities, widened-shape IoU for points and lines. Objects of different kinds agree 0.
 */
export function objectIou(a: ObjectAnnotation, b: ObjectAnnotation, maskPixels?: MaskPixels): number {
  if ((a.frame ?? -1) !== (b.frame ?? -1) || (a.page ?? -1) !== (b.page ?? -1)) return 0;
  switch (a.kind) {
    case 'bbox':
      return b.kind === 'bbox' ? boxIou(a, b) : 0;
    case 'polygon':
      return b.kind === 'polygon' ? polygonIou(a.points, b.points) : 0;
    case 'text-entity':
      return b.kind === 'text-entity' ? spanIou(a, b) : 0;
    case 'document-entity':
      return b.kind === 'document-entity' ? tokenIou(a, b) : 0;
    case 'point':
      return b.kind === 'point'
        ? discIou(Math.hypot(a.point.x - b.point.x, a.point.y - b.point.y), POINT_LINE_BUFFER)
        : 0;
    case 'polyline':
      return b.kind === 'polyline' ? polylineIou(a.points, b.points) : 0;
    case 'video-object':
      return b.kind === 'video-object' ? videoIou(a, b) : 0;
    case 'message-evaluation':
      return b.kind === 'message-evaluation' ? messageEvaluationAgreement(a.task, b.task) : 0;
    // Video mask frames are not decoded for scoring (yet): they agree 0, as external-URL image masks do.
    case 'video-mask':
      return 0;
    case 'mask': {
      if (b.kind !== 'mask') return 0;
      const pa = maskPixels?.(a);
      const pb = maskPixels?.(b);
      return pa && pb ? maskIou(pa, pb) : 0;
    }
  }
}

/**
 * Agreement of two tracked objects, scored per frame: the mean IoU over every frame that is a keyframe of either
 * (the other taken where it is interpolated; a frame outside its segments scores 0). Objects on different DICOM
 * planes, or of different shapes, agree 0.
 */
function videoIou(a: VideoObjectAnnotation, b: VideoObjectAnnotation): number {
  if (a.shape !== b.shape || (a.groupKey ?? '') !== (b.groupKey ?? '')) return 0;
  const frames = new Set([a, b].flatMap((o) => o.segments.flatMap((s) => s.keyframes.map((kf) => kf.frame))));
  let sum = 0;
  for (const f of frames) {
    const fa = videoObjectAt(a, f);
    const fb = videoObjectAt(b, f);
    if (fa && fb) sum += frameIou(fa, fb);
  }
  return frames.size === 0 ? 0 : sum / frames.size;
}

function frameIou(a: VideoFrameState, b: VideoFrameState): number {
  const base = { uuid: '', featureSchemaId: '', name: '', classifications: [] };
  if (a.bbox && b.bbox)
    return boxIou({ ...base, kind: 'bbox', bbox: a.bbox }, { ...base, kind: 'bbox', bbox: b.bbox });
  if (a.point && b.point)
    return discIou(Math.hypot(a.point.x - b.point.x, a.point.y - b.point.y), POINT_LINE_BUFFER);
  if (a.line && b.line) return polylineIou(a.line, b.line);
  return 0;
}

/** Token overlap of two document entities: shared (page, group, token) triples over all of either. */
function tokenIou(a: DocumentEntityAnnotation, b: DocumentEntityAnnotation): number {
  const keys = (d: DocumentEntityAnnotation) =>
    new Set(d.selections.flatMap((s) => s.tokenIds.map((t) => `${s.page}\u0000${s.groupId}\u0000${t}`)));
  const ka = keys(a);
  const kb = keys(b);
  let inter = 0;
  for (const k of ka) if (kb.has(k)) inter++;
  const union = ka.size + kb.size - inter;
  return union === 0 ? 0 : inter / union;
}
