// `npm run bench:editor`: the real image and text editors in headless Chromium (Debian's chromium through
// playwright-core, software rendering: no GPU), on generated scenes. Prints median/p95 frame times while panning
// and zooming through the canvas's own wheel handler, against a raw canvas baseline (the same rectangles drawn
// with no engine, same run); the renderer's own time per frame (draw: composing cached tiles and rendering new
// ones), tiles rendered per frame, frames that showed another level scaled where a tile was not rendered yet,
// the time for the picture to become exact after a zoom to a new level once the gesture stops, whether the
// settled picture equals the scene rendered from nothing (values that differ: must be 0), click-to-select, load times, and the same for a 1 MB text with 5,000 entities.
// Frame times are intervals between requestAnimationFrame callbacks, which Chromium aligns to a 60 Hz vsync even
// headless: they come in steps of 16.7 ms (16.7 = 60 fps, 33.3 = 30 fps). Screenshots go to /tmp/editor-shots.
// For `npm run bench`: per scene, the frame rate while panning and zooming (1000 ÷ median frame ms) against the bare
// canvas's; checks: frame p95 within one frame at 60 fps up to 5,000 boxes and within two at 20,000 (the goals of
// issue 9; 17 and 34 ms because frames come in vsync steps of 16.7 ms), a settled zoom equal to a fresh render.
import { build } from 'esbuild';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { report, type Check, type Ratio } from '../lib/report.ts';

const here = path.dirname(new URL(import.meta.url).pathname);
const shots = process.env.EDITOR_SHOTS ?? '/tmp/editor-shots';
const quick = process.argv.includes('--quick');

async function bundle(): Promise<string> {
  const out = await build({
    entryPoints: [path.join(here, 'page/main.tsx')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    conditions: ['browser'],
    jsx: 'automatic',
    minify: true,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
  });
  return out.outputFiles[0].text;
}

function serve(js: string): Promise<http.Server> {
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>Editor bench</title>
<style>html,body{margin:0;height:100%;background:#111}#root{height:100vh}</style></head>
<body><div id="root"></div><script type="module" src="/main.js"></script></body></html>`;
  const server = http.createServer((req, res) => {
    if (req.url === '/main.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
    else res.writeHead(200, { 'content-type': 'text/html' }).end(html);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const fmt = (x: number) => x.toFixed(1).padStart(7);

async function main() {
  fs.mkdirSync(shots, { recursive: true });
  const server = await serve(await bundle());
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => 'bench' in globalThis);
    type Bench = Record<string, (...args: unknown[]) => Promise<any>>;
    const call = (name: string, ...args: unknown[]) =>
      page.evaluate(
        ([n, a]) => (globalThis as unknown as { bench: Bench }).bench[n as string](...(a as unknown[])),
        [name, args] as const,
      );

    const scenes: Array<[string, Record<string, number>]> = [
      ['1,000 boxes', { boxes: 1000 }],
      ['5,000 boxes', { boxes: 5000 }],
      ['20,000 boxes', { boxes: 20000 }],
      ['2,000 polygons × 50 vertices', { polygons: 2000, vertices: 50 }],
    ];
    const load1 = os.loadavg();
    console.log(
      `machine: ${os.cpus().length} cores, load average ${load1.map((l) => l.toFixed(1)).join(' ')} at start`,
    );
    console.log(
      'image editor (viewport 1440×900, image 8000×6000, frame = time between animation frames while the camera pans and zooms; raw = the same rectangles drawn with no engine)',
    );
    console.log(
      'scene                          parse ms  load ms  frame p50  frame p95  raw p50  raw p95  p50 vs raw  draw p50  draw p95  tiles/frame p95  scaled frames  zoom settle ms  exact  click p50  click p95',
    );
    const far: string[] = [];
    const ratios: Ratio[] = [];
    const checks: Check[] = [];
    // Frame p95 limits (the goals of issue 9): one 60 Hz frame up to 5,000 boxes, two at 20,000.
    const frameLimit: Record<string, number> = { '1,000 boxes': 17, '5,000 boxes': 17, '20,000 boxes': 34 };
    for (const [name, scene] of quick ? scenes.slice(0, 2) : scenes) {
      const load = await call('mountImage', scene);
      const pf = await call('panFar', quick ? 40 : 120);
      far.push(
        `${name.padEnd(30)}${fmt(pf.frame.median)}    ${fmt(pf.frame.p95)}    ${fmt(pf.tilesPerFrame.p95)}    ${String(pf.tiles).padStart(6)}   ${String(pf.blankFrames).padStart(6)}`,
      );
      const pz = await call('panZoom', quick ? 40 : 120);
      await page.screenshot({ path: path.join(shots, `image-${name.replace(/[^0-9a-z]+/gi, '-')}.png`) });
      const raw = await call('rawBaseline', quick ? 20 : 60);
      const click = await call('clickSelect', 20);
      const exact =
        pz.exact.differ === 0
          ? 'yes'
          : `NO (${pz.exact.differ} of ${pz.exact.total} channel values differ from a fresh render)`;
      ratios.push({
        name: `${name}: frame rate panning and zooming`,
        ours: 1000 / pz.frame.median,
        baseline: 1000 / raw.median,
        unit: 'fps',
        baselineName: 'bare canvas, same rectangles',
      });
      if (frameLimit[name] !== undefined) {
        checks.push({ name: `${name}: frame p95`, value: pz.frame.p95, unit: 'ms', max: frameLimit[name] });
      }
      checks.push({
        name: `${name}: values differing from a fresh render after zoom`,
        value: pz.exact.differ,
        unit: '',
        max: 1,
      });
      console.log(
        `${name.padEnd(30)}${fmt(load.parseMs)}  ${fmt(load.loadMs)}  ${fmt(pz.frame.median)}    ${fmt(pz.frame.p95)}  ${fmt(raw.median)} ${fmt(raw.p95)}    ${(pz.frame.median / raw.median).toFixed(2).padStart(6)}x ${fmt(pz.draw.median)}  ${fmt(pz.draw.p95)}  ${fmt(pz.tilesPerFrame.p95)}        ${String(pz.fallbackFrames).padStart(6)}       ${fmt(pz.zoomSettle.ms)}  ${exact.padEnd(5)} ${fmt(click.median)}    ${fmt(click.p95)}   (${click.selected}/${click.samples} selected, ${load.problems} refused; settled in ${pz.zoomSettle.frames} frames; back at the start zoom: exact in ${pz.roundTrip.frames} frames; vs the one-pass painter ${pz.exact.aa} pixels differ, by at most ${pz.exact.aaMax}/255)`,
      );
    }
    console.log(
      '\npanning at 100 % zoom, 13 px a frame: past the cached tiles, so tiles render while panning (blank frames: a visible tile not rendered yet)',
    );
    console.log('scene                          frame p50  frame p95  tiles/frame p95  tiles  blank frames');
    for (const line of far) console.log(line);
    const text = await call('mountText', 1_000_000, 5000);
    const scroll = await call('textScroll', quick ? 60 : 120);
    await page.screenshot({ path: path.join(shots, 'text-1MB-5000-entities.png') });
    const actions = await call('textActions', 10);
    await page.screenshot({ path: path.join(shots, 'text-after-actions.png') });
    console.log(
      `\ntext editor: ${text.chars.toLocaleString('en')} chars, ${text.entities} entities (${text.problems} refused)`,
    );
    console.log(
      `  load ${text.loadMs.toFixed(0)} ms; scroll frame p50 ${scroll.median.toFixed(1)} ms, p95 ${scroll.p95.toFixed(1)} ms`,
    );
    console.log(
      `  click-select entity p50 ${actions.select.median.toFixed(1)} ms, p95 ${actions.select.p95.toFixed(1)} ms; label a span p50 ${actions.create.median.toFixed(1)} ms, p95 ${actions.create.p95.toFixed(1)} ms (${actions.entities} entities after)`,
    );
    checks.push(
      { name: 'text, 1 MB with 5,000 entities: scroll frame p50', value: scroll.median, unit: 'ms', max: 17 },
      { name: 'text: click-select an entity p50', value: actions.select.median, unit: 'ms', max: 100 },
    );
    report({
      title: 'Image and text editors (headless Chromium)',
      method: `Scenes generated in the page, driven through the editors' own wheel, mouse and key handlers in Debian's Chromium without a GPU (${quick ? 'quick: the first two scenes, 40 frames per gesture' : '120 frames per gesture'}); the baseline draws the same rectangles on a bare canvas with no engine in the same page. Frame times come in 16.7 ms vsync steps.`,
      ratios,
      checks,
    });
    console.log(
      `\nload average at end ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}; screenshots: ${shots}`,
    );
  } finally {
    await browser.close();
    server.close();
  }
}

await main();
