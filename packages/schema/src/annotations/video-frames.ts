import type { Box, Point } from '../geometry/types.ts';
import type { ClassificationAnnotation } from './classification.ts';
import type { VideoKeyframe, VideoObjectAnnotation } from './video-object.ts';

/** A video object on one frame: a keyframe, or a frame between two keyframes of a segment (interpolated). */
export type VideoFrameState = {
  readonly frame: number;
  readonly keyframe: boolean;
  readonly bbox?: Box;
  readonly point?: Point;
  readonly line?: readonly Point[];
  /** A keyframe's own classifications; interpolated frames carry the previous keyframe's. */
  readonly classifications: readonly ClassificationAnnotation[];
};

const lerp = (a: number, b: number, t: number) => a + (b - a) * t;
const lerpPoint = (a: Point, b: Point, t: number): Point => ({ x: lerp(a.x, b.x, t), y: lerp(a.y, b.y, t) });

/** Linear interpolation between two keyframes; a line whose point count changes holds the earlier keyframe. */
function between(from: VideoKeyframe, to: VideoKeyframe, frame: number): VideoFrameState {
  const t = (frame - from.frame) / (to.frame - from.frame);
  const base = { frame, keyframe: false, classifications: from.classifications };
  if (from.bbox && to.bbox) {
    const [a, b] = [from.bbox, to.bbox];
    return {
      ...base,
      bbox: {
        top: lerp(a.top, b.top, t),
        left: lerp(a.left, b.left, t),
        height: lerp(a.height, b.height, t),
        width: lerp(a.width, b.width, t),
      },
    };
  }
  if (from.point && to.point) return { ...base, point: lerpPoint(from.point, to.point, t) };
  if (from.line && to.line && from.line.length === to.line.length)
    return { ...base, line: from.line.map((p, i) => lerpPoint(p, to.line![i], t)) };
  return { ...base, ...(from.line && { line: from.line }) };
}

const atKeyframe = (kf: VideoKeyframe): VideoFrameState => ({ ...kf, keyframe: true });

/**
 * The frames a video object is exported on, in order: its keyframes, and with `interpolate` every frame between
 * two keyframes of the same segment too (Labelbox's `interpolated_frames` export option).
 */
export function videoObjectFrames(a: VideoObjectAnnotation, interpolate: boolean): VideoFrameState[] {
  const out: VideoFrameState[] = [];
  for (const { keyframes } of a.segments)
    keyframes.forEach((kf, i) => {
      out.push(atKeyframe(kf));
      const next = keyframes[i + 1];
      if (interpolate && next) for (let f = kf.frame + 1; f < next.frame; f++) out.push(between(kf, next, f));
    });
  return out;
}

/** The object on one frame (interpolated between keyframes), or undefined where no segment covers the frame. */
export function videoObjectAt(a: VideoObjectAnnotation, frame: number): VideoFrameState | undefined {
  for (const { keyframes } of a.segments) {
    const first = keyframes[0];
    const last = keyframes[keyframes.length - 1];
    if (frame < first.frame || frame > last.frame) continue;
    for (let i = 0; i < keyframes.length; i++) {
      if (keyframes[i].frame === frame) return atKeyframe(keyframes[i]);
      if (keyframes[i + 1] && frame < keyframes[i + 1].frame)
        return between(keyframes[i], keyframes[i + 1], frame);
    }
  }
  return undefined;
}

/** `[[start, end], …]`: the frame range of each segment. */
export const segmentRanges = (a: VideoObjectAnnotation): [number, number][] =>
  a.segments.map((s) => [s.keyframes[0].frame, s.keyframes[s.keyframes.length - 1].frame]);
