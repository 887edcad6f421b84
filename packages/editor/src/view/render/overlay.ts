import type { Point } from '@labelyard/schema';
import { featureColor } from '../../actions/features.ts';
import type { Editor } from '../../editor.ts';
import { kindOf } from '../../kinds/registry.ts';
import { traceObject } from './draw-objects.ts';

/** Selection outlines, handles, the hovered object, per-object error markers and the shape being drawn. */
export function drawOverlay(ctx: CanvasRenderingContext2D, editor: Editor): void {
  const z = editor.camera.z;
  const { hoveredId, preview, errors } = editor.instance;
  ctx.lineWidth = 1.5 / z;
  const hovered = hoveredId === undefined ? undefined : editor.getObject(hoveredId);
  if (hovered && editor.isVisible(hovered) && !editor.selectedIds.has(hovered.uuid)) {
    ctx.beginPath();
    traceObject(ctx, hovered, 5 / z);
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 3 / z;
    ctx.stroke();
  }
  const selected = editor.selectedObjects().filter((o) => editor.isVisible(o));
  ctx.lineWidth = 2.5 / z;
  for (const o of selected) {
    ctx.beginPath();
    traceObject(ctx, o, 5 / z);
    ctx.strokeStyle = '#ffffff';
    ctx.stroke();
    const b = editor.boundsOf(o.uuid);
    if (o.kind === 'mask' && b) {
      ctx.setLineDash([4 / z, 4 / z]);
      ctx.strokeRect(b.left, b.top, b.width, b.height);
      ctx.setLineDash([]);
    }
  }
  if (selected.length <= 50) {
    const r = 4 / z;
    ctx.beginPath();
    for (const o of selected) {
      if (editor.isLocked(o)) continue;
      for (const h of kindOf(o).handles(o, editor.geometry)) ctx.rect(h.x - r, h.y - r, r * 2, r * 2);
    }
    ctx.fillStyle = '#ffffff';
    ctx.fill();
    ctx.strokeStyle = '#1e66f5';
    ctx.lineWidth = 1 / z;
    ctx.stroke();
  }
  // Objects the server refused get a red outline and a marker; the object list shows the message.
  ctx.beginPath();
  for (const uuid of errors.keys()) {
    const o = editor.getObject(uuid);
    if (o && editor.isVisible(o)) traceObject(ctx, o, 6 / z);
  }
  ctx.strokeStyle = '#e11d48';
  ctx.lineWidth = 3 / z;
  ctx.setLineDash([5 / z, 3 / z]);
  ctx.stroke();
  ctx.setLineDash([]);
  if (!preview) return;
  const color = featureColor(editor, editor.instance.activeFeatureId ?? '');
  ctx.strokeStyle = color;
  ctx.fillStyle = color;
  ctx.lineWidth = 2 / z;
  switch (preview.type) {
    case 'marquee': {
      ctx.setLineDash([4 / z, 4 / z]);
      ctx.strokeStyle = '#ffffff';
      const { from, to } = preview;
      ctx.strokeRect(
        Math.min(from.x, to.x),
        Math.min(from.y, to.y),
        Math.abs(to.x - from.x),
        Math.abs(to.y - from.y),
      );
      ctx.setLineDash([]);
      return;
    }
    case 'polygon':
    case 'polyline':
    case 'freehand': {
      const pts: Point[] =
        preview.type === 'freehand' || !preview.cursor
          ? [...preview.points]
          : [...preview.points, preview.cursor];
      ctx.beginPath();
      pts.forEach((p, i) => (i === 0 ? ctx.moveTo(p.x, p.y) : ctx.lineTo(p.x, p.y)));
      ctx.stroke();
      const r = 3.5 / z;
      ctx.beginPath();
      for (const p of preview.points) ctx.rect(p.x - r, p.y - r, r * 2, r * 2);
      ctx.fill();
      return;
    }
    case 'relationship':
      ctx.setLineDash([6 / z, 4 / z]);
      ctx.beginPath();
      ctx.moveTo(preview.from.x, preview.from.y);
      ctx.lineTo(preview.to.x, preview.to.y);
      ctx.strokeStyle = '#ffffff';
      ctx.stroke();
      ctx.setLineDash([]);
      return;
    case 'brush':
      ctx.beginPath();
      ctx.arc(preview.at.x, preview.at.y, preview.radius, 0, Math.PI * 2);
      ctx.strokeStyle = preview.erase ? '#ffffff' : color;
      ctx.stroke();
      return;
  }
}
