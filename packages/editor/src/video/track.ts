import {
  videoObjectAt,
  type ClassificationAnnotation,
  type VideoKeyframe,
  type VideoObjectAnnotation,
  type VideoSegment,
} from '@labelyard/schema';

/** A keyframe's geometry, whichever the object's shape (`bbox`, `point` or `line`). */
export type TrackGeometry = Pick<VideoKeyframe, 'bbox' | 'point' | 'line'>;

/**
 * A tracked object on one frame. Inside a segment it is a keyframe or interpolated between two (Labelbox's and
 * CVAT's linear interpolation). Outside every segment it is `outside`: not part of the label on that frame, shown
 * (to the selected object only) where it was last, so dragging it there continues the track with a keyframe.
 */
export type TrackFrame = {
  readonly geometry: TrackGeometry;
  readonly keyframe: boolean;
  readonly outside: boolean;
  readonly classifications: readonly ClassificationAnnotation[];
};

const geometryOf = (k: TrackGeometry): TrackGeometry =>
  k.bbox ? { bbox: k.bbox } : k.point ? { point: k.point } : { line: k.line! };

const first = (s: VideoSegment) => s.keyframes[0].frame;
const last = (s: VideoSegment) => s.keyframes[s.keyframes.length - 1].frame;

/** The object on `frame`: interpolated inside a segment, else held from the nearest earlier segment's end. */
export function trackAt(a: VideoObjectAnnotation, frame: number): TrackFrame {
  const inside = videoObjectAt(a, frame);
  if (inside)
    return {
      geometry: geometryOf(inside),
      keyframe: inside.keyframe,
      outside: false,
      classifications: inside.classifications,
    };
  const before = a.segments.filter((s) => last(s) < frame).at(-1);
  const held = before ? before.keyframes[before.keyframes.length - 1] : a.segments[0].keyframes[0];
  return {
    geometry: geometryOf(held),
    keyframe: false,
    outside: true,
    classifications: held.classifications,
  };
}

/** Every keyframe's frame, in order (the timeline's marks). */
export const keyframeFrames = (a: VideoObjectAnnotation): number[] =>
  a.segments.flatMap((s) => s.keyframes.map((k) => k.frame));

/** `[start, end]` of each segment (the timeline's bars). */
export const segmentSpans = (a: VideoObjectAnnotation): [number, number][] =>
  a.segments.map((s) => [first(s), last(s)]);

/** A new tracked object's segments: one keyframe on `frame`. */
export function firstSegment(frame: number, geometry: TrackGeometry): VideoSegment[] {
  return [{ keyframes: [{ frame, ...geometryOf(geometry), classifications: [] }] }];
}

/**
 * Sets the object's geometry on `frame` as a keyframe (replacing one there). Inside a segment the keyframe joins
 * it; outside, it extends the segment the object is held from (the nearest earlier one, or the first when `frame`
 * is before them all), as dragging a box on a later frame does in CVAT and Labelbox.
 */
export function setKeyframe(
  a: VideoObjectAnnotation,
  frame: number,
  geometry: TrackGeometry,
): VideoObjectAnnotation {
  const at = trackAt(a, frame);
  let i = a.segments.findIndex((s) => frame >= first(s) && frame <= last(s));
  if (i < 0)
    i = Math.max(
      0,
      a.segments.findLastIndex((s) => last(s) < frame),
    );
  const keyframe: VideoKeyframe = { frame, ...geometryOf(geometry), classifications: at.classifications };
  const keyframes = [...a.segments[i].keyframes.filter((k) => k.frame !== frame), keyframe].sort(
    (x, y) => x.frame - y.frame,
  );
  return { ...a, segments: a.segments.map((s, j) => (j === i ? { keyframes } : s)) };
}

/**
 * Deletes the keyframe on `frame`: its segment then interpolates across it, or ends at its neighbour. Undefined
 * when it was the object's only keyframe (the caller removes the object); the object itself when `frame` holds
 * no keyframe.
 */
export function deleteKeyframe(a: VideoObjectAnnotation, frame: number): VideoObjectAnnotation | undefined {
  if (!keyframeFrames(a).includes(frame)) return a;
  const segments = a.segments
    .map((s) => ({ keyframes: s.keyframes.filter((k) => k.frame !== frame) }))
    .filter((s) => s.keyframes.length > 0);
  return segments.length > 0 ? { ...a, segments } : undefined;
}

/**
 * Ends the object on `frame` (CVAT's "outside" from the next frame): the segment keeps its keyframes up to `frame`,
 * with a keyframe on `frame` where it was interpolated; its later keyframes start a new segment, so the object
 * shows again from the next one. Nothing changes on a frame outside every segment or at a segment's end.
 */
export function endAt(a: VideoObjectAnnotation, frame: number): VideoObjectAnnotation {
  const i = a.segments.findIndex((s) => frame >= first(s) && frame < last(s));
  if (i < 0) return a;
  const { keyframes } = a.segments[i];
  const at = trackAt(a, frame);
  const head = keyframes.filter((k) => k.frame < frame);
  const ending: VideoKeyframe = { frame, ...at.geometry, classifications: at.classifications };
  const tail = keyframes.filter((k) => k.frame > frame);
  const split: VideoSegment[] = [{ keyframes: [...head, ending] }, { keyframes: tail }];
  return { ...a, segments: [...a.segments.slice(0, i), ...split, ...a.segments.slice(i + 1)] };
}
