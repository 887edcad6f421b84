import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { CAT_BOX_CONFIG, catBox, lsCall } from './label-studio.client.ts';

/**
 * The count fields of Label Studio's project JSON (`task_number`, `finished_task_number`, `total_annotations_number`,
 * `skipped_annotations_number`, `ground_truth_number`, `useful_annotation_number`, `num_tasks_with_annotations`,
 * `total_predictions_number`), `include=` choosing them, `/api/projects/counts/` (SDK 2.x `projects.list_counts()`)
 * and the list's `ids`, `title` and `ordering` (query names as label_studio_sdk 2.1.3 sends them).
 */
/** The count fields of the project `counted()` makes. */
const COUNTED = {
  task_number: 4,
  finished_task_number: 2,
  total_predictions_number: 2,
  total_annotations_number: 4,
  num_tasks_with_annotations: 2,
  useful_annotation_number: 2,
  ground_truth_number: 1,
  skipped_annotations_number: 1,
};

for (const dialect of dialects) {
  describe(`Label Studio project counts and list filters (${dialect})`, () => {
    let sut: TestServer;
    const call = (method: string, p: string, body?: unknown) => lsCall(sut, method, p, body);
    const project = async (title: string) =>
      (await call('POST', '/api/projects/', { title, label_config: CAT_BOX_CONFIG })).json.id as number;
    before(async () => {
      sut = await startTestServer({ dialect });
    });
    after(async () => sut.close());

    /** Four tasks: one annotated, one skipped, one with a ground truth and an annotation, one untouched. */
    const counted = async () => {
      const id = await project('Counted');
      const tasks = (
        await call(
          'POST',
          `/api/projects/${id}/import?return_task_ids=true`,
          Array.from({ length: 4 }, (_, i) => ({
            data: { image: `https://example.com/${i}.jpg` },
            ...(i < 2 && { predictions: [{ model_version: 'm', result: [catBox(i)] }] }),
          })),
        )
      ).json.task_ids as number[];
      const annotate = async (task: number, body: Record<string, unknown>) =>
        assert.equal((await call('POST', `/api/tasks/${task}/annotations/`, body)).status, 201);
      await annotate(tasks[0]!, { result: [catBox(1)] });
      await annotate(tasks[1]!, { result: [], was_cancelled: true });
      await annotate(tasks[2]!, { result: [catBox(2)], ground_truth: true });
      await annotate(tasks[2]!, { result: [catBox(3)] });
      return { id, tasks };
    };

    it('counts annotations as Label Studio does: total = useful + skipped + ground truth', async () => {
      const { id, tasks } = await counted();
      const json = (await call('GET', `/api/projects/${id}/`)).json;
      assert.deepEqual(Object.fromEntries(Object.keys(COUNTED).map((k) => [k, json[k]])), COUNTED);
      assert.equal(json.queue_total, 4);
      assert.equal(
        'skipped_annotation_number' in json,
        false,
        'the field is spelled as Label Studio spells it',
      );
      // Finished tasks are the tasks the task list reports as labeled.
      const listed = (await call('GET', `/api/projects/${id}/tasks?page_size=-1`)).json as Array<{
        id: number;
        is_labeled: boolean;
      }>;
      assert.deepEqual(
        listed.filter((t) => t.is_labeled).map((t) => t.id),
        [tasks[0], tasks[2]],
      );
      // The same counts in the list, and an empty project counts zeros.
      const empty = await project('Empty');
      const results = (await call('GET', `/api/projects/?ids=${id},${empty}`)).json.results as Array<
        Record<string, unknown>
      >;
      const byId = new Map(results.map((r) => [r.id, r]));
      assert.equal(byId.get(id)!.useful_annotation_number, 2);
      assert.equal(byId.get(empty)!.task_number, 0);
      assert.equal(byId.get(empty)!.finished_task_number, 0);
      assert.equal(byId.get(empty)!.total_annotations_number, 0);
    });

    it('include= computes only the fields it names; the others are null', async () => {
      const { id } = await counted();
      const json = (await call('GET', `/api/projects/?ids=${id}&include=task_number,ground_truth_number`))
        .json.results[0];
      assert.equal(json.task_number, 4);
      assert.equal(json.ground_truth_number, 1);
      assert.equal(json.total_annotations_number, null);
      assert.equal(json.finished_task_number, null);
      assert.equal(json.total_predictions_number, null);
      assert.equal(json.title, 'Counted', 'the rest of the project is all there');
    });

    it('/api/projects/counts/ pages the ids and counts only', async () => {
      const { id } = await counted();
      const other = await project('Other');
      const res = await call('GET', `/api/projects/counts/?ids=${id},${other}&ordering=id&page_size=1`);
      assert.equal(res.status, 200, JSON.stringify(res.json));
      assert.equal(res.json.count, 2);
      assert.equal(res.json.previous, null);
      assert.match(res.json.next, /\/api\/projects\/counts\/\?.*page=2/);
      assert.deepEqual(res.json.results, [{ id, ...COUNTED }]);
      const second = await call(
        'GET',
        `/api/projects/counts?ids=${id},${other}&ordering=id&page_size=1&page=2`,
      );
      assert.deepEqual(
        second.json.results.map((r: { id: number; task_number: number }) => [r.id, r.task_number]),
        [[other, 0]],
      );
      assert.equal(
        (await call('GET', `/api/projects/counts/?ids=${id},${other}&page_size=1&page=3`)).status,
        404,
      );
    });

    it('filters the list by ids and title and orders it', async () => {
      const a = await project('Alpha cats');
      const b = await project('beta dogs');
      const c = await project('Gamma CATS 100%');
      const titles = async (query: string) =>
        ((await call('GET', `/api/projects/?${query}`)).json.results as Array<{ title: string }>).map(
          (p) => p.title,
        );
      const ids = `ids=${a},${b},${c}`;
      assert.deepEqual(await titles(`${ids}&ordering=title`), ['Alpha cats', 'Gamma CATS 100%', 'beta dogs']);
      assert.deepEqual(await titles(`${ids}&ordering=-id`), ['Gamma CATS 100%', 'beta dogs', 'Alpha cats']);
      assert.deepEqual(await titles(`${ids}&ordering=id`), ['Alpha cats', 'beta dogs', 'Gamma CATS 100%']);
      // Default: newest first.
      assert.deepEqual(await titles(ids), ['Gamma CATS 100%', 'beta dogs', 'Alpha cats']);
      assert.deepEqual(await titles(`${ids}&title=cats&ordering=id`), ['Alpha cats', 'Gamma CATS 100%']);
      // LIKE's pattern characters are matched as themselves.
      assert.deepEqual(await titles(`${ids}&title=${encodeURIComponent('100%')}`), ['Gamma CATS 100%']);
      assert.deepEqual(await titles(`${ids}&title=_`), []);
      // search: the title or the description.
      await call('PATCH', `/api/projects/${b}/`, { description: 'Mostly CATS, really' });
      assert.deepEqual(await titles(`${ids}&search=cats&ordering=id`), [
        'Alpha cats',
        'beta dogs',
        'Gamma CATS 100%',
      ]);
      assert.deepEqual(await titles(`${ids}&search=really`), ['beta dogs']);
      const one = (await call('GET', `/api/projects/?ids=${b}`)).json;
      assert.equal(one.count, 1);
      assert.equal(one.results[0].id, b);
      assert.equal((await call('GET', `/api/projects/?ids=${b}&filter=all`)).json.count, 1);
      // A repeated parameter, as some clients send lists.
      assert.deepEqual(await titles(`ids=${a}&ids=${c}&ordering=id`), ['Alpha cats', 'Gamma CATS 100%']);
    });

    it('refuses a bad include, ordering, ids or filter with the field named', async () => {
      for (const [query, field] of [
        ['include=task_number,bogus', 'include'],
        ['ordering=-pinned_at', 'ordering'],
        ['ids=1,x', 'ids'],
        ['filter=pinned_only', 'filter'],
      ] as const) {
        for (const path of ['/api/projects/', '/api/projects/counts/']) {
          const res = await call('GET', `${path}?${query}`);
          assert.equal(res.status, 400, `${path}?${query}`);
          assert.ok(res.json.validation_errors[field], JSON.stringify(res.json));
        }
      }
    });
  });
}
