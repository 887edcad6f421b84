import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createActor, dialects, startTestServer, type TestServer } from './harness.ts';

/**
 * The Label Studio face over HTTP, pinning what the real SDKs (2.x and the legacy Client) send and expect:
 * both auth schemes and PATs, the three pagination envelopes with their past-the-end 404, the error envelope,
 * trailing slashes, streamed idempotent imports, annotations and predictions, exports, and the crossing to the
 * GraphQL face.
 */
const CONFIG = `<View>
  <Image name="image" value="$image"/>
  <RectangleLabels name="label" toName="image"><Label value="Cat"/><Label value="Dog"/></RectangleLabels>
  <Choices name="scene" toName="image" choice="single"><Choice value="Indoor"/><Choice value="Outdoor"/></Choices>
</View>`;
const TEXT_CONFIG = `<View><Text name="text" value="$text"/><Labels name="ner" toName="text"><Label value="PER"/></Labels></View>`;

const BOX = {
  id: 'box1',
  from_name: 'label',
  to_name: 'image',
  type: 'rectanglelabels',
  original_width: 1000,
  original_height: 500,
  value: { x: 10, y: 20, width: 30, height: 40, rotation: 0, rectanglelabels: ['Cat'] },
};

for (const dialect of dialects) {
  describe(`Label Studio REST face (${dialect})`, () => {
    let sut: TestServer;
    const call = async (
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ) => {
      const res = await fetch(sut.url + path, {
        method,
        headers: {
          ...(headers.authorization === undefined &&
            headers['x-api-key'] === undefined && { authorization: `Token ${sut.key}` }),
          ...(body !== undefined && { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const text = await res.text();
      let json: any;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      return { status: res.status, json, text, headers: res.headers };
    };
    const envelope = (json: any, status: number) => {
      assert.equal(json.status_code, status);
      assert.match(json.id, /^[0-9a-f-]{36}$/);
      assert.equal(typeof json.version, 'string');
      assert.equal(json.exc_info, null);
      assert.equal(typeof json.detail, 'string');
    };
    let projectId: number;

    before(async () => {
      sut = await startTestServer({ dialect });
    });
    after(async () => sut.close());

    it('answers /health, /api/version (Community) and whoami with integer ids', async () => {
      assert.deepEqual((await call('GET', '/health')).json, { status: 'UP' });
      for (const path of ['/api/version', '/api/version/']) {
        const v = await call('GET', path, undefined, { authorization: '' });
        assert.equal(v.status, 200);
        assert.equal(v.json.edition, 'Community');
        assert.equal(typeof v.json.release, 'string');
      }
      const me = await call('GET', '/api/current-user/whoami', undefined, {
        authorization: `Token  ${sut.key}`,
      });
      assert.equal(me.status, 200);
      assert.equal(typeof me.json.id, 'number');
      assert.equal(typeof me.json.active_organization, 'number');
      assert.equal(me.json.email, sut.actor.email);
      assert.equal((await call('GET', '/api/current-user/token')).json.token, sut.key);
    });

    it('refuses missing or bad credentials with the error envelope', async () => {
      const none = await call('GET', '/api/projects/', undefined, { authorization: '' });
      assert.equal(none.status, 401);
      envelope(none.json, 401);
      assert.equal(none.json.detail, 'Authentication credentials were not provided.');
      assert.equal(
        (await call('GET', '/api/projects/', undefined, { authorization: 'Token nope' })).status,
        401,
      );
      assert.equal(
        (await call('GET', '/api/projects/', undefined, { 'x-api-key': sut.key, authorization: '' })).status,
        200,
      );
    });

    it('issues PATs (JWT refresh tokens), refreshes, rotates and blacklists them', async () => {
      const created = await call('POST', '/api/token/');
      assert.equal(created.status, 201);
      const pat: string = created.json.token;
      const claims = JSON.parse(Buffer.from(pat.split('.')[1]!, 'base64url').toString());
      assert.equal(claims.token_type, 'refresh');
      for (const k of ['exp', 'iat', 'jti', 'user_id']) assert.ok(claims[k] !== undefined, k);
      // A PAT is not an access token: as Bearer it is refused.
      assert.equal(
        (await call('GET', '/api/projects/', undefined, { authorization: `Bearer ${pat}` })).status,
        401,
      );
      const refreshed = await call('POST', '/api/token/refresh/', { refresh: pat }, { authorization: '' });
      assert.equal(refreshed.status, 200);
      const access: string = refreshed.json.access;
      const accessClaims = JSON.parse(Buffer.from(access.split('.')[1]!, 'base64url').toString());
      assert.equal(accessClaims.token_type, 'access');
      assert.ok(accessClaims.exp > Date.now() / 1000);
      assert.equal(
        (await call('GET', '/api/projects/', undefined, { authorization: `Bearer ${access}` })).status,
        200,
      );
      assert.equal(
        (await call('GET', '/api/projects/', undefined, { 'x-api-key': access, authorization: '' })).status,
        200,
      );
      // An access token presented as a refresh token, and a forged signature, are refused.
      const asRefresh = await call('POST', '/api/token/refresh/', { refresh: access }, { authorization: '' });
      assert.equal(asRefresh.status, 401);
      assert.equal(asRefresh.json.code, 'token_not_valid');
      const forged = `${pat.split('.').slice(0, 2).join('.')}.${Buffer.from('x'.repeat(32)).toString('base64url')}`;
      assert.equal(
        (await call('POST', '/api/token/refresh/', { refresh: forged }, { authorization: '' })).status,
        401,
      );
      const listed = await call('GET', '/api/token/');
      assert.ok(listed.json.some((t: any) => t.token === pat.split('.').slice(0, 2).join('.')));
      const rotated = await call('POST', '/api/token/rotate/', { refresh: pat }, { authorization: '' });
      assert.equal(rotated.status, 200);
      assert.equal(
        (await call('POST', '/api/token/refresh/', { refresh: pat }, { authorization: '' })).status,
        401,
      );
      const next: string = rotated.json.refresh;
      assert.equal(
        (await call('POST', '/api/token/refresh', { refresh: next }, { authorization: '' })).status,
        200,
      );
      // Blacklisting accepts the token without its signature, as GET /api/token/ shows it.
      const shown = next.split('.').slice(0, 2).join('.');
      assert.equal((await call('POST', '/api/token/blacklist/', { refresh: shown })).status, 204);
      const again = await call('POST', '/api/token/blacklist/', { refresh: shown });
      assert.equal(again.status, 404);
      assert.equal(again.json.detail, 'Token is invalid or already blacklisted.');
      assert.equal(
        (await call('POST', '/api/token/refresh/', { refresh: next }, { authorization: '' })).status,
        401,
      );
    });

    it('validates label configs with Label Studio messages', async () => {
      assert.equal((await call('POST', '/api/projects/validate/', { label_config: CONFIG })).status, 204);
      const bad = await call('POST', '/api/projects/validate', {
        label_config:
          '<View><Image name="a" value="$a"/><Choices name="a" toName="a"><Choice value="x"/></Choices></View>',
      });
      assert.equal(bad.status, 400);
      assert.deepEqual(bad.json, { label_config: ['Label config contains non-unique names'] });
      const missing = await call('POST', '/api/projects/', {
        title: 'x',
        label_config:
          '<View><Image name="i" value="$i"/><Choices name="c" toName="nope"><Choice value="a"/></Choices></View>',
      });
      assert.equal(missing.status, 400);
      envelope(missing.json, 400);
      assert.equal(missing.json.detail, 'Validation error');
      assert.deepEqual(missing.json.validation_errors, {
        label_config: [`toName="nope" not found in names: ['i', 'c']`],
      });
    });

    it('creates, reads, lists (DRF pages, 404 past the end), patches projects; ids cross to GraphQL', async () => {
      const created = await call('POST', '/api/projects', {
        title: 'Pets',
        label_config: CONFIG,
        color: '#123456',
      });
      assert.equal(created.status, 201);
      projectId = created.json.id;
      assert.equal(typeof projectId, 'number');
      assert.equal(created.json.label_config, CONFIG);
      assert.equal(created.json.color, '#123456');
      assert.deepEqual(created.json.parsed_label_config.label.labels, ['Cat', 'Dog']);
      const gql = await sut.data(
        `query($id: ID!) { project(where: {id: $id}) { id name labelStudioId ontology { normalized } } }`,
        { id: created.json.graphql_id },
      );
      assert.equal(gql.project.labelStudioId, projectId);
      const normalized = gql.project.ontology.normalized;
      assert.deepEqual(
        normalized.tools.map((t: any) => [t.tool, t.name]),
        [
          ['rectangle', 'Cat'],
          ['rectangle', 'Dog'],
        ],
      );
      assert.deepEqual(
        normalized.classifications.map((c: any) => [c.type, c.name]),
        [['radio', 'scene']],
      );

      // A project made on the GraphQL face shows here with a generated config.
      const lb = await sut.data(
        `mutation { createProject(data: {name: "From Labelbox", allowedMediaType: IMAGE}) { id labelStudioId } }`,
      );
      const fromLb = await call('GET', `/api/projects/${lb.createProject.labelStudioId}/`);
      assert.equal(fromLb.status, 200);
      assert.equal(fromLb.json.graphql_id, lb.createProject.id);
      assert.equal(fromLb.json.label_config, '<View></View>');

      const page1 = await call('GET', '/api/projects/?page=1&page_size=1');
      assert.equal(page1.json.count, 2);
      assert.equal(page1.json.results.length, 1);
      assert.match(page1.json.next, /page=2/);
      assert.equal((await call('GET', '/api/projects/?page=2&page_size=1')).json.results.length, 1);
      const past = await call('GET', '/api/projects/?page=3&page_size=1');
      assert.equal(past.status, 404);
      envelope(past.json, 404);
      assert.equal(past.json.detail, 'Invalid page.');
      assert.equal((await call('GET', '/api/projects?page_size=10000000')).json.results.length, 2);

      const patched = await call('PATCH', `/api/projects/${projectId}/`, {
        title: 'Pets 2',
        description: 'd',
        maximum_annotations: 3,
      });
      assert.equal(patched.status, 200);
      assert.equal(patched.json.title, 'Pets 2');
      assert.equal(patched.json.maximum_annotations, 3);
      const notFound = await call('GET', '/api/projects/999999');
      assert.equal(notFound.status, 404);
      envelope(notFound.json, 404);
    });

    let taskIds: number[];
    it('imports a JSON list (flat and wrapped tasks, annotations, predictions) once, even when retried', async () => {
      const body = JSON.stringify([
        { image: 'https://example.com/1.jpg' },
        {
          data: { image: 'https://example.com/2.jpg' },
          annotations: [{ result: [BOX], lead_time: 2 }],
          predictions: [{ model_version: 'm1', score: 0.8, result: [{ ...BOX, id: 'p1' }] }],
        },
        ...Array.from({ length: 1500 }, (_, i) => ({ data: { image: `https://example.com/x${i}.jpg` } })),
      ]);
      const first = await call('POST', `/api/projects/${projectId}/import?return_task_ids=true`, body);
      assert.equal(first.status, 201);
      assert.equal(first.json.task_count, 1502);
      assert.equal(first.json.annotation_count, 1);
      assert.equal(first.json.prediction_count, 1);
      taskIds = first.json.task_ids;
      assert.equal(taskIds.length, 1502);
      const retry = await call('POST', `/api/projects/${projectId}/import?return_task_ids=True`, body);
      assert.equal(retry.status, 201);
      assert.deepEqual(retry.json.task_ids, taskIds);
      assert.equal((await call('GET', `/api/tasks/?project=${projectId}&page_size=1`)).json.total, 1502);
      const noIds = await call('POST', `/api/projects/${projectId}/import/`, {
        image: 'https://example.com/single.jpg',
      });
      assert.equal(noIds.status, 201);
      assert.equal(noIds.json.task_ids, undefined);
      assert.equal(noIds.json.task_count, 1);
    });

    it('rejects bad imports whole, with Label Studio messages', async () => {
      const before = (await call('GET', `/api/tasks/?project=${projectId}&page_size=1`)).json.total;
      const missingKey = await call('POST', `/api/projects/${projectId}/import`, [
        { image: 'a' },
        { text: 'no image' },
      ]);
      assert.equal(missingKey.status, 400);
      envelope(missingKey.json, 400);
      assert.match(
        missingKey.json.validation_errors.non_field_errors[0],
        /^"image" key is expected in task data/,
      );
      const badResult = await call('POST', `/api/projects/${projectId}/import`, [
        {
          data: { image: 'a' },
          annotations: [{ result: [{ ...BOX, value: { ...BOX.value, rectanglelabels: ['Horse'] } }] }],
        },
      ]);
      assert.equal(badResult.status, 400);
      assert.deepEqual(badResult.json.validation_errors, {
        annotations: ['annotations[0].result[0].value.rectanglelabels: "Horse" is not a label of label'],
      });
      const badJson = await call('POST', `/api/projects/${projectId}/import`, '[{"image": "a"}, {"image": ');
      assert.equal(badJson.status, 400);
      envelope(badJson.json, 400);
      assert.equal((await call('GET', `/api/tasks/?project=${projectId}&page_size=1`)).json.total, before);
    });

    it('lists tasks in the three envelopes with the past-the-end 404', async () => {
      const page = await call('GET', `/api/tasks/?project=${projectId}&page=1&page_size=100&fields=all`);
      assert.equal(page.status, 200);
      assert.deepEqual(Object.keys(page.json).sort(), [
        'tasks',
        'total',
        'total_annotations',
        'total_predictions',
      ]);
      assert.equal(page.json.total_annotations, 1);
      assert.equal(page.json.total_predictions, 1);
      const labelled = page.json.tasks.find((t: any) => t.id === taskIds[1]);
      assert.deepEqual(labelled.data, { image: 'https://example.com/2.jpg' });
      assert.equal(labelled.annotations[0].result[0].id, 'box1');
      assert.deepEqual(labelled.annotations[0].result[0].value, BOX.value);
      assert.equal(labelled.predictions[0].model_version, 'm1');
      assert.equal(labelled.predictions[0].score, 0.8);
      const last = await call('GET', `/api/tasks?project=${projectId}&page=16&page_size=100`);
      assert.equal(last.json.tasks.length, 3);
      assert.equal((await call('GET', `/api/tasks?project=${projectId}&page=17&page_size=100`)).status, 404);
      const bare = await call('GET', `/api/projects/${projectId}/tasks/?page=2&page_size=1000`);
      assert.ok(Array.isArray(bare.json));
      assert.equal(bare.json.length, 503);
      assert.equal((await call('GET', `/api/projects/${projectId}/tasks?page=3&page_size=1000`)).status, 404);
      assert.equal((await call('GET', `/api/tasks/?page=1`)).status, 400);
    });

    it('creates, edits and deletes annotations and predictions; the GraphQL face sees the same label', async () => {
      const taskId = taskIds[0]!;
      const created = await call('POST', `/api/tasks/${taskId}/annotations/`, {
        result: [
          BOX,
          { id: 'c1', from_name: 'scene', to_name: 'image', type: 'choices', value: { choices: ['Indoor'] } },
        ],
        lead_time: 4.5,
      });
      assert.equal(created.status, 201);
      assert.equal(typeof created.json.completed_by, 'number');
      assert.equal(created.json.lead_time, 4.5);
      assert.equal(created.json.result.length, 2);
      const annId = created.json.id;
      const labels = await sut.data(
        `query($id: ID!) { project(where: {id: $id}) { labels(first: 10) { id label dataRow { rowData } } } }`,
        { id: (await call('GET', `/api/projects/${projectId}`)).json.graphql_id },
      );
      const mine = labels.project.labels.find((l: any) => l.id === created.json.graphql_id);
      assert.equal(mine.dataRow.rowData, 'https://example.com/1.jpg');
      const v1 = JSON.parse(mine.label);
      assert.deepEqual(v1.objects[0].bbox, { top: 100, left: 100, height: 200, width: 300 });
      assert.equal(v1.classifications[0].answer.title, 'Indoor');

      const patched = await call('PATCH', `/api/annotations/${annId}/`, {
        result: [{ ...BOX, value: { ...BOX.value, x: 50, rectanglelabels: ['Dog'] } }],
      });
      assert.equal(patched.status, 200);
      assert.deepEqual(patched.json.result[0].value, { ...BOX.value, x: 50, rectanglelabels: ['Dog'] });
      assert.equal((await call('GET', `/api/tasks/${taskId}/annotations`)).json.length, 1);

      const pred = await call('POST', '/api/predictions/', {
        task: taskId,
        result: [{ from_name: 'scene', to_name: 'image', type: 'choices', value: { choices: ['Outdoor'] } }],
        score: 0.4,
        model_version: 'v2',
      });
      assert.equal(pred.status, 201);
      assert.equal(pred.json.task, taskId);
      assert.equal((await call('GET', `/api/predictions/?task=${taskId}`)).json.length, 1);
      assert.equal((await call('PATCH', `/api/predictions/${pred.json.id}`, { score: 0.9 })).json.score, 0.9);
      assert.equal((await call('DELETE', `/api/predictions/${pred.json.id}/`)).status, 204);
      assert.equal((await call('GET', `/api/predictions/${pred.json.id}`)).status, 404);

      const badAnn = await call('POST', `/api/tasks/${taskId}/annotations/`, {
        result: [{ ...BOX, from_name: 'ghost' }],
      });
      assert.equal(badAnn.status, 400);
      assert.deepEqual(badAnn.json.validation_errors, {
        result: ['result[0].from_name: "ghost" is not a control of this project\'s labeling config'],
      });
      assert.equal((await call('DELETE', `/api/annotations/${annId}`)).status, 204);
      assert.equal((await call('GET', `/api/annotations/${annId}/`)).status, 404);
    });

    it('applies the organization roles: labelers read and annotate, only managers change projects', async () => {
      const org = (await sut.ctx.services.identity.getOrganization(sut.actor)).name;
      const labeler = await createActor(sut.ctx, `labeler-${Date.now()}@example.com`, org, 'LABELER');
      const as = { authorization: `Token ${labeler.key}` };
      assert.equal((await call('GET', `/api/projects/${projectId}/`, undefined, as)).status, 200);
      const created = await call('POST', `/api/tasks/${taskIds[4]}/annotations/`, { result: [BOX] }, as);
      assert.equal(created.status, 201);
      const refused = await call('POST', '/api/projects/', { title: 'nope' }, as);
      assert.equal(refused.status, 403);
      envelope(refused.json, 403);
      assert.match(refused.json.detail, /LABELER/);
      assert.equal(
        (await call('POST', `/api/projects/${projectId}/import`, [{ image: 'x' }], as)).status,
        403,
      );
      assert.equal((await call('DELETE', `/api/annotations/${created.json.id}`)).status, 204);
    });

    it('patches and deletes tasks', async () => {
      const id = taskIds[2]!;
      const patched = await call('PATCH', `/api/tasks/${id}/`, {
        data: { image: 'https://example.com/new.jpg' },
        meta: { m: 1 },
      });
      assert.equal(patched.status, 200);
      assert.deepEqual(patched.json.data, { image: 'https://example.com/new.jpg' });
      assert.deepEqual(patched.json.meta, { m: 1 });
      const bad = await call('PATCH', `/api/tasks/${id}`, { data: { text: 'x' } });
      assert.equal(bad.status, 400);
      assert.equal((await call('DELETE', `/api/tasks/${id}`)).status, 204);
      assert.equal((await call('GET', `/api/tasks/${id}/`)).status, 404);
    });

    it('refuses a config change that drops labels in use, accepts a compatible one (no 409)', async () => {
      const drop = CONFIG.replace('<Label value="Cat"/>', '');
      const refused = await call('PATCH', `/api/projects/${projectId}`, { label_config: drop });
      assert.equal(refused.status, 400);
      assert.match(
        refused.json.validation_errors.label_config[0],
        /Created annotations are incompatible .*label: Cat/,
      );
      const v = await call('POST', `/api/projects/${projectId}/validate/`, { label_config: drop });
      assert.equal(v.status, 400);
      const keys = await call('POST', `/api/projects/${projectId}/validate`, {
        label_config: CONFIG.replace('$image', '$img'),
      });
      assert.equal(keys.json.validation_errors.label_config[0], 'These fields are not found in data: img');
      const wider = CONFIG.replace('<Label value="Dog"/>', '<Label value="Dog"/><Label value="Bird"/>');
      assert.deepEqual(
        (await call('POST', `/api/projects/${projectId}/validate`, { label_config: wider })).json,
        { config_essential_data_has_changed: false },
      );
      const ok = await call('PATCH', `/api/projects/${projectId}/`, { label_config: wider });
      assert.equal(ok.status, 200);
      assert.deepEqual(ok.json.parsed_label_config.label.labels, ['Cat', 'Dog', 'Bird']);
      const task = await call('GET', `/api/tasks/${taskIds[1]}`);
      assert.deepEqual(task.json.annotations[0].result[0].value, BOX.value);
    });

    it('exports JSON, JSON_MIN, CSV and TSV as streams, with exportType/export_type, ids and ids[]', async () => {
      const formats = await call('GET', `/api/projects/${projectId}/export/formats`);
      // The image config (rectangles, choices) enables COCO, YOLO and VOC; text and brush formats come last, disabled.
      assert.deepEqual(
        formats.json.map((f: any) => [f.name, f.disabled === true]),
        [
          ['JSON', false],
          ['JSON_MIN', false],
          ['CSV', false],
          ['TSV', false],
          ['COCO', false],
          ['YOLO', false],
          ['VOC', false],
          ['CONLL2003', true],
          ['BRUSH_TO_PNG', true],
        ],
      );
      const json = await call(
        'GET',
        `/api/projects/${projectId}/export?exportType=JSON&download_all_tasks=False`,
      );
      assert.equal(json.status, 200);
      assert.match(
        json.headers.get('content-disposition')!,
        new RegExp(`attachment; filename="project-${projectId}-at-.*\\.json"`),
      );
      assert.deepEqual(
        json.json.map((t: any) => t.id),
        [taskIds[1]],
      );
      assert.deepEqual(json.json[0].annotations[0].result[0].value, BOX.value);
      const all = await call(
        'GET',
        `/api/projects/${projectId}/export?export_type=JSON&download_all_tasks=true`,
      );
      assert.equal(all.json.length, 1502);
      const some = await call(
        'GET',
        `/api/projects/${projectId}/export?exportType=JSON&ids=${taskIds[0]}&ids=${taskIds[1]}`,
      );
      assert.deepEqual(
        some.json.map((t: any) => t.id),
        [taskIds[0], taskIds[1]],
      );
      const brackets = await call(
        'GET',
        `/api/projects/${projectId}/export?exportType=JSON&ids[]=${taskIds[1]}`,
      );
      assert.deepEqual(
        brackets.json.map((t: any) => t.id),
        [taskIds[1]],
      );
      const min = await call('GET', `/api/projects/${projectId}/export?exportType=JSON_MIN`);
      assert.equal(min.json[0].image, 'https://example.com/2.jpg');
      assert.deepEqual(min.json[0].label, [{ ...BOX.value, original_width: 1000, original_height: 500 }]);
      const csv = await call('GET', `/api/projects/${projectId}/export?exportType=CSV&download_all_tasks=1`);
      const lines = csv.text.trim().split('\n');
      assert.equal(lines[0], 'annotation_id,annotator,created_at,id,image,label,lead_time,scene,updated_at');
      assert.equal(lines.length, 1503);
      const tsv = await call('GET', `/api/projects/${projectId}/export?exportType=TSV`);
      assert.equal(tsv.text.split('\n')[0]!.split('\t').length, 9);
      const bad = await call('GET', `/api/projects/${projectId}/export?exportType=PDF`);
      assert.equal(bad.status, 400);
      assert.deepEqual(bad.json.validation_errors, { export_type: ['PDF is not supported export format'] });
    });

    it('keeps text offsets in code points on the wire and UTF-16 inside', async () => {
      const p = await call('POST', '/api/projects/', { title: 'NER', label_config: TEXT_CONFIG });
      const text = 'Zoë 👩‍👩‍👧 meets Ann';
      const start = [...text].indexOf('A');
      const r = await call('POST', `/api/projects/${p.json.id}/import?return_task_ids=1`, [
        {
          data: { text },
          annotations: [
            {
              result: [
                {
                  id: 's1',
                  from_name: 'ner',
                  to_name: 'text',
                  type: 'labels',
                  value: { start, end: start + 3, text: 'Ann', labels: ['PER'] },
                },
              ],
            },
          ],
        },
      ]);
      assert.equal(r.status, 201);
      const task = await call('GET', `/api/tasks/${r.json.task_ids[0]}`);
      assert.deepEqual(task.json.annotations[0].result[0].value, {
        start,
        end: start + 3,
        text: 'Ann',
        labels: ['PER'],
      });
      const labels = await sut.data(
        `query($id: ID!) { project(where: {id: $id}) { labels(first: 1) { label } } }`,
        { id: p.json.graphql_id },
      );
      const entity = JSON.parse(labels.project.labels[0].label).objects[0];
      assert.deepEqual(entity.data.location, { start: text.indexOf('A'), end: text.indexOf('A') + 2 });
    });

    it('deletes projects', async () => {
      assert.equal((await call('DELETE', `/api/projects/${projectId}/`)).status, 204);
      assert.equal((await call('GET', `/api/projects/${projectId}`)).status, 404);
    });
  });
}
