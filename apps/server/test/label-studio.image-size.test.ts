import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { encodePng } from '@labelyard/schema';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { lsCall } from './label-studio.client.ts';

/**
 * Regions sent without `original_width`/`original_height` on an image whose size is not known yet (ML scripts'
 * predictions often leave them out): the server reads the size from the start of the image file, an upload of the
 * project or an http(s) URL through the URL guard, and keeps it on the row; an image it cannot read is refused with
 * the reason.
 */
const CONFIG = `<View><Image name="image" value="$image"/>
<RectangleLabels name="label" toName="image"><Label value="Cat"/></RectangleLabels></View>`;
const value = { x: 10, y: 20, width: 30, height: 40, rotation: 0, rectanglelabels: ['Cat'] };
const box = { from_name: 'label', to_name: 'image', type: 'rectanglelabels', value };

const u16be = (n: number) => [n >> 8, n & 0xff];
/** The first bytes of a 4032 × 3024 JPEG whose EXIF orientation (6) shows it turned: 3024 × 4032. */
function turnedJpeg(): Buffer {
  const tiff = [0x4d, 0x4d, 0, 42, 0, 0, 0, 8, ...u16be(1), ...u16be(0x0112), ...u16be(3), 0, 0, 0, 1];
  tiff.push(...u16be(6), 0, 0, 0, 0, 0, 0);
  const exif = [...Buffer.from('Exif\0\0'), ...tiff];
  const sof = [8, ...u16be(3024), ...u16be(4032), 3, ...new Array<number>(9).fill(0)];
  return Buffer.from([
    0xff,
    0xd8,
    0xff,
    0xe1,
    ...u16be(exif.length + 2),
    ...exif,
    0xff,
    0xc0,
    ...u16be(17),
    ...sof,
  ]);
}

for (const dialect of dialects) {
  describe(`Label Studio regions on images of unknown size (${dialect})`, () => {
    let sut: TestServer;
    let strict: TestServer;
    let images: http.Server;
    let base: string;
    const hits = new Map<string, number>();
    const ranges: string[] = [];
    const call = lsCall;
    const setup = async (server: TestServer, names: string[]) => {
      const project = (await call(server, 'POST', '/api/projects/', { title: 'Sizes', label_config: CONFIG }))
        .json.id as number;
      const res = await call(
        server,
        'POST',
        `/api/projects/${project}/import?return_task_ids=true`,
        names.map((n) => ({ image: `${base}/${n}` })),
      );
      assert.equal(res.status, 201, JSON.stringify(res.json));
      return { project, tasks: res.json.task_ids as number[] };
    };

    before(async () => {
      sut = await startTestServer({ dialect, config: { allowPrivateUrls: true } });
      strict = await startTestServer({ dialect, config: { allowPrivateUrls: false } });
      const png = Buffer.from(
        encodePng({ width: 640, height: 480, channels: 4, data: new Uint8Array(640 * 480 * 4) }),
      );
      const wide = Buffer.from(
        encodePng({ width: 200, height: 100, channels: 4, data: new Uint8Array(200 * 100 * 4) }),
      );
      images = http.createServer((req, res) => {
        hits.set(req.url ?? '', (hits.get(req.url ?? '') ?? 0) + 1);
        const name = (req.url ?? '').split('?')[0];
        ranges.push(String(req.headers.range));
        if (name === '/a.png') res.end(png);
        else if (name === '/c.png') res.end(wide);
        else if (name === '/b.jpg') res.end(turnedJpeg());
        else if (name === '/text') res.end('hello');
        else res.writeHead(404).end();
      });
      await new Promise<void>((r) => images.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(images.address() as AddressInfo).port}`;
    });
    after(async () => {
      await sut.close();
      await strict.close();
      images.close();
    });

    it('reads the size from the image once, then from the row', async () => {
      const { tasks } = await setup(sut, ['a.png']);
      const made = await call(sut, 'POST', `/api/tasks/${tasks[0]}/annotations/`, { result: [box] });
      assert.equal(made.status, 201, JSON.stringify(made.json));
      assert.equal(made.json.result[0].original_width, 640);
      assert.equal(made.json.result[0].original_height, 480);
      for (const k of ['x', 'y', 'width', 'height'] as const)
        assert.ok(Math.abs(made.json.result[0].value[k] - value[k]) < 1e-6, k);
      const again = await call(sut, 'POST', `/api/tasks/${tasks[0]}/annotations/`, { result: [box] });
      assert.equal(again.status, 201);
      assert.equal(hits.get('/a.png'), 1);
      assert.equal(ranges[0], 'bytes=0-1048575');
    });

    it('turns a JPEG by its EXIF orientation, for predictions one by one and in bulk', async () => {
      const { project, tasks } = await setup(sut, ['b.jpg', 'b.jpg']);
      const one = await call(sut, 'POST', '/api/predictions/', { task: tasks[0], result: [box], score: 0.5 });
      assert.equal(one.status, 201, JSON.stringify(one.json));
      assert.equal(one.json.result[0].original_width, 3024);
      assert.equal(one.json.result[0].original_height, 4032);
      const bulk = await call(sut, 'POST', `/api/projects/${project}/import/predictions`, [
        { task: tasks[1], result: [box] },
        { task: tasks[1], result: [box] },
      ]);
      assert.equal(bulk.status, 201, JSON.stringify(bulk.json));
      const task = (await call(sut, 'GET', `/api/tasks/${tasks[1]}`)).json;
      assert.equal(task.predictions.length, 2);
      assert.equal(task.predictions[1].result[0].original_width, 3024);
    });

    it('refuses a region whose image cannot be read, saying why, and writes nothing', async () => {
      const { project, tasks } = await setup(sut, ['missing.png', 'text']);
      const missing = await call(sut, 'POST', `/api/tasks/${tasks[0]}/annotations/`, { result: [box] });
      assert.equal(missing.status, 400);
      assert.match(JSON.stringify(missing.json.validation_errors), /original_width.*HTTP 404/);
      const bulk = await call(sut, 'POST', `/api/projects/${project}/import/predictions`, [
        { task: tasks[1], result: [box] },
      ]);
      assert.equal(bulk.status, 400);
      assert.deepEqual(Object.keys(bulk.json.validation_errors), ['0.result']);
      assert.match(JSON.stringify(bulk.json.validation_errors), /no image size in the first 5 bytes/);
      assert.equal((await call(sut, 'GET', `/api/tasks/${tasks[0]}`)).json.annotations.length, 0);
      // Sizes sent with the result still need no read.
      const sized = await call(sut, 'POST', `/api/tasks/${tasks[0]}/annotations/`, {
        result: [{ ...box, original_width: 100, original_height: 50 }],
      });
      assert.equal(sized.status, 201);
    });

    it('reads the sizes a task import needs, each image once, before importing it again', async () => {
      const project = (await call(sut, 'POST', '/api/projects/', { title: 'Import', label_config: CONFIG }))
        .json.id as number;
      const tasks = [
        { data: { image: `${base}/c.png` }, predictions: [{ result: [box], score: 0.9 }] },
        {
          data: { image: `${base}/c.png` },
          annotations: [{ result: [box] }],
          predictions: [{ result: [box] }],
        },
        { data: { image: `${base}/b.jpg?import` }, annotations: [{ result: [box] }] },
        // Sizes sent with a result serve the task's other results: this image is never read.
        {
          data: { image: `${base}/never.png` },
          annotations: [
            { result: [{ ...box, original_width: 100, original_height: 50 }] },
            { result: [box] },
          ],
        },
      ];
      const hitsBefore = { c: hits.get('/c.png') ?? 0, b: hits.get('/b.jpg?import') ?? 0 };
      const url = `/api/projects/${project}/import?return_task_ids=true`;
      const res = await call(sut, 'POST', url, tasks);
      assert.equal(res.status, 201, JSON.stringify(res.json));
      assert.equal(res.json.task_count, 4);
      assert.equal(res.json.annotation_count, 4);
      assert.equal(res.json.prediction_count, 2);
      assert.equal(hits.get('/c.png')! - hitsBefore.c, 1);
      assert.equal(hits.get('/b.jpg?import')! - hitsBefore.b, 1);
      assert.equal(hits.get('/never.png'), undefined);
      const ids = res.json.task_ids as number[];
      const sizeOf = async (id: number, kind: 'annotations' | 'predictions', i = 0) => {
        const r = (await call(sut, 'GET', `/api/tasks/${id}`)).json[kind][i].result[0];
        return [r.original_width, r.original_height, Math.round(r.value.width * 1e6) / 1e6];
      };
      assert.deepEqual(await sizeOf(ids[0]!, 'predictions'), [200, 100, 30]);
      assert.deepEqual(await sizeOf(ids[1]!, 'annotations'), [200, 100, 30]);
      assert.deepEqual(await sizeOf(ids[2]!, 'annotations'), [3024, 4032, 30]);
      assert.deepEqual(await sizeOf(ids[3]!, 'annotations', 1), [100, 50, 30]);
      // A retried POST of the same body is answered from its receipt, reading nothing.
      const retry = await call(sut, 'POST', url, tasks);
      assert.deepEqual(retry.json.task_ids, ids);
      assert.equal(hits.get('/c.png')! - hitsBefore.c, 1);

      // An image that cannot tell its size refuses the import, naming the task, and writes nothing.
      const bad = await call(sut, 'POST', url, [
        tasks[0],
        { ...tasks[2], data: { image: `${base}/gone.png` } },
      ]);
      assert.equal(bad.status, 400);
      assert.match(JSON.stringify(bad.json.validation_errors), /Task #2: .*original_width.*HTTP 404/);
      const list = await call(sut, 'GET', `/api/tasks/?project=${project}`);
      assert.equal(list.json.total, 4);

      // Tasks in an uploaded file are read again from storage.
      const form = new FormData();
      form.append('file', new Blob([JSON.stringify(tasks.slice(0, 2))]), 'tasks.json');
      const up = await fetch(`${sut.url}${url}`, {
        method: 'POST',
        headers: { authorization: `Token ${sut.key}` },
        body: form,
      });
      const upJson = (await up.json()) as { task_ids: number[] };
      assert.equal(up.status, 201, JSON.stringify(upJson));
      assert.deepEqual(await sizeOf(upJson.task_ids[1]!, 'annotations'), [200, 100, 30]);
    });

    it('reads an upload of the project from storage, and refuses private addresses unless allowed', async () => {
      const project = (await call(sut, 'POST', '/api/projects/', { title: 'Uploads', label_config: CONFIG }))
        .json.id as number;
      const form = new FormData();
      const png = encodePng({ width: 32, height: 16, channels: 4, data: new Uint8Array(32 * 16 * 4) });
      form.append('file', new Blob([png]), 'cat.png');
      const up = await fetch(`${sut.url}/api/projects/${project}/import?return_task_ids=true`, {
        method: 'POST',
        headers: { authorization: `Token ${sut.key}` },
        body: form,
      });
      const task = ((await up.json()) as { task_ids: number[] }).task_ids[0]!;
      const made = await call(sut, 'POST', `/api/tasks/${task}/annotations/`, { result: [box] });
      assert.equal(made.status, 201, JSON.stringify(made.json));
      assert.equal(made.json.result[0].original_width, 32);

      const before = hits.get('/a.png') ?? 0;
      const { tasks } = await setup(strict, ['a.png']);
      const refused = await call(strict, 'POST', `/api/tasks/${tasks[0]}/annotations/`, { result: [box] });
      assert.equal(refused.status, 400);
      assert.match(JSON.stringify(refused.json.validation_errors), /original_width/);
      assert.equal(hits.get('/a.png') ?? 0, before);
    });
  });
}
