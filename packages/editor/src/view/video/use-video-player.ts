import { useCallback, useEffect, useRef, useState } from 'react';
import { setVideoFrame } from '../../actions/video.ts';
import type { Editor } from '../../editor.ts';
import {
  clampFrame,
  DEFAULT_FRAME_RATE,
  FIRST_FRAME,
  frameAt,
  lastFrame,
  timeOf,
} from '../../video/clock.ts';

export type VideoPlayer = {
  readonly frame: number;
  readonly lastFrame: number;
  readonly frameRate: number;
  readonly playing: boolean;
  togglePlay(): void;
  pause(): void;
  /** Shows a frame (clamped to the video); pauses playback. */
  seek(frame: number): void;
  step(frames: number): void;
};

/**
 * Keeps a `<video>` element and the editor's current frame together. Paused, the editor's frame leads: seeking
 * sets it and moves the video to that frame's middle. Playing, the video leads: each presented frame
 * (`requestVideoFrameCallback`, else every animation frame) becomes the editor's frame.
 */
export function useVideoPlayer(editor: Editor, video: React.RefObject<HTMLVideoElement | null>): VideoPlayer {
  const fps = editor.media.video?.frameRate ?? DEFAULT_FRAME_RATE;
  const last = lastFrame(editor.media.video?.duration ?? 0, fps);
  const [playing, setPlaying] = useState(false);
  const playingRef = useRef(false);
  const frame = editor.instance.frame ?? FIRST_FRAME;

  const seek = useCallback(
    (target: number) => {
      const v = video.current;
      const f = clampFrame(target, last);
      if (v && !v.paused) v.pause();
      playingRef.current = false;
      setPlaying(false);
      setVideoFrame(editor, f);
      if (v) v.currentTime = timeOf(f, fps);
    },
    [editor, video, fps, last],
  );

  const pause = useCallback(() => {
    const v = video.current;
    if (!v || !playingRef.current) return;
    // Land on a whole frame: the one the video shows now.
    seek(frameAt(v.currentTime, fps));
  }, [video, fps, seek]);

  const togglePlay = useCallback(() => {
    const v = video.current;
    if (!v) return;
    if (playingRef.current) return pause();
    const view = v.ownerDocument.defaultView;
    if ((editor.instance.frame ?? FIRST_FRAME) >= last) v.currentTime = timeOf(FIRST_FRAME, fps);
    playingRef.current = true;
    setPlaying(true);
    const follow = () => {
      if (!playingRef.current) return;
      setVideoFrame(editor, clampFrame(frameAt(v.currentTime, fps), last));
      // Browsers without requestVideoFrameCallback (older Firefox) follow every animation frame.
      const withCallback = v as { requestVideoFrameCallback?: (cb: () => void) => number };
      if (withCallback.requestVideoFrameCallback) withCallback.requestVideoFrameCallback(follow);
      else view?.requestAnimationFrame(follow);
    };
    v.play().then(follow, () => {
      playingRef.current = false;
      setPlaying(false);
    });
  }, [editor, video, fps, last, pause]);

  useEffect(() => {
    const v = video.current;
    if (!v) return;
    const ended = () => {
      playingRef.current = false;
      setPlaying(false);
      setVideoFrame(editor, last);
    };
    // The video element may load after the editor's frame was set (a restored position): show that frame.
    const loaded = () => {
      if (!playingRef.current) v.currentTime = timeOf(editor.instance.frame ?? FIRST_FRAME, fps);
    };
    v.addEventListener('ended', ended);
    v.addEventListener('loadedmetadata', loaded);
    if (v.readyState >= 1) loaded();
    return () => {
      v.removeEventListener('ended', ended);
      v.removeEventListener('loadedmetadata', loaded);
    };
  }, [editor, video, fps, last]);

  const step = useCallback((n: number) => seek((editor.instance.frame ?? FIRST_FRAME) + n), [editor, seek]);
  return { frame, lastFrame: last, frameRate: fps, playing, togglePlay, pause, seek, step };
}
