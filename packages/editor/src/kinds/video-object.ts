import type { ObjectAnnotation, VideoObjectAnnotation } from '@labelyard/schema';
import { setKeyframe, trackAt, type TrackFrame, type TrackGeometry } from '../video/track.ts';
import { boxKind } from './box.ts';
import type { EditorKindUtil, GeometryContext } from './kind-util.ts';
import { pointKind } from './point.ts';
import { polylineKind } from './polyline.ts';

/** The frame geometry is asked for: the editor's current frame, else the object's first keyframe (no timeline). */
const frameOf = (a: VideoObjectAnnotation, ctx: GeometryContext | undefined) =>
  ctx?.frame?.() ?? a.segments[0].keyframes[0].frame;

/** The object on a frame as the image record of its shape, so the box, point and line utils do the geometry. */
function asImage(a: VideoObjectAnnotation, g: TrackGeometry): ObjectAnnotation {
  const base = { uuid: a.uuid, featureSchemaId: a.featureSchemaId, name: a.name, classifications: [] };
  if (g.bbox) return { ...base, kind: 'bbox', bbox: g.bbox };
  if (g.point) return { ...base, kind: 'point', point: g.point };
  return { ...base, kind: 'polyline', points: g.line ?? [] };
}

function fromImage(o: ObjectAnnotation): TrackGeometry {
  if (o.kind === 'bbox') return { bbox: o.bbox };
  if (o.kind === 'point') return { point: o.point };
  return { line: o.kind === 'polyline' ? o.points : [] };
}

const utilOf = (o: ObjectAnnotation) =>
  (o.kind === 'bbox'
    ? boxKind
    : o.kind === 'point'
      ? pointKind
      : polylineKind) as EditorKindUtil<ObjectAnnotation>;

/** The object on the context's frame, drawn as its shape. */
export function videoObjectOnFrame(
  a: VideoObjectAnnotation,
  ctx: GeometryContext | undefined,
): { readonly shape: ObjectAnnotation; readonly at: TrackFrame } {
  const at = trackAt(a, frameOf(a, ctx));
  return { shape: asImage(a, at.geometry), at };
}

/** Applies an image edit to the object on the current frame: the result is a keyframe there. */
function edit(
  a: VideoObjectAnnotation,
  ctx: GeometryContext | undefined,
  change: (shape: ObjectAnnotation) => ObjectAnnotation,
): VideoObjectAnnotation {
  const { shape } = videoObjectOnFrame(a, ctx);
  return setKeyframe(a, frameOf(a, ctx), fromImage(change(shape)));
}

/**
 * Objects tracked through a video (keyframes in segments), edited on the editor's current frame: bounds, hits and
 * handles are those of the interpolated shape there; moving or resizing sets a keyframe on that frame. Outside its
 * segments an object is hit only while selected (it shows where it was last, to be dragged back into the track).
 */
export const videoObjectKind: EditorKindUtil<VideoObjectAnnotation> = {
  kind: 'video-object',
  bounds: (a, ctx) => {
    const { shape } = videoObjectOnFrame(a, ctx);
    return utilOf(shape).bounds(shape, ctx);
  },
  hitTest: (a, p, tol, ctx) => {
    const { shape, at } = videoObjectOnFrame(a, ctx);
    if (at.outside && !ctx.selected?.(a.uuid)) return false;
    return utilOf(shape).hitTest(shape, p, tol, ctx);
  },
  translate: (a, dx, dy, ctx) => edit(a, ctx, (s) => utilOf(s).translate(s, dx, dy)),
  handles: (a, ctx) => {
    const { shape } = videoObjectOnFrame(a, ctx);
    return utilOf(shape).handles(shape);
  },
  moveHandle: (a, id, p, ctx) => edit(a, ctx, (s) => utilOf(s).moveHandle(s, id, p)),
};
