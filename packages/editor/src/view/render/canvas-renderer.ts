import type { Box, MaskAnnotation } from '@labelyard/schema';
import { featureColor } from '../../actions/features.ts';
import type { Editor, EditorChange } from '../../editor.ts';
import { visibleWorld, type Camera } from '../../geometry/camera.ts';
import { expandBox, intersects } from '../../geometry/spatial-index.ts';
import { strokePixels } from '../../tools/brush/painting.ts';
import { MaskBitmaps } from './mask-bitmaps.ts';
import { drawOverlay } from './overlay.ts';
import { DIRTY_PAD_PIXELS, SceneInvalidation } from './scene-invalidation.ts';
import { paintScene, sceneObjects, type BackgroundSource, type SceneResources } from './scene-painter.ts';
import { key, renderZoom, snappedTransform, TILE, TileLevel, unkey } from './tile-level.ts';

export { imageBackground, type BackgroundSource } from './scene-painter.ts';

/** Host functions the renderer needs (no ambient globals in library code). */
export type RenderHost = {
  readonly requestFrame: (cb: () => void) => number;
  readonly cancelFrame: (handle: number) => void;
  readonly devicePixelRatio: number;
  readonly createCanvas: (w: number, h: number) => HTMLCanvasElement;
};

/**
 * One animation frame: `scene` ms composing the scene and rendering tiles (`tiles` of them, `drawn` objects
 * painted into them), `overlay` ms; `missing`: visible tiles not rendered yet at the target zoom (0 once the
 * picture is exact).
 */
export type FrameStats = { scene: number; overlay: number; drawn: number; tiles: number; missing: number };

/** A camera unchanged this long ends a gesture: the scene is then rendered anew at exactly its zoom. */
export const SETTLE_MS = 120;
/** Rendering time a frame may spend on tiles while the view moves (the rest of the frame is the browser's). */
export const TILE_BUDGET_MS = 6;
/** The same once the view is still: the picture sharpens faster, a frame may run a little long. */
export const SETTLED_BUDGET_MS = 12;
/** While moving, a visible slot with nothing to show gets a tile at least every this many frames. */
const STARVED_FRAMES = 4;
/**
 * While zooming, a cached level is shown scaled up to 4× (blurrier, but only while moving) or down to ½ (each tile
 * then covers less screen, so more of them are drawn) before a level at the new zoom starts.
 */
const MAX_UPSCALE = 4;
const MAX_DOWNSCALE = 2;

/**
 * Draws the editor on two stacked canvases, the way map engines do: the scene (image, masks, objects) is cached as
 * tiles of a zoom level and composed each frame, the overlay (selection, handles, hover, the shape being drawn)
 * is redrawn whole, as it is small.
 *
 * - Panning composes cached tiles at a whole-pixel offset; tiles coming into view (and a ring around it) render
 *   within a time budget per frame.
 * - Zooming scales the cached tiles at once. When the gesture pauses (`SETTLE_MS`), or the scale passes
 *   `MAX_UPSCALE` / `MAX_DOWNSCALE`, a level at the new zoom renders progressively, the old one showing where it
 *   is not ready.
 * - Edits redraw only the tiles their damage touches (`SceneInvalidation`), in the same frame.
 *
 * Each tile is painted by `paintScene` over its world rectangle, culled through the spatial index and batched by
 * colour, so once the view settles the picture is exactly what rendering the scene from nothing gives
 * (`renderFresh`, the browser tests compare the two pixel for pixel).
 */
export class CanvasRenderer {
  private sceneDirty = true;
  private overlayDirty = true;
  /** Tiles the view needs at once (an edit, a resize, the first frame): rendered without a budget. */
  private urgent = true;
  private pending = false;
  private frame: number | undefined;
  private frames = 0;
  private lastCameraChange = -Infinity;
  private readonly masks: MaskBitmaps;
  private readonly invalidation: SceneInvalidation;
  private readonly unsubscribe: () => void;
  private levels: Array<TileLevel<HTMLCanvasElement>> = [];
  private target: TileLevel<HTMLCanvasElement> | undefined;
  private readonly pool: HTMLCanvasElement[] = [];
  private live = new Map<string, HTMLCanvasElement>();
  private newStrokes: HTMLCanvasElement[] = [];
  private readonly resources: SceneResources;
  /** Measured cost of a tile (painting and rasterising): fixed part and per object, ms. */
  private tileBase = 0.5;
  private perObject = 0.004;
  /** False once a tile could not be read back (a cross-origin image without CORS taints every tile it is drawn on). */
  private tilesReadable = true;
  private lastTileFrame = 0;
  /** Timing of the last frame, for the benchmark and the debug readout. */
  lastFrame: FrameStats = { scene: 0, overlay: 0, drawn: 0, tiles: 0, missing: 0 };
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
    this.invalidation = new SceneInvalidation(editor);
    this.resources = {
      background: () => this.background,
      maskImage: (m, color) => this.maskImage(m, color),
      newStrokes: () => this.newStrokes,
      relationships: this.invalidation.relationshipIds(),
    };
    this.unsubscribe = editor.subscribe((c) => this.onChange(c));
    this.schedule();
  }

  dispose(): void {
    this.unsubscribe();
    if (this.frame !== undefined) this.host.cancelFrame(this.frame);
    this.levels = [];
    this.pool.length = 0;
  }

  setBackground(background: BackgroundSource | undefined): void {
    this.background = background;
    this.dropAll();
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
    this.sceneDirty = this.overlayDirty = this.urgent = true;
    this.schedule();
  }

  /** Whether the picture on screen is final: the target level is at the camera's zoom and every visible tile is in. */
  get complete(): boolean {
    return !this.pending && !this.sceneDirty && this.target?.z === renderZoom(this.editor.camera.z);
  }

  private onChange(change: EditorChange): void {
    if (change.camera) {
      this.lastCameraChange = this.now();
      this.sceneDirty = this.overlayDirty = true;
    }
    if (change.records.size > 0 || change.instance) this.overlayDirty = true;
    const damage = this.invalidation.take(change);
    if (damage.all) this.dropAll();
    else if (damage.boxes.length > 0) this.damage(damage.boxes);
    this.schedule();
  }

  private dropAll(): void {
    for (const level of this.levels) {
      for (const tile of level.tiles.values()) this.release(tile);
      level.tiles.clear();
    }
    this.sceneDirty = this.urgent = true;
  }

  private damage(boxes: readonly Box[]): void {
    const freed: HTMLCanvasElement[] = [];
    const view = visibleWorld(this.editor.camera, this.editor.viewport);
    for (const box of boxes) {
      for (const level of this.levels) level.invalidate(expandBox(box, DIRTY_PAD_PIXELS / level.z), freed);
      if (intersects(expandBox(box, DIRTY_PAD_PIXELS / this.editor.camera.z), view)) this.urgent = true;
    }
    for (const tile of freed) this.release(tile);
    this.sceneDirty = true;
  }

  private schedule(): void {
    if (this.frame !== undefined) return;
    this.frame = this.host.requestFrame(() => {
      this.frame = undefined;
      this.render();
    });
  }

  /** Draws now whatever is due (the benchmark calls this to time a click's redraw). */
  render(): void {
    const t0 = this.now();
    this.frames++;
    let stats = { drawn: 0, tiles: 0, missing: this.lastFrame.missing };
    if (this.sceneDirty || this.pending) {
      this.sceneDirty = false;
      stats = this.drawScene(t0);
    }
    const t1 = this.now();
    if (this.overlayDirty) {
      const ctx = this.overlay.getContext('2d')!;
      this.prepare(ctx, this.overlay);
      drawOverlay(ctx, this.editor);
      this.overlayDirty = false;
    }
    this.lastFrame = { scene: t1 - t0, overlay: this.now() - t1, ...stats };
    this.onFrame?.(this.lastFrame);
    if (this.pending) this.schedule();
  }

  private prepare(ctx: CanvasRenderingContext2D, canvas: HTMLCanvasElement): void {
    const [s, tx, ty] = snappedTransform(this.editor.camera, this.host.devicePixelRatio);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.setTransform(s, 0, 0, s, tx, ty);
  }

  /** The level to show at this camera: the exact zoom once settled; while moving, one within the scaling limit. */
  private pickLevel(camera: Camera, settled: boolean): TileLevel<HTMLCanvasElement> {
    const current = this.target;
    const z = renderZoom(camera.z);
    const usable = (l: TileLevel<HTMLCanvasElement>) => z / l.z <= MAX_UPSCALE && l.z / z <= MAX_DOWNSCALE;
    const ratio = (l: TileLevel<HTMLCanvasElement>) => Math.abs(Math.log(z / l.z));
    if (current && (current.z === z || (!settled && usable(current)))) return current;
    const exact = this.levels.find((l) => l.z === z);
    if (exact) return exact;
    if (!settled) {
      const near = this.levels.filter(usable).sort((a, b) => ratio(a) - ratio(b))[0];
      if (near) return near;
    }
    const level = new TileLevel<HTMLCanvasElement>(z, this.host.devicePixelRatio);
    this.levels.push(level);
    return level;
  }

  private drawScene(t0: number): { drawn: number; tiles: number; missing: number } {
    const editor = this.editor;
    const camera = editor.camera;
    const settled = t0 - this.lastCameraChange >= SETTLE_MS;
    const target = (this.target = this.pickLevel(camera, settled));
    target.used = this.frames;
    this.prepareStrokes();
    const view = visibleWorld(camera, editor.viewport);
    const range = target.range(view);
    const ctx = this.scene.getContext('2d')!;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.scene.width, this.scene.height);
    const missing: number[] = [];
    for (let i = range.i0; i <= range.i1; i++)
      for (let j = range.j0; j <= range.j1; j++) if (!target.tiles.has(key(i, j))) missing.push(key(i, j));
    if (missing.length > 0) this.drawFallback(ctx, target, missing, view);
    for (let i = range.i0; i <= range.i1; i++)
      for (let j = range.j0; j <= range.j1; j++) {
        const tile = target.tiles.get(key(i, j));
        if (tile) this.blit(ctx, target, tile, i, j);
      }
    // Centre first: what the eye is on sharpens first.
    const ci = (range.i0 + range.i1) / 2;
    const cj = (range.j0 + range.j1) / 2;
    const distance = (k: number) => {
      const [i, j] = unkey(k);
      return (i - ci) ** 2 + (j - cj) ** 2;
    };
    missing.sort((a, b) => distance(a) - distance(b));
    // Edits and a first picture render every visible tile now. Otherwise tiles render while the frame has time
    // for them (by their measured cost): a moving view keeps its frame rate and shows the cached levels scaled
    // meanwhile; a still one sharpens a few tiles a frame.
    const sync = this.urgent || this.levels.length === 1;
    const budget = settled ? SETTLED_BUDGET_MS : TILE_BUDGET_MS;
    const starved = this.frames - this.lastTileFrame >= STARVED_FRAMES;
    let drawn = 0;
    let tiles = 0;
    const fits = (count: number, visible: boolean) =>
      (settled && tiles === 0) ||
      this.now() - t0 + this.tileBase + this.perObject * count <= budget ||
      (visible && starved && tiles === 0);
    let left = missing.length;
    for (const k of missing) {
      const [i, j] = unkey(k);
      const objects = sceneObjects(editor, target.world(i, j), target.z);
      if (!sync && !fits(objects.length, true)) break;
      drawn += this.renderTile(target, i, j, objects);
      tiles++;
      left--;
      const p = target.place(i, j, camera);
      ctx.clearRect(p.x, p.y, p.w, p.h); // the fallback drawn under it
      this.blit(ctx, target, target.tiles.get(k)!, i, j);
    }
    this.urgent = false;
    // A ring of tiles around the view, with what is left of the budget, so a pan finds them ready.
    let ringLeft = false;
    if (left === 0) {
      const ring = target.range(view, 1);
      outer: for (let i = ring.i0; i <= ring.i1; i++)
        for (let j = ring.j0; j <= ring.j1; j++) {
          if (target.tiles.has(key(i, j))) continue;
          const objects = sceneObjects(editor, target.world(i, j), target.z);
          if (!fits(objects.length, false)) {
            ringLeft = true;
            break outer;
          }
          drawn += this.renderTile(target, i, j, objects);
          tiles++;
        }
    }
    if (tiles > 0) this.lastTileFrame = this.frames;
    this.evict(target, view);
    this.pending = left > 0 || ringLeft || target.z !== renderZoom(camera.z);
    return { drawn, tiles, missing: left };
  }

  /** Where the target level has no tile yet, the other levels' tiles scaled (the newest on top). */
  private drawFallback(
    ctx: CanvasRenderingContext2D,
    target: TileLevel<HTMLCanvasElement>,
    missing: readonly number[],
    view: Box,
  ): void {
    const others = this.levels
      .filter((l) => l !== target && l.tiles.size > 0)
      .sort((a, b) => a.used - b.used);
    if (others.length === 0) return;
    ctx.save();
    ctx.beginPath();
    for (const k of missing) {
      const [i, j] = unkey(k);
      const p = target.place(i, j, this.editor.camera);
      ctx.rect(p.x, p.y, p.w, p.h);
    }
    ctx.clip();
    for (const level of others) {
      const r = level.range(view);
      for (const [k, tile] of level.tiles) {
        const [i, j] = unkey(k);
        if (i >= r.i0 && i <= r.i1 && j >= r.j0 && j <= r.j1) this.blit(ctx, level, tile, i, j);
      }
    }
    ctx.restore();
  }

  private blit(
    ctx: CanvasRenderingContext2D,
    level: TileLevel<HTMLCanvasElement>,
    tile: HTMLCanvasElement,
    i: number,
    j: number,
  ): void {
    const p = level.place(i, j, this.editor.camera);
    if (p.w === TILE && p.h === TILE) ctx.drawImage(tile, p.x, p.y);
    else ctx.drawImage(tile, p.x, p.y, p.w, p.h);
  }

  private renderTile(
    level: TileLevel<HTMLCanvasElement>,
    i: number,
    j: number,
    objects = sceneObjects(this.editor, level.world(i, j), level.z),
  ): number {
    const t0 = this.now();
    const canvas = this.pool.pop() ?? this.host.createCanvas(TILE, TILE);
    // Tiles live in memory (`willReadFrequently`: CPU-backed on any machine), so the one-pixel read below is a
    // flush, never a GPU readback, and every tile rasterises the same way.
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, TILE, TILE);
    ctx.setTransform(level.scale, 0, 0, level.scale, -i * TILE, -j * TILE);
    const drawn = paintScene(ctx, this.editor, level.world(i, j), level.z, this.resources, objects);
    // Chromium records canvas calls and rasterises them when the canvas is first read or shown: reading a pixel
    // rasterises the tile here, inside the frame's budget, instead of in the next paint. A tile holding an image of
    // another origin served without CORS headers cannot be read (a SecurityError): such tiles rasterise at paint.
    if (this.tilesReadable) {
      try {
        ctx.getImageData(0, 0, 1, 1);
      } catch {
        this.tilesReadable = false;
      }
    }
    level.tiles.set(key(i, j), canvas);
    const ms = this.now() - t0;
    if (objects.length > 20)
      this.perObject = 0.7 * this.perObject + (0.3 * Math.max(0, ms - this.tileBase)) / objects.length;
    else this.tileBase = 0.7 * this.tileBase + 0.3 * ms;
    return drawn;
  }

  /** Keeps the cache to a few screens of tiles: the stalest other levels go first, then far tiles of this one. */
  private evict(target: TileLevel<HTMLCanvasElement>, view: Box): void {
    const ring = target.range(view, 1);
    const cap = Math.max(96, Math.ceil(2.5 * (ring.i1 - ring.i0 + 1) * (ring.j1 - ring.j0 + 1)));
    let total = this.levels.reduce((n, l) => n + l.tiles.size, 0);
    if (total <= cap) return;
    for (const level of this.levels.filter((l) => l !== target).sort((a, b) => a.used - b.used)) {
      total -= level.tiles.size;
      for (const tile of level.tiles.values()) this.release(tile);
      this.levels = this.levels.filter((l) => l !== level);
      if (total <= cap) return;
    }
    const keep = target.range(view, 2);
    for (const [k, tile] of target.tiles) {
      const [i, j] = unkey(k);
      if (i >= keep.i0 && i <= keep.i1 && j >= keep.j0 && j <= keep.j1) continue;
      target.tiles.delete(k);
      this.release(tile);
    }
  }

  /** The working pixels of a brush stroke in progress, coloured once per frame for every tile that shows them. */
  private prepareStrokes(): void {
    const strokes = strokePixels(this.editor);
    this.live = new Map();
    this.newStrokes = [];
    for (const s of strokes) {
      const record = s.uuid === undefined ? undefined : this.editor.getObject(s.uuid);
      const color = featureColor(
        this.editor,
        record?.featureSchemaId ?? this.editor.instance.activeFeatureId ?? '',
      );
      const bitmap = this.masks.get(s.pixels, color, true);
      if (s.uuid === undefined) this.newStrokes.push(bitmap);
      else this.live.set(s.uuid, bitmap);
    }
  }

  private maskImage(mask: MaskAnnotation, color: string): CanvasImageSource | undefined {
    const live = this.live.get(mask.uuid);
    if (live) return live;
    const pixels = this.editor.maskPixels(mask);
    return pixels && this.masks.get(pixels, color);
  }

  /**
   * The scene at the current camera rendered from nothing into `out` (the size of the scene canvas): a cold level,
   * every visible tile painted and composed. The cached picture must equal it once `complete`.
   */
  renderFresh(out: HTMLCanvasElement): void {
    const level = new TileLevel<HTMLCanvasElement>(
      renderZoom(this.editor.camera.z),
      this.host.devicePixelRatio,
    );
    this.prepareStrokes();
    const ctx = out.getContext('2d')!;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, out.width, out.height);
    const r = level.range(visibleWorld(this.editor.camera, this.editor.viewport));
    for (let i = r.i0; i <= r.i1; i++)
      for (let j = r.j0; j <= r.j1; j++) {
        this.renderTile(level, i, j);
        this.blit(ctx, level, level.tiles.get(key(i, j))!, i, j);
      }
    for (const tile of level.tiles.values()) this.release(tile);
  }

  /** Keeps a dropped tile's canvas for the next tile (making canvases costs more than clearing them). */
  private release(tile: HTMLCanvasElement): void {
    if (this.pool.length < 64) this.pool.push(tile);
  }

  /**
   * The scene painted in one pass over the whole viewport (no tiles) into `out`: what the renderer drew before it
   * cached. It differs from the tiled picture only in anti-aliasing levels along edges (Skia rasterises a path's
   * edges with coordinates relative to its canvas, so the same edge on another canvas can round differently).
   */
  renderDirect(out: HTMLCanvasElement): void {
    this.prepareStrokes();
    const ctx = out.getContext('2d')!;
    this.prepare(ctx, out);
    const z = renderZoom(this.editor.camera.z);
    paintScene(ctx, this.editor, visibleWorld(this.editor.camera, this.editor.viewport), z, this.resources);
  }
}
