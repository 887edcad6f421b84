import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { CAT_BOX_CONFIG, catBox, lsCall } from './label-studio.client.ts';

/**
 * `POST /api/annotations/bulk/` and `/api/annotations/bulk-delete/` as SDK 2.x `annotations.create_bulk()` and
 * `delete_bulk()` send them (bodies as label_studio_sdk 2.1.3 builds them, unset fields left out).
 */
for (const dialect of dialects) {
  describe(`Label Studio bulk annotations (${dialect})`, () => {
    let sut: TestServer;
    const call = (method: string, p: string, body?: unknown) => lsCall(sut, method, p, body);
    const setup = async (n: number) => {
      const project = (await call('POST', '/api/projects/', { title: 'Bulk', label_config: CAT_BOX_CONFIG }))
        .json.id as number;
      const tasks = (
        await call(
          'POST',
          `/api/projects/${project}/import?return_task_ids=true`,
          Array.from({ length: n }, (_, i) => ({ data: { image: `https://example.com/${i}.jpg` } })),
        )
      ).json.task_ids as number[];
      return { project, tasks };
    };
    const annotationsOf = async (task: number) =>
      (await call('GET', `/api/tasks/${task}/annotations/`)).json as Array<{
        id: number;
        result: Array<{ value: { x: number } }>;
        was_cancelled: boolean;
      }>;
    before(async () => {
      sut = await startTestServer({ dialect });
    });
    after(async () => sut.close());

    it('puts the same result on the listed tasks, in task order, and a retry creates nothing twice', async () => {
      const { project, tasks } = await setup(3);
      const body = { project, tasks: [tasks[2], tasks[0]], result: [catBox(40)], lead_time: 2.5 };
      const res = await call('POST', '/api/annotations/bulk/', body);
      assert.equal(res.status, 201, JSON.stringify(res.json));
      assert.equal(res.json.length, 2);
      const [first, third] = [await annotationsOf(tasks[0]!), await annotationsOf(tasks[2]!)];
      assert.deepEqual(
        res.json.map((a: { id: number }) => a.id),
        [first[0]!.id, third[0]!.id],
        'in task id order',
      );
      assert.equal(first[0]!.result[0]!.value.x, 40);
      assert.equal((await annotationsOf(tasks[1]!)).length, 0);
      const one = (await call('GET', `/api/annotations/${first[0]!.id}/`)).json;
      assert.equal(one.lead_time, 2.5);
      assert.equal(one.was_cancelled, false);
      // The SDK re-POSTs on a 5xx: the same request answers the same ids and adds nothing.
      const again = await call('POST', '/api/annotations/bulk', body);
      assert.equal(again.status, 201);
      assert.deepEqual(again.json, res.json);
      assert.equal((await annotationsOf(tasks[0]!)).length, 1);
      assert.equal((await call('GET', `/api/projects/${project}/`)).json.total_annotations_number, 2);
    });

    it('annotates selected_items (all but the excluded) of its project only, skipped ones too', async () => {
      const { project, tasks } = await setup(4);
      const other = await setup(1);
      const res = await call('POST', '/api/annotations/bulk/', {
        project,
        selected_items: { all: true, excluded: [tasks[1]] },
        result: [],
        was_cancelled: true,
      });
      assert.equal(res.status, 201, JSON.stringify(res.json));
      assert.equal(res.json.length, 3);
      for (const [i, task] of tasks.entries()) {
        const list = await annotationsOf(task);
        assert.equal(list.length, i === 1 ? 0 : 1, `task ${i}`);
        if (i !== 1) assert.equal(list[0]!.was_cancelled, true);
      }
      assert.equal((await annotationsOf(other.tasks[0]!)).length, 0);
      const counts = (await call('GET', `/api/projects/${project}/`)).json;
      assert.equal(counts.skipped_annotations_number, 3);
      assert.equal(counts.finished_task_number, 0);
      // Included ids of another project are not annotated.
      const some = await call('POST', '/api/annotations/bulk/', {
        project,
        selected_items: { all: false, included: [tasks[1], other.tasks[0]] },
        result: [catBox(5)],
      });
      assert.equal(some.json.length, 1);
      assert.equal((await annotationsOf(tasks[1]!)).length, 1);
      assert.equal((await annotationsOf(other.tasks[0]!)).length, 0);
    });

    it('refuses bad input with the field named, writing nothing', async () => {
      const { project, tasks } = await setup(2);
      for (const [body, field] of [
        [{ tasks, result: [catBox(1)] }, 'project'],
        [{ project, result: [catBox(1)] }, 'tasks'],
        [{ project, tasks: ['x'], result: [] }, 'tasks.0'],
        [{ project, selected_items: { all: 'yes' }, result: [] }, 'selected_items.all'],
        [{ project, tasks, result: {} }, 'result'],
        [{ project, tasks, result: [{ ...catBox(1), from_name: 'nope' }] }, 'result'],
      ] as const) {
        const res = await call('POST', '/api/annotations/bulk/', body);
        assert.equal(res.status, 400, JSON.stringify(body));
        assert.ok(
          Object.keys(res.json.validation_errors).some((k) => k.startsWith(field)),
          `${field}: ${JSON.stringify(res.json)}`,
        );
      }
      for (const task of tasks) assert.equal((await annotationsOf(task)).length, 0);
      // Tasks × result items is bounded before any result is read: 60 tasks × 20,000 items is over 1,000,000.
      const many = await setup(60);
      const huge = await call('POST', '/api/annotations/bulk/', {
        project: many.project,
        selected_items: { all: true, excluded: [] },
        result: Array.from({ length: 20_000 }, () => ({ from_name: 'x' })),
      });
      assert.equal(huge.status, 400);
      assert.match(huge.json.validation_errors.selected_items[0], /At most 50 tasks per request/);
      assert.equal(
        (await call('POST', '/api/annotations/bulk/', { project: 99999, tasks, result: [] })).status,
        404,
      );
    });

    it("deletes up to 100 of the project's annotations and counts them", async () => {
      const { project, tasks } = await setup(3);
      const other = await setup(1);
      const made = (await call('POST', '/api/annotations/bulk/', { project, tasks, result: [catBox(1)] }))
        .json as Array<{ id: number }>;
      const foreign = (
        await call('POST', '/api/annotations/bulk/', {
          project: other.project,
          tasks: other.tasks,
          result: [],
        })
      ).json as Array<{ id: number }>;
      const res = await call('POST', '/api/annotations/bulk-delete/', {
        ids: [made[0]!.id, made[2]!.id, foreign[0]!.id, 987654],
        project,
      });
      assert.equal(res.status, 200, JSON.stringify(res.json));
      assert.deepEqual(res.json, { deleted_count: 2 });
      assert.equal((await annotationsOf(tasks[0]!)).length, 0);
      assert.equal((await annotationsOf(tasks[1]!)).length, 1);
      assert.equal((await annotationsOf(other.tasks[0]!)).length, 1, "another project's annotation stays");
      assert.equal((await call('GET', `/api/annotations/${made[0]!.id}/`)).status, 404);
      const tooMany = await call('POST', '/api/annotations/bulk-delete/', {
        ids: Array.from({ length: 101 }, (_, i) => i + 1),
        project,
      });
      assert.equal(tooMany.status, 400);
      assert.ok(tooMany.json.validation_errors.ids);
      assert.ok(
        (await call('POST', '/api/annotations/bulk-delete/', { project })).json.validation_errors.ids,
      );
    });
  });
}
