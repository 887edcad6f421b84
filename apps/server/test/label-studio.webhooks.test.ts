import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { lsCall } from './label-studio.client.ts';

/**
 * Label Studio webhooks over the one webhook service: `/api/webhooks/` CRUD and `/info/` in Label Studio's shapes,
 * its actions and payloads delivered from the job queue to a real receiver, with its custom headers and our
 * signature, `send_payload: false`, organization-only actions, and the Labelbox face unaffected.
 */
const CONFIG = `<View><Image name="image" value="$image"/>
<RectangleLabels name="label" toName="image"><Label value="Cat"/></RectangleLabels></View>`;
const BOX = {
  from_name: 'label',
  to_name: 'image',
  type: 'rectanglelabels',
  original_width: 100,
  original_height: 100,
  value: { x: 1, y: 2, width: 3, height: 4, rotation: 0, rectanglelabels: ['Cat'] },
};
type Received = { path: string; headers: http.IncomingHttpHeaders; raw: string; body: any };

for (const dialect of dialects) {
  describe(`Label Studio webhooks (${dialect})`, () => {
    let sut: TestServer;
    let receiver: http.Server;
    let hookUrl: string;
    const received: Received[] = [];
    const call = (method: string, p: string, body?: unknown) => lsCall(sut, method, p, body);
    /** Waits until `count` deliveries matching `pick` have arrived. */
    const waitFor = async (pick: (r: Received) => boolean, count = 1): Promise<Received[]> => {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const hits = received.filter(pick);
        if (hits.length >= count) return hits;
        if (Date.now() > deadline)
          throw new Error(
            `only ${hits.length} deliveries: ${JSON.stringify(received.map((r) => [r.path, r.body.action]))}`,
          );
        await new Promise((r) => setTimeout(r, 50));
      }
    };

    before(async () => {
      sut = await startTestServer({ dialect, config: { allowPrivateUrls: true } });
      receiver = http.createServer((req, res) => {
        let raw = '';
        req.on('data', (c) => (raw += c));
        req.on('end', () => {
          received.push({ path: req.url!, headers: req.headers, raw, body: JSON.parse(raw) });
          res.end('ok');
        });
      });
      await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
      hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    });
    after(async () => {
      receiver.close();
      await sut.close();
    });

    it('lists actions in /api/webhooks/info/, organization-only ones flagged and filterable', async () => {
      const all = (await call('GET', '/api/webhooks/info/')).json;
      assert.deepEqual(all.ANNOTATION_CREATED, {
        name: 'Annotation created',
        description: '',
        key: 'annotation',
        'organization-only': false,
      });
      assert.equal(all.PROJECT_CREATED['organization-only'], true);
      const projectLevel = (await call('GET', '/api/webhooks/info?organization-only=false')).json;
      assert.equal(projectLevel.PROJECT_CREATED, undefined);
      assert.ok(projectLevel.TASKS_CREATED);
    });

    it('creates, lists, gets, updates and deletes webhooks in Label Studio shapes, refusing bad fields', async () => {
      const project = (await call('POST', '/api/projects/', { title: 'Hooks', label_config: CONFIG })).json
        .id;
      const created = await call('POST', '/api/webhooks/', {
        url: `${hookUrl}/crud`,
        project,
        send_for_all_actions: false,
        actions: ['ANNOTATION_CREATED', 'TASKS_CREATED'],
        headers: { 'X-Key': 'v1' },
      });
      assert.equal(created.status, 201, JSON.stringify(created.json));
      const w = created.json;
      assert.equal(typeof w.id, 'number');
      assert.equal(w.project, project);
      assert.equal(typeof w.organization, 'number');
      assert.deepEqual(w.actions, ['ANNOTATION_CREATED', 'TASKS_CREATED']);
      assert.deepEqual(w.headers, { 'X-Key': 'v1' });
      assert.equal(w.is_active, true);
      assert.equal(w.send_payload, true);
      assert.equal(typeof w.secret, 'string');
      const listed = (await call('GET', `/api/webhooks/?project=${project}`)).json;
      assert.deepEqual(
        listed.map((x: any) => x.id),
        [w.id],
      );
      const patched = await call('PATCH', `/api/webhooks/${w.id}/`, {
        is_active: false,
        actions: ['TASKS_DELETED'],
      });
      assert.equal(patched.json.is_active, false);
      assert.deepEqual(patched.json.actions, ['TASKS_DELETED']);
      assert.equal((await call('GET', `/api/webhooks/${w.id}`)).json.is_active, false);
      // The Labelbox face still lists webhooks with Labelbox topics only.
      const gql = await sut.gql('{ organization { webhooks { id topics status } } }');
      assert.equal(gql.body.errors, undefined, JSON.stringify(gql.body.errors));
      assert.deepEqual(gql.body.data.organization.webhooks[0].topics, []);
      assert.equal((await call('DELETE', `/api/webhooks/${w.id}/`)).status, 204);
      assert.equal((await call('GET', `/api/webhooks/${w.id}/`)).status, 404);
      assert.deepEqual((await call('GET', `/api/webhooks/?project=${project}`)).json, []);

      const bad: [unknown, string][] = [
        [{}, 'url'],
        [{ url: 'ftp://x/y' }, 'url'],
        [{ url: `${hookUrl}/x`, actions: ['NOPE'], send_for_all_actions: false }, 'actions'],
        [
          { url: `${hookUrl}/x`, project, actions: ['PROJECT_CREATED'], send_for_all_actions: false },
          'actions',
        ],
        [{ url: `${hookUrl}/x`, headers: { 'bad key': 'v' } }, 'headers'],
        [
          {
            url: `${hookUrl}/x`,
            headers: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`h${i}`, 'v'])),
          },
          'headers',
        ],
        [{ url: `${hookUrl}/x`, headers: { 'X-A': 'a\r\nX-Injected: 1' } }, 'headers'],
        [{ url: `${hookUrl}/x`, project: 999999 }, 'project'],
        [{ url: `${hookUrl}/x`, send_payload: 'yes' }, 'send_payload'],
      ];
      for (const [body, field] of bad) {
        const res = await call('POST', '/api/webhooks/', body);
        assert.equal(res.status, 400, JSON.stringify(body));
        assert.deepEqual(Object.keys(res.json.validation_errors), [field], JSON.stringify(res.json));
      }
    });

    it('delivers project, task and annotation actions with Label Studio payloads, headers and a signature', async () => {
      const org = await call('POST', '/api/webhooks/', {
        url: `${hookUrl}/org`,
        headers: { 'X-Token': 'abc' },
      });
      assert.equal(org.status, 201);
      const quiet = await call('POST', '/api/webhooks/', {
        url: `${hookUrl}/quiet`,
        send_payload: false,
        send_for_all_actions: false,
        actions: ['PROJECT_CREATED'],
      });
      assert.equal(quiet.status, 201);
      const project = (await call('POST', '/api/projects/', { title: 'Events', label_config: CONFIG })).json
        .id;
      const [created] = await waitFor(
        (r) => r.path === '/org' && r.body.action === 'PROJECT_CREATED' && r.body.project.id === project,
      );
      assert.equal(created!.headers['x-token'], 'abc');
      assert.equal(
        created!.headers['x-hub-signature-256'],
        `sha256=${createHmac('sha256', org.json.secret).update(created!.raw).digest('hex')}`,
      );
      assert.equal(created!.body.project.title, 'Events');
      const [bare] = await waitFor((r) => r.path === '/quiet');
      assert.deepEqual(bare!.body, { action: 'PROJECT_CREATED' });

      const imported = await call('POST', `/api/projects/${project}/import?return_task_ids=true`, [
        { data: { image: 'https://example.com/1.jpg' } },
        { data: { image: 'https://example.com/2.jpg' } },
      ]);
      const [tasksCreated] = await waitFor((r) => r.path === '/org' && r.body.action === 'TASKS_CREATED');
      assert.deepEqual(
        tasksCreated!.body.tasks.map((t: any) => t.id),
        imported.json.task_ids,
      );
      assert.equal(tasksCreated!.body.tasks[0].data.image, 'https://example.com/1.jpg');
      assert.equal(tasksCreated!.body.project.id, project);
      // A retried import creates nothing and sends nothing.
      await call('POST', `/api/projects/${project}/import?return_task_ids=true`, [
        { data: { image: 'https://example.com/1.jpg' } },
        { data: { image: 'https://example.com/2.jpg' } },
      ]);

      const taskId = imported.json.task_ids[0];
      const annotation = (await call('POST', `/api/tasks/${taskId}/annotations/`, { result: [BOX] })).json;
      const [annCreated] = await waitFor((r) => r.path === '/org' && r.body.action === 'ANNOTATION_CREATED');
      assert.equal(annCreated!.body.annotation.id, annotation.id);
      assert.deepEqual(annCreated!.body.annotation.result[0].value, BOX.value);
      assert.equal(annCreated!.body.task.id, taskId);
      assert.equal(annCreated!.body.project.id, project);
      await call('PATCH', `/api/annotations/${annotation.id}/`, { lead_time: 2 });
      const [updated] = await waitFor((r) => r.path === '/org' && r.body.action === 'ANNOTATION_UPDATED');
      assert.equal(updated!.body.annotation.lead_time, 2);
      await call('DELETE', `/api/annotations/${annotation.id}/`);
      const [annDeleted] = await waitFor((r) => r.path === '/org' && r.body.action === 'ANNOTATIONS_DELETED');
      assert.deepEqual(annDeleted!.body.annotations, [{ id: annotation.id }]);
      await call('DELETE', `/api/tasks/${taskId}/`);
      const [taskDeleted] = await waitFor((r) => r.path === '/org' && r.body.action === 'TASKS_DELETED');
      assert.deepEqual(taskDeleted!.body.tasks, [{ id: taskId }]);
      await call('PATCH', `/api/projects/${project}/`, { title: 'Renamed' });
      const [projUpdated] = await waitFor((r) => r.path === '/org' && r.body.action === 'PROJECT_UPDATED');
      assert.equal(projUpdated!.body.project.title, 'Renamed');
      await call('DELETE', `/api/projects/${project}/`);
      const [projDeleted] = await waitFor((r) => r.path === '/org' && r.body.action === 'PROJECT_DELETED');
      assert.deepEqual(projDeleted!.body.project, { id: project });
      assert.equal(received.filter((r) => r.path === '/org' && r.body.action === 'TASKS_CREATED').length, 1);
    });

    it('crosses faces: Labelbox webhooks hear LS annotations, LS webhooks hear GraphQL label deletions', async () => {
      const project = (await call('POST', '/api/projects/', { title: 'Cross', label_config: CONFIG })).json;
      const lsHook = await call('POST', '/api/webhooks/', {
        url: `${hookUrl}/cross-ls`,
        project: project.id,
        send_for_all_actions: false,
        actions: ['ANNOTATIONS_DELETED', 'ANNOTATION_CREATED'],
      });
      assert.equal(lsHook.status, 201);
      const created = await sut.gql(
        `mutation($data: WebhookCreateInput!) { createWebhook(data: $data) { id } }`,
        {
          data: {
            project: { id: project.graphql_id },
            topics: { set: ['LABEL_CREATED'] },
            url: `${hookUrl}/cross-lb`,
            secret: 'shh',
          },
        },
      );
      assert.equal(created.body.errors, undefined, JSON.stringify(created.body.errors));
      const imported = await call('POST', `/api/projects/${project.id}/import?return_task_ids=true`, [
        { data: { image: 'https://example.com/x.jpg' } },
      ]);
      const annotation = (
        await call('POST', `/api/tasks/${imported.json.task_ids[0]}/annotations/`, { result: [BOX] })
      ).json;
      // Labelbox deliveries wait for the worker (none runs in tests): run what is queued.
      await sut.ctx.jobs.drain();
      const [lb] = await waitFor((r) => r.path === '/cross-lb');
      assert.equal(lb!.headers['x-labelbox-event'], 'LABEL_CREATED');
      assert.equal(lb!.body.labelId, annotation.graphql_id);
      const [ls] = await waitFor((r) => r.path === '/cross-ls' && r.body.action === 'ANNOTATION_CREATED');
      assert.equal(ls!.body.annotation.id, annotation.id);
      // Deleted through the GraphQL face: Label Studio's ANNOTATIONS_DELETED with the same integer id.
      const deleted = await sut.gql('mutation($ids: [ID!]!) { deleteLabels(labelIds: $ids) { id } }', {
        ids: [annotation.graphql_id],
      });
      assert.equal(deleted.body.errors, undefined, JSON.stringify(deleted.body.errors));
      const [gone] = await waitFor((r) => r.path === '/cross-ls' && r.body.action === 'ANNOTATIONS_DELETED');
      assert.deepEqual(gone!.body.annotations, [{ id: annotation.id }]);
      assert.equal(gone!.body.project.id, project.id);
      assert.equal(received.filter((r) => r.path === '/cross-ls').length, 2);
    });
  });
}
