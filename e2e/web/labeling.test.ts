import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { encodePng } from '@labelyard/schema';
import type { Browser } from 'playwright-core';
import { startTestServer, tempDir, type TestServer } from '../../apps/server/test/harness.ts';
import { importByFile, setupLabelProject } from '../../apps/server/test/label.factory.ts';
import {
  chromiumMissing,
  drag,
  labelerAndReviewer,
  launchBrowser,
  screenshot,
  signedInAs,
} from './browser.ts';

const WIDTH = 200;
const HEIGHT = 150;
/** A WIDTH × HEIGHT image of one grey level, as a data URL (row data the editor loads without a file server). */
const greyPng = (level: number) =>
  `data:image/png;base64,${Buffer.from(
    encodePng({
      width: WIDTH,
      height: HEIGHT,
      channels: 3,
      data: new Uint8Array(WIDTH * HEIGHT * 3).fill(level),
    }),
  ).toString('base64')}`;

describe('labeling and review in Chromium', { skip: chromiumMissing }, () => {
  let browser: Browser;
  let server: TestServer;
  let files: string;
  let labeler: { id: string; organization_id: string };
  let reviewer: { id: string; organization_id: string };
  before(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startTestServer({ dialect: 'sqlite' })]);
    files = tempDir('labelyard-e2e-label-');
    ({ labeler, reviewer } = await labelerAndReviewer(server));
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    if (files) fs.rmSync(files, { recursive: true, force: true });
  });

  it('admin sets up, labeler draws a box and submits, reviewer approves, the export has the box', async () => {
    // The admin: ontology, dataset with one image, project with instructions, batch.
    const admin = await signedInAs(browser, server, {
      id: server.actor.userId,
      organization_id: server.actor.organizationId,
    });
    const ap = await admin.newPage();
    await ap.goto(`${server.url}/ontologies/new`);
    await ap.getByLabel('Ontology name').fill('Cars');
    await ap.getByRole('button', { name: 'Add tool' }).click();
    await ap.getByRole('textbox', { name: 'Name', exact: true }).fill('Car');
    await ap.getByRole('button', { name: 'Save ontology' }).click();
    await ap.getByRole('heading', { name: 'Cars' }).waitFor();

    await ap.goto(`${server.url}/datasets`);
    await ap.getByRole('button', { name: 'New dataset' }).click();
    const ds = ap.getByRole('dialog', { name: 'New dataset' });
    await ds.getByLabel('Name').fill('Street');
    await ds.getByRole('button', { name: 'Create dataset' }).click();
    await ap.getByRole('heading', { name: 'Street' }).waitFor();
    const png = path.join(files, 'street.png');
    const data = new Uint8Array(WIDTH * HEIGHT * 3);
    for (let i = 0; i < data.length; i += 3) data.set([90, 110, 140], i);
    fs.writeFileSync(png, encodePng({ width: WIDTH, height: HEIGHT, channels: 3, data }));
    await ap.getByRole('button', { name: 'Upload data' }).click();
    const upload = ap.getByRole('dialog', { name: 'Upload data' });
    await upload.getByLabel('Files').setInputFiles([png]);
    await upload.getByRole('button', { name: /Upload 1 file/ }).click();
    await upload.getByText('1 data row created').waitFor({ timeout: 30_000 });
    await upload.getByRole('button', { name: 'Close' }).click();
    const datasetId = new URL(ap.url()).pathname.split('/').pop()!;

    await ap.goto(`${server.url}/projects`);
    await ap.getByRole('button', { name: 'New project' }).click();
    const create = ap.getByRole('dialog', { name: 'New project' });
    await create.getByLabel('Name').fill('Street cars');
    await create.getByLabel('Ontology').selectOption({ label: 'Cars' });
    await create.getByRole('button', { name: 'Create project' }).click();
    await ap.getByRole('heading', { name: 'Street cars' }).waitFor();
    const projectId = new URL(ap.url()).pathname.split('/').pop()!;
    await ap.getByRole('tab', { name: 'Instructions' }).click();
    await ap.getByLabel('Instructions (Markdown)').fill('## Box every car\n\nTight boxes, please.');
    await ap.getByRole('button', { name: 'Save instructions' }).click();
    await ap.getByText('Instructions saved.').waitFor();
    await ap.getByRole('tab', { name: 'Batches' }).click();
    await ap.getByRole('button', { name: 'Add batch' }).click();
    const batch = ap.getByRole('dialog', { name: 'Add batch' });
    await batch.getByLabel('Batch name').fill('first');
    await batch.getByLabel('Dataset').selectOption(datasetId);
    await batch.getByRole('button', { name: 'Add batch' }).click();
    await ap.getByRole('cell', { name: /^first/ }).waitFor();

    // The labeler: the instructions beside the canvas, a box, a draft that survives a reload, submit.
    const lc = await signedInAs(browser, server, labeler);
    const lp = await lc.newPage();
    const errors: string[] = [];
    lp.on('pageerror', (e) => errors.push(e.message));
    await lp.goto(`${server.url}/projects/${projectId}`);
    await lp.getByRole('link', { name: 'Start labeling' }).click();
    await lp.getByRole('application', { name: 'Image canvas' }).waitFor();
    await lp
      .getByRole('region', { name: 'Instructions' })
      .getByRole('heading', { name: 'Box every car' })
      .waitFor();
    await lp.getByRole('navigation', { name: 'Classes' }).getByRole('button', { name: /Car/ }).click();
    await drag(lp, [0.3, 0.3], [0.6, 0.6]);
    const objects = lp.getByRole('list', { name: 'Car objects' });
    await objects.getByRole('listitem').first().waitFor();
    await lp.getByRole('status').filter({ hasText: 'Draft saved' }).waitFor({ timeout: 10_000 });
    await screenshot(lp, '30-label-editor');

    await lp.reload();
    await lp.getByText('Your saved draft was restored.').waitFor();
    assert.equal(await lp.getByRole('list', { name: 'Car objects' }).getByRole('listitem').count(), 1);
    assert.ok((await lp.getByRole('timer', { name: 'Time on this row' }).innerText()).match(/^\d+:\d\d$/));
    await lp.getByRole('button', { name: 'Submit' }).click();
    await lp.getByText('Nothing left to label').waitFor();
    await screenshot(lp, '31-label-done');
    assert.deepEqual(errors, []);

    // The reviewer: read-only label, approve.
    const rc = await signedInAs(browser, server, reviewer);
    const rp = await rc.newPage();
    await rp.goto(`${server.url}/projects/${projectId}/review`);
    await rp.getByRole('application', { name: 'Image canvas' }).waitFor();
    await rp.getByText('Labeled by lab@example.com').waitFor();
    assert.equal(await rp.getByRole('list', { name: 'Car objects' }).getByRole('listitem').count(), 1);
    assert.equal(await rp.getByRole('navigation', { name: 'Classes' }).count(), 0, 'nothing to draw with');
    const tools = rp.getByRole('toolbar', { name: 'Editor tools' });
    for (const name of ['Box', 'Polygon', 'Brush', 'Eraser', 'Undo', 'Redo'])
      assert.equal(await tools.getByRole('button', { name }).count(), 0, `no ${name} in review`);
    assert.equal(await tools.getByRole('button', { name: 'Pan' }).count(), 1);
    const reviewObjects = rp.getByRole('region', { name: 'Objects' });
    assert.equal(
      await reviewObjects.getByRole('button', { name: /^(Lock|Unlock) / }).count(),
      0,
      'no lock controls',
    );
    assert.equal(
      await reviewObjects.getByRole('button', { name: /^Hide / }).count(),
      2,
      'hide class and object',
    );
    await screenshot(rp, '32-review');
    await rp.getByRole('button', { name: 'Approve' }).click();
    await rp.getByText('Nothing left to review').waitFor();

    // The admin's COCO export has the box, in image pixels.
    await ap.goto(`${server.url}/projects/${projectId}?tab=export`);
    const [download] = await Promise.all([
      ap.waitForEvent('download'),
      ap.getByRole('link', { name: 'Export COCO' }).click(),
    ]);
    const coco = JSON.parse(fs.readFileSync((await download.path())!, 'utf8')) as {
      annotations: Array<{ bbox: number[] }>;
      categories: Array<{ name: string }>;
    };
    assert.equal(coco.annotations.length, 1);
    const stored = await server.data<{
      project: { labels: Array<{ annotations: Array<{ name: string; bbox: Record<string, number> }> }> };
    }>('query($id: ID!) { project(where: {id: $id}) { labels(first: 5) { annotations } } }', {
      id: projectId,
    });
    const [line] = stored.project.labels[0]!.annotations;
    assert.equal(line!.name, 'Car');
    const { left, top, width, height } = line!.bbox as Record<string, number>;
    assert.deepEqual(
      coco.annotations[0]!.bbox.map((v) => Math.round(v * 100) / 100),
      [left, top, width, height].map((v) => Math.round(v! * 100) / 100),
      'the export has exactly the drawn box',
    );
    // Dragged over the middle of the canvas: a box well inside the image.
    assert.ok(left! > 10 && top! > 10 && left! + width! < WIDTH - 10 && top! + height! < HEIGHT - 10);
    assert.ok(width! > WIDTH / 5 && height! > HEIGHT / 5, JSON.stringify(line!.bbox));
    await ap.getByRole('tab', { name: 'Overview' }).click();
    // The overview charts show the live queue and the labelers' work.
    const queues = ap.getByRole('table', { name: 'Data rows by task queue' });
    await queues.getByRole('row', { name: 'Done 1' }).waitFor();
    await queues.getByRole('row', { name: 'To label 0' }).waitFor();
    await ap
      .getByRole('table', { name: 'Labels per labeler' })
      .getByRole('row', { name: 'lab@example.com 1' })
      .waitFor();
    await ap
      .getByRole('table', { name: 'Seconds per label' })
      .getByRole('row', { name: /^lab@example\.com / })
      .waitFor();
    await ap.getByText('No agreement scores yet').waitFor();
    await screenshot(ap, '33-overview-after-review');
    await admin.close();
    await lc.close();
    await rc.close();
  });

  it('MAL pre-labels start the label; a skip with a reason; reject with a comment, rework, approve', async () => {
    const p = await setupLabelProject(server, { images: 2, texts: 0, outside: 0 });
    const png = greyPng(160);
    await server.db
      .updateTable('data_rows')
      .set({ row_data: png })
      .where('dataset_id', '=', p.datasetId)
      .execute();
    const mal = p.images.map((r, i) => ({
      uuid: `mal-${i}`,
      dataRow: { id: r.id },
      name: 'box',
      bbox: { top: 20, left: 30, height: 40, width: 50 },
      classifications: [],
    }));
    assert.equal((await importByFile(server, 'MAL', p.projectId, 'pre', mal)).import.state, 'FINISHED');

    const lc = await signedInAs(browser, server, labeler);
    const lp = await lc.newPage();
    await lp.goto(`${server.url}/projects/${p.projectId}/label`);
    await lp.getByText('Pre-labels loaded: edit them, then submit.').waitFor();
    assert.equal(await lp.getByRole('list', { name: 'box objects' }).getByRole('listitem').count(), 1);
    await screenshot(lp, '34-pre-labels');
    const first = await lp.getByRole('region', { name: 'Row', exact: true }).getByRole('heading').innerText();
    await lp.getByRole('button', { name: 'Submit' }).click();
    const second = p.images.map((r) => r.globalKey).find((k) => k.toLowerCase() !== first.toLowerCase())!;
    await lp
      .getByRole('region', { name: 'Row', exact: true })
      .getByRole('heading', { name: second })
      .waitFor();
    await lp.getByText('Pre-labels loaded: edit them, then submit.').waitFor();
    await lp.getByRole('button', { name: 'Skip' }).click();
    const skip = lp.getByRole('dialog', { name: 'Skip this row' });
    await skip.getByLabel('Reason').fill('blurry');
    await skip.getByRole('button', { name: 'Skip row' }).click();
    await lp.getByText('Nothing left to label').waitFor();

    const rc = await signedInAs(browser, server, reviewer);
    const rp = await rc.newPage();
    await rp.goto(`${server.url}/projects/${p.projectId}/review`);
    await rp.getByRole('button', { name: 'Reject' }).click();
    const reject = rp.getByRole('dialog', { name: 'Reject this label' });
    await reject.getByLabel('Comment for the labeler').fill('The <b>box</b> is too loose');
    await reject.getByRole('button', { name: 'Send back for rework' }).click();
    // The skip is the labeler's Skipped label: it comes to review too (as in Labelbox).
    await rp.getByText('Skipped by lab@example.com').waitFor();
    await rp.getByRole('button', { name: 'Approve' }).click();
    await rp.getByText('Nothing left to review').waitFor();

    await lp.goto(`${server.url}/projects/${p.projectId}/label`);
    const note = lp.getByRole('note', { name: 'Reviewer comment' });
    await note.getByText('The <b>box</b> is too loose').waitFor();
    assert.equal(await lp.getByRole('button', { name: 'Skip' }).count(), 0, 'rework cannot be skipped');
    await screenshot(lp, '35-rework');
    await lp.getByRole('button', { name: 'Submit' }).click();
    await lp.getByText('Nothing left to label').waitFor();

    await rp.goto(`${server.url}/projects/${p.projectId}/review`);
    await rp.getByRole('button', { name: 'Approve' }).click();
    await rp.getByText('Nothing left to review').waitFor();
    const counts = await server.data<{
      project: { workstreamStateCounts: Array<{ state: string; count: number }> };
    }>('query($id: ID!) { project(where: {id: $id}) { workstreamStateCounts { state count } } }', {
      id: p.projectId,
    });
    const by = Object.fromEntries(counts.project.workstreamStateCounts.map((c) => [c.state, c.count]));
    assert.equal(by.Done, 2, 'the reworked label and the approved skip');
    assert.equal(by.Skipped, 1);
    assert.equal(by.Labeled, 1, 'a Skipped label is not a submitted one');
    await lc.close();
    await rc.close();
  });

  it("keeps a row name as typed, shows Submit as the main action and a chosen answer in review, and says why the review queue is empty for a label's own author", async () => {
    const p = await setupLabelProject(server, { images: 1, texts: 0, outside: 0 });
    const png = greyPng(120);
    await server.db
      .updateTable('data_rows')
      .set({ row_data: png, global_key: 'Street_CAM-01.PNG' })
      .where('dataset_id', '=', p.datasetId)
      .execute();
    // The admin labels (admins may review too): nobody reviews their own label.
    const admin = await signedInAs(browser, server, {
      id: server.actor.userId,
      organization_id: server.actor.organizationId,
    });
    const ap = await admin.newPage();
    await ap.goto(`${server.url}/projects/${p.projectId}/label`);
    const name = ap.getByRole('region', { name: 'Row', exact: true }).getByRole('heading');
    assert.equal(await name.innerText(), 'Street_CAM-01.PNG', 'shown as typed, not upper-cased');
    const submit = ap.getByRole('button', { name: 'Submit' });
    const skip = ap.getByRole('button', { name: 'Skip' });
    // Computed in the page (this file is compiled without the DOM library: the window is the element's own).
    const background = async (button: typeof submit) =>
      button.evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).backgroundColor);
    assert.notEqual(await background(submit), await background(skip), 'Submit stands out');
    await ap.getByRole('group', { name: 'q' }).getByRole('radio', { name: 'No' }).check();
    await submit.click();
    await ap.getByText('Nothing left to label').waitFor();

    await ap.goto(`${server.url}/projects/${p.projectId}/review`);
    await ap.getByText('Nothing left to review').waitFor();
    await ap
      .getByText('1 row is still in review: labels you submitted yourself go to another reviewer')
      .waitFor();
    await screenshot(ap, '37-review-own-label');

    const rc = await signedInAs(browser, server, reviewer);
    const rp = await rc.newPage();
    await rp.goto(`${server.url}/projects/${p.projectId}/review`);
    const answers = rp.getByRole('group', { name: 'q' });
    await answers.getByRole('radio', { name: 'No' }).waitFor();
    assert.ok(await answers.getByRole('radio', { name: 'No' }).isChecked());
    // Read-only answers are disabled, which the browser greys out either way: the chosen one's text stands out.
    const weight = async (name: string) =>
      answers
        .getByRole('radio', { name })
        .locator('xpath=ancestor::label')
        .evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).fontWeight);
    assert.equal(await weight('No'), '600');
    assert.equal(await weight('Yes'), '400');
    await screenshot(rp, '38-review-answer');
    await admin.close();
    await rc.close();
  });

  it('says which media the editor opens instead of reserving an audio row it cannot show', async () => {
    const p = await setupLabelProject(server, { images: 1, texts: 0, outside: 0 });
    await server.db
      .updateTable('projects')
      .set({ media_type: 'AUDIO' })
      .where('id', '=', p.projectId)
      .execute();
    const lc = await signedInAs(browser, server, labeler);
    const lp = await lc.newPage();
    await lp.goto(`${server.url}/projects/${p.projectId}/label`);
    await lp.getByText('The web editor does not label AUDIO rows yet').waitFor();
    assert.equal(await lp.getByRole('button', { name: 'Start labeling' }).count(), 0);
    await lp.goto(`${server.url}/projects/${p.projectId}/review`);
    await lp.getByText('The web editor does not review AUDIO rows yet').waitFor();
    const held = await server.db
      .selectFrom('queue_reservations')
      .select('id')
      .where('project_id', '=', p.projectId)
      .execute();
    assert.deepEqual(held, [], 'no row reserved');
    await lc.close();
  });

  it('labels an image served from another origin without CORS headers (such tiles cannot be read back)', async () => {
    const p = await setupLabelProject(server, { images: 1, texts: 0, outside: 0 });
    const png = Buffer.from(greyPng(90).split(',')[1]!, 'base64');
    const images = http.createServer((_, res) =>
      res.writeHead(200, { 'content-type': 'image/png' }).end(png),
    );
    await new Promise<void>((r) => images.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(images.address() as AddressInfo).port}/street.png`;
    await server.db
      .updateTable('data_rows')
      .set({ row_data: url })
      .where('dataset_id', '=', p.datasetId)
      .execute();
    const lc = await signedInAs(browser, server, labeler);
    const lp = await lc.newPage();
    const errors: string[] = [];
    lp.on('pageerror', (e) => errors.push(e.message));
    await lp.goto(`${server.url}/projects/${p.projectId}/label`);
    await lp.getByRole('application', { name: 'Image canvas' }).waitFor();
    await lp.getByRole('navigation', { name: 'Classes' }).getByRole('button', { name: /^box/ }).click();
    await drag(lp, [0.3, 0.3], [0.6, 0.6]);
    await lp.getByRole('list', { name: 'box objects' }).getByRole('listitem').first().waitFor();
    await screenshot(lp, '39-cross-origin-image');
    assert.deepEqual(errors, []);
    await lc.close();
    images.close();
  });

  it("shows the server's refusal of an annotation under that object", async () => {
    const p = await setupLabelProject(server, { images: 1, texts: 0, outside: 0 });
    const png = greyPng(200);
    // The row's recorded size is smaller than its image: a box over the middle of the image lies outside it.
    await server.db
      .updateTable('data_rows')
      .set({
        row_data: png,
        media_attributes: JSON.stringify({ width: 40, height: 30, mimeType: 'image/png' }),
      })
      .where('dataset_id', '=', p.datasetId)
      .execute();
    const lc = await signedInAs(browser, server, labeler);
    const lp = await lc.newPage();
    await lp.goto(`${server.url}/projects/${p.projectId}/label`);
    await lp.getByRole('navigation', { name: 'Classes' }).getByRole('button', { name: /^box/ }).click();
    await drag(lp, [0.4, 0.4], [0.7, 0.7]);
    await lp.getByRole('list', { name: 'box objects' }).getByRole('listitem').first().waitFor();
    await lp.getByRole('button', { name: 'Submit' }).click();
    const problem = lp.getByRole('list', { name: 'box objects' }).getByRole('alert');
    await problem.waitFor();
    assert.match(await problem.innerText(), /bbox|outside|image/i);
    await screenshot(lp, '36-annotation-error');
    await lc.close();
  });
});
