import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fitBounds, locationText, screenToWorld, worldToScreen } from '@labelyard/editor';
import {
  createMask,
  decodePng,
  encodeBase64,
  encodePng,
  fromCocoRle,
  maskToPng,
  pngToMask,
  type BinaryMask,
  type Point,
} from '@labelyard/schema';
import type { Browser, Page } from 'playwright-core';
import { stampLine } from '../../packages/editor/src/geometry/paint.ts';
import { createActor, startTestServer, type TestServer } from '../../apps/server/test/harness.ts';
import { importByFile, setupLabelProject, type LabelProject } from '../../apps/server/test/label.factory.ts';
import { box, queue } from '../../apps/server/test/queue.sdk.ts';
import { readZip } from '../../apps/server/test/zip.reader.ts';
import { chromiumMissing, drag, launchBrowser, screenshot, signedInAs } from './browser.ts';

const WIDTH = 200;
const HEIGHT = 150;

type Person = { id: string; organization_id: string; key: string };

/** An image project whose rows show a real PNG of WIDTH × HEIGHT (as their media attributes say). */
async function imageProject(server: TestServer, rows = 1): Promise<LabelProject> {
  const p = await setupLabelProject(server, { images: rows, texts: 0, outside: 0 });
  const data = new Uint8Array(WIDTH * HEIGHT * 3).fill(120);
  const png = Buffer.from(encodePng({ width: WIDTH, height: HEIGHT, channels: 3, data })).toString('base64');
  await server.db
    .updateTable('data_rows')
    .set({
      row_data: `data:image/png;base64,${png}`,
      media_attributes: JSON.stringify({ width: WIDTH, height: HEIGHT, mimeType: 'image/png' }),
    })
    .where('dataset_id', '=', p.datasetId)
    .execute();
  return p;
}

/**
 * Screen ↔ image coordinates of the canvas after "Fit" (the engine's own fitBounds over the stage's size), so a test
 * clicks whole screen pixels and knows exactly which image point each click means.
 */
async function canvasMap(page: Page) {
  await page.getByRole('toolbar', { name: 'Editor tools' }).getByRole('button', { name: 'Fit' }).click();
  const stage = page.getByRole('application', { name: 'Image canvas' });
  const r = await stage.evaluate((el) => {
    const b = el.getBoundingClientRect();
    return { x: b.left, y: b.top, w: el.clientWidth, h: el.clientHeight };
  });
  const camera = fitBounds({ left: 0, top: 0, width: WIDTH, height: HEIGHT }, { width: r.w, height: r.h });
  const screen = (p: Point) => {
    const s = worldToScreen(camera, p);
    return { x: Math.round(r.x + s.x), y: Math.round(r.y + s.y) };
  };
  /** The image point a click at `p` lands on once rounded to a whole screen pixel. */
  const world = (p: Point) => {
    const s = screen(p);
    return screenToWorld(camera, { x: s.x - r.x, y: s.y - r.y });
  };
  return { screen, world };
}
type CanvasMap = Awaited<ReturnType<typeof canvasMap>>;

const snap = (p: Point) => ({ x: Math.round(p.x * 100) / 100, y: Math.round(p.y * 100) / 100 });

/** A press, moves through the points (a frame apart, so none are coalesced) and a release. */
async function stroke(page: Page, map: CanvasMap, points: Point[]) {
  const [first, ...rest] = points.map(map.screen);
  await page.mouse.move(first!.x, first!.y);
  await page.mouse.down();
  for (const p of rest) {
    await page.mouse.move(p.x, p.y);
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => r(null)))');
  }
  await page.mouse.up();
}

const along = (a: Point, b: Point, steps: number): Point[] =>
  Array.from({ length: steps + 1 }, (_, i) => ({
    x: a.x + ((b.x - a.x) * i) / steps,
    y: a.y + ((b.y - a.y) * i) / steps,
  }));

/** What the brush engine paints for a stroke through these image points. */
function paintStroke(mask: BinaryMask, points: Point[], radius: number, value: 0 | 1) {
  let last = points[0]!;
  for (const p of points) {
    stampLine(mask, last, p, radius, value);
    last = p;
  }
}

const diffCount = (a: BinaryMask, b: BinaryMask) =>
  a.data.reduce((n, v, i) => n + (v === b.data[i] ? 0 : 1), 0);

async function maskAt(url: string): Promise<BinaryMask> {
  const res = await fetch(url);
  assert.equal(res.status, 200, url);
  const pixels = pngToMask(new Uint8Array(await res.arrayBuffer()));
  assert.ok(pixels.ok);
  return pixels.value;
}

async function waitUntil(check: () => Promise<boolean>, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) assert.fail(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe(
  'editing in Chromium: review edits, drawing tools, text spans, exports',
  { skip: chromiumMissing },
  () => {
    let browser: Browser;
    let server: TestServer;
    let labeler: Person;
    let reviewer: Person;
    before(async () => {
      [browser, server] = await Promise.all([launchBrowser(), startTestServer({ dialect: 'sqlite' })]);
      const org = (await server.services.identity.getOrganization(server.actor)).name;
      const person = async (email: string, role: string) => {
        const a = await createActor(server.ctx, email, org, role);
        return { id: a.userId, organization_id: a.organizationId, key: a.key };
      };
      labeler = await person('edit-lab@example.com', 'LABELER');
      reviewer = await person('edit-rev@example.com', 'REVIEWER');
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    it('a reviewer edits the label (full toolbar), discards, edits again and approves with changes', async () => {
      const p = await imageProject(server);
      const held = (
        await server.data(
          queue.reserve,
          { data: { projectId: p.projectId, queueType: 'LabelingQueue' } },
          { key: labeler.key },
        )
      ).reserveNextDataRow;
      await server.data(
        queue.submit,
        { data: { reservationId: held.id, annotations: [box('first', 20)], secondsToLabel: 4 } },
        { key: labeler.key },
      );

      const rc = await signedInAs(browser, server, reviewer);
      const rp = await rc.newPage();
      const errors: string[] = [];
      rp.on('pageerror', (e) => errors.push(e.message));
      await rp.goto(`${server.url}/projects/${p.projectId}/review`);
      await rp.getByRole('application', { name: 'Image canvas' }).waitFor();
      const tools = rp.getByRole('toolbar', { name: 'Editor tools' });
      const objects = rp.getByRole('list', { name: 'box objects' }).getByRole('listitem');
      assert.equal(await tools.getByRole('button', { name: 'Box' }).count(), 0, 'read-only first');
      assert.equal(await rp.getByRole('button', { name: 'Approve with changes' }).count(), 0);

      // Edit: the drawing tools appear; a box drawn, then discarded: the label is back as submitted.
      await rp.getByRole('button', { name: 'Edit', exact: true }).click();
      for (const name of ['Box', 'Polygon', 'Brush', 'Eraser', 'Undo', 'Redo'])
        assert.equal(await tools.getByRole('button', { name }).count(), 1, `${name} while editing`);
      assert.equal(await rp.getByRole('button', { name: 'Reject' }).count(), 0, 'no reject while editing');
      const classes = rp.getByRole('navigation', { name: 'Classes' });
      await classes.getByRole('button', { name: /^box/ }).click();
      await drag(rp, [0.55, 0.5], [0.8, 0.8]);
      await objects.nth(1).waitFor();
      const drafts = () =>
        server.db.selectFrom('label_drafts').select('content').where('user_id', '=', reviewer.id).execute();
      await rp.getByRole('status').filter({ hasText: 'Draft saved' }).waitFor();
      assert.equal(JSON.parse((await drafts())[0]!.content).length, 2, 'the edit is autosaved as a draft');
      await rp.getByRole('button', { name: 'Discard changes' }).click();
      assert.equal(await objects.count(), 1, 'discarding undoes the edit');
      assert.equal(await tools.getByRole('button', { name: 'Box' }).count(), 0, 'read-only again');
      await rp.getByRole('button', { name: 'Edit', exact: true }).waitFor();
      await waitUntil(async () => (await drafts()).length === 0, 'discarding forgets the draft');
      await rp.reload();
      await rp.getByRole('button', { name: 'Approve', exact: true }).waitFor();
      assert.equal(await objects.count(), 1, 'a discarded edit does not come back on reload');

      // Edit again: a second box; the page reloads mid-edit and the edit is still there, in edit mode.
      await rp.getByRole('button', { name: 'Edit', exact: true }).click();
      await classes.getByRole('button', { name: /^box/ }).click();
      await drag(rp, [0.55, 0.5], [0.8, 0.8]);
      await objects.nth(1).waitFor();
      await rp.getByRole('status').filter({ hasText: 'Draft saved' }).waitFor();
      await rp.reload();
      await rp.getByText('Your saved edits were restored.').waitFor();
      assert.equal(await objects.count(), 2, 'the reviewer’s edit survives a reload');
      assert.equal(await tools.getByRole('button', { name: 'Box' }).count(), 1, 'back in edit mode');
      await screenshot(rp, '40-review-editing');
      await rp.getByRole('button', { name: 'Approve with changes' }).click();
      await rp.getByText('Nothing left to review').waitFor();
      assert.deepEqual(errors, []);

      const label = (
        await server.data(
          `query($id: ID!) { project(where: {id: $id}) { labels(first: 5) { id createdBy { id } annotations reviews(skip: 0, first: 5) { verdict } } } }`,
          { id: p.projectId },
        )
      ).project.labels[0];
      assert.equal(label.createdBy.id, labeler.id, 'the label keeps its author');
      assert.deepEqual(
        label.reviews.map((r: { verdict: string }) => r.verdict),
        ['APPROVE'],
      );
      assert.equal(label.annotations.length, 2);
      assert.deepEqual(await drafts(), [], 'approving spends the reviewer’s draft');
      assert.deepEqual(label.annotations[0].bbox, box(undefined, 20).bbox);
      const added = label.annotations[1].bbox as Record<string, number>;
      assert.ok(added.left! > WIDTH * 0.45 && added.top! > HEIGHT * 0.4, JSON.stringify(added));
      const history = await server.db
        .selectFrom('workflow_history')
        .select(['action', 'user_id'])
        .where('project_id', '=', p.projectId)
        .orderBy('id')
        .execute();
      assert.deepEqual(
        history.map((h) => [h.action, h.user_id]),
        [
          ['SUBMITTED', labeler.id],
          ['EDITED', reviewer.id],
          ['APPROVED', reviewer.id],
        ],
      );
      await rc.close();
    });

    it('a labeler draws a polygon, a box with a nested answer and a brushed, partly erased mask; the NDJSON, COCO and PNG-mask exports hold exactly that geometry', async () => {
      const p = await imageProject(server);
      const lc = await signedInAs(browser, server, labeler);
      const lp = await lc.newPage();
      const errors: string[] = [];
      lp.on('pageerror', (e) => errors.push(e.message));
      await lp.goto(`${server.url}/projects/${p.projectId}/label`);
      await lp.getByRole('application', { name: 'Image canvas' }).waitFor();
      const classes = lp.getByRole('navigation', { name: 'Classes' });

      // Polygon: four clicks, Enter closes it.
      await classes.getByRole('button', { name: /^poly/ }).click();
      let map = await canvasMap(lp);
      const corners = [
        { x: 30, y: 30 },
        { x: 90, y: 25 },
        { x: 100, y: 70 },
        { x: 40, y: 80 },
      ];
      for (const c of corners) {
        const at = map.screen(c);
        await lp.mouse.click(at.x, at.y);
      }
      await lp.keyboard.press('Enter');
      await lp.getByRole('list', { name: 'poly objects' }).getByRole('listitem').first().waitFor();
      const polygon = corners.map((c) => snap(map.world(c)));

      // Box, then its nested classification: occluded → yes → why.
      await classes.getByRole('button', { name: /^box/ }).click();
      map = await canvasMap(lp);
      const boxPath = along({ x: 120, y: 20 }, { x: 180, y: 60 }, 4);
      await stroke(lp, map, boxPath);
      const [a, b] = [snap(map.world(boxPath[0]!)), snap(map.world(boxPath.at(-1)!))];
      const bbox = {
        top: Math.min(a.y, b.y),
        left: Math.min(a.x, b.x),
        height: Math.abs(a.y - b.y),
        width: Math.abs(a.x - b.x),
      };
      const nested = lp.getByRole('region', { name: 'Object classifications' });
      await nested.getByRole('radio', { name: 'yes' }).check();
      await nested.getByRole('textbox', { name: 'why' }).fill('parked behind a van');
      await nested.getByRole('textbox', { name: 'why' }).press('Tab');

      // Mask: a brush stroke of size 20, then the eraser across it.
      await classes.getByRole('button', { name: /^seg/ }).click();
      const size = lp.getByRole('slider', { name: 'Brush size' });
      await size.focus();
      for (let i = 0; i < 8; i++) await size.press('ArrowRight');
      assert.equal(await size.inputValue(), '20');
      map = await canvasMap(lp);
      const brushPath = along({ x: 30, y: 110 }, { x: 170, y: 110 }, 7);
      await stroke(lp, map, brushPath);
      await lp.getByRole('list', { name: 'seg objects' }).getByRole('listitem').first().waitFor();
      await lp.getByRole('toolbar', { name: 'Editor tools' }).getByRole('button', { name: 'Eraser' }).click();
      const eraserPath = along({ x: 100, y: 92 }, { x: 100, y: 128 }, 3);
      await stroke(lp, map, eraserPath);
      const expected = createMask(WIDTH, HEIGHT);
      paintStroke(expected, brushPath.map(map.world), 10, 1);
      paintStroke(expected, eraserPath.map(map.world), 10, 0);
      await screenshot(lp, '41-drawn-polygon-box-mask');
      await lp.getByRole('button', { name: 'Submit' }).click();
      await lp.getByText('Nothing left to label').waitFor();
      assert.deepEqual(errors, []);
      await lc.close();

      // The stored label is what was drawn.
      const lines = (
        await server.data(
          `query($id: ID!) { project(where: {id: $id}) { labels(first: 5) { annotations } } }`,
          {
            id: p.projectId,
          },
        )
      ).project.labels[0].annotations as Array<Record<string, any>>;
      const byName = (name: string) => lines.find((l) => l.name === name)!;
      assert.deepEqual(byName('poly').polygon, polygon);
      assert.deepEqual(byName('box').bbox, bbox);
      const occluded = byName('box').classifications[0];
      assert.equal(occluded.name, 'occluded');
      assert.equal(occluded.answer.name, 'yes');
      assert.deepEqual(
        occluded.answer.classifications.map((c: any) => [c.name, c.answer]),
        [['why', 'parked behind a van']],
      );
      const stored = await maskAt(byName('seg').mask.instanceURI);
      assert.equal(stored.data[110 * WIDTH + 100], 0, 'erased where the eraser crossed');
      assert.equal(stored.data[110 * WIDTH + 50], 1, 'painted along the stroke');
      assert.equal(
        diffCount(stored, expected),
        0,
        'the mask is exactly the brush stroke minus the eraser stroke',
      );

      // The exports, downloaded from the project page, hold exactly that geometry.
      const admin = await signedInAs(browser, server, {
        id: server.actor.userId,
        organization_id: server.actor.organizationId,
      });
      const ap = await admin.newPage();
      await ap.goto(`${server.url}/projects/${p.projectId}?tab=export`);
      const download = async (name: string) => {
        const [file] = await Promise.all([
          ap.waitForEvent('download'),
          ap.getByRole(name.startsWith('Export NDJSON') ? 'button' : 'link', { name }).click(),
        ]);
        return fs.readFileSync((await file.path())!);
      };

      const coco = JSON.parse((await download('Export COCO')).toString('utf8'));
      const category = (id: number) => coco.categories.find((c: any) => c.id === id).name;
      const cocoBy = (name: string) => coco.annotations.find((x: any) => category(x.category_id) === name);
      assert.equal(coco.annotations.length, 3);
      assert.deepEqual(cocoBy('box').bbox, [bbox.left, bbox.top, bbox.width, bbox.height]);
      assert.deepEqual(cocoBy('poly').segmentation, [polygon.flatMap((q) => [q.x, q.y])]);
      assert.equal(diffCount(fromCocoRle(cocoBy('seg').segmentation), stored), 0, 'COCO RLE = the mask');

      const zip = readZip(await download('Export PNG masks'));
      const index = zip
        .get('masks/index.ndjson')!
        .toString()
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { name: string; file: string });
      const png = decodePng(zip.get(index.find((e) => e.name === 'seg')!.file)!);
      assert.ok(png.ok);
      const fromZip = { width: WIDTH, height: HEIGHT, data: png.value.data.map((v) => (v ? 1 : 0)) };
      assert.equal(diffCount(fromZip, stored), 0, 'the PNG mask = the mask');

      const [row] = (await download('Export NDJSON (Labelbox export v2)'))
        .toString('utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      const objects = row.projects[p.projectId].labels[0].annotations.objects as Array<Record<string, any>>;
      const v2 = (name: string) => objects.find((o) => o.name === name)!;
      // Export v2 writes the ring closed (first point repeated), as Labelbox does.
      assert.deepEqual(v2('poly').polygon, [...polygon, polygon[0]]);
      assert.deepEqual(v2('box').bounding_box, bbox);
      assert.equal(v2('box').classifications[0].radio_answer.name, 'yes');
      assert.equal(
        v2('box').classifications[0].radio_answer.classifications[0].text_answer.content,
        'parked behind a van',
      );
      assert.equal(
        diffCount(await maskAt(v2('seg').composite_mask.url), stored),
        0,
        'v2 mask URL = the mask',
      );
      await admin.close();
    });

    it('text rows: selecting a span labels it with the entity class; the label and the CoNLL export have it', async () => {
      const p = await setupLabelProject(server, { images: 0, texts: 1, outside: 0, mediaType: 'TEXT' });
      const text = p.texts[0]!.text;
      const lc = await signedInAs(browser, server, labeler);
      const lp = await lc.newPage();
      await lp.goto(`${server.url}/projects/${p.projectId}/label`);
      const doc = lp.getByRole('document', { name: 'Text to label' });
      await doc.getByText('Chicago').waitFor();
      await lp.getByRole('navigation', { name: 'Classes' }).getByRole('button', { name: /^ner/ }).click();
      // Select "Chicago" as a person would with the mouse, then release.
      await doc.evaluate((el, word) => {
        const walker = el.ownerDocument.createTreeWalker(el, 4 /* NodeFilter.SHOW_TEXT */);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const at = n.textContent!.indexOf(word);
          if (at < 0) continue;
          const range = el.ownerDocument.createRange();
          range.setStart(n, at);
          range.setEnd(n, at + word.length);
          const selection = el.ownerDocument.getSelection()!;
          selection.removeAllRanges();
          selection.addRange(range);
          return;
        }
        throw new Error(`${word} not found`);
      }, 'Chicago');
      await doc.dispatchEvent('mouseup');
      const entities = lp.getByRole('list', { name: 'ner objects' });
      await entities.getByText('“Chicago”').waitFor();
      await screenshot(lp, '42-text-entity');
      await lp.getByRole('button', { name: 'Submit' }).click();
      await lp.getByText('Nothing left to label').waitFor();
      await lc.close();

      const [line] = (
        await server.data(
          `query($id: ID!) { project(where: {id: $id}) { labels(first: 5) { annotations } } }`,
          {
            id: p.projectId,
          },
        )
      ).project.labels[0].annotations;
      assert.equal(line.name, 'ner');
      assert.equal(locationText(text, line.location), 'Chicago');
      assert.deepEqual(line.location, { start: text.indexOf('Chicago'), end: text.indexOf('Chicago') + 6 });
      const conll = await fetch(`${server.url}/api/v1/projects/${p.projectId}/exports/conll`, {
        headers: { authorization: `Bearer ${server.key}` },
      });
      const body = await conll.text();
      assert.match(body, /Chicago -X- _ B-ner\n/);
      assert.match(body, /Michael -X- _ O\n/);
    });

    it('MAL pre-labels and labels whose mask is a URL are drawn on the canvas', async () => {
      const p = await imageProject(server);
      const mask = createMask(WIDTH, HEIGHT);
      for (let y = 40; y < 110; y++) mask.data.fill(1, y * WIDTH + 50, y * WIDTH + 150);
      const mal = [
        {
          uuid: 'mal-seg',
          name: 'seg',
          mask: { png: encodeBase64(maskToPng(mask)) },
          dataRow: { id: p.images[0]!.id },
        },
      ];
      assert.equal((await importByFile(server, 'MAL', p.projectId, 'seg', mal)).import.state, 'FINISHED');
      const lc = await signedInAs(browser, server, labeler);
      const lp = await lc.newPage();
      await lp.goto(`${server.url}/projects/${p.projectId}/label`);
      await lp.getByText('Pre-labels loaded: edit them, then submit.').waitFor();
      assert.equal(await lp.getByRole('list', { name: 'seg objects' }).getByRole('listitem').count(), 1);
      assert.equal(await lp.getByText(/could not be loaded/).count(), 0);
      const map = await canvasMap(lp);
      await lp.waitForTimeout(100);
      const shot = decodePng(await lp.screenshot());
      assert.ok(shot.ok);
      const pixel = (q: Point) => {
        const s = map.screen(q);
        const o = (s.y * shot.value.width + s.x) * shot.value.channels;
        return [...shot.value.data.subarray(o, o + 3)];
      };
      assert.notDeepEqual(
        pixel({ x: 100, y: 75 }),
        pixel({ x: 20, y: 130 }),
        'the mask is drawn over the image',
      );
      await screenshot(lp, '43-mask-pre-label');
      await lc.close();
    });
  },
);
