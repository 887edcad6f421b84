import type { Point } from '@labelyard/schema';
import type { Editor } from '../editor.ts';

/** Screen pixels a pointer must travel before a press becomes a drag (clicks jitter). */
export const DRAG_THRESHOLD = 3;

export const movedPast = (a: Point, b: Point, threshold = DRAG_THRESHOLD) =>
  Math.hypot(a.x - b.x, a.y - b.y) > threshold;

/** Keeps a world point inside the image when its size is known (objects may not leave the image). */
export function clampToImage(editor: Editor, p: Point): Point {
  const { width, height } = editor.media;
  return {
    x: width === undefined ? p.x : Math.min(width, Math.max(0, p.x)),
    y: height === undefined ? p.y : Math.min(height, Math.max(0, p.y)),
  };
}

export function insideImage(editor: Editor, p: Point): boolean {
  const { width, height } = editor.media;
  return (
    p.x >= 0 && p.y >= 0 && (width === undefined || p.x <= width) && (height === undefined || p.y <= height)
  );
}

/** Rounds to 1/100 px: enough for any image, and it keeps exported numbers short. */
export const snap = (p: Point): Point => ({ x: Math.round(p.x * 100) / 100, y: Math.round(p.y * 100) / 100 });
