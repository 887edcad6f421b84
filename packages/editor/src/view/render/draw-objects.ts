import type { ObjectAnnotation } from '@labelyard/schema';

/**
 * Adds an object's outline to the current path. Callers batch every object of one colour into one path and fill
 * and stroke it once: thousands of objects cost a handful of draw calls, not one per object.
 */
export function traceObject(ctx: CanvasRenderingContext2D, o: ObjectAnnotation, pointRadius: number): void {
  switch (o.kind) {
    case 'bbox':
      ctx.rect(o.bbox.left, o.bbox.top, o.bbox.width, o.bbox.height);
      return;
    case 'polygon':
    case 'polyline': {
      const pts = o.points;
      ctx.moveTo(pts[0].x, pts[0].y);
      for (let i = 1; i < pts.length; i++) ctx.lineTo(pts[i].x, pts[i].y);
      if (o.kind === 'polygon') ctx.closePath();
      return;
    }
    case 'point':
      ctx.moveTo(o.point.x + pointRadius, o.point.y);
      ctx.arc(o.point.x, o.point.y, pointRadius, 0, Math.PI * 2);
      return;
    case 'mask':
    case 'text-entity':
    case 'document-entity':
    case 'video-object':
    case 'message-evaluation':
      return;
  }
}

/** Whether a kind's outline is filled (areas) or only stroked (lines). */
export const filled = (o: ObjectAnnotation) =>
  o.kind === 'bbox' || o.kind === 'polygon' || o.kind === 'point';
