import type { BinaryMask, Box, MaskAnnotation, ObjectAnnotation } from '@labelyard/schema';
import { featureColor } from '../../actions/features.ts';
import type { Editor, EditorChange } from '../../editor.ts';
import { visibleWorld } from '../../geometry/camera.ts';
import { expandBox } from '../../geometry/spatial-index.ts';
import { strokePixels } from '../../tools/brush/painting.ts';
import { filled, tinyBounds, traceObject } from './draw-objects.ts';
import { MaskBitmaps } from './mask-bitmaps.ts';
import { drawOverlay } from './overlay.ts';

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

/** Host functions the renderer needs (no ambient globals in library code). */
export type RenderHost = {
  readonly requestFrame: (cb: () => void) => number;
  readonly cancelFrame: (handle: number) => void;
  readonly devicePixelRatio: number;
  readonly createCanvas: (w: number, h: number) => HTMLCanvasElement;
};

export type FrameStats = { scene: number; overlay: number; drawn: number };

/**
 * Draws the editor on two stacked canvases: the scene (image, objects, masks) and the overlay (selection,
 * handles, hover, the shape being drawn). Objects are culled to the viewport through the spatial index and batched
 * into one path per colour. Only what changed is redrawn, on the next animation frame: a hover or a selection
 * touches the overlay alone; record and camera changes redraw the scene.
 */
export class CanvasRenderer {
  private sceneDirty = true;
  private overlayDirty = true;
  private frame: number | undefined;
  private readonly masks: MaskBitmaps;
  private readonly unsubscribe: () => void;
  /** Timing of the last frame, for the benchmark and the debug readout. */
  lastFrame: FrameStats = { scene: 0, overlay: 0, drawn: 0 };
  onFrame: ((stats: FrameStats) => void) | undefined;

  constructor(
    private readonly editor: Editor,
    private readonly scene: HTMLCanvasElement,
    private readonly overlay: HTMLCanvasElement,
    private readonly host: RenderHost,
    private background: BackgroundSource | undefined,
    private readonly now: () => number = () => 0,
  ) {
    this.masks = new MaskBitmaps(host.createCanvas);
    this.lastInstanceForScene = editor.instance;
    this.unsubscribe = editor.subscribe((c) => this.onChange(c));
    this.schedule();
  }

  dispose(): void {
    this.unsubscribe();
    if (this.frame !== undefined) this.host.cancelFrame(this.frame);
  }

  setBackground(background: BackgroundSource | undefined): void {
    this.background = background;
    this.sceneDirty = true;
    this.schedule();
  }

  /** Resizes both canvases to the viewport at the device pixel ratio. */
  resize(width: number, height: number): void {
    const dpr = this.host.devicePixelRatio;
    for (const c of [this.scene, this.overlay]) {
      c.width = Math.round(width * dpr);
      c.height = Math.round(height * dpr);
      c.style.width = `${width}px`;
      c.style.height = `${height}px`;
    }
    this.editor.setViewport({ width, height });
    this.sceneDirty = this.overlayDirty = true;
    this.schedule();
  }

  private onChange(change: EditorChange): void {
    if (change.camera || change.records.size > 0) this.sceneDirty = this.overlayDirty = true;
    if (change.instance) {
      this.overlayDirty = true;
      // Visibility, adjustments and live brush strokes change the scene itself.
      if (this.editor.instance !== this.lastInstanceForScene) this.sceneDirty ||= this.sceneInputsChanged();
    }
    this.schedule();
  }

  private lastInstanceForScene;
  private sceneInputsChanged(): boolean {
    const a = this.lastInstanceForScene;
    const b = this.editor.instance;
    this.lastInstanceForScene = b;
    return (
      a.hiddenIds !== b.hiddenIds ||
      a.hiddenFeatures !== b.hiddenFeatures ||
      a.brightness !== b.brightness ||
      a.contrast !== b.contrast ||
      a.frame !== b.frame ||
      this.editor.path.startsWith('brush.painting') ||
      this.editor.path.startsWith('eraser.painting')
    );
  }

  private schedule(): void {
    if (this.frame !== undefined) return;
    this.frame = this.host.requestFrame(() => {
      this.frame = undefined;
      this.render();
    });
  }

  /** Draws now whatever is dirty (the benchmark calls this to time frames). */
  render(): void {
    const t0 = this.now();
    let drawn = this.lastFrame.drawn;
    if (this.sceneDirty) {
      drawn = this.drawScene();
      this.sceneDirty = false;
    }
    const t1 = this.now();
    if (this.overlayDirty) {
      const ctx = this.overlay.getContext('2d')!;
      this.prepare(ctx, this.overlay);
      drawOverlay(ctx, this.editor);
      this.overlayDirty = false;
    }
    this.lastFrame = { scene: t1 - t0, overlay: this.now() - t1, drawn };
    this.onFrame?.(this.lastFrame);
  }

  private prepare(ctx: CanvasRenderingContext2D, canvas: HTMLCanvasElement): void {
    const { x, y, z } = this.editor.camera;
    const dpr = this.host.devicePixelRatio;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.setTransform(dpr * z, 0, 0, dpr * z, -x * z * dpr, -y * z * dpr);
  }

  private drawScene(): number {
    const editor = this.editor;
    const ctx = this.scene.getContext('2d')!;
    this.prepare(ctx, this.scene);
    const z = editor.camera.z;
    const world = visibleWorld(editor.camera, editor.viewport);
    const { brightness, contrast } = editor.instance;
    if (this.background) {
      if (brightness !== 1 || contrast !== 1) ctx.filter = `brightness(${brightness}) contrast(${contrast})`;
      this.background.draw(ctx, world);
      ctx.filter = 'none';
    }
    // Unordered: shapes are batched by colour, so only masks (drawn one by one, few) need the draw order.
    const visible = editor.objectsIn(expandBox(world, 4 / z), { ordered: false });
    const live = new Map(strokePixels(editor).map((s) => [s.uuid, s.pixels]));
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
    for (const m of masks) this.drawMask(ctx, m, featureColor(editor, m.featureSchemaId), live.get(m.uuid));
    for (const [uuid, pixels] of live) {
      if (uuid !== undefined) continue;
      ctx.globalAlpha = 0.45;
      ctx.drawImage(
        this.masks.get(pixels, featureColor(editor, editor.instance.activeFeatureId ?? ''), true),
        0,
        0,
      );
      ctx.globalAlpha = 1;
    }
    const lineWidth = 1.5 / z;
    const pointRadius = 4 / z;
    ctx.lineWidth = lineWidth;
    const pixel = 1 / z;
    const indexed = (uuid: string) => editor.boundsOf(uuid);
    // Mitred corners: boxes look the same and the rasteriser does far less work than with round joins.
    ctx.lineJoin = 'miter';
    ctx.miterLimit = 2;
    for (const [color, list] of byColor) {
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
    this.drawRelationships(ctx, z);
    return visible.length;
  }

  private drawMask(
    ctx: CanvasRenderingContext2D,
    o: MaskAnnotation,
    color: string,
    live: BinaryMask | undefined,
  ): void {
    const pixels = live ?? this.editor.maskPixels(o);
    if (!pixels) return;
    ctx.globalAlpha = 0.45;
    ctx.drawImage(this.masks.get(pixels, color, live !== undefined), 0, 0);
    ctx.globalAlpha = 1;
  }

  private drawRelationships(ctx: CanvasRenderingContext2D, z: number): void {
    const center = (uuid: string) => {
      const b = this.editor.boundsOf(uuid);
      return b && { x: b.left + b.width / 2, y: b.top + b.height / 2 };
    };
    ctx.beginPath();
    const heads: Array<[number, number, number]> = [];
    for (const r of this.editor.store.all()) {
      if (r.kind !== 'relationship' || !this.editor.isVisible(r)) continue;
      const a = center(r.source);
      const b = center(r.target);
      if (!a || !b) continue;
      ctx.moveTo(a.x, a.y);
      ctx.lineTo(b.x, b.y);
      heads.push([b.x, b.y, Math.atan2(b.y - a.y, b.x - a.x)]);
    }
    const s = 10 / z;
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
}
