import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createActor, dialects, startTestServer, type TestServer } from './harness.ts';

/**
 * Label Studio's file imports over HTTP: multipart task files (JSON, CSV, TSV, TXT) and media files that become
 * tasks with served URLs, `url=` imports, predictions inside imported tasks, the size cap, atomicity and retries.
 */
const IMAGE_CONFIG = `<View><Image name="image" value="$image"/>
<RectangleLabels name="label" toName="image"><Label value="Cat"/></RectangleLabels></View>`;
const TEXT_CONFIG = `<View><Text name="text" value="$text"/>
<Choices name="sentiment" toName="text"><Choice value="pos"/><Choice value="neg"/></Choices></View>`;
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const UPLOAD_LIMIT = 64 * 1024;

for (const dialect of dialects) {
  describe(`Label Studio file imports (${dialect})`, () => {
    let sut: TestServer;
    let files: http.Server;
    let filesUrl: string;
    const auth = () => ({ authorization: `Token ${sut.key}` });
    const json = async (method: string, p: string, body?: unknown) => {
      const res = await fetch(sut.url + p, {
        method,
        headers: { ...auth(), ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : undefined };
    };
    const project = async (config: string) =>
      (await json('POST', '/api/projects/', { title: 'Files', label_config: config })).json.id as number;
    const upload = async (
      id: number,
      parts: [string, Buffer | string][],
      query = '?return_task_ids=true',
    ) => {
      const form = new FormData();
      for (const [name, body] of parts) form.append(name, new Blob([body]), name);
      const res = await fetch(`${sut.url}/api/projects/${id}/import${query}`, {
        method: 'POST',
        headers: auth(),
        body: form,
      });
      return { status: res.status, json: (await res.json()) as any };
    };
    const tasksOf = async (id: number) =>
      (await json('GET', `/api/tasks/?project=${id}&page_size=1000`)).json.tasks as any[];
    const uploadsDir = () => path.join(sut.ctx.config.dataDir);
    const countFiles = (dir: string): number =>
      fs.existsSync(dir)
        ? fs
            .readdirSync(dir, { withFileTypes: true })
            .reduce((n, e) => n + (e.isDirectory() ? countFiles(path.join(dir, e.name)) : 1), 0)
        : 0;

    before(async () => {
      sut = await startTestServer({
        dialect,
        config: { uploadMaxBytes: UPLOAD_LIMIT, allowPrivateUrls: true },
      });
      files = http.createServer((req, res) => {
        if (req.url === '/tasks.csv') res.end('text,extra\n"hello, world",1\nsecond,2\n');
        else if (req.url === '/big.json') res.end(`[{"text":"${'x'.repeat(UPLOAD_LIMIT)}"}]`);
        else if (req.url === '/missing.csv') res.writeHead(404).end();
        else res.writeHead(404).end();
      });
      await new Promise<void>((r) => files.listen(0, '127.0.0.1', r));
      filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
    });
    after(async () => {
      files.close();
      await sut.close();
    });

    it('imports CSV, TSV, TXT and JSON files as tasks, predictions included, in one request', async () => {
      const id = await project(TEXT_CONFIG);
      const csv = '\uFEFFtext,score\r\n"Hello, ""world""",1\r\n"two\nlines",2\r\n\r\nplain,3\r\n';
      const tsv = 'text\tscore\nfrom tsv\t4\n';
      const txt = 'line one\n\nline two\n';
      const tasksJson = JSON.stringify([
        {
          data: { text: 'json task' },
          predictions: [
            {
              model_version: 'm1',
              score: 0.7,
              result: [
                { from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['pos'] } },
              ],
            },
          ],
        },
      ]);
      const res = await upload(id, [
        ['a.csv', csv],
        ['b.tsv', tsv],
        ['c.txt', txt],
        ['d.json', tasksJson],
      ]);
      assert.equal(res.status, 201, JSON.stringify(res.json));
      assert.equal(res.json.task_count, 7);
      assert.equal(res.json.prediction_count, 1);
      assert.equal(res.json.task_ids.length, 7);
      assert.deepEqual(res.json.found_formats, ['.csv', '.tsv', '.txt', '.json']);
      const tasks = await tasksOf(id);
      assert.deepEqual(
        tasks.map((t) => t.data),
        [
          { text: 'Hello, "world"', score: '1' },
          { text: 'two\nlines', score: '2' },
          { text: 'plain', score: '3' },
          { text: 'from tsv', score: '4' },
          { text: 'line one' },
          { text: 'line two' },
          { text: 'json task' },
        ],
      );
      const predictions = (await json('GET', `/api/predictions/?task=${res.json.task_ids[6]}`)).json;
      assert.equal(predictions.length, 1);
      assert.equal(predictions[0].model_version, 'm1');
      assert.equal(predictions[0].score, 0.7);
      assert.deepEqual(predictions[0].result[0].value, { choices: ['pos'] });
    });

    it('stores media files as tasks with served URLs that need credentials and the project', async () => {
      const id = await project(IMAGE_CONFIG);
      const res = await upload(id, [
        ['cat photo.png', PNG],
        ['dog.PNG', PNG],
      ]);
      assert.equal(res.status, 201, JSON.stringify(res.json));
      assert.equal(res.json.task_count, 2);
      const tasks = await tasksOf(id);
      const urls = tasks.map((t) => t.data.image as string);
      assert.match(urls[0]!, new RegExp(`^/data/upload/${id}/[0-9a-f]{8}-cat_photo\\.png$`));
      assert.match(urls[1]!, new RegExp(`^/data/upload/${id}/[0-9a-f]{8}-dog\\.PNG$`));
      const served = await fetch(sut.url + urls[0], { headers: auth() });
      assert.equal(served.status, 200);
      assert.equal(served.headers.get('content-type'), 'image/png');
      assert.deepEqual(Buffer.from(await served.arrayBuffer()), PNG);
      const anonymous = await fetch(sut.url + urls[0]);
      assert.equal(anonymous.status, 401);
      assert.equal(((await anonymous.json()) as any).status_code, 401);
      // Another organization sees neither the project nor its files.
      const other = await createActor(sut.ctx, `other-${Date.now()}@example.com`, `other-org-${Date.now()}`);
      const foreign = await fetch(sut.url + urls[0], { headers: { authorization: `Token ${other.key}` } });
      assert.equal(foreign.status, 404);
      assert.equal(((await foreign.json()) as any).status_code, 404);
      for (const bad of [`/data/upload/${id}/..%2F..%2Fsecret`, `/data/upload/${id}/nothere.png`])
        assert.equal((await fetch(sut.url + bad, { headers: auth() })).status, 404, bad);
    });

    it('answers a retried identical upload from its receipt: no second task, no second stored file', async () => {
      const id = await project(IMAGE_CONFIG);
      const first = await upload(id, [['same.png', PNG]]);
      const stored = countFiles(uploadsDir());
      const again = await upload(id, [['same.png', PNG]]);
      assert.equal(again.status, 201);
      assert.deepEqual(again.json.task_ids, first.json.task_ids);
      assert.equal((await tasksOf(id)).length, 1);
      assert.equal(countFiles(uploadsDir()), stored);
    });

    it('creates nothing and keeps no file when any file is refused', async () => {
      const id = await project(TEXT_CONFIG);
      const stored = countFiles(uploadsDir());
      const cases: [[string, Buffer | string][], string, RegExp][] = [
        [
          [
            ['ok.csv', 'text\nfine\n'],
            ['run.exe', 'MZ'],
          ],
          'file',
          /\.exe is not supported/,
        ],
        [
          [
            ['ok.csv', 'text\nfine\n'],
            ['bad.csv', 'text,b\n1\n'],
          ],
          'file',
          /record 2 has 1 fields/,
        ],
        [
          [
            ['ok.txt', 'fine\n'],
            ['broken.json', '[{"text": "x"'],
          ],
          'non_field_errors',
          /not valid JSON/,
        ],
        [[['wrong.csv', 'other\nx\n']], 'non_field_errors', /"text" key is expected/],
        [[['huge.txt', 'y'.repeat(UPLOAD_LIMIT + 1)]], 'file', /Maximum total size of all files/],
        [
          [
            ['a.txt', 'y'.repeat(UPLOAD_LIMIT / 2 + 1)],
            ['b.txt', 'y'.repeat(UPLOAD_LIMIT / 2 + 1)],
          ],
          'file',
          /Maximum total size/,
        ],
        [
          [
            ['cat.png', PNG],
            ['quoted.csv', 'text\n"open\n'],
          ],
          'file',
          /quoted field is not closed/,
        ],
      ];
      for (const [parts, field, message] of cases) {
        const res = await upload(id, parts);
        const label = `${parts.map((p) => p[0]).join(',')}: ${JSON.stringify(res.json)}`;
        assert.equal(res.status, 400, label);
        assert.equal(res.json.detail, 'Validation error', label);
        assert.match(String(res.json.validation_errors[field]?.[0]), message, label);
      }
      assert.equal((await tasksOf(id)).length, 0);
      assert.equal(countFiles(uploadsDir()), stored);
    });

    it('imports from url=: task files are downloaded and read, other URLs become one task', async () => {
      const id = await project(TEXT_CONFIG);
      const form = async (body: string) => {
        const res = await fetch(`${sut.url}/api/projects/${id}/import?return_task_ids=1`, {
          method: 'POST',
          headers: { ...auth(), 'content-type': 'application/x-www-form-urlencoded' },
          body,
        });
        return { status: res.status, json: (await res.json()) as any };
      };
      const csv = await form(`url=${encodeURIComponent(`${filesUrl}/tasks.csv`)}`);
      assert.equal(csv.status, 201, JSON.stringify(csv.json));
      assert.equal(csv.json.task_count, 2);
      assert.deepEqual(
        (await tasksOf(id)).map((t) => t.data.text),
        ['hello, world', 'second'],
      );
      const image = await form(`url=${encodeURIComponent('https://example.com/pics/cat.jpg')}`);
      assert.equal(image.status, 201);
      const last = (await tasksOf(id)).at(-1);
      assert.deepEqual(last.data, { text: 'https://example.com/pics/cat.jpg' });
      for (const [body, message] of [
        ['', /required/],
        ['url=ftp%3A%2F%2Fx%2Fa.csv', /http/],
        ['url=not-a-url', /valid URL/],
        [`url=${encodeURIComponent(`${filesUrl}/missing.csv`)}`, /HTTP 404/],
        [`url=${encodeURIComponent(`${filesUrl}/big.json`)}`, /Maximum total size/],
      ] as const) {
        const res = await form(body);
        assert.equal(res.status, 400, body);
        assert.match(res.json.validation_errors.url?.[0] ?? res.json.validation_errors.file?.[0], message);
      }
      assert.equal((await tasksOf(id)).length, 3);
    });
  });
}
