import type { ObjectAnnotation } from '@labelyard/schema';
import { featureColor } from '../../actions/features.ts';
import type { Editor } from '../../editor.ts';
import { kindOf } from '../../kinds/registry.ts';
import { videoObjectOnFrame } from '../../kinds/video-object.ts';
import { traceObject } from '../render/draw-objects.ts';

/** What one object looks like on the current frame: its shape there, and whether it is outside its segments. */
function onFrame(
  editor: Editor,
  o: ObjectAnnotation,
): { shape: ObjectAnnotation; outside: boolean; key: boolean } {
  if (o.kind !== 'video-object') return { shape: o, outside: false, key: false };
  const { shape, at } = videoObjectOnFrame(o, editor.geometry);
  return { shape, outside: at.outside, key: at.keyframe };
}

/**
 * Draws the label on the current video frame over the `<video>` element: every tracked object where it is on the
 * frame (interpolated between keyframes) in its class colour, keyframes with a solid outline and interpolated
 * frames dashed; the selected object with handles, and where it is outside its segments as a faint ghost (drag it
 * to continue the track). `dpr` is the canvas's device pixel ratio.
 */
export function drawVideoFrame(ctx: CanvasRenderingContext2D, editor: Editor, dpr: number): void {
  const { x, y, z } = editor.camera;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  ctx.setTransform(dpr * z, 0, 0, dpr * z, -x * z * dpr, -y * z * dpr);
  const { hoveredId } = editor.instance;
  for (const o of editor.objects()) {
    if (!editor.isVisible(o)) continue;
    const selected = editor.selectedIds.has(o.uuid);
    const { shape, outside, key } = onFrame(editor, o);
    if (outside && !selected) continue;
    const color = featureColor(editor, o.featureSchemaId);
    ctx.globalAlpha = outside ? 0.45 : 1;
    ctx.beginPath();
    traceObject(ctx, shape, 5 / z);
    if (shape.kind !== 'polyline') {
      ctx.fillStyle = color;
      ctx.globalAlpha = outside ? 0.05 : selected ? 0.25 : 0.15;
      ctx.fill();
      ctx.globalAlpha = outside ? 0.45 : 1;
    }
    ctx.setLineDash(outside || (o.kind === 'video-object' && !key) ? [6 / z, 4 / z] : []);
    ctx.strokeStyle = selected || o.uuid === hoveredId ? '#ffffff' : color;
    ctx.lineWidth = (selected ? 2.5 : 1.5) / z;
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.globalAlpha = 1;
    if (selected && !editor.isLocked(o)) {
      const r = 4 / z;
      ctx.beginPath();
      for (const h of kindOf(o).handles(o, editor.geometry)) ctx.rect(h.x - r, h.y - r, r * 2, r * 2);
      ctx.fillStyle = '#ffffff';
      ctx.fill();
      ctx.strokeStyle = color;
      ctx.lineWidth = 1 / z;
      ctx.stroke();
    }
  }
}
