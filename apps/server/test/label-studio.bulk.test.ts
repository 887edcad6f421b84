import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { CAT_BOX_CONFIG, catBox, lsCall } from './label-studio.client.ts';

/** `POST /api/projects/{id}/import/predictions` (atomic, tasks of the project only) and deleting all tasks. */
const CONFIG = CAT_BOX_CONFIG;
const box = catBox;

for (const dialect of dialects) {
  describe(`Label Studio bulk predictions and task deletion (${dialect})`, () => {
    let sut: TestServer;
    const call = (method: string, p: string, body?: unknown) => lsCall(sut, method, p, body);
    const setup = async () => {
      const project = (await call('POST', '/api/projects/', { title: 'Bulk', label_config: CONFIG })).json.id;
      const tasks = (
        await call('POST', `/api/projects/${project}/import?return_task_ids=true`, [
          { data: { image: 'https://example.com/1.jpg' } },
          { data: { image: 'https://example.com/2.jpg' } },
          { data: { image: 'https://example.com/3.jpg' } },
        ])
      ).json.task_ids as number[];
      return { project: project as number, tasks };
    };
    before(async () => {
      sut = await startTestServer({ dialect });
    });
    after(async () => sut.close());

    it('imports predictions for tasks of the project in one transaction', async () => {
      const { project, tasks } = await setup();
      const other = await setup();
      const ok = await call('POST', `/api/projects/${project}/import/predictions`, [
        { task: tasks[0], result: [box(5)], score: 0.9, model_version: 'v1' },
        { task: tasks[1], result: [box(50)], model_version: 'v1' },
      ]);
      assert.equal(ok.status, 201, JSON.stringify(ok.json));
      assert.deepEqual(ok.json, { created: 2 });
      const preds = (await call('GET', `/api/predictions/?task=${tasks[0]}`)).json;
      assert.equal(preds.length, 1);
      assert.equal(preds[0].score, 0.9);
      assert.equal(preds[0].model_version, 'v1');
      assert.deepEqual(preds[0].result[0].value, box(5).value);
      // One bad item (a task of another project, a bad result, a bad score) writes nothing.
      for (const [body, field] of [
        [
          [
            { task: tasks[2], result: [box(1)] },
            { task: other.tasks[0], result: [box(1)] },
          ],
          'task',
        ],
        [
          [
            { task: tasks[2], result: [box(1)] },
            { task: tasks[2], result: 'x' },
          ],
          '1.result',
        ],
        [[{ task: tasks[2], result: [], score: 'high' }], '0.score'],
        [[{ task: 'x', result: [] }], '0.task'],
        [{ task: tasks[2] }, 'non_field_errors'],
      ] as const) {
        const res = await call('POST', `/api/projects/${project}/import/predictions`, body);
        assert.equal(res.status, 400, JSON.stringify(body));
        assert.ok(
          Object.keys(res.json.validation_errors).some((k) => k.startsWith(field)),
          JSON.stringify(res.json.validation_errors),
        );
      }
      assert.deepEqual((await call('GET', `/api/predictions/?task=${tasks[2]}`)).json, []);
      assert.equal((await call('GET', `/api/predictions/?project=${project}`)).json.length, 2);
    });

    it('deletes every task of a project and leaves other projects alone', async () => {
      const { project, tasks } = await setup();
      const other = await setup();
      await call('POST', `/api/tasks/${tasks[0]}/annotations/`, { result: [box(5)] });
      assert.equal((await call('DELETE', `/api/projects/${project}/tasks/`)).status, 204);
      const left = await call('GET', `/api/tasks/?project=${project}`);
      assert.equal(left.json.total, 0);
      assert.deepEqual(left.json.tasks, []);
      assert.equal((await call('GET', `/api/tasks/${tasks[1]}/`)).status, 404);
      assert.equal((await call('GET', `/api/tasks/?project=${other.project}`)).json.total, 3);
      const projectJson = (await call('GET', `/api/projects/${project}/`)).json;
      assert.equal(projectJson.task_number, 0);
    });
  });
}
