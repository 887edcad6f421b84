import type { Box } from '@labelyard/schema';
import type { Camera } from '../../geometry/camera.ts';

/** Device pixels per side of a cached tile. */
export const TILE = 256;

export type TileRange = { i0: number; i1: number; j0: number; j1: number };

/**
 * The scene cached at one zoom level, as square tiles of `TILE` device pixels on a grid anchored at the world
 * origin (tile i, j covers device pixels [i·TILE, (i+1)·TILE) of the world scaled by `z · dpr`). At the level's own
 * zoom a tile lands on whole screen pixels (the camera's offset is rounded to a device pixel), so showing it is a
 * copy, not a resampling. Generic in the bitmap type so the bookkeeping runs headless.
 */
export class TileLevel<C> {
  readonly tiles = new Map<number, C>();
  /** Device pixels per world unit. */
  readonly scale: number;
  /** When the level was last shown (eviction drops the stalest levels first). */
  used = 0;

  constructor(
    readonly z: number,
    readonly dpr: number,
  ) {
    this.scale = z * dpr;
  }

  /** The world rectangle a tile covers. */
  world(i: number, j: number): Box {
    const size = TILE / this.scale;
    return { left: i * size, top: j * size, width: size, height: size };
  }

  /** The tiles a world rectangle touches (`pad` more tiles on each side). */
  range(world: Box, pad = 0): TileRange {
    const s = this.scale / TILE;
    return {
      i0: Math.floor(world.left * s) - pad,
      i1: Math.ceil((world.left + world.width) * s) - 1 + pad,
      j0: Math.floor(world.top * s) - pad,
      j1: Math.ceil((world.top + world.height) * s) - 1 + pad,
    };
  }

  /** Drops the tiles a world rectangle touches; returns their bitmaps for reuse. */
  invalidate(world: Box, out: C[]): void {
    const r = this.range(world);
    if ((r.i1 - r.i0 + 1) * (r.j1 - r.j0 + 1) > this.tiles.size) {
      for (const [key, tile] of this.tiles) {
        const [i, j] = unkey(key);
        if (i >= r.i0 && i <= r.i1 && j >= r.j0 && j <= r.j1) {
          this.tiles.delete(key);
          out.push(tile);
        }
      }
      return;
    }
    for (let i = r.i0; i <= r.i1; i++) {
      for (let j = r.j0; j <= r.j1; j++) {
        const k = key(i, j);
        const tile = this.tiles.get(k);
        if (tile === undefined) continue;
        this.tiles.delete(k);
        out.push(tile);
      }
    }
  }

  /**
   * Where tile i, j lands on the screen, in device pixels, under a camera: exact whole pixels at the level's own
   * zoom; scaled (edges rounded, so neighbours meet without seams) at any other.
   */
  place(i: number, j: number, camera: Camera): { x: number; y: number; w: number; h: number } {
    if (renderZoom(camera.z) === this.z) {
      const ox = Math.round(camera.x * this.scale);
      const oy = Math.round(camera.y * this.scale);
      return { x: i * TILE - ox, y: j * TILE - oy, w: TILE, h: TILE };
    }
    const s = camera.z * this.dpr;
    const size = TILE / this.scale;
    const x0 = Math.round((i * size - camera.x) * s);
    const y0 = Math.round((j * size - camera.y) * s);
    const x1 = Math.round(((i + 1) * size - camera.x) * s);
    const y1 = Math.round(((j + 1) * size - camera.y) * s);
    return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
  }
}

/** Tile coordinates packed in one number (|i|, |j| < 2^20: a million tiles each way). */
export const key = (i: number, j: number): number => (i + 0x80000) * 0x100000 + (j + 0x80000);
export const unkey = (k: number): [number, number] => [
  Math.floor(k / 0x100000) - 0x80000,
  (k % 0x100000) - 0x80000,
];

/**
 * The zoom the scene is rendered at for a camera zoom: the zoom rounded to 2^-20 of an octave (a relative step of
 * 6.6·10⁻⁷, under a hundredth of a pixel across 10,000 pixels). Zooming in and back out lands on the level it
 * started from instead of one a rounding error away, and a level and a fresh render agree on the zoom.
 */
export function renderZoom(z: number): number {
  return 2 ** (Math.round(Math.log2(z) * 1048576) / 1048576);
}

/**
 * The transform a camera's exact picture is drawn with: the render zoom times the device pixel ratio, the offset
 * rounded to a whole device pixel (so the overlay and the cached tiles line up to the pixel).
 */
export function snappedTransform(camera: Camera, dpr: number): [number, number, number] {
  const s = renderZoom(camera.z) * dpr;
  return [s, -Math.round(camera.x * s), -Math.round(camera.y * s)];
}
