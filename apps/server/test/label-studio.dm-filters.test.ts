import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { catBox, lsCall } from './label-studio.client.ts';

/**
 * Data Manager filters, ordering and selections on `GET /api/tasks/`, views (`/api/dm/views/`) and actions, in the
 * request shapes of label_studio_sdk 2.1.3: the legacy `Project.get_tasks(filters=, ordering=, view_id=,
 * selected_ids=, only_ids=)` (`query={"filters", "ordering", "selectedItems"}`, `fields=all`, `include=id`),
 * `get_labeled_tasks()` / `get_unlabeled_tasks()`, `create_view` / `delete_view`, and SDK 2.x `tasks.list(query=)`,
 * `views.create(project=, data=)`.
 */
const CONFIG = `<View><Image name="image" value="$image"/><Text name="category" value="$category"/>
<RectangleLabels name="label" toName="image"><Label value="Cat"/></RectangleLabels></View>`;
const box = catBox;
type Item = { filter: string; operator: string; type: string; value: unknown };
const item = (filter: string, operator: string, type: string, value: unknown): Item => ({
  filter: `filter:tasks:${filter}`,
  operator,
  type,
  value,
});

for (const dialect of dialects) {
  describe(`Label Studio Data Manager filters and views (${dialect})`, () => {
    let sut: TestServer;
    let project: number;
    let other: number;
    let t: number[];
    let me: number;
    const call = (method: string, p: string, body?: unknown) => lsCall(sut, method, p, body);
    /** The legacy `get_tasks` request: `query` with filters, ordering and selectedItems, `fields=all`. */
    const legacyList = async (
      filters: { conjunction: string; items: Item[] } | null,
      options: {
        ordering?: string[];
        selected?: number[];
        view?: number;
        onlyIds?: boolean;
        p?: number;
      } = {},
    ) => {
      const query = {
        filters,
        ordering: options.ordering ?? [],
        selectedItems: options.selected
          ? { all: false, included: options.selected }
          : { all: true, excluded: [] },
      };
      const params = new URLSearchParams({
        project: String(options.p ?? project),
        page: '1',
        page_size: '100',
        query: JSON.stringify(query),
        fields: 'all',
        resolve_uri: 'True',
      });
      if (options.view !== undefined) params.set('view', String(options.view));
      if (options.onlyIds) params.set('include', 'id');
      return call('GET', `/api/tasks?${params.toString()}`);
    };
    const ids = (res: { json: { tasks: Array<{ id: number }> } }) => res.json.tasks.map((x) => x.id);
    const and = (...items: Item[]) => ({ conjunction: 'and', items });
    const or = (...items: Item[]) => ({ conjunction: 'or', items });
    const only = async (filters: ReturnType<typeof and>) => {
      const res = await legacyList(filters);
      assert.equal(res.status, 200, JSON.stringify(res.json));
      return ids(res);
    };

    before(async () => {
      sut = await startTestServer({ dialect });
      me = (await call('GET', '/api/current-user/whoami')).json.id;
      project = (await call('POST', '/api/projects/', { title: 'Filters', label_config: CONFIG })).json.id;
      other = (await call('POST', '/api/projects/', { title: 'Other', label_config: CONFIG })).json.id;
      const categories = ['Apple', 'banana', 'Cherry pie', 'apple', '', 'x%_\\'];
      const tasks = categories.map((category, i) => ({
        data: {
          image: `https://example.com/${i}.jpg`,
          category,
          ...(i < 4 && { score: i * 0.25, flag: i % 2 === 0 }),
          'odd "key".x': i === 5 ? 'quoted' : 'plain',
          __proto__x: 'p',
        },
        ...(i >= 3 && {
          predictions: [{ model_version: i === 3 ? 'v1' : 'v2', score: i / 10, result: [box(i)] }],
        }),
      }));
      const res = await call('POST', `/api/projects/${project}/import?return_task_ids=true`, tasks);
      assert.equal(res.status, 201, JSON.stringify(res.json));
      t = res.json.task_ids;
      await call('POST', `/api/projects/${other}/import`, [
        { image: 'https://example.com/o.jpg', category: 'Apple' },
      ]);
      // Tasks 0 and 1 annotated (1 as ground truth), task 2 only skipped.
      for (const [i, extra] of [
        [0, {}],
        [1, { ground_truth: true }],
        [2, { was_cancelled: true }],
      ] as const) {
        const a = await call('POST', `/api/tasks/${t[i]}/annotations/`, { result: [box(i)], ...extra });
        assert.equal(a.status, 201, JSON.stringify(a.json));
      }
    });
    after(async () => sut.close());

    it('lists labeled and unlabeled tasks as the legacy get_labeled_tasks / get_unlabeled_tasks ask', async () => {
      const labeled = await legacyList(and(item('completed_at', 'empty', 'Datetime', false)));
      assert.equal(labeled.status, 200, JSON.stringify(labeled.json));
      assert.deepEqual(ids(labeled), [t[0], t[1]]);
      assert.equal(labeled.json.total, 2);
      assert.equal(labeled.json.total_annotations, 2);
      assert.equal(labeled.json.total_predictions, 0);
      assert.ok(labeled.json.tasks.every((x: { completed_at: string | null }) => x.completed_at !== null));
      assert.deepEqual(await only(and(item('completed_at', 'empty', 'Datetime', true))), t.slice(2));
      // get_tasks_ids: include=id answers ids only.
      const idsOnly = await legacyList(and(item('completed_at', 'empty', 'Datetime', false)), {
        onlyIds: true,
      });
      assert.deepEqual(idsOnly.json.tasks, [{ id: t[0] }, { id: t[1] }]);
      // No filter (filters: null, as get_tasks() sends): every task, with the project's totals.
      const all = await legacyList(null);
      assert.deepEqual(ids(all), t);
      assert.equal(all.json.total_annotations, 3);
      assert.equal(all.json.total_predictions, 3);
    });

    it('filters by counts, ids, times, annotators, ground truth and predictions', async () => {
      assert.deepEqual(await only(and(item('total_annotations', 'greater', 'Number', 0))), [t[0], t[1]]);
      assert.deepEqual(await only(and(item('cancelled_annotations', 'equal', 'Number', 1))), [t[2]]);
      assert.deepEqual(
        await only(and(item('total_predictions', 'greater_or_equal', 'Number', 1))),
        t.slice(3),
      );
      assert.deepEqual(await only(and(item('id', 'in', 'Number', { min: t[1], max: t[3] }))), t.slice(1, 4));
      assert.deepEqual(await only(and(item('id', 'not_in', 'Number', { min: t[1], max: t[4] }))), [
        t[0],
        t[5],
      ]);
      assert.deepEqual(await only(and(item('inner_id', 'less', 'Number', t[1]))), [t[0]]);
      assert.deepEqual(await only(and(item('annotators', 'contains', 'List', me))), t.slice(0, 3));
      assert.deepEqual(await only(and(item('annotators', 'not_contains', 'List', me))), t.slice(3));
      assert.deepEqual(await only(and(item('annotators', 'empty', 'List', true))), t.slice(3));
      assert.deepEqual(await only(and(item('ground_truth', 'equal', 'Boolean', true))), [t[1]]);
      assert.deepEqual(await only(and(item('predictions_model_versions', 'contains', 'List', 'v2'))), [
        t[4],
        t[5],
      ]);
      assert.deepEqual(await only(and(item('predictions_score', 'greater', 'Number', 0.35))), [t[4], t[5]]);
      const created = (await call('GET', `/api/tasks/${t[0]}`)).json.created_at as string;
      assert.deepEqual(
        await only(and(item('created_at', 'less', 'Datetime', '2000-01-01T00:00:00.000000Z'))),
        [],
      );
      assert.deepEqual(await only(and(item('created_at', 'greater_or_equal', 'Datetime', created))), t);
      assert.deepEqual(
        await only(
          and(item('completed_at', 'in', 'Datetime', { min: created, max: '2999-01-01T00:00:00.000000Z' })),
        ),
        [t[0], t[1]],
      );
      // Never set here: nothing has a file upload, every task's is empty.
      assert.deepEqual(await only(and(item('file_upload', 'empty', 'String', true))), t);
      assert.deepEqual(await only(and(item('file_upload', 'contains', 'String', 'a'))), []);
    });

    it('filters by task data as text, number and boolean, keys of any spelling', async () => {
      const data = (key: string) => `data.${key}`;
      assert.deepEqual(await only(and(item(data('category'), 'contains', 'String', 'APPLE'))), [t[0], t[3]]);
      assert.deepEqual(await only(and(item(data('category'), 'equal', 'String', 'apple'))), [t[3]]);
      assert.deepEqual(await only(and(item(data('category'), 'not_contains', 'String', 'an'))), [
        t[0],
        t[2],
        t[3],
        t[4],
        t[5],
      ]);
      // LIKE's wildcards in a value are matched as themselves.
      assert.deepEqual(await only(and(item(data('category'), 'contains', 'String', '%_\\'))), [t[5]]);
      assert.deepEqual(await only(and(item(data('category'), 'empty', 'String', true))), [t[4]]);
      assert.deepEqual(
        await only(and(item(data('category'), 'in_list', 'String', ['banana', 'apple', 'nothing']))),
        [t[1], t[3]],
      );
      assert.deepEqual(await only(and(item(data('score'), 'greater', 'Number', 0.3))), [t[2], t[3]]);
      // A task without the key is not equal to any value.
      assert.deepEqual(await only(and(item(data('score'), 'not_equal', 'Number', 0))), t.slice(1));
      assert.deepEqual(await only(and(item(data('score'), 'empty', 'Number', true))), [t[4], t[5]]);
      assert.deepEqual(await only(and(item(data('flag'), 'equal', 'Boolean', true))), [t[0], t[2]]);
      assert.deepEqual(await only(and(item(data('odd "key".x'), 'equal', 'String', 'quoted'))), [t[5]]);
      assert.deepEqual(await only(and(item(data('__proto__x'), 'equal', 'String', 'p'))), t);
      assert.deepEqual(await only(and(item(data('__proto__'), 'empty', 'String', true))), t);
      assert.deepEqual(await only(and(item(data('image'), 'contains', 'String', '/3.jpg'))), [t[3]]);
    });

    it('combines with or, orders, selects and pages like Label Studio', async () => {
      assert.deepEqual(
        await only(
          or(item('id', 'equal', 'Number', t[5]), item('data.category', 'equal', 'String', 'banana')),
        ),
        [t[1], t[5]],
      );
      assert.deepEqual(
        await only(
          and(item('id', 'greater', 'Number', t[0]), item('data.category', 'contains', 'String', 'apple')),
        ),
        [t[3]],
      );
      assert.deepEqual(ids(await legacyList(null, { ordering: ['-tasks:id'] })), [...t].reverse());
      assert.deepEqual(ids(await legacyList(null, { ordering: ['-total_predictions'] })), [
        t[3],
        t[4],
        t[5],
        t[0],
        t[1],
        t[2],
      ]);
      assert.deepEqual(ids(await legacyList(null, { ordering: ['tasks:data.score'] })), [
        t[0],
        t[1],
        t[2],
        t[3],
        t[4],
        t[5],
      ]);
      // get_tasks(selected_ids=[...]) and the list's selectedItems parameter.
      assert.deepEqual(ids(await legacyList(null, { selected: [t[4], t[1], 999_999] })), [t[1], t[4]]);
      const sel = await call(
        'GET',
        `/api/tasks?project=${project}&selectedItems=${encodeURIComponent(JSON.stringify({ all: true, excluded: [t[0]] }))}`,
      );
      assert.deepEqual(ids(sel), t.slice(1));
      // SDK 2.x tasks.list(project=, query=, page_size=): pages end with a 404.
      const q = encodeURIComponent(
        JSON.stringify({ filters: and(item('total_predictions', 'equal', 'Number', 0)), ordering: ['-id'] }),
      );
      const p1 = await call('GET', `/api/tasks/?fields=all&page=1&page_size=2&project=${project}&query=${q}`);
      assert.deepEqual(ids(p1), [t[2], t[1]]);
      assert.equal(p1.json.total, 3);
      const p2 = await call('GET', `/api/tasks/?fields=all&page=2&page_size=2&project=${project}&query=${q}`);
      assert.deepEqual(ids(p2), [t[0]]);
      assert.equal(
        (await call('GET', `/api/tasks/?page=3&page_size=2&project=${project}&query=${q}`)).status,
        404,
      );
      const annotated = await call('GET', `/api/tasks?project=${project}&only_annotated=true`);
      assert.deepEqual(ids(annotated), t.slice(0, 3));
    });

    it('saves views whose filters and ordering a task list applies (create_view, get_tasks(view_id=))', async () => {
      const made = await call('POST', '/api/dm/views', {
        project,
        data: {
          title: 'Apples',
          ordering: ['-tasks:id'],
          filters: and(item('data.category', 'contains', 'String', 'apple')),
        },
      });
      assert.equal(made.status, 201, JSON.stringify(made.json));
      assert.equal(made.json.project, project);
      assert.equal(made.json.user, me);
      assert.equal(made.json.data.title, 'Apples');
      const view = made.json.id as number;
      assert.deepEqual(ids(await legacyList(null, { view })), [t[3], t[0]]);
      assert.deepEqual(
        ((await call('GET', `/api/dm/views?project=${project}`)).json as Array<{ id: number }>).map(
          (v) => v.id,
        ),
        [view],
      );
      assert.equal((await call('GET', `/api/dm/views/${view}/`)).json.data.title, 'Apples');
      // Without a project: the organization's views.
      const everywhere = (await call('GET', '/api/dm/views')).json as Array<{ id: number; project: number }>;
      assert.ok(everywhere.some((v) => v.id === view && v.project === project));
      const patched = await call('PATCH', `/api/dm/views/${view}/`, {
        project,
        data: { title: 'Banana', filters: and(item('data.category', 'equal', 'String', 'banana')) },
      });
      assert.equal(patched.status, 200, JSON.stringify(patched.json));
      assert.deepEqual(ids(await legacyList(null, { view })), [t[1]]);
      // A view of one project does not list another's tasks.
      const wrong = await legacyList(null, { view, p: other });
      assert.equal(wrong.status, 400);
      assert.deepEqual(Object.keys(wrong.json.validation_errors), ['view']);
      const second = (await call('POST', '/api/dm/views/', { project, data: { title: 'Second' } })).json.id;
      assert.equal(
        (await call('POST', '/api/dm/views/order/', { project, ids: [second, view] })).status,
        200,
      );
      assert.deepEqual(
        ((await call('GET', `/api/dm/views/?project=${project}`)).json as Array<{ id: number }>).map(
          (v) => v.id,
        ),
        [second, view],
      );
      assert.equal((await call('DELETE', `/api/dm/views/${view}/`)).status, 204);
      assert.equal((await call('GET', `/api/dm/views/${view}/`)).status, 404);
      assert.equal((await call('DELETE', `/api/dm/views/reset/?project=${project}`)).status, 204);
      assert.deepEqual((await call('GET', `/api/dm/views/?project=${project}`)).json, []);
    });

    it('exports through a view as the legacy export(filters=) does: view, snapshot, download, delete the view', async () => {
      const view = (
        await call('POST', '/api/dm/views', {
          project,
          data: { title: 'Temp SDK export', filters: and(item('total_annotations', 'greater', 'Number', 0)) },
        })
      ).json.id as number;
      const made = await call('POST', `/api/projects/${project}/exports/`, {
        title: 'filtered',
        task_filter_options: { view },
      });
      assert.equal(made.status, 201, JSON.stringify(made.json));
      assert.equal(made.json.status, 'completed');
      assert.deepEqual(made.json.counters, { task_number: 2 });
      assert.equal(made.json.task_filter_options.view, view);
      assert.equal((await call('DELETE', `/api/dm/views/${view}`)).status, 204);
      const download = await call('GET', `/api/projects/${project}/exports/${made.json.id}/download`);
      assert.deepEqual(
        (download.json as Array<{ id: number }>).map((x) => x.id),
        [t[0], t[1]],
      );
      const wrong = await call('POST', `/api/projects/${other}/exports/`, {
        task_filter_options: { view: made.json.id + 1_000_000 },
      });
      assert.equal(wrong.status, 404);
    });

    it('runs actions over the tasks filters or a view select', async () => {
      const sandbox = (await call('POST', '/api/projects/', { title: 'Act', label_config: CONFIG })).json.id;
      const made = (
        await call(
          'POST',
          `/api/projects/${sandbox}/import?return_task_ids=true`,
          ['a', 'b', 'a', 'c'].map((category, i) => ({ image: `https://example.com/${i}.jpg`, category })),
        )
      ).json.task_ids as number[];
      const res = await call('POST', `/api/dm/actions?project=${sandbox}&id=delete_tasks`, {
        selectedItems: { all: true, excluded: [made[2]] },
        filters: and(item('data.category', 'equal', 'String', 'a')),
      });
      assert.equal(res.status, 200, JSON.stringify(res.json));
      assert.equal(res.json.processed_items, 1);
      const left = async () => ids(await legacyList(null, { p: sandbox }));
      assert.deepEqual(await left(), made.slice(1));
      const view = (
        await call('POST', '/api/dm/views', {
          project: sandbox,
          data: { filters: and(item('data.category', 'in_list', 'String', ['c'])) },
        })
      ).json.id;
      const byView = await call(
        'POST',
        `/api/dm/actions?project=${sandbox}&id=delete_tasks&view=${view}`,
        {},
      );
      assert.equal(byView.status, 200, JSON.stringify(byView.json));
      assert.deepEqual(await left(), [made[1], made[2]]);
    });

    it('refuses a bad query naming its field, and stores nothing for a bad view', async () => {
      const bad = async (items: Item[], field: string) => {
        const res = await legacyList(and(...items));
        assert.equal(res.status, 400, JSON.stringify(res.json));
        assert.deepEqual(Object.keys(res.json.validation_errors), [field]);
      };
      await bad([item('nothing', 'equal', 'Number', 1)], 'query.filters.items.0.filter');
      await bad([item('agreement', 'greater', 'Number', 1)], 'query.filters.items.0.filter');
      await bad([item('id', 'like', 'Number', 1)], 'query.filters.items.0.operator');
      await bad([item('id', 'contains', 'Number', 1)], 'query.filters.items.0.operator');
      await bad([item('data.category', 'regex', 'String', '(a+)+$')], 'query.filters.items.0.operator');
      await bad([item('id', 'equal', 'Number', 'one')], 'query.filters.items.0.value');
      await bad([item('id', 'in', 'Number', [1, 2])], 'query.filters.items.0.value');
      await bad([item('created_at', 'greater', 'Datetime', 'yesterday')], 'query.filters.items.0.value');
      await bad([item('completed_at', 'empty', 'Datetime', 'maybe')], 'query.filters.items.0.value');
      await bad(
        [item('id', 'equal', 'Number', 1), item('data.x', 'in_list', 'String', 'a')],
        'query.filters.items.1.value',
      );
      const notJson = await call('GET', `/api/tasks?project=${project}&query=%7Bnope`);
      assert.equal(notJson.status, 400);
      assert.deepEqual(Object.keys(notJson.json.validation_errors), ['query']);
      const order = await legacyList(null, { ordering: ['annotators'] });
      assert.equal(order.status, 400);
      assert.deepEqual(Object.keys(order.json.validation_errors), ['query.ordering.0']);
      const before = (await call('GET', `/api/dm/views?project=${project}`)).json.length;
      const view = await call('POST', '/api/dm/views', {
        project,
        data: { filters: and(item('id', 'between', 'Number', 1)) },
      });
      assert.equal(view.status, 400);
      assert.deepEqual(Object.keys(view.json.validation_errors), ['data.filters.items.0.operator']);
      const big = await call('POST', '/api/dm/views', { project, data: { title: 'x'.repeat(70_000) } });
      assert.equal(big.status, 400);
      assert.equal((await call('GET', `/api/dm/views?project=${project}`)).json.length, before);
      const missing = await call('GET', `/api/tasks?project=${project}&view=999999`);
      assert.equal(missing.status, 404);
    });
  });
}
