// The benchmark page: mounts the real editor views on generated scenes and measures them from inside the page.
import { Editor, loadNdjson } from '@labelyard/editor';
import { ImageEditorView, TextEditorView, type CanvasRenderer } from '@labelyard/editor/view';
import { createRoot, type Root } from 'react-dom/client';
import { boxLines, entityLines, IMAGE, longText, ontology, polygonLines } from './fixtures.ts';

const frame = () => new Promise<number>((r) => requestAnimationFrame(r));
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const stats = (xs: number[]) => ({ median: quantile(xs, 0.5), p95: quantile(xs, 0.95) });

let root: Root | undefined;
let editor: Editor | undefined;
let renderer: CanvasRenderer | undefined;

function backgroundImage(): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = IMAGE.width / 4;
  c.height = IMAGE.height / 4;
  const ctx = c.getContext('2d')!;
  const g = ctx.createLinearGradient(0, 0, c.width, c.height);
  g.addColorStop(0, '#334155');
  g.addColorStop(1, '#0f172a');
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, c.width, c.height);
  return c;
}

function unmount() {
  root?.unmount();
  root = undefined;
  editor = undefined;
  renderer = undefined;
}

async function mountImage(scene: { boxes?: number; polygons?: number; vertices?: number }) {
  unmount();
  const lines =
    scene.boxes !== undefined ? boxLines(scene.boxes) : polygonLines(scene.polygons!, scene.vertices!);
  const image = backgroundImage();
  const t0 = performance.now();
  let n = 0;
  editor = new Editor({ ontology, media: IMAGE, newUuid: () => `new-${++n}` });
  const problems = loadNdjson(editor, lines);
  const tLoaded = performance.now();
  let firstFrame: number | undefined;
  root = createRoot(document.getElementById('root')!);
  root.render(
    <ImageEditorView
      editor={editor}
      image={image}
      onRenderer={(r) => (renderer = r)}
      onFrame={() => (firstFrame ??= performance.now())}
    />,
  );
  while (firstFrame === undefined) await frame();
  return {
    objects: editor.objects().length,
    problems: problems.length,
    parseMs: tLoaded - t0,
    loadMs: firstFrame - t0,
  };
}

/** The image canvas and a wheel event on it at a point of the stage (client coordinates). */
function stageWheel(init: WheelEventInit & { at?: { x: number; y: number } }) {
  const stage = document.querySelector<HTMLElement>('[aria-label="Image canvas"]')!;
  const rect = stage.getBoundingClientRect();
  const at = init.at ?? { x: rect.width / 2, y: rect.height / 2 };
  stage.dispatchEvent(
    new WheelEvent('wheel', {
      bubbles: true,
      cancelable: true,
      deltaMode: 0,
      clientX: rect.left + at.x,
      clientY: rect.top + at.y,
      ...init,
    }),
  );
}

/**
 * Pans then zooms for `frames` animation frames through the stage's own wheel handler (trackpad-style: a small
 * deltaX/deltaY pans, ctrl+wheel zooms about the cursor), one event per frame; the frame time is the interval
 * between animation frames (vsync-quantised: 16.7 ms is 60 fps, 33.3 ms is 30 fps). Then waits for the picture
 * to settle at the final zoom and times that.
 */
async function panZoom(frames = 120) {
  const e = editor!;
  e.zoomToFit();
  while (!renderer!.complete) await frame();
  const intervals: number[] = [];
  const draws: number[] = [];
  const tiles: number[] = [];
  const missing: number[] = [];
  renderer!.onFrame = (s) => {
    draws.push(s.scene + s.overlay);
    tiles.push(s.tiles);
    missing.push(s.missing);
  };
  let last = await frame();
  // Around the image's centre, starting from "fit" (every object on screen): pan right, zoom in about the
  // viewport centre, pan back, zoom back out. The view never leaves the image.
  const zoomDelta = -Math.log(1.03) / 0.01; // the stage zooms by exp(-deltaY · 0.01) with ctrl
  for (let i = 0; i < frames; i++) {
    const phase = Math.floor(i / 30) % 4;
    if (phase === 0) stageWheel({ deltaX: 6, deltaY: 3 });
    else if (phase === 1) stageWheel({ deltaY: zoomDelta, ctrlKey: true });
    else if (phase === 2) stageWheel({ deltaX: -6, deltaY: -3 });
    else stageWheel({ deltaY: -zoomDelta, ctrlKey: true });
    const t = await frame();
    intervals.push(t - last);
    last = t;
  }
  // The gesture ends where it started (zoomed in and back out): the cached level is the exact one again.
  const roundTrip = await settle();
  renderer!.onFrame = undefined;
  const frameStats = { frame: stats(intervals), draw: stats(draws), tilesPerFrame: stats(tiles) };
  const fallbackFrames = missing.filter((m) => m > 0).length;
  // A zoom that ends somewhere new (×1.8 about a point off the centre, over 12 frames): the scene shows the old
  // level scaled, then renders at the new zoom once the gesture pauses. Time until the picture is exact.
  const at = { x: e.viewport.width * 0.3, y: e.viewport.height * 0.6 };
  for (let i = 0; i < 12; i++) {
    stageWheel({ deltaY: -Math.log(1.8) / 0.01 / 12, ctrlKey: true, at });
    await frame();
  }
  const zoomSettle = await settle();
  return { ...frameStats, fallbackFrames, roundTrip, zoomSettle, exact: compareWithFresh() };
}

/**
 * Pans at 100 % zoom for `frames` frames, 12 px a frame to the right and 6 down: past the cached ring of tiles,
 * so new tiles are needed every few frames (what the cache cannot hide). Starts settled at the image's centre.
 */
async function panFar(frames = 120) {
  const e = editor!;
  e.setCamera({ x: IMAGE.width / 2 - e.viewport.width, y: IMAGE.height / 2 - e.viewport.height, z: 1 });
  await settle();
  const intervals: number[] = [];
  const tiles: number[] = [];
  const missing: number[] = [];
  renderer!.onFrame = (s) => {
    tiles.push(s.tiles);
    missing.push(s.missing);
  };
  let last = await frame();
  for (let i = 0; i < frames; i++) {
    stageWheel({ deltaX: 12, deltaY: 6 });
    const t = await frame();
    intervals.push(t - last);
    last = t;
  }
  renderer!.onFrame = undefined;
  await settle();
  return {
    frame: stats(intervals),
    tilesPerFrame: stats(tiles),
    tiles: tiles.reduce((a, b) => a + b, 0),
    blankFrames: missing.filter((m) => m > 0).length,
  };
}

/** Waits until the renderer's picture is final; ms and frames it took. */
async function settle() {
  const t0 = performance.now();
  let frames = 0;
  while (!renderer!.complete) {
    await frame();
    frames++;
  }
  return { ms: performance.now() - t0, frames };
}

/**
 * The settled picture against the scene rendered from nothing at the same camera (must be equal), and against
 * the one-pass painter (anti-aliasing levels only).
 */
function compareWithFresh() {
  const scene = document.querySelector<HTMLCanvasElement>('[aria-label="Image canvas"] canvas')!;
  const fresh = Object.assign(document.createElement('canvas'), { width: scene.width, height: scene.height });
  const direct = Object.assign(document.createElement('canvas'), {
    width: scene.width,
    height: scene.height,
  });
  renderer!.renderFresh(fresh);
  renderer!.renderDirect(direct);
  const pixels = (c: HTMLCanvasElement) => c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
  const shown = pixels(scene);
  const a = pixels(fresh);
  const b = pixels(direct);
  let differ = 0;
  let aa = 0;
  let aaMax = 0;
  for (let k = 0; k < shown.length; k += 4) {
    for (let c = 0; c < 4; c++) if (shown[k + c] !== a[k + c]) differ++;
    // Against the one-pass painter: the largest difference in premultiplied colour (what the eye sees; a pixel
    // of alpha 2 may have any hue unpremultiplied).
    let d = 0;
    for (let c = 0; c < 4; c++) {
      const x = c === 3 ? shown[k + c] : (shown[k + c] * shown[k + 3]) / 255;
      const y = c === 3 ? b[k + c] : (b[k + c] * b[k + 3]) / 255;
      d = Math.max(d, Math.abs(x - y));
    }
    if (d >= 1) aa++;
    aaMax = Math.max(aaMax, Math.round(d));
  }
  return { differ, aa, aaMax, total: shown.length };
}

/**
 * The same objects' rectangles drawn straight onto a canvas of the stage's size with no engine (no index, no
 * culling, no React), one path, while the camera moves the same way: the floor of what drawing them costs.
 * Chromium records canvas calls and rasterises at frame time, so both are measured as animation-frame intervals.
 */
async function rawBaseline(frames = 60) {
  const e = editor!;
  const stage = document.querySelector<HTMLElement>('[aria-label="Image canvas"]')!;
  const canvas = document.createElement('canvas');
  canvas.width = stage.clientWidth;
  canvas.height = stage.clientHeight;
  Object.assign(canvas.style, { position: 'fixed', left: '0', top: '0', zIndex: '10' });
  document.body.append(canvas);
  const ctx = canvas.getContext('2d')!;
  const objects = e.objects();
  const rects = new Float64Array(objects.length * 4);
  objects.forEach((o, i) => {
    const b = e.boundsOf(o.uuid)!;
    rects.set([b.left, b.top, b.width, b.height], i * 4);
  });
  const intervals: number[] = [];
  const { y, z } = e.camera;
  let x = e.camera.x;
  let last = await frame();
  for (let f = 0; f < frames; f++) {
    x += 25 / z;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.setTransform(z, 0, 0, z, -x * z, -y * z);
    ctx.beginPath();
    for (let i = 0; i < rects.length; i += 4) ctx.rect(rects[i], rects[i + 1], rects[i + 2], rects[i + 3]);
    ctx.globalAlpha = 0.18;
    ctx.fill();
    ctx.globalAlpha = 1;
    ctx.lineWidth = 1.5 / z;
    ctx.stroke();
    const t = await frame();
    intervals.push(t - last);
    last = t;
  }
  canvas.remove();
  return stats(intervals);
}

/** Clicks objects through real pointer events on the canvas and times until the selection is drawn. */
async function clickSelect(samples = 20) {
  const e = editor!;
  e.setTool('select');
  e.zoomToFit();
  await frame();
  const stage = document.querySelector<HTMLElement>('[aria-label="Image canvas"]')!;
  const rect = stage.getBoundingClientRect();
  const objects = e.objects();
  const times: number[] = [];
  let ok = 0;
  for (let i = 0; i < samples; i++) {
    const o = objects[Math.floor((i * objects.length) / samples)];
    const b = e.boundsOf(o.uuid)!;
    const { x, y, z } = e.camera;
    const clientX = rect.left + (b.left + b.width / 2 - x) * z;
    const clientY = rect.top + (b.top + b.height / 2 - y) * z;
    const init = { clientX, clientY, bubbles: true, pointerId: 1, button: 0, pointerType: 'mouse' };
    const t0 = performance.now();
    stage.dispatchEvent(new PointerEvent('pointerdown', init));
    stage.dispatchEvent(new PointerEvent('pointerup', init));
    renderer!.render();
    times.push(performance.now() - t0);
    if (e.selectedIds.size === 1) ok++;
    await frame();
  }
  return { ...stats(times), selected: ok, samples };
}

async function mountText(bytes: number, entities: number) {
  unmount();
  const text = longText(bytes);
  const lines = entityLines(text, entities);
  const t0 = performance.now();
  let n = 0;
  editor = new Editor({ ontology, media: { text }, newUuid: () => `new-${++n}` });
  const problems = loadNdjson(editor, lines);
  root = createRoot(document.getElementById('root')!);
  root.render(<TextEditorView editor={editor} />);
  await frame();
  await frame();
  return {
    chars: text.length,
    entities: editor.objects().length,
    problems: problems.length,
    loadMs: performance.now() - t0,
  };
}

async function textScroll(frames = 120) {
  const box = document.querySelector<HTMLElement>('[aria-label="Text to label"]')!;
  const intervals: number[] = [];
  let last = await frame();
  for (let i = 0; i < frames; i++) {
    box.scrollTop += 600;
    const t = await frame();
    intervals.push(t - last);
    last = t;
  }
  return stats(intervals);
}

/** Selects an entity by clicking it (mouseup over a collapsed selection) and labels a new span; timed to commit. */
async function textActions(samples = 10) {
  const e = editor!;
  const box = document.querySelector<HTMLElement>('[aria-label="Text to label"]')!;
  const selectTimes: number[] = [];
  const createTimes: number[] = [];
  e.setInstance({ activeFeatureId: 'fs-ent' });
  for (let i = 0; i < samples; i++) {
    const span = box.querySelectorAll<HTMLElement>('.ly-ent')[i * 7];
    span.scrollIntoView({ block: 'center' });
    await frame();
    const t0 = performance.now();
    getSelection()!.collapse(span.firstChild!, 1);
    span.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
    await frame();
    selectTimes.push(performance.now() - t0);
    const chunk = span.closest<HTMLElement>('[data-offset]')!;
    const textNode = [...chunk.childNodes].find(
      (c) => c.nodeType === Node.TEXT_NODE && (c.textContent ?? '').length > 12,
    );
    if (!textNode) continue;
    const t1 = performance.now();
    getSelection()!.setBaseAndExtent(textNode, 2, textNode, 9);
    chunk.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
    await frame();
    createTimes.push(performance.now() - t1);
  }
  return { select: stats(selectTimes), create: stats(createTimes), entities: e.objects().length };
}

// Helpers for the browser test of the cached renderer (e2e/web/render-cache.test.ts).

/** Settles, then compares the picture with a fresh render (and the one-pass painter). */
async function exactness() {
  await settle();
  return compareWithFresh();
}

/** A short pan-and-zoom gesture through the wheel handler, ending at a new zoom. */
async function gesture() {
  for (let i = 0; i < 24; i++) {
    if (i % 3 === 2) stageWheel({ deltaY: -8, ctrlKey: true, at: { x: 200 + i * 5, y: 150 } });
    else stageWheel({ deltaX: i < 12 ? 9 : -4, deltaY: 5 });
    await frame();
  }
}

/** Centres the camera on an object at a zoom (setup for a test, not the thing measured). */
async function focus(uuid: string, z: number) {
  const e = editor!;
  const b = e.boundsOf(uuid)!;
  e.setCamera({
    x: b.left + b.width / 2 - e.viewport.width / 2 / z,
    y: b.top + b.height / 2 - e.viewport.height / 2 / z,
    z,
  });
  await settle();
}

/** Client coordinates of a world point under the current camera. */
function clientOf(p: { x: number; y: number }) {
  const stage = document.querySelector<HTMLElement>('[aria-label="Image canvas"]')!;
  const rect = stage.getBoundingClientRect();
  const { x, y, z } = editor!.camera;
  return { x: rect.left + (p.x - x) * z, y: rect.top + (p.y - y) * z };
}

/** A box's centre on screen, and whether it exists. */
function boxCentre(uuid: string) {
  const b = editor!.boundsOf(uuid);
  return b ? clientOf({ x: b.left + b.width / 2, y: b.top + b.height / 2 }) : null;
}

/** The scene canvas's pixels summed per channel (to tell that an edit changed the picture). */
function sceneChecksum() {
  const scene = document.querySelector<HTMLCanvasElement>('[aria-label="Image canvas"] canvas')!;
  const data = scene.getContext('2d')!.getImageData(0, 0, scene.width, scene.height).data;
  let sum = 0;
  for (let k = 0; k < data.length; k++) sum = (sum * 31 + data[k]) % 2147483647;
  return sum;
}

Object.assign(window, {
  bench: {
    mountImage,
    panZoom,
    panFar,
    rawBaseline,
    clickSelect,
    mountText,
    textScroll,
    textActions,
    unmount,
    exactness,
    gesture,
    focus,
    boxCentre,
    sceneChecksum,
    count: () => editor!.objects().length,
  },
});
