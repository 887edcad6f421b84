import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { joinedTransaction } from '../src/db/joined-transaction.ts';
import { OntologyService } from '../src/services/ontology.service.ts';
import { ProjectService } from '../src/services/project.service.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';

/**
 * Every route of the Label Studio face answers bad input with Label Studio's error envelope (a 4xx naming the
 * field), never a 500 and never another face's shape; unknown `/api/...` paths are its 404 envelope.
 */
const CONFIG = `<View><Image name="image" value="$image"/>
<RectangleLabels name="label" toName="image"><Label value="Cat"/></RectangleLabels></View>`;

/** Bodies no route accepts as they are (import routes take lists, but not of numbers). */
const BAD_BODIES: unknown[] = ['{"not json', '"text"', '42', 'null', '[1]', 'true'];
const BOX_VALUE_BAD = { from_name: 'label', to_name: 'image', type: 'rectanglelabels', value: { x: 'a' } };

for (const dialect of dialects) {
  describe(`Label Studio error envelopes (${dialect})`, () => {
    let sut: TestServer;
    let project: number;
    let task: number;
    let annotation: number;
    let prediction: number;
    const call = async (method: string, path: string, body?: unknown, auth = true) => {
      const res = await fetch(sut.url + path, {
        method,
        headers: {
          ...(auth && { authorization: `Token ${sut.key}` }),
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const text = await res.text();
      let json: any;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: res.status, json, text };
    };
    const isEnvelope = (json: any, status: number) =>
      json &&
      json.status_code === status &&
      typeof json.detail === 'string' &&
      typeof json.version === 'string' &&
      json.exc_info === null &&
      /^[0-9a-f-]{36}$/.test(json.id);

    before(async () => {
      sut = await startTestServer({ dialect });
      project = (await call('POST', '/api/projects/', { title: 'Errors', label_config: CONFIG })).json.id;
      const imported = await call('POST', `/api/projects/${project}/import?return_task_ids=true`, [
        { data: { image: 'https://example.com/1.jpg' } },
      ]);
      task = imported.json.task_ids[0];
      const box = {
        from_name: 'label',
        to_name: 'image',
        type: 'rectanglelabels',
        original_width: 100,
        original_height: 100,
        value: { x: 1, y: 1, width: 2, height: 2, rectanglelabels: ['Cat'] },
      };
      annotation = (await call('POST', `/api/tasks/${task}/annotations/`, { result: [box] })).json.id;
      prediction = (await call('POST', '/api/predictions/', { task, result: [box], score: 0.5 })).json.id;
    });
    after(async () => sut.close());

    it('answers unknown /api paths with the 404 envelope, with or without credentials', async () => {
      for (const method of ['GET', 'POST', 'PATCH', 'DELETE'])
        for (const path of ['/api/nope', '/api/nope/', '/api/projects/1/nothing-here', '/api/tasks/1/x/y'])
          for (const auth of [true, false]) {
            const res = await call(method, path, method === 'GET' ? undefined : { a: 1 }, auth);
            assert.equal(res.status, 404, `${method} ${path}`);
            assert.ok(isEnvelope(res.json, 404), `${method} ${path}: ${res.text}`);
            assert.equal(res.json.detail, 'Not found.');
          }
      // Known routes still require credentials, and the Labelbox REST face keeps its own paths.
      assert.equal((await call('GET', '/api/projects/', undefined, false)).status, 401);
    });

    it('answers every route with a 4xx envelope for bad bodies, ids and query values', async () => {
      const routes: [string, string][] = [
        ['POST', '/api/projects/'],
        ['PATCH', `/api/projects/${project}/`],
        ['POST', `/api/projects/${project}/validate/`],
        ['POST', `/api/projects/${project}/import`],
        ['POST', `/api/projects/${project}/tasks/bulk/`],
        ['POST', '/api/tasks/'],
        ['PATCH', `/api/tasks/${task}/`],
        ['POST', `/api/tasks/${task}/annotations/`],
        ['PATCH', `/api/annotations/${annotation}/`],
        ['POST', '/api/predictions/'],
        ['PATCH', `/api/predictions/${prediction}/`],
        ['POST', '/api/token/refresh/'],
        ['POST', '/api/token/rotate/'],
        ['POST', '/api/token/blacklist/'],
      ];
      // Every failure is collected, so one run lists them all.
      const wrong: string[] = [];
      const fieldBodies: Record<string, unknown[]> = {
        'POST /api/projects/': [{ title: 5 }, { label_config: 7 }, { label_config: '<View><Image' }],
        [`PATCH /api/projects/${project}/`]: [{ title: [] }, { label_config: '<View' }, { description: 3 }],
        [`POST /api/projects/${project}/validate/`]: [{ label_config: 7 }, {}],
        [`POST /api/projects/${project}/import`]: [[{ data: 'x' }], [{ data: { other: 1 } }], '[{"data":'],
        'POST /api/tasks/': [
          { project: 'x' },
          { project, data: 'x' },
          { project, data: { image: 'x' }, meta: 3 },
        ],
        [`PATCH /api/tasks/${task}/`]: [{ data: 'x' }, { meta: 3 }, { data: { nope: 1 } }],
        [`POST /api/tasks/${task}/annotations/`]: [
          { result: 'x' },
          { result: [{ type: 'nope' }] },
          { result: [BOX_VALUE_BAD] },
          { result: [], lead_time: 'slow' },
        ],
        [`PATCH /api/annotations/${annotation}/`]: [{ result: 'x' }, { result: [BOX_VALUE_BAD] }],
        'POST /api/predictions/': [
          { task: 'abc', result: [] },
          { task, result: 'x' },
          { task, result: [], score: 'high' },
        ],
        [`PATCH /api/predictions/${prediction}/`]: [{ result: 'x' }, { score: 'high' }],
        'POST /api/token/refresh/': [{ refresh: 12 }, {}],
      };
      for (const [method, path] of routes)
        for (const body of [...BAD_BODIES, ...(fieldBodies[`${method} ${path}`] ?? [])]) {
          const res = await call(method, path, body);
          const label = `${method} ${path} ${JSON.stringify(body)} → ${res.status} ${res.text.slice(0, 200)}`;
          const named =
            res.status !== 400 ||
            (res.json?.detail === 'Validation error' &&
              Object.keys(res.json.validation_errors ?? {}).length > 0);
          if (!(res.status >= 400 && res.status < 500 && isEnvelope(res.json, res.status) && named))
            wrong.push(label);
        }
      const gets = [
        '/api/projects/?page=x',
        '/api/projects/?page_size=abc',
        '/api/projects/?page=0',
        '/api/projects/?page=99999999999999',
        '/api/projects/?page=1e400',
        `/api/tasks/?project=${project}&page=99999999999999&page_size=1000`,
        `/api/projects/${project}/tasks/?page=99999999999999999999`,
        '/api/projects/abc/',
        '/api/projects/99999999999999999999/',
        '/api/projects/1.5/',
        '/api/tasks/',
        '/api/tasks/?project=abc',
        `/api/tasks/?project=${project}&page=-3`,
        `/api/tasks/?project=${project}&page_size=x`,
        `/api/projects/${project}/tasks/?page=x`,
        `/api/projects/${project}/tasks/?page=0`,
        '/api/tasks/abc/',
        '/api/tasks/abc/annotations/',
        '/api/annotations/0/',
        '/api/predictions/?task=abc',
        '/api/predictions/?project=x',
        '/api/predictions/-4/',
        `/api/projects/${project}/export?exportType=NOPE`,
        `/api/projects/${project}/export?ids[]=abc`,
        `/api/projects/abc/export/formats`,
      ];
      for (const path of gets) {
        const res = await call('GET', path);
        if (!(res.status >= 400 && res.status < 500 && isEnvelope(res.json, res.status)))
          wrong.push(`GET ${path} → ${res.status} ${res.text.slice(0, 200)}`);
      }
      assert.deepEqual(wrong, []);
      // Named fields, as Label Studio names them.
      const missing = await call('POST', '/api/tasks/', { data: { image: 'x' } });
      assert.deepEqual(missing.json.validation_errors, { project: ['This field is required.'] });
      const badPage = await call('GET', '/api/projects/?page_size=abc');
      assert.deepEqual(Object.keys(badPage.json.validation_errors), ['page_size']);
      const badTitle = await call('POST', '/api/projects/', { title: 5 });
      assert.deepEqual(Object.keys(badTitle.json.validation_errors), ['title']);
      const badFormat = await call('GET', `/api/projects/${project}/export?exportType=NOPE`);
      assert.deepEqual(badFormat.json.validation_errors, {
        export_type: ['NOPE is not supported export format'],
      });
    });

    it('creates nothing when a project cannot be created whole', async () => {
      const before = (await call('GET', '/api/projects/?page_size=1000')).json.count;
      const res = await call('POST', '/api/projects/', { title: 'x'.repeat(51), label_config: CONFIG });
      assert.equal(res.status, 400);
      assert.deepEqual(Object.keys(res.json.validation_errors), ['title']);
      const bad = await call('POST', '/api/projects/', { title: 'ok', label_config: '<View><Image' });
      assert.equal(bad.status, 400);
      assert.deepEqual(Object.keys(bad.json.validation_errors), ['label_config']);
      assert.equal((await call('GET', '/api/projects/?page_size=1000')).json.count, before);
    });

    it('runs several services in one transaction: a failure after the project and ontology leaves neither', async () => {
      const name = `joined-${Date.now()}`;
      await assert.rejects(
        sut.db.transaction().execute(async (trx) => {
          const joined = joinedTransaction(trx);
          const row = await new ProjectService(joined, dialect).create(sut.actor, { name });
          const ontologies = new OntologyService(joined, dialect);
          const ontology = await ontologies.create(sut.actor, {
            name,
            normalized: { tools: [{ tool: 'rectangle', name: 'Cat' }], classifications: [] },
          });
          await ontologies.connectOntology(sut.actor, row.id, ontology.id);
          throw new Error('boom');
        }),
        /boom/,
      );
      const projects = await sut.db.selectFrom('projects').select('id').where('name', '=', name).execute();
      const ontologies = await sut.db
        .selectFrom('ontologies')
        .select('id')
        .where('name', '=', name)
        .execute();
      assert.deepEqual([projects, ontologies], [[], []]);
    });
  });
}
