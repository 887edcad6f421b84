import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { exportParams } from '../../apps/server/test/export.sdk.ts';
import { startTestServer, tempDir, type TestServer } from '../../apps/server/test/harness.ts';
import { createDataset } from '../../apps/server/test/catalog.factory.ts';
import { importByFile, insertRows } from '../../apps/server/test/label.factory.ts';
import { createProjectOperation, DEFAULT_QUALITY } from '../../apps/server/test/project.factory.ts';
import { CONNECT_ONTOLOGY, CREATE_ONTOLOGY } from '../../apps/server/test/ontology.helpers.ts';
import { exportedLabel } from '../../apps/server/test/media.factory.ts';
import {
  chromiumMissing,
  drag,
  labelerAndReviewer,
  launchBrowser,
  screenshot,
  signedInAs,
} from './browser.ts';

const SECONDS = 2;

/**
 * A 320×240 WebM of SECONDS seconds (a square sliding right, the time written on each frame), recorded by the
 * browser itself from a canvas: no video tool is needed to make the fixture. Run as a string: the e2e code is
 * type-checked without the DOM library.
 */
async function recordWebm(page: Page): Promise<Buffer> {
  const base64 = await page.evaluate<string>(`(async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 320;
    canvas.height = 240;
    const ctx = canvas.getContext('2d');
    const recorder = new MediaRecorder(canvas.captureStream(30), { mimeType: 'video/webm;codecs=vp8' });
    const chunks = [];
    recorder.ondataavailable = (e) => chunks.push(e.data);
    const stopped = new Promise((resolve) => (recorder.onstop = resolve));
    recorder.start();
    const start = performance.now();
    await new Promise((resolve) => {
      const draw = () => {
        const t = (performance.now() - start) / 1000;
        ctx.fillStyle = '#264653';
        ctx.fillRect(0, 0, 320, 240);
        ctx.fillStyle = '#e9c46a';
        ctx.fillRect(40 + t * 80, 90, 60, 60);
        ctx.fillStyle = '#ffffff';
        ctx.font = '20px sans-serif';
        ctx.fillText(t.toFixed(2) + ' s', 10, 30);
        if (t < ${SECONDS}) setTimeout(draw, 33);
        else resolve();
      };
      draw();
    });
    recorder.stop();
    await stopped;
    const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
    let s = '';
    for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return btoa(s);
  })()`);
  return Buffer.from(base64, 'base64');
}

/** An HTTP server for one video file: whole-file answers only (no `Accept-Ranges`), readable cross-origin. */
async function videoHost(body: Buffer) {
  const host = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'video/webm', 'access-control-allow-origin': '*' });
    res.end(body);
  });
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(host.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => host.close(() => resolve())),
  };
}

/** Where the page's <video> is, in seconds. */
const videoTime = (page: Page) => page.evaluate<number>(`document.querySelector('video').currentTime`);

type Keyframe = { frame: number; bbox: { top: number; left: number; height: number; width: number } };

describe('video labeling in Chromium', { skip: chromiumMissing }, () => {
  let browser: Browser;
  let server: TestServer;
  let files: string;
  let labeler: { id: string; organization_id: string };
  let reviewer: { id: string; organization_id: string };
  let clip: Buffer;
  before(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startTestServer({ dialect: 'sqlite' })]);
    files = tempDir('labelyard-e2e-video-');
    const recorder = await browser.newPage();
    await recorder.goto(server.url);
    clip = await recordWebm(recorder);
    await recorder.close();
    ({ labeler, reviewer } = await labelerAndReviewer(server));
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    if (files) fs.rmSync(files, { recursive: true, force: true });
  });

  it('a labeler tracks a box with two keyframes, the export interpolates it, a reviewer sees it read-only', async () => {
    // The admin: ontology, a dataset with one uploaded WebM, a VIDEO project, a batch.
    const admin = await signedInAs(browser, server, {
      id: server.actor.userId,
      organization_id: server.actor.organizationId,
    });
    const ap = await admin.newPage();
    await ap.goto(`${server.url}/ontologies/new`);
    const webm = path.join(files, 'street.webm');
    fs.writeFileSync(webm, clip);
    assert.ok(fs.statSync(webm).size > 1000, 'the browser recorded a video');
    await ap.getByLabel('Ontology name').fill('Cars');
    await ap.getByRole('button', { name: 'Add tool' }).click();
    await ap.getByRole('textbox', { name: 'Name', exact: true }).fill('Car');
    await ap.getByRole('button', { name: 'Save ontology' }).click();
    await ap.getByRole('heading', { name: 'Cars' }).waitFor();

    await ap.goto(`${server.url}/datasets`);
    await ap.getByRole('button', { name: 'New dataset' }).click();
    const ds = ap.getByRole('dialog', { name: 'New dataset' });
    await ds.getByLabel('Name').fill('Street videos');
    await ds.getByRole('button', { name: 'Create dataset' }).click();
    await ap.getByRole('heading', { name: 'Street videos' }).waitFor();
    await ap.getByRole('button', { name: 'Upload data' }).click();
    const upload = ap.getByRole('dialog', { name: 'Upload data' });
    await upload.getByLabel('Files').setInputFiles([webm]);
    await upload.getByRole('button', { name: /Upload 1 file/ }).click();
    await upload.getByText('1 data row created').waitFor({ timeout: 30_000 });
    await upload.getByRole('button', { name: 'Close' }).click();
    const datasetId = new URL(ap.url()).pathname.split('/').pop()!;

    await ap.goto(`${server.url}/projects`);
    await ap.getByRole('button', { name: 'New project' }).click();
    const create = ap.getByRole('dialog', { name: 'New project' });
    await create.getByLabel('Name').fill('Street tracking');
    await create.getByLabel('Media type').selectOption('VIDEO');
    await create.getByLabel('Ontology').selectOption({ label: 'Cars' });
    await create.getByRole('button', { name: 'Create project' }).click();
    await ap.getByRole('heading', { name: 'Street tracking' }).waitFor();
    const projectId = new URL(ap.url()).pathname.split('/').pop()!;
    await ap.getByRole('tab', { name: 'Batches' }).click();
    await ap.getByRole('button', { name: 'Add batch' }).click();
    const batch = ap.getByRole('dialog', { name: 'Add batch' });
    await batch.getByLabel('Batch name').fill('first');
    await batch.getByLabel('Dataset').selectOption(datasetId);
    await batch.getByRole('button', { name: 'Add batch' }).click();
    await ap.getByRole('cell', { name: /^first/ }).waitFor();

    // The labeler: a box on frame 1, moved on frame 11 (a second keyframe), interpolated between.
    const lc = await signedInAs(browser, server, labeler);
    const lp = await lc.newPage();
    const errors: string[] = [];
    lp.on('pageerror', (e) => errors.push(e.message));
    await lp.goto(`${server.url}/projects/${projectId}`);
    await lp.getByRole('link', { name: 'Start labeling' }).click();
    await lp.getByRole('application', { name: 'Video canvas' }).waitFor();
    const current = lp.getByRole('status', { name: 'Current frame' });
    await current.filter({ hasText: /^Frame 1 \/ \d+$/ }).waitFor();
    const last = Number((await current.innerText()).split('/')[1]);
    assert.ok(last >= SECONDS * 30 - 3 && last <= SECONDS * 30 + 3, `about ${SECONDS * 30} frames: ${last}`);

    await lp.getByRole('navigation', { name: 'Classes' }).getByRole('button', { name: /Car/ }).click();
    await drag(lp, [0.35, 0.35], [0.5, 0.55], 'Video canvas');
    const keyframes = lp.getByRole('list', { name: 'Car keyframes' });
    await keyframes.getByRole('button', { name: 'Keyframe at frame 1' }).waitFor();
    await lp.getByRole('list', { name: 'Car objects' }).getByRole('listitem').first().waitFor();

    // Frame stepping: five by key (the canvas has focus after drawing), five by button.
    for (let i = 0; i < 5; i++) await lp.keyboard.press('.');
    await current.filter({ hasText: /^Frame 6 \// }).waitFor();
    for (let i = 0; i < 5; i++) await lp.getByRole('button', { name: 'Next frame' }).click();
    await current.filter({ hasText: /^Frame 11 \// }).waitFor();
    await lp.getByText('Car: not on this frame').waitFor();
    assert.ok(Math.abs((await videoTime(lp)) - 10.5 / 30) < 0.01, 'the video shows frame 11');
    await screenshot(lp, '60-video-ghost-on-frame-11');

    await lp.getByRole('toolbar', { name: 'Editor tools' }).getByRole('button', { name: 'Select' }).click();
    await drag(lp, [0.42, 0.45], [0.57, 0.45], 'Video canvas');
    await keyframes.getByRole('button', { name: 'Keyframe at frame 11' }).waitFor();
    assert.equal(await keyframes.getByRole('listitem').count(), 2);
    await lp.getByText('Car: keyframe').waitFor();
    await screenshot(lp, '61-video-keyframe-on-frame-11');

    await lp.getByRole('slider', { name: 'Seek frame' }).fill('6');
    await current.filter({ hasText: /^Frame 6 \// }).waitFor();
    await lp.getByText('Car: interpolated').waitFor();
    await screenshot(lp, '62-video-interpolated-frame-6');

    // Undo and redo the keyframe through the engine's history.
    await lp.getByRole('button', { name: 'Undo' }).click();
    await keyframes.getByRole('button', { name: 'Keyframe at frame 11' }).waitFor({ state: 'detached' });
    await lp.getByRole('button', { name: 'Redo' }).click();
    await keyframes.getByRole('button', { name: 'Keyframe at frame 11' }).waitFor();

    // The cheat sheet lists the video keys.
    await lp.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    const cheats = lp.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await cheats.getByRole('cell', { name: 'Play / pause' }).waitFor();
    await cheats.getByRole('cell', { name: 'Next frame' }).first().waitFor();
    // Space plays the video here: H is listed as Pan, without the image editor's "hold Space".
    await cheats.getByRole('cell', { name: 'Pan', exact: true }).waitFor();
    assert.equal(await cheats.getByText(/hold Space/).count(), 0);
    await screenshot(lp, '66-video-cheat-sheet');
    await cheats.getByRole('button', { name: 'Close' }).click();

    // Playback: Play runs the frames on; Space pauses on a whole frame.
    await lp.getByRole('button', { name: 'Play' }).click();
    await current.filter({ hasText: /^Frame (1[2-9]|[2-5]\d) \// }).waitFor();
    await lp.getByRole('application', { name: 'Video canvas' }).focus();
    await lp.keyboard.press(' ');
    await lp.getByRole('button', { name: 'Play' }).waitFor();
    const paused = await current.innerText();
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(await current.innerText(), paused, 'paused');

    await lp.getByRole('button', { name: 'Submit' }).click();
    await lp.getByText('Nothing left to label').waitFor();
    assert.deepEqual(errors, []);

    // The label: one tracked box with keyframes on frames 1 and 11, moved right between them.
    const stored = await server.data<{
      project: { labels: Array<{ dataRow: { id: string }; annotations: Array<Record<string, unknown>> }> };
    }>('query($id: ID!) { project(where: {id: $id}) { labels(first: 5) { dataRow { id } annotations } } }', {
      id: projectId,
    });
    const [label] = stored.project.labels;
    assert.equal(label!.annotations.length, 1);
    const line = label!.annotations[0] as { name: string; segments: Array<{ keyframes: Keyframe[] }> };
    assert.equal(line.name, 'Car');
    assert.equal(line.segments.length, 1);
    const [k1, k11] = line.segments[0]!.keyframes;
    assert.deepEqual(
      line.segments[0]!.keyframes.map((k) => k.frame),
      [1, 11],
    );
    assert.ok(k11!.bbox.left - k1!.bbox.left > 20, JSON.stringify(line.segments));
    assert.ok(Math.abs(k11!.bbox.top - k1!.bbox.top) < 2, 'moved sideways only');
    assert.deepEqual(k11!.bbox.width, k1!.bbox.width, 'moved, not resized');

    // The Labelbox export with interpolated frames: frame 6 is halfway between the keyframes.
    const exported = await exportedLabel(server, projectId, label!.dataRow.id, {
      ...exportParams(true),
      includeInterpolatedFrames: true,
    });
    const frames = exported.annotations.frames as Record<
      string,
      { objects: Record<string, { name: string; bounding_box: Keyframe['bbox'] }> }
    >;
    const onFrame = (n: number) => Object.values(frames[String(n)]!.objects)[0]!;
    assert.equal(onFrame(6).name, 'Car');
    assert.ok(Math.abs(onFrame(6).bounding_box.left - (k1!.bbox.left + k11!.bbox.left) / 2) < 0.01);
    assert.deepEqual(
      Object.keys(frames)
        .map(Number)
        .sort((a, b) => a - b),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
    );

    // The reviewer: the same track, read-only.
    const rc = await signedInAs(browser, server, reviewer);
    const rp = await rc.newPage();
    await rp.goto(`${server.url}/projects/${projectId}/review`);
    await rp.getByRole('application', { name: 'Video canvas' }).waitFor();
    await rp
      .getByRole('list', { name: 'Car objects' })
      .getByRole('button', { name: /^Car 1/ })
      .click();
    const reviewKeys = rp.getByRole('list', { name: 'Car keyframes' });
    await reviewKeys.getByRole('button', { name: 'Keyframe at frame 11' }).click();
    await rp
      .getByRole('status', { name: 'Current frame' })
      .filter({ hasText: /^Frame 11 \// })
      .waitFor();
    const tools = rp.getByRole('toolbar', { name: 'Editor tools' });
    for (const name of ['Box', 'Point', 'Undo', 'Redo'])
      assert.equal(await tools.getByRole('button', { name }).count(), 0, `no ${name} in review`);
    for (const name of ['Add keyframe', 'Delete keyframe', 'End here'])
      assert.equal(await rp.getByRole('button', { name }).count(), 0, `no ${name} in review`);
    await screenshot(rp, '63-video-review');
    await rp.getByRole('button', { name: 'Approve' }).click();
    await rp.getByText('Nothing left to review').waitFor();
    await admin.close();
    await lc.close();
    await rc.close();
  });
  it('a pre-label import opens in the video editor; frame answers, a segment end and the frame rate are kept', async () => {
    // A VIDEO project on an ontology with a frame-based question, its video served from another origin.
    // Served without byte ranges (as some hosts do): the browser cannot seek in it; the editor plays it from memory.
    const files = await videoHost(clip);
    const vars = { name: 'Pre-labeled videos', allowedMediaType: 'VIDEO', ...DEFAULT_QUALITY };
    const projectId = (await server.data(createProjectOperation(vars), vars)).createProject.id as string;
    const datasetId = (await createDataset(server)).id as string;
    const p = { projectId, datasetId };
    const ontology = {
      tools: [{ tool: 'rectangle', name: 'Car', classifications: [] }],
      classifications: [
        {
          type: 'radio',
          name: 'Weather',
          scope: 'index',
          options: [
            { label: 'Sunny', value: 'sunny' },
            { label: 'Rainy', value: 'rainy' },
          ],
        },
      ],
    };
    const created = await server.data(CREATE_ONTOLOGY, {
      data: { name: 'Tracking', normalized: JSON.stringify(ontology), mediaType: 'VIDEO' },
    });
    await server.data(CONNECT_ONTOLOGY, { projectId: p.projectId, ontologyId: created.upsertOntology.id });
    const [row] = await insertRows(server.db, server.actor, p.datasetId, [
      { rowData: `${files.url}/clip.webm`, mediaType: 'VIDEO', attributes: { frameRate: 25 } },
    ]);
    await server.data(
      'mutation($projectId: ID!, $input: CreateBatchInput!) { project(where: {id: $projectId}) { createBatchV2(input: $input) { failedDataRowIds } } }',
      { projectId: p.projectId, input: { name: 'videos', dataRowIds: [row!.id], priority: 5 } },
    );
    const bbox = (left: number) => ({ top: 40, left, height: 60, width: 60 });
    const imported = await importByFile(server, 'MAL', p.projectId, 'pre', [
      {
        uuid: 'e5c1a0f0-0000-4000-8000-000000000001',
        dataRow: { id: row!.id },
        name: 'Car',
        segments: [
          {
            keyframes: [
              { frame: 1, bbox: bbox(40), classifications: [] },
              { frame: 21, bbox: bbox(200), classifications: [] },
            ],
          },
        ],
      },
      {
        uuid: 'e5c1a0f0-0000-4000-8000-000000000002',
        dataRow: { id: row!.id },
        name: 'Weather',
        answer: { name: 'Sunny' },
        frames: [{ start: 1, end: 10 }],
      },
    ]);
    assert.equal(imported.import.state, 'FINISHED', JSON.stringify(imported.import));

    const lc = await signedInAs(browser, server, labeler);
    const lp = await lc.newPage();
    const errors: string[] = [];
    lp.on('pageerror', (e) => errors.push(e.message));
    await lp.goto(`${server.url}/projects/${p.projectId}/label`);
    await lp.getByRole('application', { name: 'Video canvas' }).waitFor();
    await lp.getByText('25 fps').waitFor();
    const current = lp.getByRole('status', { name: 'Current frame' });
    await current.filter({ hasText: /^Frame 1 \/ (4[7-9]|5[0-2])$/ }).waitFor();
    const frame = lp.getByRole('region', { name: 'Frame classifications' });
    assert.ok(await frame.getByRole('radio', { name: 'Sunny' }).isChecked(), 'the pre-label answers frame 1');

    await lp
      .getByRole('list', { name: 'Car objects' })
      .getByRole('button', { name: /^Car 1/ })
      .click();
    const keyframes = lp.getByRole('list', { name: 'Car keyframes' });
    await keyframes.getByRole('button', { name: 'Keyframe at frame 21' }).waitFor();
    assert.equal(await keyframes.getByRole('listitem').count(), 2);

    // Frame 11: not Sunny any more; answer Rainy there, and end the car's segment there.
    await lp.getByRole('slider', { name: 'Seek frame' }).fill('11');
    await current.filter({ hasText: /^Frame 11 \// }).waitFor();
    assert.equal(await frame.getByRole('radio', { name: 'Sunny' }).isChecked(), false);
    await frame.getByRole('radio', { name: 'Rainy' }).check();
    // The video seeks even so (from memory): frame 11 at 25 fps is 0.4 s in.
    for (let i = 0; i < 50 && Math.abs((await videoTime(lp)) - 10.5 / 25) > 0.01; i++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok(Math.abs((await videoTime(lp)) - 10.5 / 25) < 0.01, `at ${await videoTime(lp)} s`);
    await lp.getByText('Car: interpolated').waitFor();
    await lp.getByRole('button', { name: 'End here' }).click();
    await keyframes.getByRole('button', { name: 'Keyframe at frame 11' }).waitFor();
    await screenshot(lp, '64-video-prelabel-frame-11');
    await lp.getByRole('slider', { name: 'Seek frame' }).fill('15');
    await lp.getByText('Car: not on this frame').waitFor();
    await screenshot(lp, '65-video-after-segment-end');
    await lp.getByRole('button', { name: 'Submit' }).click();
    await lp.getByText('Nothing left to label').waitFor();
    assert.deepEqual(errors, []);

    const stored = await server.data<{
      project: { labels: Array<{ annotations: Array<Record<string, any>> }> };
    }>('query($id: ID!) { project(where: {id: $id}) { labels(first: 5) { annotations } } }', {
      id: p.projectId,
    });
    const lines = stored.project.labels[0]!.annotations;
    const car = lines.find((l) => l.name === 'Car')!;
    assert.deepEqual(
      car.segments.map((s: { keyframes: Keyframe[] }) => s.keyframes.map((k) => [k.frame, k.bbox.left])),
      [
        [
          [1, 40],
          [11, 120],
        ],
        [[21, 200]],
      ],
      'ended on frame 11 (where it was interpolated halfway), shown again from frame 21',
    );
    const weather = lines
      .filter((l) => l.name === 'Weather')
      .map((l) => [l.answer.name, l.frames])
      .sort();
    assert.deepEqual(weather, [
      ['rainy', [{ start: 11, end: 11 }]],
      ['sunny', [{ start: 1, end: 10 }]],
    ]);
    await lc.close();
    await files.close();
  });
});
