import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createActor, dialects, startTestServer, type TestServer } from './harness.ts';
import { startTestS3, type TestS3 } from './s3-server.ts';

/**
 * Label Studio's S3 import storage over HTTP against a real S3-protocol server (s3rver): create, validate, list,
 * sync (blob URLs and JSON tasks, regex filter, recursive scan, re-sync adding only new objects, failures), the
 * served objects and who may read them, the private-endpoint guard, update, delete and bad input named by field.
 */
const CONFIG = `<View><Image name="image" value="$image"/>
<RectangleLabels name="label" toName="image"><Label value="Cat"/></RectangleLabels></View>`;
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const BUCKET = 'ls-bucket';
const SECRET = 'S3RVER';

for (const dialect of dialects) {
  describe(`Label Studio S3 import storage (${dialect})`, () => {
    let s3: TestS3;
    let sut: TestServer;
    let endpoint: string;
    let otherKey: string;

    const call = async (method: string, path: string, body?: unknown, key = sut.key) => {
      const res = await fetch(sut.url + path, {
        method,
        headers: {
          authorization: `Token ${key}`,
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : undefined };
    };
    const put = async (key: string, body: Buffer | string) => {
      const client = new S3Client({ ...s3.options(), forcePathStyle: true });
      await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
      client.destroy();
    };
    const project = async () =>
      (await call('POST', '/api/projects/', { title: 'Bucket', label_config: CONFIG })).json.id as number;
    const storageBody = (projectId: number, extra: Record<string, unknown> = {}) => ({
      project: projectId,
      title: 'Photos',
      bucket: BUCKET,
      s3_endpoint: endpoint,
      region_name: 'us-east-1',
      aws_access_key_id: SECRET,
      aws_secret_access_key: SECRET,
      ...extra,
    });
    const create = async (projectId: number, extra: Record<string, unknown> = {}) => {
      const res = await call('POST', '/api/storages/s3/', storageBody(projectId, extra));
      assert.equal(res.status, 201, JSON.stringify(res.json));
      return res.json as { id: number } & Record<string, unknown>;
    };
    /** Starts a sync and waits for it to finish; answers the storage as it ended. */
    const sync = async (id: number) => {
      const started = await call('POST', `/api/storages/s3/${id}/sync`);
      assert.equal(started.status, 200, JSON.stringify(started.json));
      assert.equal(started.json.status, 'queued');
      for (let i = 0; i < 200; i++) {
        const now = (await call('GET', `/api/storages/s3/${id}`)).json;
        if (now.status === 'completed' || now.status === 'failed') return now;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error('sync did not finish');
    };
    const tasksOf = async (projectId: number) =>
      (await call('GET', `/api/tasks/?project=${projectId}&page_size=1000`)).json.tasks as any[];
    const rowDataOf = async (dataRowId: string) =>
      (
        await sut.db
          .selectFrom('data_rows')
          .select('row_data')
          .where('id', '=', dataRowId)
          .executeTakeFirstOrThrow()
      ).row_data;

    before(async () => {
      s3 = await startTestS3(BUCKET);
      endpoint = s3.options().endpoint!;
      sut = await startTestServer({ dialect, config: { allowPrivateUrls: true } });
      otherKey = (await createActor(sut.ctx, `other-${dialect}@example.com`, `other-org-${dialect}`)).key;
      await put('images/a.png', PNG);
      await put('images/b.jpg', 'jpeg bytes');
      await put('images/notes.txt', 'notes');
      // No folder marker (`images/folder/`): s3rver keeps objects as files and fails to list one.
      await put('images/sub/c.png', PNG);
      await put('tasks/one.json', JSON.stringify({ data: { image: `s3://${BUCKET}/images/a.png` } }));
      await put(
        'tasks/list.json',
        JSON.stringify([
          { image: 'https://example.com/1.png' },
          { data: { image: 'https://example.com/2.png' } },
        ]),
      );
      await put('bad/x.json', 'not json');
      await put(`redos/${'a'.repeat(40)}!`, 'x');
    });
    after(async () => {
      await sut?.close();
      await s3?.close();
    });

    it('creates a storage, never answers its credentials and keeps them sealed', async () => {
      const p = await project();
      const made = await create(p, { prefix: 'images/', aws_session_token: 'session-token-value' });
      assert.equal(made.type, 's3');
      assert.equal(made.project, p);
      assert.equal(made.status, 'initialized');
      assert.equal(made.bucket, BUCKET);
      assert.equal(made.aws_access_key_id, null);
      assert.equal(made.aws_secret_access_key, null);
      assert.equal(made.aws_session_token, null);
      assert.equal(made.presign, true);
      assert.equal(made.presign_ttl, 1);
      const stored = await sut.db
        .selectFrom('ls_refs')
        .select('data')
        .where('ls_id', '=', made.id)
        .executeTakeFirstOrThrow();
      assert.ok(stored.data && !stored.data.includes(SECRET) && !stored.data.includes('session-token-value'));
      const again = (await call('GET', `/api/storages/s3/${made.id}`)).json;
      assert.equal(again.aws_secret_access_key, null);
      assert.equal(again.title, 'Photos');
    });

    it('validates: a bucket it can list is 200, a wrong bucket or wrong credentials a 400 naming the field', async () => {
      const p = await project();
      const ok = await call('POST', '/api/storages/s3/validate', storageBody(p));
      assert.equal(ok.status, 200, JSON.stringify(ok.json));
      const missing = await call(
        'POST',
        '/api/storages/s3/validate',
        storageBody(p, { bucket: 'no-such-bucket' }),
      );
      assert.equal(missing.status, 400);
      assert.match(missing.json.validation_errors.bucket[0], /no-such-bucket.*does not exist/);
      const denied = await call(
        'POST',
        '/api/storages/s3/validate',
        // s3rver knows one access key (it does not check the secret's signature).
        storageBody(p, { aws_access_key_id: 'nobody' }),
      );
      assert.equal(denied.status, 400);
      assert.ok(denied.json.validation_errors.aws_access_key_id, JSON.stringify(denied.json));
      // With `id`: the stored storage merged with the body (its sealed credentials are used).
      const made = await create(p);
      const merged = await call('POST', '/api/storages/s3/validate', { id: made.id, project: p });
      assert.equal(merged.status, 200, JSON.stringify(merged.json));
      const mergedBad = await call('POST', '/api/storages/s3/validate', {
        id: made.id,
        bucket: 'nope-bucket',
      });
      assert.equal(mergedBad.status, 400);
      assert.ok(mergedBad.json.validation_errors.bucket);
      // Creating validates too.
      const refused = await call('POST', '/api/storages/s3/', storageBody(p, { bucket: 'no-such-bucket' }));
      assert.equal(refused.status, 400);
    });

    it('lists the storages of a project (and the types served)', async () => {
      const p = await project();
      const q = await project();
      const made = await create(p);
      const listed = await call('GET', `/api/storages/s3/?project=${p}`);
      assert.deepEqual(
        listed.json.map((s: { id: number }) => s.id),
        [made.id],
      );
      assert.deepEqual((await call('GET', `/api/storages/s3?project=${q}`)).json, []);
      const all = await call('GET', `/api/storages/?project=${p}`);
      assert.deepEqual(
        all.json.map((s: { id: number; type: string }) => [s.id, s.type]),
        [[made.id, 's3']],
      );
      assert.deepEqual((await call('GET', '/api/storages/types')).json, [{ name: 's3', title: 'AWS S3' }]);
      assert.equal((await call('GET', '/api/storages/s3/')).status, 404);
      assert.equal((await call('GET', `/api/storages/s3/?project=${p}`, undefined, otherKey)).status, 404);
    });

    it('syncs objects as blob URLs: one task per object, s3:// data, storage_filename; a re-sync adds only new ones', async () => {
      const p = await project();
      const made = await create(p, { prefix: 'images/', use_blob_urls: true });
      const done = await sync(made.id);
      assert.equal(done.status, 'completed', done.traceback);
      assert.equal(done.last_sync_count, 3);
      assert.ok(done.last_sync);
      const tasks = await tasksOf(p);
      assert.deepEqual(
        tasks.map((t) => t.data.image).sort(),
        ['images/a.png', 'images/b.jpg', 'images/notes.txt'].map((k) => `s3://${BUCKET}/${k}`),
      );
      assert.deepEqual(tasks.map((t) => t.storage_filename).sort(), [
        'images/a.png',
        'images/b.jpg',
        'images/notes.txt',
      ]);
      const a = tasks.find((t) => t.storage_filename === 'images/a.png');
      assert.equal(await rowDataOf(a.graphql_id), `/data/storage/s3/${made.id}?key=images%2Fa.png`);

      // The Data Manager filters by it.
      const query = JSON.stringify({
        filters: {
          conjunction: 'and',
          items: [
            { filter: 'filter:tasks:storage_filename', operator: 'contains', type: 'String', value: 'b.jp' },
          ],
        },
      });
      const filtered = await call('GET', `/api/tasks/?project=${p}&query=${encodeURIComponent(query)}`);
      assert.deepEqual(
        filtered.json.tasks.map((t: { storage_filename: string }) => t.storage_filename),
        ['images/b.jpg'],
      );

      const again = await sync(made.id);
      assert.equal(again.last_sync_count, 0);
      await put('images/d.png', PNG);
      const more = await sync(made.id);
      assert.equal(more.last_sync_count, 1);
      assert.equal((await tasksOf(p)).length, 4);
    });

    it('filters keys with regex_filter (re.match) and scans sub-folders with recursive_scan', async () => {
      const p = await project();
      const made = await create(p, {
        prefix: 'images/',
        use_blob_urls: true,
        regex_filter: '.*\\.png',
        recursive_scan: true,
      });
      const done = await sync(made.id);
      assert.equal(done.status, 'completed', done.traceback);
      const keys = (await tasksOf(p)).map((t) => t.storage_filename).sort();
      assert.ok(keys.includes('images/a.png') && keys.includes('images/sub/c.png'), keys.join());
      assert.ok(!keys.includes('images/b.jpg') && !keys.includes('images/notes.txt'));
      assert.ok(!keys.some((k: string) => k.endsWith('/')));
      // Anchored at the start, as Python's re.match: "png" alone matches no key.
      const q = await project();
      const anchored = await create(q, { prefix: 'images/', use_blob_urls: true, regex_filter: 'png' });
      assert.equal((await sync(anchored.id)).last_sync_count, 0);
    });

    it('syncs JSON objects as tasks (one task or a list); s3:// URLs of the bucket are served', async () => {
      const p = await project();
      const made = await create(p, { prefix: 'tasks/', use_blob_urls: false });
      const done = await sync(made.id);
      assert.equal(done.status, 'completed', done.traceback);
      assert.equal(done.last_sync_count, 3);
      const tasks = await tasksOf(p);
      assert.deepEqual(tasks.map((t) => t.storage_filename).sort(), [
        'tasks/list.json',
        'tasks/list.json',
        'tasks/one.json',
      ]);
      const one = tasks.find((t) => t.storage_filename === 'tasks/one.json');
      assert.equal(one.data.image, `s3://${BUCKET}/images/a.png`);
      const served = await rowDataOf(one.graphql_id);
      assert.equal(served, `/data/storage/s3/${made.id}?key=images%2Fa.png`);
      assert.equal((await sync(made.id)).last_sync_count, 0);
    });

    it('serves synced objects to the project users, not to another organization', async () => {
      const p = await project();
      const made = await create(p, { prefix: 'images/', use_blob_urls: true });
      await sync(made.id);
      const task = (await tasksOf(p)).find((t) => t.storage_filename === 'images/a.png');
      // What the Labelbox face and the web editor load: the data row's rowData.
      const { dataRow } = await sut.data<{ dataRow: { rowData: string } }>(
        'query($id: ID!) { dataRow(where: { id: $id }) { rowData } }',
        { id: task.graphql_id },
      );
      assert.equal(dataRow.rowData, `/data/storage/s3/${made.id}?key=images%2Fa.png`);
      const url = sut.url + dataRow.rowData;
      const res = await fetch(url, { headers: { authorization: `Token ${sut.key}` } });
      assert.equal(res.status, 200);
      assert.deepEqual(Buffer.from(await res.arrayBuffer()), PNG);
      assert.equal(res.headers.get('content-type'), 'image/png');
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.match(res.headers.get('content-security-policy') ?? '', /sandbox/);
      const part = await fetch(url, { headers: { authorization: `Token ${sut.key}`, range: 'bytes=0-3' } });
      assert.equal(part.status, 206);
      assert.deepEqual(Buffer.from(await part.arrayBuffer()), PNG.subarray(0, 4));
      const foreign = await fetch(url, { headers: { authorization: `Token ${otherKey}` } });
      assert.equal(foreign.status, 404);
      await foreign.arrayBuffer();
      const anonymous = await fetch(url);
      assert.equal(anonymous.status, 401);
      await anonymous.arrayBuffer();
      const missing = await fetch(`${sut.url}/data/storage/s3/${made.id}?key=images%2Fnone.png`, {
        headers: { authorization: `Token ${sut.key}` },
      });
      assert.equal(missing.status, 404);
      await missing.arrayBuffer();
      const fileuri = Buffer.from(`s3://${BUCKET}/images/a.png`).toString('base64');
      const presign = await fetch(`${sut.url}/tasks/${task.id}/presign/?fileuri=${fileuri}`, {
        headers: { authorization: `Token ${sut.key}` },
      });
      assert.equal(presign.status, 200);
      assert.deepEqual(Buffer.from(await presign.arrayBuffer()), PNG);
      assert.equal((await call('GET', `/api/storages/s3/${made.id}`, undefined, otherKey)).status, 404);
      // resolve_uri=true: the task list answers Label Studio's proxy URL, which serves the object.
      const resolved = (await call('GET', `/api/tasks/?project=${p}&resolve_uri=true`)).json.tasks.find(
        (t: { id: number }) => t.id === task.id,
      );
      assert.match(resolved.data.image, new RegExp(`^/tasks/${task.id}/presign/\\?fileuri=`));
      const proxied = await fetch(sut.url + resolved.data.image, {
        headers: { authorization: `Token ${sut.key}` },
      });
      assert.equal(proxied.status, 200);
      assert.deepEqual(Buffer.from(await proxied.arrayBuffer()), PNG);
    });

    it('fails a sync with a clear traceback: a JSON object that is not JSON, a regex that runs away', async () => {
      const p = await project();
      const bad = await create(p, { prefix: 'bad/' });
      const failed = await sync(bad.id);
      assert.equal(failed.status, 'failed');
      assert.match(failed.traceback, /s3:\/\/ls-bucket\/bad\/x\.json is not valid JSON/);
      assert.doesNotMatch(failed.traceback, /S3RVER|\n\s+at /);
      const slow = await create(p, { prefix: 'redos/', use_blob_urls: true, regex_filter: 'redos/(a+)+$' });
      const timedOut = await sync(slow.id);
      assert.equal(timedOut.status, 'failed');
      assert.match(timedOut.traceback, /regex_filter took longer than/);
      assert.equal((await tasksOf(p)).length, 0);
      // A storage left `in_progress` by a job that is gone is failed, and can be synced again.
      const storages = sut.ctx.services.labelStudio.s3Storages;
      const stuck = await storages.get(sut.actor, bad.id);
      await storages.setState(stuck.ref, { status: 'in_progress', last_sync_job: 'gone' });
      const shown = (await call('GET', `/api/storages/s3/${bad.id}`)).json;
      assert.equal(shown.status, 'failed');
      assert.match(shown.traceback, /ended without finishing/);
      assert.equal((await sync(bad.id)).status, 'failed');
    });

    it('imports page by page: a sync that fails on a later page keeps the earlier ones, and the next resumes', async () => {
      const runner = sut.ctx.services.labelStudio.s3Sync;
      runner.pageSize = 2;
      try {
        await put('resume/r1.json', JSON.stringify({ image: 'https://example.com/r1.png' }));
        await put('resume/r2.json', JSON.stringify({ image: 'https://example.com/r2.png' }));
        await put('resume/r3.json', '{"image": ');
        const p = await project();
        const made = await create(p, { prefix: 'resume/' });
        const failed = await sync(made.id);
        assert.equal(failed.status, 'failed');
        assert.match(failed.traceback, /resume\/r3\.json is not valid JSON/);
        assert.equal((await tasksOf(p)).length, 2);
        await put('resume/r3.json', JSON.stringify({ image: 'https://example.com/r3.png' }));
        const resumed = await sync(made.id);
        assert.equal(resumed.status, 'completed', resumed.traceback);
        assert.equal(resumed.last_sync_count, 1);
        assert.deepEqual((await tasksOf(p)).map((t) => t.storage_filename).sort(), [
          'resume/r1.json',
          'resume/r2.json',
          'resume/r3.json',
        ]);
        // A task deleted since is made again by the next sync (its link goes with it), the others are not.
        const first = (await tasksOf(p)).find((t) => t.storage_filename === 'resume/r1.json');
        assert.equal((await call('DELETE', `/api/tasks/${first.id}/`)).status, 204);
        assert.equal((await sync(made.id)).last_sync_count, 1);
        assert.equal((await tasksOf(p)).length, 3);
      } finally {
        runner.pageSize = 1_000;
      }
    });

    it('refuses a private or loopback endpoint unless ALLOW_PRIVATE_URLS', async () => {
      const strict = await startTestServer({ dialect, config: { allowPrivateUrls: false } });
      try {
        const res = await fetch(`${strict.url}/api/projects/`, {
          method: 'POST',
          headers: { authorization: `Token ${strict.key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ title: 'Strict', label_config: CONFIG }),
        });
        const p = ((await res.json()) as { id: number }).id;
        for (const target of [endpoint, 'http://169.254.169.254/', 'http://localhost:9/']) {
          const refused = await fetch(`${strict.url}/api/storages/s3/`, {
            method: 'POST',
            headers: { authorization: `Token ${strict.key}`, 'content-type': 'application/json' },
            body: JSON.stringify(storageBody(p, { s3_endpoint: target })),
          });
          const body = (await refused.json()) as { validation_errors: Record<string, string[]> };
          assert.equal(refused.status, 400, target);
          assert.match(body.validation_errors.s3_endpoint![0]!, /private, loopback or link-local/);
        }
      } finally {
        await strict.close();
      }
    });

    it('updates (absent fields and credentials kept) and deletes (tasks stay)', async () => {
      const p = await project();
      const made = await create(p, { prefix: 'images/', use_blob_urls: true });
      const patched = await call('PATCH', `/api/storages/s3/${made.id}`, {
        title: 'Renamed',
        presign_ttl: 15,
      });
      assert.equal(patched.status, 200, JSON.stringify(patched.json));
      assert.equal(patched.json.title, 'Renamed');
      assert.equal(patched.json.presign_ttl, 15);
      assert.equal(patched.json.prefix, 'images/');
      assert.equal(patched.json.aws_access_key_id, null);
      const synced = await sync(made.id);
      assert.equal(synced.status, 'completed');
      await call('PATCH', `/api/storages/s3/${made.id}`, { synchronizable: false });
      const refused = await call('POST', `/api/storages/s3/${made.id}/sync`);
      assert.equal(refused.status, 400);
      assert.match(refused.json.validation_errors.synchronizable[0], /is not synchronizable/);
      await call('PATCH', `/api/storages/s3/${made.id}`, { synchronizable: true });
      const wrong = await call('PATCH', `/api/storages/s3/${made.id}`, { bucket: 'no-such-bucket' });
      assert.equal(wrong.status, 400);
      assert.equal((await call('GET', `/api/storages/s3/${made.id}`)).json.bucket, BUCKET);
      assert.equal((await call('DELETE', `/api/storages/s3/${made.id}`)).status, 204);
      assert.equal((await call('GET', `/api/storages/s3/${made.id}`)).status, 404);
      assert.equal((await tasksOf(p)).length, synced.last_sync_count);
    });

    it('names the field of bad input, never a 500', async () => {
      const p = await project();
      const cases: [Record<string, unknown>, string][] = [
        [{ bucket: undefined }, 'bucket'],
        [{ bucket: 'has space' }, 'bucket'],
        [{ presign_ttl: 0 }, 'presign_ttl'],
        [{ presign_ttl: 'soon' }, 'presign_ttl'],
        [{ regex_filter: '([' }, 'regex_filter'],
        [{ regex_filter: 'x'.repeat(600) }, 'regex_filter'],
        [{ prefix: 'p'.repeat(2000) }, 'prefix'],
        [{ s3_endpoint: 'ftp://example.com' }, 's3_endpoint'],
        [{ s3_endpoint: 'not a url' }, 's3_endpoint'],
        [{ use_blob_urls: 'perhaps' }, 'use_blob_urls'],
        [{ title: 't'.repeat(300) }, 'title'],
        [{ aws_secret_access_key: null }, 'aws_secret_access_key'],
        [{ project: undefined }, 'project'],
      ];
      for (const [extra, field] of cases) {
        const res = await call('POST', '/api/storages/s3/', storageBody(p, extra));
        assert.equal(res.status, 400, `${field}: ${JSON.stringify(res.json)}`);
        assert.ok(res.json.validation_errors[field], `${field}: ${JSON.stringify(res.json)}`);
      }
      const list = await call('POST', '/api/storages/s3/', [1]);
      assert.equal(list.status, 400);
      assert.ok(list.json.validation_errors.non_field_errors);
      assert.equal((await call('GET', '/api/storages/s3/abc')).status, 404);
      assert.equal((await call('POST', '/api/storages/s3/999999/sync')).status, 404);
    });
  });
}
