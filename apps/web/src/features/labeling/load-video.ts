import { DEFAULT_FRAME_RATE, type VideoTiming } from '@labelyard/editor';

export type VideoMeta = { width: number; height: number } & VideoTiming;

/**
 * A video row's frame rate from its media attributes (`frameRate`, or `frame_rate` as Labelbox exports write it);
 * browsers do not report one, so without it the editor counts `DEFAULT_FRAME_RATE` (30) frames a second.
 */
export function frameRateOf(mediaAttributes: unknown): number {
  const attributes = typeof mediaAttributes === 'string' ? safeParse(mediaAttributes) : mediaAttributes;
  if (attributes && typeof attributes === 'object' && !Array.isArray(attributes)) {
    const a = attributes as Record<string, unknown>;
    for (const v of [a.frameRate, a.frame_rate, a.fps])
      if (typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= 1000) return v;
  }
  return DEFAULT_FRAME_RATE;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Reads a video's size and duration. Files a browser recorded (MediaRecorder WebM) state no duration: the video
 * is then sought past its end, which makes the browser find it.
 */
export function loadVideoMeta(src: string, mediaAttributes: unknown): Promise<VideoMeta> {
  return new Promise((resolve, reject) => {
    const v = document.createElement('video');
    v.preload = 'metadata';
    v.muted = true;
    const done = () => {
      if (!Number.isFinite(v.duration) || v.videoWidth === 0) return;
      resolve({
        width: v.videoWidth,
        height: v.videoHeight,
        duration: v.duration,
        frameRate: frameRateOf(mediaAttributes),
      });
      // The probe lets go of the file (the editor's own <video> plays it).
      v.removeAttribute('src');
      v.load();
    };
    v.onloadedmetadata = () => {
      if (Number.isFinite(v.duration)) done();
      else v.currentTime = 1e101;
    };
    v.ondurationchange = done;
    v.ontimeupdate = done;
    v.onerror = () => reject(new Error(`The video of this row could not be loaded (${src.slice(0, 120)})`));
    v.src = src;
  });
}
