/**
 * Frame numbers ↔ media time. Frames are numbered from 1, as Labelbox numbers video frames in its editor, exports
 * and imports (`"frame": 1` is the first picture): frame `n` is shown from `(n - 1) / fps` seconds.
 */
export const FIRST_FRAME = 1;

/** Used when the row's media attributes carry no frame rate (`frameRate`): the common rate of phone and web video. */
export const DEFAULT_FRAME_RATE = 30;

/** The frame shown at `time` seconds. */
export function frameAt(time: number, fps: number): number {
  // A hair of tolerance: a seek to a frame's start may land a rounding error before it.
  return FIRST_FRAME + Math.max(0, Math.floor(time * fps + 1e-3));
}

/** The time to seek to for `frame`: its middle, so the decoder lands on it whatever its rounding. */
export function timeOf(frame: number, fps: number): number {
  return (frame - FIRST_FRAME + 0.5) / fps;
}

/** The last frame of a video `duration` seconds long (the first when the duration is unknown). */
export function lastFrame(duration: number, fps: number): number {
  if (!Number.isFinite(duration) || duration <= 0) return FIRST_FRAME;
  return FIRST_FRAME + Math.max(0, Math.ceil(duration * fps - 1e-3) - 1);
}

/** A frame kept within the video. */
export const clampFrame = (frame: number, last: number): number =>
  Math.min(last, Math.max(FIRST_FRAME, Math.round(frame)));
