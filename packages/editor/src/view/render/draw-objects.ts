import type { Box, ObjectAnnotation, Point } from '@labelyard/schema';

/** The path calls shapes are traced with (a CanvasRenderingContext2D is one; tests record them). */
export type PathSink = {
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  closePath(): void;
  rect(x: number, y: number, w: number, h: number): void;
  arc(x: number, y: number, radius: number, startAngle: number, endAngle: number): void;
};

/**
 * Adds an object's outline to the current path. Callers batch every object of one colour into one path and fill
 * and stroke it once: thousands of objects cost a handful of draw calls, not one per object.
 *
 * Level of detail: `pixel` is the world size of one screen pixel; polygon and line vertices within two pixels
 * (Manhattan distance, about 1.4 px) of the last one drawn are skipped: what the screen cannot show is not sent to
 * the rasteriser. Shapes smaller than `TINY_PIXELS` on screen are drawn by the renderer as dots (see `tinyBounds`).
 */
export function traceObject(ctx: PathSink, o: ObjectAnnotation, pointRadius: number, pixel = 0): void {
  switch (o.kind) {
    case 'bbox':
      ctx.rect(o.bbox.left, o.bbox.top, o.bbox.width, o.bbox.height);
      return;
    case 'polygon':
    case 'polyline':
      tracePoints(ctx, o.points, pixel, o.kind === 'polygon');
      return;
    case 'point':
      ctx.moveTo(o.point.x + pointRadius, o.point.y);
      ctx.arc(o.point.x, o.point.y, pointRadius, 0, Math.PI * 2);
      return;
    case 'mask':
    case 'text-entity':
    case 'document-entity':
    case 'video-object':
    case 'video-mask':
    case 'message-evaluation':
      return;
  }
}

/** Screen pixels under which a box, polygon or line is drawn as a solid dot of its bounds (no outline, no fill tint). */
export const TINY_PIXELS = 3;

/** The bounds to draw as a dot when the shape is tiny on screen, else undefined. */
export function tinyBounds(o: ObjectAnnotation, pixel: number, indexed: (uuid: string) => Box | undefined) {
  const b =
    o.kind === 'bbox' ? o.bbox : o.kind === 'polygon' || o.kind === 'polyline' ? indexed(o.uuid) : undefined;
  return b && b.width < TINY_PIXELS * pixel && b.height < TINY_PIXELS * pixel ? b : undefined;
}

function tracePoints(ctx: PathSink, pts: readonly Point[], pixel: number, closed: boolean) {
  let { x, y } = pts[0];
  ctx.moveTo(x, y);
  const last = pts.length - 1;
  for (let i = 1; i <= last; i++) {
    const p = pts[i];
    // The last vertex of a line is always drawn, so the line ends where it ends.
    if (Math.abs(p.x - x) + Math.abs(p.y - y) < 2 * pixel && (closed || i < last)) continue;
    x = p.x;
    y = p.y;
    ctx.lineTo(x, y);
  }
  if (closed) ctx.closePath();
}

/** Whether a kind's outline is filled (areas) or only stroked (lines). */
export const filled = (o: ObjectAnnotation) =>
  o.kind === 'bbox' || o.kind === 'polygon' || o.kind === 'point';
