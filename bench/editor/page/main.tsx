// The benchmark page: mounts the real editor views on generated scenes and measures them from inside the page.
import { Editor, loadNdjson, panBy, zoomAt } from '@labelyard/editor';
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

/** Pans then zooms for `frames` animation frames; each frame moves the camera and the renderer redraws. */
async function panZoom(frames = 120) {
  const e = editor!;
  e.zoomToFit();
  await frame();
  await frame();
  const intervals: number[] = [];
  const draws: number[] = [];
  const drawn: number[] = [];
  renderer!.onFrame = (s) => {
    draws.push(s.scene + s.overlay);
    drawn.push(s.drawn);
  };
  let last = await frame();
  // Around the image's centre, starting from "fit" (every object on screen): pan right, zoom in about the
  // viewport centre, pan back, zoom back out. The view never leaves the image.
  const centre = { x: e.viewport.width / 2, y: e.viewport.height / 2 };
  for (let i = 0; i < frames; i++) {
    const c = e.camera;
    const phase = Math.floor(i / 30) % 4;
    if (phase === 0) e.setCamera(panBy(c, -6, -3));
    else if (phase === 1) e.setCamera(zoomAt(c, centre, 1.03));
    else if (phase === 2) e.setCamera(panBy(c, 6, 3));
    else e.setCamera(zoomAt(c, centre, 1 / 1.03));
    const t = await frame();
    intervals.push(t - last);
    last = t;
  }
  await frame();
  renderer!.onFrame = undefined;
  return { frame: stats(intervals), draw: stats(draws), visibleMedian: quantile(drawn, 0.5) };
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

Object.assign(window, {
  bench: { mountImage, panZoom, rawBaseline, clickSelect, mountText, textScroll, textActions, unmount },
});
