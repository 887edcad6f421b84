import { useEffect, useRef } from 'react';
import type { Editor } from '../editor.ts';
import { panBy, zoomAt } from '../geometry/camera.ts';
import { CanvasRenderer, imageBackground, type FrameStats } from './render/canvas-renderer.ts';
import { pointerModifiers, pointIn, toKeyEvent } from './dom-events.ts';

type Props = {
  editor: Editor;
  image: CanvasImageSource | undefined;
  onCheatSheet: () => void;
  onFrame?: (stats: FrameStats) => void;
  onRenderer?: (renderer: CanvasRenderer) => void;
};

/**
 * The canvas: feeds pointer, wheel, pinch and key events to the engine, and hosts the renderer. Space or the
 * middle button pans whatever the tool; the wheel (and a trackpad pinch, which arrives as ctrl+wheel) zooms about
 * the cursor; two-finger touch pinches and pans.
 */
export function ImageStage({ editor, image, onCheatSheet, onFrame, onRenderer }: Props) {
  const stage = useRef<HTMLDivElement>(null);
  const scene = useRef<HTMLCanvasElement>(null);
  const overlay = useRef<HTMLCanvasElement>(null);
  const renderer = useRef<CanvasRenderer | undefined>(undefined);

  useEffect(() => {
    const el = stage.current!;
    const view = el.ownerDocument.defaultView!;
    const r = new CanvasRenderer(
      editor,
      scene.current!,
      overlay.current!,
      {
        requestFrame: (cb) => view.requestAnimationFrame(cb),
        cancelFrame: (h) => view.cancelAnimationFrame(h),
        devicePixelRatio: view.devicePixelRatio || 1,
        createCanvas: (w, h) =>
          Object.assign(el.ownerDocument.createElement('canvas'), { width: w, height: h }),
      },
      undefined,
      () => view.performance.now(),
    );
    renderer.current = r;
    r.onFrame = onFrame;
    onRenderer?.(r);
    const resize = () => r.resize(el.clientWidth, el.clientHeight);
    const observer = new view.ResizeObserver(resize);
    observer.observe(el);
    resize();
    editor.zoomToFit();
    return () => {
      observer.disconnect();
      r.dispose();
    };
  }, [editor, onFrame, onRenderer]);

  useEffect(() => {
    const { width, height } = editor.media;
    renderer.current?.setBackground(
      image && width && height ? imageBackground(image, width, height) : undefined,
    );
  }, [editor, image]);

  useEffect(() => {
    const el = stage.current!;
    const point = (e: { clientX: number; clientY: number }) => pointIn(el, e);
    let space = false;
    let panning: { x: number; y: number } | undefined;
    const touches = new Map<number, { x: number; y: number }>();
    const down = (e: PointerEvent) => {
      el.focus();
      el.setPointerCapture(e.pointerId);
      const p = point(e);
      if (e.pointerType === 'touch') {
        touches.set(e.pointerId, p);
        if (touches.size > 1) return editor.cancel();
      }
      if (space || e.button === 1) {
        panning = p;
        return;
      }
      editor.pointerDown(p, pointerModifiers(e));
    };
    const move = (e: PointerEvent) => {
      const p = point(e);
      if (e.pointerType === 'touch' && touches.size > 1) {
        const before = [...touches.values()];
        touches.set(e.pointerId, p);
        const after = [...touches.values()];
        const d0 = Math.hypot(before[0].x - before[1].x, before[0].y - before[1].y);
        const d1 = Math.hypot(after[0].x - after[1].x, after[0].y - after[1].y);
        const c0 = { x: (before[0].x + before[1].x) / 2, y: (before[0].y + before[1].y) / 2 };
        const c1 = { x: (after[0].x + after[1].x) / 2, y: (after[0].y + after[1].y) / 2 };
        editor.setCamera(zoomAt(panBy(editor.camera, c1.x - c0.x, c1.y - c0.y), c1, d0 > 0 ? d1 / d0 : 1));
        return;
      }
      if (panning) {
        editor.setCamera(panBy(editor.camera, p.x - panning.x, p.y - panning.y));
        panning = p;
        return;
      }
      editor.pointerMove(p, pointerModifiers(e));
    };
    const up = (e: PointerEvent) => {
      touches.delete(e.pointerId);
      if (panning) {
        panning = undefined;
        return;
      }
      editor.pointerUp(point(e), pointerModifiers(e));
    };
    const wheel = (e: WheelEvent) => {
      e.preventDefault();
      const p = point(e);
      if (e.ctrlKey || e.metaKey || e.deltaMode !== 0 || Math.abs(e.deltaY) >= 50) {
        editor.setCamera(zoomAt(editor.camera, p, Math.exp(-e.deltaY * (e.ctrlKey ? 0.01 : 0.002))));
      } else {
        editor.setCamera(panBy(editor.camera, -e.deltaX, -e.deltaY));
      }
    };
    const dbl = (e: MouseEvent) => editor.doubleClick(point(e), pointerModifiers(e));
    const keydown = (e: KeyboardEvent) => {
      if (e.key === ' ') {
        space = true;
        e.preventDefault();
        return;
      }
      if (e.key === '?') {
        onCheatSheet();
        e.preventDefault();
        return;
      }
      if (editor.keyDown(toKeyEvent(e))) e.preventDefault();
    };
    const keyup = (e: KeyboardEvent) => {
      if (e.key === ' ') space = false;
    };
    const leave = () => editor.setInstance({ hoveredId: undefined });
    el.addEventListener('pointerdown', down);
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerup', up);
    el.addEventListener('pointercancel', () => editor.cancel());
    el.addEventListener('pointerleave', leave);
    el.addEventListener('wheel', wheel, { passive: false });
    el.addEventListener('dblclick', dbl);
    el.addEventListener('keydown', keydown);
    el.addEventListener('keyup', keyup);
    return () => {
      el.removeEventListener('pointerdown', down);
      el.removeEventListener('pointermove', move);
      el.removeEventListener('pointerup', up);
      el.removeEventListener('pointerleave', leave);
      el.removeEventListener('wheel', wheel);
      el.removeEventListener('dblclick', dbl);
      el.removeEventListener('keydown', keydown);
      el.removeEventListener('keyup', keyup);
    };
  }, [editor, onCheatSheet]);

  return (
    <div
      ref={stage}
      className="ly-stage"
      tabIndex={0}
      role="application"
      aria-label="Image canvas"
      aria-roledescription="labeling canvas"
    >
      <canvas ref={scene} aria-hidden="true" />
      <canvas ref={overlay} aria-hidden="true" />
    </div>
  );
}
