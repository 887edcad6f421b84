import { useEffect, useRef } from 'react';
import type { Editor } from '../../editor.ts';
import { panBy, zoomAt } from '../../geometry/camera.ts';
import { drawVideoFrame } from './draw-video-frame.ts';
import { useSeekableSrc } from './use-seekable-src.ts';
import type { VideoPlayer } from './use-video-player.ts';
import { runVideoKey } from './video-keys.ts';
import { pointerModifiers, pointIn, toKeyEvent } from '../dom-events.ts';

type Props = {
  editor: Editor;
  src: string;
  video: React.RefObject<HTMLVideoElement | null>;
  player: VideoPlayer;
  readOnly: boolean;
  /** The engine tools this editor offers. */
  tools: readonly string[];
  onCheatSheet: () => void;
};

/**
 * The video under a canvas overlay. The `<video>` is placed by the editor's camera (a CSS transform), so zoom and
 * pan move picture and shapes together; the overlay draws the label on the current frame. Pointer events go to
 * the engine's tools; frame keys go to the player first. The middle button drags the view; the wheel zooms.
 */
export function VideoStage({ editor, src, video, player, readOnly, tools, onCheatSheet }: Props) {
  const stage = useRef<HTMLDivElement>(null);
  const overlay = useRef<HTMLCanvasElement>(null);
  const playerRef = useRef(player);
  playerRef.current = player;
  const playable = useSeekableSrc(src, video);

  useEffect(() => {
    const el = stage.current!;
    const canvas = overlay.current!;
    const view = el.ownerDocument.defaultView!;
    const ctx = canvas.getContext('2d')!;
    let dpr = view.devicePixelRatio || 1;
    let pending: number | undefined;
    const draw = () => {
      pending = undefined;
      drawVideoFrame(ctx, editor, dpr);
      const v = video.current;
      if (v) {
        const { x, y, z } = editor.camera;
        v.style.transform = `scale(${z}) translate(${-x}px, ${-y}px)`;
        v.style.filter = `brightness(${editor.instance.brightness}) contrast(${editor.instance.contrast})`;
      }
    };
    const schedule = () => {
      pending ??= view.requestAnimationFrame(draw);
    };
    const resize = () => {
      dpr = view.devicePixelRatio || 1;
      canvas.width = Math.round(el.clientWidth * dpr);
      canvas.height = Math.round(el.clientHeight * dpr);
      canvas.style.width = `${el.clientWidth}px`;
      canvas.style.height = `${el.clientHeight}px`;
      editor.setViewport({ width: el.clientWidth, height: el.clientHeight });
      schedule();
    };
    const observer = new view.ResizeObserver(resize);
    observer.observe(el);
    resize();
    editor.zoomToFit();
    const unsubscribe = editor.subscribe(schedule);
    return () => {
      unsubscribe();
      observer.disconnect();
      if (pending !== undefined) view.cancelAnimationFrame(pending);
    };
  }, [editor, video]);

  useEffect(() => {
    const el = stage.current!;
    const point = (e: { clientX: number; clientY: number }) => pointIn(el, e);
    let panning: { x: number; y: number } | undefined;
    const down = (e: PointerEvent) => {
      el.focus();
      el.setPointerCapture(e.pointerId);
      // Drawing or editing a frame while it plays would key the wrong frame: playback stops first.
      playerRef.current.pause();
      const p = point(e);
      if (e.button === 1) {
        panning = p;
        return;
      }
      editor.pointerDown(p, pointerModifiers(e));
    };
    const move = (e: PointerEvent) => {
      const p = point(e);
      if (panning) {
        editor.setCamera(panBy(editor.camera, p.x - panning.x, p.y - panning.y));
        panning = p;
        return;
      }
      editor.pointerMove(p, pointerModifiers(e));
    };
    const up = (e: PointerEvent) => {
      if (panning) {
        panning = undefined;
        return;
      }
      editor.pointerUp(point(e), pointerModifiers(e));
    };
    const wheel = (e: WheelEvent) => {
      e.preventDefault();
      editor.setCamera(zoomAt(editor.camera, point(e), Math.exp(-e.deltaY * (e.ctrlKey ? 0.01 : 0.002))));
    };
    const keydown = (e: KeyboardEvent) => {
      if (e.key === '?') {
        onCheatSheet();
        e.preventDefault();
        return;
      }
      const key = toKeyEvent(e);
      if (runVideoKey(key, playerRef.current, editor, readOnly) || editor.keyDown(key)) e.preventDefault();
      // The image editor's keys for tools a video has not (polygon, brush…) and their classes do nothing here.
      if (!tools.includes(editor.path.split('.')[0])) {
        editor.setTool('select');
        editor.setInstance({ activeFeatureId: undefined });
      }
    };
    const cancel = () => editor.cancel();
    const leave = () => editor.setInstance({ hoveredId: undefined });
    el.addEventListener('pointerdown', down);
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerup', up);
    el.addEventListener('pointercancel', cancel);
    el.addEventListener('pointerleave', leave);
    el.addEventListener('wheel', wheel, { passive: false });
    el.addEventListener('keydown', keydown);
    return () => {
      el.removeEventListener('pointerdown', down);
      el.removeEventListener('pointermove', move);
      el.removeEventListener('pointerup', up);
      el.removeEventListener('pointercancel', cancel);
      el.removeEventListener('pointerleave', leave);
      el.removeEventListener('wheel', wheel);
      el.removeEventListener('keydown', keydown);
    };
  }, [editor, onCheatSheet, readOnly, tools]);

  const { width, height } = editor.media;
  return (
    <div
      ref={stage}
      className="ly-stage ly-video-stage"
      tabIndex={0}
      role="application"
      aria-label="Video canvas"
      aria-roledescription="labeling canvas"
    >
      <video
        ref={video}
        src={playable}
        width={width}
        height={height}
        preload="auto"
        muted
        playsInline
        aria-label="Row video"
      />
      <canvas ref={overlay} aria-hidden="true" />
    </div>
  );
}
