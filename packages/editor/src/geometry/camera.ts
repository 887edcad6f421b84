import type { Box, Point } from '@labelyard/schema';

/**
 * Where the view looks: `x`, `y` is the world point at the top-left of the viewport and `z` the zoom (screen
 * pixels per world unit). World units are image pixels; a tiled, georeferenced canvas keeps the same camera with
 * world units in its level-0 pixel grid and projects coordinates at its edges. Time (video frames) is a separate
 * axis on the editor (`frame`), not part of the camera.
 */
export type Camera = { readonly x: number; readonly y: number; readonly z: number };

export const MIN_ZOOM = 1 / 64;
export const MAX_ZOOM = 64;

export const clampZoom = (z: number) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, z));

export function screenToWorld(camera: Camera, p: Point): Point {
  return { x: p.x / camera.z + camera.x, y: p.y / camera.z + camera.y };
}

export function worldToScreen(camera: Camera, p: Point): Point {
  return { x: (p.x - camera.x) * camera.z, y: (p.y - camera.y) * camera.z };
}

/** The world rectangle a viewport of `size` shows. */
export function visibleWorld(camera: Camera, size: { width: number; height: number }): Box {
  return { left: camera.x, top: camera.y, width: size.width / camera.z, height: size.height / camera.z };
}

/** Zooms by `factor` keeping the world point under `screen` fixed (wheel and pinch zoom about the cursor). */
export function zoomAt(camera: Camera, screen: Point, factor: number): Camera {
  const z = clampZoom(camera.z * factor);
  const anchor = screenToWorld(camera, screen);
  return { x: anchor.x - screen.x / z, y: anchor.y - screen.y / z, z };
}

export function panBy(camera: Camera, dxScreen: number, dyScreen: number): Camera {
  return { x: camera.x - dxScreen / camera.z, y: camera.y - dyScreen / camera.z, z: camera.z };
}

/** The camera that shows `bounds` centred in a viewport of `size` with `padding` screen pixels around it. */
export function fitBounds(bounds: Box, size: { width: number; height: number }, padding = 16): Camera {
  const w = Math.max(1, size.width - padding * 2);
  const h = Math.max(1, size.height - padding * 2);
  const z = clampZoom(Math.min(w / Math.max(bounds.width, 1), h / Math.max(bounds.height, 1)));
  return {
    x: bounds.left - (size.width / z - bounds.width) / 2,
    y: bounds.top - (size.height / z - bounds.height) / 2,
    z,
  };
}
