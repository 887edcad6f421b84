import type { Box, MaskAnnotation, ObjectAnnotation } from '@labelyard/schema';
import { featureColor } from '../../actions/features.ts';
import type { Editor } from '../../editor.ts';
import { expandBox, intersects } from '../../geometry/spatial-index.ts';
import { filled, tinyBounds, traceObject } from './draw-objects.ts';

/** The image under the objects: one bitmap now; a tiled, georeferenced source implements the same call later. */
export type BackgroundSource = {
  /** Draws the part of the background inside the world rectangle, under the current transform. */
  draw(
    ctx: CanvasRenderingContext2D,
    world: { left: number; top: number; width: number; height: number },
  ): void;
};

export function imageBackground(image: CanvasImageSource, width: number, height: number): BackgroundSource {
  return { draw: (ctx) => ctx.drawImage(image, 0, 0, width, height) };
}

/** What a region is painted with besides the records: the background and the masks' coloured bitmaps. */
export type SceneResources = {
  readonly background: () => BackgroundSource | undefined;
  /** A mask's bitmap in its colour (a stroke in progress: its working pixels), or undefined when not loaded. */
  readonly maskImage: (mask: MaskAnnotation, color: string) => CanvasImageSource | undefined;
  /** Masks being painted that are not records yet. */
  readonly newStrokes: () => readonly CanvasImageSource[];
  /** The ids of the relationship records (few; the painter does not scan every record for them). */
  readonly relationships: Iterable<string>;
};

/** World units, at zoom 1, that culling adds around a region (shapes' strokes and markers reach past it). */
const CULL_PAD_PIXELS = 6;

/** The visible objects a region's painting draws (its culling query, for callers that estimate the cost first). */
export function sceneObjects(editor: Editor, region: Box, z: number): ObjectAnnotation[] {
  return editor.objectsIn(expandBox(region, CULL_PAD_PIXELS / z), { ordered: false });
}

/**
 * Paints the scene (background, masks, shapes, relationship lines) inside a world region, under a transform the
 * caller set (`z` screen pixels per world unit); `visible` is `sceneObjects` of the region. The one painter of the scene: the renderer's tiles and a full
 * redraw both go through it, so they draw the same thing. Shapes are batched into one path per colour, colours in
 * a fixed order (a region's picture never depends on which objects the query returned first), masks in draw order.
 * Returns how many objects it drew.
 */
export function paintScene(
  ctx: CanvasRenderingContext2D,
  editor: Editor,
  region: Box,
  z: number,
  res: SceneResources,
  visible: readonly ObjectAnnotation[] = sceneObjects(editor, region, z),
): number {
  const { brightness, contrast } = editor.instance;
  const background = res.background();
  if (background) {
    if (brightness !== 1 || contrast !== 1) ctx.filter = `brightness(${brightness}) contrast(${contrast})`;
    background.draw(ctx, region);
    ctx.filter = 'none';
  }
  const cull = expandBox(region, CULL_PAD_PIXELS / z);
  const byColor = new Map<string, ObjectAnnotation[]>();
  const masks: MaskAnnotation[] = [];
  for (const o of visible) {
    if (o.kind === 'mask') {
      masks.push(o);
      continue;
    }
    const color = featureColor(editor, o.featureSchemaId);
    let list = byColor.get(color);
    if (!list) byColor.set(color, (list = []));
    list.push(o);
  }
  masks.sort((a, b) => editor.orderOf(a.uuid) - editor.orderOf(b.uuid));
  ctx.globalAlpha = 0.45;
  for (const m of masks) {
    const image = res.maskImage(m, featureColor(editor, m.featureSchemaId));
    if (image) ctx.drawImage(image, 0, 0);
  }
  for (const image of res.newStrokes()) ctx.drawImage(image, 0, 0);
  ctx.globalAlpha = 1;
  const pointRadius = 4 / z;
  const pixel = 1 / z;
  const indexed = (uuid: string) => editor.boundsOf(uuid);
  ctx.lineWidth = 1.5 / z;
  // Mitred corners: boxes look the same and the rasteriser does far less work than with round joins.
  ctx.lineJoin = 'miter';
  ctx.miterLimit = 2;
  for (const color of [...byColor.keys()].sort()) {
    const list = byColor.get(color)!;
    const dots: Box[] = [];
    ctx.beginPath();
    for (const o of list) {
      if (!filled(o)) continue;
      const tiny = tinyBounds(o, pixel, indexed);
      if (tiny) dots.push(tiny);
      else traceObject(ctx, o, pointRadius, pixel);
    }
    ctx.fillStyle = color;
    ctx.globalAlpha = 0.18;
    ctx.fill();
    ctx.globalAlpha = 1;
    ctx.strokeStyle = color;
    ctx.stroke();
    ctx.beginPath();
    for (const o of list) {
      if (filled(o)) continue;
      const tiny = tinyBounds(o, pixel, indexed);
      if (tiny) dots.push(tiny);
      else traceObject(ctx, o, pointRadius, pixel);
    }
    ctx.stroke();
    if (dots.length > 0) {
      // A shape a few pixels wide on screen is its outline colour: one solid fill for all of them.
      ctx.beginPath();
      for (const b of dots) ctx.rect(b.left, b.top, Math.max(b.width, pixel), Math.max(b.height, pixel));
      ctx.fill();
    }
  }
  paintRelationships(ctx, editor, res.relationships, cull, z);
  return visible.length;
}

function paintRelationships(
  ctx: CanvasRenderingContext2D,
  editor: Editor,
  ids: Iterable<string>,
  cull: Box,
  z: number,
): void {
  const centre = (uuid: string) => {
    const b = editor.boundsOf(uuid);
    return b && { x: b.left + b.width / 2, y: b.top + b.height / 2 };
  };
  const s = 10 / z;
  const reach = expandBox(cull, s);
  const heads: Array<[number, number, number]> = [];
  ctx.beginPath();
  for (const id of ids) {
    const r = editor.get(id);
    if (r?.kind !== 'relationship' || !editor.isVisible(r)) continue;
    const a = centre(r.source);
    const b = centre(r.target);
    if (!a || !b) continue;
    const line = {
      left: Math.min(a.x, b.x),
      top: Math.min(a.y, b.y),
      width: Math.abs(a.x - b.x),
      height: Math.abs(a.y - b.y),
    };
    if (!intersects(line, reach)) continue;
    ctx.moveTo(a.x, a.y);
    ctx.lineTo(b.x, b.y);
    heads.push([b.x, b.y, Math.atan2(b.y - a.y, b.x - a.x)]);
  }
  if (heads.length === 0) return;
  for (const [x, y, angle] of heads) {
    ctx.moveTo(x, y);
    ctx.lineTo(x - s * Math.cos(angle - 0.4), y - s * Math.sin(angle - 0.4));
    ctx.moveTo(x, y);
    ctx.lineTo(x - s * Math.cos(angle + 0.4), y - s * Math.sin(angle + 0.4));
  }
  ctx.strokeStyle = '#ffffff';
  ctx.lineWidth = 2 / z;
  ctx.setLineDash([6 / z, 4 / z]);
  ctx.stroke();
  ctx.setLineDash([]);
}
