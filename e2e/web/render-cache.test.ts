import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchBrowser, screenshot } from './browser.ts';

// The image editor's cached renderer in Chromium: after every gesture and every edit, once the picture settles,
// the scene canvas must equal the scene rendered from nothing at the same camera, value for value. The page is
// the editor benchmark's (the real ImageEditorView on a generated 8000×6000 scene of boxes).

type Exactness = { differ: number; aa: number; aaMax: number; total: number };

async function servePage(): Promise<http.Server> {
  const out = await build({
    entryPoints: [path.resolve('bench/editor/page/main.tsx')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    conditions: ['browser'],
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
  });
  const js = out.outputFiles[0]!.text;
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>Editor</title>
<style>html,body{margin:0;height:100%;background:#111}#root{height:100vh}</style></head>
<body><div id="root"></div><script type="module" src="/main.js"></script></body></html>`;
  const server = http.createServer((req, res) => {
    if (req.url === '/main.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
    else res.writeHead(200, { 'content-type': 'text/html' }).end(html);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('the cached scene equals a fresh render once settled (Chromium)', { skip: chromiumMissing }, () => {
  let browser: Browser;
  let server: http.Server;
  let page: Page;
  const call = <T>(name: string, ...args: unknown[]): Promise<T> =>
    page.evaluate(
      ([n, a]) =>
        (globalThis as unknown as { bench: Record<string, (...x: unknown[]) => unknown> }).bench[
          n as string
        ]!(...(a as unknown[])) as T,
      [name, args] as const,
    );
  const exact = async (what: string) => {
    const e = await call<Exactness>('exactness');
    assert.equal(e.differ, 0, `${what}: ${e.differ} of ${e.total} values differ from a fresh render`);
    // Against the one-pass painter (no tiles) only anti-aliasing levels differ: Skia rounds an edge relative to
    // the canvas it draws on. A missing or extra object would differ by its full outline colour.
    assert.ok(e.aaMax <= 80, `${what}: against the one-pass painter pixels differ by up to ${e.aaMax}/255`);
  };
  const checksum = () => call<number>('sceneChecksum');
  const centre = async (uuid: string) => (await call<{ x: number; y: number } | null>('boxCentre', uuid))!;

  before(async () => {
    [browser, server] = await Promise.all([launchBrowser(), servePage()]);
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => 'bench' in globalThis);
    assert.deepEqual(errors, []);
  });
  after(async () => {
    await browser?.close();
    server?.close();
  });

  it('after panning and zooming, and after moving, deleting, undoing, drawing, hiding and brightening', async () => {
    await call('mountImage', { boxes: 1200 }); // 400 a class: every one has a row in the object list
    await exact('first picture');
    await call('gesture');
    await exact('after a pan and zoom gesture (a new zoom level rendered progressively)');

    await call('focus', 'b0', 1.5);
    await exact('zoomed in on a box');
    const tools = page.getByRole('toolbar', { name: 'Editor tools' });
    await tools.getByRole('button', { name: 'Select', exact: true }).click();

    let before = await checksum();
    const from = await centre('b0');
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    for (let i = 1; i <= 5; i++) await page.mouse.move(from.x + i * 12, from.y + i * 8);
    await page.mouse.up();
    const to = await centre('b0');
    assert.ok(Math.abs(to.x - from.x - 60) < 2 && Math.abs(to.y - from.y - 40) < 2, 'the box moved');
    await exact('after moving a box');
    assert.notEqual(await checksum(), before, 'the move shows');

    const count = await call<number>('count');
    before = await checksum();
    await page.mouse.click(to.x, to.y);
    await page.keyboard.press('Delete');
    assert.equal(await call<number>('count'), count - 1, 'deleted');
    await exact('after deleting it');
    assert.notEqual(await checksum(), before, 'the deletion shows');

    await page.keyboard.press('Control+z');
    assert.equal(await call<number>('count'), count, 'undone');
    await exact('after undoing the deletion');

    before = await checksum();
    await page.getByRole('navigation', { name: 'Classes' }).getByRole('button', { name: /^Sign/ }).click();
    await page.mouse.move(to.x - 300, to.y - 200);
    await page.mouse.down();
    for (let i = 1; i <= 5; i++) await page.mouse.move(to.x - 300 + i * 20, to.y - 200 + i * 15);
    await page.mouse.up();
    assert.equal(await call<number>('count'), count + 1, 'drawn');
    await exact('after drawing a box');
    assert.notEqual(await checksum(), before, 'the new box shows');

    // Hide the moved box from its row in the object list (selected by a click on the canvas), then its class.
    await tools.getByRole('button', { name: 'Select', exact: true }).click();
    await page.mouse.click(to.x, to.y);
    before = await checksum();
    await page
      .locator('li[aria-selected="true"]')
      .getByRole('button', { name: /^Hide Car/ })
      .click();
    await exact('after hiding a box');
    assert.notEqual(await checksum(), before, 'hiding shows');
    before = await checksum();
    await page.getByRole('button', { name: 'Hide class Sign' }).click();
    await exact('after hiding a class');
    assert.notEqual(await checksum(), before, 'hiding the class shows');

    before = await checksum();
    await page.getByRole('slider', { name: 'Brightness' }).fill('1.6');
    await exact('after brightening the image');
    assert.notEqual(await checksum(), before, 'brightness shows');
    await call('gesture');
    await exact('after another gesture, brightened');
    await screenshot(page, '50-render-cache-settled');
  });
});
