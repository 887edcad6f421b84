import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createActor, dialects, startTestServer, type TestServer } from './harness.ts';

/**
 * Label Studio's FileUpload objects over HTTP: the files an import keeps (listed, downloaded, named by their tasks),
 * the two-step import (`commit_to_project=false`, then `/reimport`), replacing and deleting uploads, bad input and
 * other organizations.
 */
const TEXT_CONFIG = `<View><Text name="text" value="$text"/>
<Choices name="sentiment" toName="text"><Choice value="pos"/><Choice value="neg"/></Choices></View>`;
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const CSV = 'text,extra\nfirst,1\nsecond,2\n';

for (const dialect of dialects) {
  describe(`Label Studio file uploads (${dialect})`, () => {
    let sut: TestServer;
    const auth = (key = sut.key) => ({ authorization: `Token ${key}` });
    const call = async (method: string, p: string, body?: unknown, key?: string) => {
      const res = await fetch(sut.url + p, {
        method,
        headers: { ...auth(key), ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : undefined };
    };
    const form = (parts: [string, Buffer | string][]) => {
      const f = new FormData();
      for (const [name, body] of parts) f.append(name, new Blob([body]), name);
      return f;
    };
    const upload = async (id: number, parts: [string, Buffer | string][], query = '') => {
      const res = await fetch(`${sut.url}/api/projects/${id}/import${query}`, {
        method: 'POST',
        headers: auth(),
        body: form(parts),
      });
      return { status: res.status, json: (await res.json()) as any };
    };
    const project = async () =>
      (await call('POST', '/api/projects/', { title: 'Uploads', label_config: TEXT_CONFIG })).json
        .id as number;
    const tasksOf = async (id: number) =>
      (await call('GET', `/api/tasks/?project=${id}&page_size=1000`)).json.tasks as any[];

    before(async () => {
      sut = await startTestServer({ dialect });
    });
    after(async () => {
      await sut.close();
    });

    it('keeps every imported file as an upload: listed, downloadable and named by its tasks', async () => {
      const id = await project();
      const res = await upload(id, [
        ['rows.csv', CSV],
        ['pic.png', PNG],
      ]);
      assert.equal(res.status, 201);
      assert.equal(res.json.task_count, 3);
      const ids: number[] = res.json.file_upload_ids;
      assert.equal(ids.length, 2);

      const listed = await call('GET', `/api/projects/${id}/file-uploads?ids=${JSON.stringify(ids)}`);
      assert.equal(listed.status, 200);
      assert.deepEqual(
        listed.json.map((u: any) => u.id),
        ids,
      );
      const [csv, png] = listed.json;
      assert.match(csv.file, new RegExp(`^upload/${id}/[0-9a-f]{8}-rows\\.csv$`));
      assert.equal(csv.size, Buffer.byteLength(CSV));
      assert.equal(png.size, PNG.length);
      // The SDK sends the ids repeated (`ids=1&ids=2`); a comma list works too; none listed without `all`.
      assert.deepEqual(
        (await call('GET', `/api/projects/${id}/file-uploads?ids=${ids[0]}&ids=${ids[1]}`)).json.length,
        2,
      );
      assert.deepEqual((await call('GET', `/api/projects/${id}/file-uploads?ids=${ids[1]}`)).json, [png]);
      assert.deepEqual((await call('GET', `/api/projects/${id}/file-uploads`)).json, []);
      assert.equal((await call('GET', `/api/projects/${id}/file-uploads?all=true`)).json.length, 2);

      const download = await fetch(`${sut.url}/data/${csv.file}`, { headers: auth() });
      assert.equal(download.status, 200);
      assert.equal(await download.text(), CSV);
      assert.deepEqual((await call('GET', `/api/import/file-upload/${ids[0]}`)).json, csv);

      const tasks = await tasksOf(id);
      const name = (file: string) => file.split('/').pop();
      assert.deepEqual(
        tasks.map((t) => t.file_upload),
        [name(csv.file), name(csv.file), name(png.file)],
      );
      // The Data Manager filters on it.
      const query = (operator: string, value: unknown) =>
        encodeURIComponent(
          JSON.stringify({
            filters: {
              conjunction: 'and',
              items: [{ filter: 'filter:tasks:file_upload', operator, type: 'String', value }],
            },
          }),
        );
      const filtered = await call('GET', `/api/tasks/?project=${id}&query=${query('contains', 'rows.csv')}`);
      assert.deepEqual(
        filtered.json.tasks.map((t: any) => t.id),
        tasks.slice(0, 2).map((t) => t.id),
      );
      const empty = await call('GET', `/api/tasks/?project=${id}&query=${query('empty', true)}`);
      assert.deepEqual(empty.json.tasks, []);
    });

    it('stages files without tasks (commit_to_project=false), then /reimport makes them; a retry changes nothing', async () => {
      const id = await project();
      const staged = await upload(id, [['rows.csv', CSV]], '?commit_to_project=false');
      assert.equal(staged.status, 201);
      assert.equal(staged.json.task_count, 2);
      assert.equal(staged.json.could_be_tasks_list, true);
      assert.deepEqual(staged.json.data_columns.sort(), ['extra', 'text']);
      assert.deepEqual(staged.json.found_formats, ['.csv']);
      const ids: number[] = staged.json.file_upload_ids;
      assert.equal(ids.length, 1);
      assert.deepEqual(await tasksOf(id), []);
      // A retried request answers the same upload and keeps no second one.
      const again = await upload(id, [['rows.csv', CSV]], '?commit_to_project=false');
      assert.deepEqual(again.json.file_upload_ids, ids);
      assert.equal((await call('GET', `/api/projects/${id}/file-uploads?all=true`)).json.length, 1);

      const first = await call('POST', `/api/projects/${id}/reimport`, { file_upload_ids: ids });
      assert.equal(first.status, 201);
      assert.equal(first.json.task_count, 2);
      assert.deepEqual(first.json.file_upload_ids, ids);
      const made = await tasksOf(id);
      assert.deepEqual(
        made.map((t) => t.data.text),
        ['first', 'second'],
      );
      // Reimporting replaces the tasks the upload made before (as Label Studio's remove_tasks_by_file_uploads).
      const second = await call('POST', `/api/projects/${id}/reimport`, { file_upload_ids: ids });
      assert.equal(second.json.task_count, 2);
      const remade = await tasksOf(id);
      assert.equal(remade.length, 2);
      assert.ok(remade.every((t) => !made.some((m) => m.id === t.id)));
      // files_as_tasks_list=false: the CSV file is one task pointing at it.
      const single = await call('POST', `/api/projects/${id}/reimport`, {
        file_upload_ids: ids,
        files_as_tasks_list: false,
      });
      assert.equal(single.json.task_count, 1);
      const [task] = await tasksOf(id);
      assert.match(task.data.text, new RegExp(`^/data/upload/${id}/[0-9a-f]{8}-rows\\.csv$`));
      // No ids: nothing to do, as Label Studio answers.
      const none = await call('POST', `/api/projects/${id}/reimport`, { file_upload_ids: [] });
      assert.equal(none.status, 200);
      assert.equal(none.json.task_count, 0);
    });

    it('replaces an upload’s file (PATCH) and deletes uploads, leaving their tasks', async () => {
      const id = await project();
      const res = await upload(id, [['rows.csv', CSV]]);
      const [uploadId] = res.json.file_upload_ids as number[];
      const replaced = await fetch(`${sut.url}/api/import/file-upload/${uploadId}`, {
        method: 'PATCH',
        headers: auth(),
        body: form([['more.csv', 'text\na\nb\nc\n']]),
      });
      assert.equal(replaced.status, 200);
      const body = (await replaced.json()) as any;
      assert.equal(body.id, uploadId);
      assert.match(body.file, /-more\.csv$/);
      // The tasks name the new file; a reimport reads its rows.
      assert.ok((await tasksOf(id)).every((t) => /-more\.csv$/.test(t.file_upload)));
      const re = await call('POST', `/api/projects/${id}/reimport`, { file_upload_ids: [uploadId] });
      assert.equal(re.json.task_count, 3);
      assert.equal((await tasksOf(id)).length, 3);

      assert.equal((await call('DELETE', `/api/import/file-upload/${uploadId}`)).status, 204);
      assert.equal((await call('GET', `/api/import/file-upload/${uploadId}`)).status, 404);
      assert.equal((await fetch(`${sut.url}/data/${body.file}`, { headers: auth() })).status, 404);
      const left = await tasksOf(id);
      assert.equal(left.length, 3);
      assert.ok(left.every((t) => t.file_upload === null));

      const two = await upload(id, [
        ['a.csv', 'text\nx\n'],
        ['b.csv', 'text\ny\n'],
      ]);
      const [a] = two.json.file_upload_ids as number[];
      const some = await call('DELETE', `/api/projects/${id}/file-uploads`, { file_upload_ids: [a] });
      assert.deepEqual(some.json, { deleted: 1 });
      const rest = await call('DELETE', `/api/projects/${id}/file-uploads`, {});
      assert.deepEqual(rest.json, { deleted: 1 });
      assert.deepEqual((await call('GET', `/api/projects/${id}/file-uploads?all=true`)).json, []);
    });

    it('refuses bad input with the field named, and hides uploads from other organizations', async () => {
      const id = await project();
      const res = await upload(id, [['rows.csv', CSV]]);
      const [uploadId] = res.json.file_upload_ids as number[];
      const refused: [string, string, unknown, string][] = [
        ['POST', `/api/projects/${id}/reimport`, { file_upload_ids: 'all' }, 'file_upload_ids'],
        ['POST', `/api/projects/${id}/reimport`, { file_upload_ids: [uploadId + 1000] }, 'file_upload_ids'],
        ['DELETE', `/api/projects/${id}/file-uploads`, { file_upload_ids: [0] }, 'file_upload_ids.0'],
        ['GET', `/api/projects/${id}/file-uploads?ids=[1,`, undefined, 'ids'],
        ['GET', `/api/projects/${id}/file-uploads?ids=x`, undefined, 'ids.0'],
      ];
      for (const [method, p, body, field] of refused) {
        const r = await call(method, p, body);
        assert.equal(r.status, 400, `${method} ${p}`);
        assert.ok(r.json.validation_errors[field], `${method} ${p}: ${JSON.stringify(r.json)}`);
      }
      const json = await fetch(`${sut.url}/api/projects/${id}/import?commit_to_project=false`, {
        method: 'POST',
        headers: { ...auth(), 'content-type': 'application/json' },
        body: JSON.stringify([{ text: 'x' }]),
      });
      assert.equal(json.status, 400);
      assert.ok(((await json.json()) as any).validation_errors.commit_to_project);
      const twoFiles = await fetch(`${sut.url}/api/import/file-upload/${uploadId}`, {
        method: 'PATCH',
        headers: auth(),
        body: form([
          ['a.csv', 'text\nx\n'],
          ['b.csv', 'text\ny\n'],
        ]),
      });
      assert.equal(twoFiles.status, 400);

      const other = await createActor(sut.ctx, `up-${Date.now()}@example.com`, `up-org-${Date.now()}`);
      for (const [method, p] of [
        ['GET', `/api/import/file-upload/${uploadId}`],
        ['DELETE', `/api/import/file-upload/${uploadId}`],
        ['GET', `/api/projects/${id}/file-uploads?all=true`],
      ] as const)
        assert.equal((await call(method, p, undefined, other.key)).status, 404, `${method} ${p}`);
      assert.equal((await call('GET', `/api/import/file-upload/${uploadId}`)).status, 200);
    });
  });
}
