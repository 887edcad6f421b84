import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { CAT_BOX_CONFIG, catBox, lsCall } from './label-studio.client.ts';

/**
 * `/api/dm/actions` as the Label Studio SDKs call it: the legacy `Project.delete_tasks(ids)`,
 * `delete_all_tasks(excluded_ids)`, `create_annotations_from_predictions(model_versions)` and SDK 2.x
 * `actions.create(id=, project=, selected_items=)` (request shapes copied from label_studio_sdk 2.1.3).
 */
const CONFIG = CAT_BOX_CONFIG;
const box = catBox;

for (const dialect of dialects) {
  describe(`Label Studio Data Manager actions (${dialect})`, () => {
    let sut: TestServer;
    const call = (method: string, p: string, body?: unknown) => lsCall(sut, method, p, body);
    const setup = async (n = 4) => {
      const project = (await call('POST', '/api/projects/', { title: 'Actions', label_config: CONFIG })).json
        .id as number;
      const tasks = (
        await call(
          'POST',
          `/api/projects/${project}/import?return_task_ids=true`,
          Array.from({ length: n }, (_, i) => ({
            data: { image: `https://example.com/${i}.jpg` },
            predictions: [{ model_version: i % 2 ? 'odd' : 'even', result: [box(i)] }],
          })),
        )
      ).json.task_ids as number[];
      return { project, tasks };
    };
    const taskIds = async (project: number) =>
      ((await call('GET', `/api/projects/${project}/tasks?page_size=-1`)).json as Array<{ id: number }>).map(
        (t) => t.id,
      );
    before(async () => {
      sut = await startTestServer({ dialect });
    });
    after(async () => sut.close());

    it('lists the actions served', async () => {
      const { project } = await setup(1);
      const res = await call('GET', `/api/dm/actions/?project=${project}`);
      assert.equal(res.status, 200);
      assert.deepEqual(
        res.json.map((a: { id: string }) => a.id),
        [
          'predictions_to_annotations',
          'delete_tasks',
          'delete_tasks_annotations',
          'delete_tasks_predictions',
        ],
      );
    });

    it('deletes the selected tasks (legacy delete_tasks) and all but the excluded (delete_all_tasks)', async () => {
      const { project, tasks } = await setup(5);
      const other = await setup(1);
      // Project.delete_tasks([a, b]): ids of another project are ignored, as in Label Studio.
      const res = await call('POST', `/api/dm/actions?project=${project}&id=delete_tasks`, {
        selectedItems: { all: false, included: [tasks[0], tasks[1], other.tasks[0]] },
        project,
      });
      assert.equal(res.status, 200, JSON.stringify(res.json));
      assert.equal(res.json.processed_items, 2);
      assert.deepEqual(await taskIds(project), tasks.slice(2));
      assert.deepEqual(await taskIds(other.project), other.tasks);
      // Project.delete_all_tasks(excluded_ids=[c]).
      const all = await call('POST', `/api/dm/actions?project=${project}&id=delete_tasks`, {
        selectedItems: { all: true, excluded: [tasks[3]] },
        project,
      });
      assert.equal(all.json.processed_items, 2);
      assert.deepEqual(await taskIds(project), [tasks[3]]);
      assert.equal((await call('GET', `/api/tasks/${tasks[2]}`)).status, 404);
    });

    it('turns predictions into annotations by model version, once (legacy create_annotations_from_predictions)', async () => {
      const { project, tasks } = await setup(4);
      const body = {
        filters: { conjunction: 'and', items: [] },
        model_version: ['odd'],
        ordering: [],
        project,
        selectedItems: { all: true, excluded: [] },
      };
      const res = await call(
        'POST',
        `/api/dm/actions?id=predictions_to_annotations&project=${project}`,
        body,
      );
      assert.equal(res.status, 200, JSON.stringify(res.json));
      assert.deepEqual(res.json, { response_code: 200, detail: 'Created 2 annotations' });
      const anns = (await call('GET', `/api/tasks/${tasks[1]}/annotations/`)).json;
      assert.equal(anns.length, 1);
      assert.deepEqual(anns[0].result[0].value, box(1).value);
      // Each annotation names the prediction it was made from.
      const prediction = (await call('GET', `/api/tasks/${tasks[1]}`)).json.predictions[0].id as number;
      assert.equal(anns[0].parent_prediction, prediction);
      assert.equal((await call('GET', `/api/tasks/${tasks[0]}/annotations/`)).json.length, 0);
      // A retried request creates nothing twice; all versions (null) converts the rest.
      const again = await call(
        'POST',
        `/api/dm/actions?id=predictions_to_annotations&project=${project}`,
        body,
      );
      assert.equal(again.json.detail, 'Created 0 annotations');
      const rest = await call('POST', `/api/dm/actions?id=predictions_to_annotations&project=${project}`, {
        ...body,
        model_version: null,
      });
      assert.equal(rest.json.detail, 'Created 2 annotations');
      const exported = (await call('GET', `/api/projects/${project}/export?exportType=JSON`)).json;
      assert.equal(exported.length, 4);
    });

    it("keeps an annotation's parent_prediction when it is one of the task's predictions", async () => {
      const { tasks } = await setup(2);
      const mine = (await call('GET', `/api/tasks/${tasks[0]}`)).json.predictions[0].id as number;
      const theirs = (await call('GET', `/api/tasks/${tasks[1]}`)).json.predictions[0].id as number;
      const made = await call('POST', `/api/tasks/${tasks[0]}/annotations/`, {
        result: [box(1)],
        parent_prediction: mine,
      });
      assert.equal(made.status, 201, JSON.stringify(made.json));
      assert.equal(made.json.parent_prediction, mine);
      assert.equal((await call('GET', `/api/annotations/${made.json.id}/`)).json.parent_prediction, mine);
      const wrong = await call('POST', `/api/tasks/${tasks[0]}/annotations/`, {
        result: [box(1)],
        parent_prediction: theirs,
      });
      assert.equal(wrong.status, 400);
      assert.deepEqual(Object.keys(wrong.json.validation_errors), ['parent_prediction']);
      const plain = await call('POST', `/api/tasks/${tasks[0]}/annotations/`, { result: [box(2)] });
      assert.equal(plain.json.parent_prediction, null);
      assert.equal((await call('GET', `/api/tasks/${tasks[0]}/annotations/`)).json.length, 2);
    });

    it('deletes the annotations and predictions of the selected tasks (SDK 2.x actions.create)', async () => {
      const { project, tasks } = await setup(3);
      await call('POST', `/api/tasks/${tasks[0]}/annotations/`, { result: [box(9)] });
      await call('POST', `/api/tasks/${tasks[1]}/annotations/`, { result: [box(8)] });
      // SDK 2.x sends filters/ordering null when not given, and the selection as selectedItems.
      const anns = await call('POST', `/api/dm/actions/?id=delete_tasks_annotations&project=${project}`, {
        filters: null,
        ordering: null,
        selectedItems: { all: false, included: [tasks[0]] },
      });
      assert.equal(anns.status, 200, JSON.stringify(anns.json));
      assert.equal(anns.json.processed_items, 1);
      assert.equal((await call('GET', `/api/tasks/${tasks[0]}/annotations/`)).json.length, 0);
      assert.equal((await call('GET', `/api/tasks/${tasks[1]}/annotations/`)).json.length, 1);
      const preds = await call('POST', `/api/dm/actions/?id=delete_tasks_predictions&project=${project}`, {
        selectedItems: { all: true, excluded: [tasks[2]] },
      });
      assert.equal(preds.json.processed_items, 2);
      assert.equal((await call('GET', `/api/predictions/?task=${tasks[0]}`)).json.length, 0);
      assert.equal((await call('GET', `/api/predictions/?task=${tasks[2]}`)).json.length, 1);
    });

    it('refuses unknown actions, bad filters and views and a missing selection, naming the field', async () => {
      const { project, tasks } = await setup(2);
      for (const [query, body, field] of [
        [`id=remove_duplicates&project=${project}`, { selectedItems: { all: true } }, 'id'],
        [`id=delete_tasks&project=${project}`, {}, 'selectedItems'],
        [`id=delete_tasks&project=${project}`, { selectedItems: { all: 'yes' } }, 'selectedItems.all'],
        [
          `id=delete_tasks&project=${project}`,
          { selectedItems: { all: false, included: ['x'] } },
          'selectedItems.included.0',
        ],
        [
          `id=delete_tasks&project=${project}`,
          {
            selectedItems: { all: true, excluded: [] },
            filters: {
              conjunction: 'and',
              items: [{ filter: 'filter:tasks:nothing', operator: 'equal', type: 'Number', value: 1 }],
            },
          },
          'filters.items.0.filter',
        ],
        [`id=delete_tasks&project=${project}&view=x`, { selectedItems: { all: true } }, 'view'],
        [`id=delete_tasks`, { selectedItems: { all: true } }, 'project'],
      ] as const) {
        const res = await call('POST', `/api/dm/actions?${query}`, body);
        assert.equal(res.status, 400, `${query} ${JSON.stringify(body)} → ${res.status}`);
        assert.deepEqual(Object.keys(res.json.validation_errors), [field]);
      }
      assert.deepEqual(await taskIds(project), tasks);
      const missing = await call('POST', `/api/dm/actions?id=delete_tasks&project=999999`, {
        selectedItems: { all: true },
      });
      assert.equal(missing.status, 404);
    });
  });
}
