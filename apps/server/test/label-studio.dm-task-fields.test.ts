import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { lsCall } from './label-studio.client.ts';

/**
 * The Data Manager's task columns of `GET /api/tasks/` (Label Studio's DataManagerTaskSerializer, as SDK 2.x
 * `tasks.list()` reads them into its task model): `predictions_score`, `avg_lead_time`, `annotations_ids`,
 * `predictions_model_versions`, `annotations_results`, `predictions_results`, `draft_exists`, `storage_filename`.
 */
const CONFIG = `<View><Image name="image" value="$image"/>
<Choices name="pet" toName="image"><Choice value="Cat"/><Choice value="Dog"/></Choices></View>`;
const choice = (value: string) => ({
  from_name: 'pet',
  to_name: 'image',
  type: 'choices',
  value: { choices: [value] },
});

for (const dialect of dialects) {
  describe(`Label Studio Data Manager task columns (${dialect})`, () => {
    let sut: TestServer;
    const call = (method: string, p: string, body?: unknown) => lsCall(sut, method, p, body);
    before(async () => {
      sut = await startTestServer({ dialect });
    });
    after(async () => sut.close());

    it('averages scores and lead times, lists ids and model versions, and writes the results as text', async () => {
      const project = (await call('POST', '/api/projects/', { title: 'DM', label_config: CONFIG })).json
        .id as number;
      const [task, bare] = (
        await call('POST', `/api/projects/${project}/import?return_task_ids=true`, [
          {
            data: { image: 'https://example.com/1.jpg' },
            predictions: [
              { model_version: 'v2', score: 0.5, result: [choice('Dog')] },
              { model_version: 'v1', score: 0.9, result: [choice('Cat')] },
            ],
          },
          { data: { image: 'https://example.com/2.jpg' } },
        ])
      ).json.task_ids as number[];
      const ids: number[] = [];
      for (const [lead, value] of [
        [2, 'Cat'],
        [4, 'Dog'],
      ] as const)
        ids.push(
          (
            await call('POST', `/api/tasks/${task}/annotations/`, {
              result: [choice(value)],
              lead_time: lead,
            })
          ).json.id as number,
        );
      const list = (await call('GET', `/api/tasks/?project=${project}&fields=all`)).json.tasks as Array<
        Record<string, unknown>
      >;
      const [one, two] = list;
      assert.equal(one!.id, task);
      assert.ok(Math.abs((one!.predictions_score as number) - 0.7) < 1e-9);
      assert.equal(one!.avg_lead_time, 3);
      assert.equal(one!.annotations_ids, `${ids[0]}, ${ids[1]}`);
      assert.equal(one!.predictions_model_versions, 'v1, v2');
      assert.equal(one!.draft_exists, false);
      assert.equal(one!.storage_filename, null);
      const text = one!.annotations_results as string;
      assert.match(text, /^\[\{.*choices: \[Cat\]\}.*\}\], \[\{.*choices: \[Dog\]\}/);
      assert.equal(text.includes('"'), false);
      assert.match(one!.predictions_results as string, /choices: \[Dog\].*choices: \[Cat\]/);
      // A task without labels.
      assert.equal(two!.id, bare);
      assert.deepEqual(
        [two!.predictions_score, two!.avg_lead_time, two!.annotations_ids, two!.annotations_results],
        [null, null, '', ''],
      );
      // include= names them; the export does not carry them (Label Studio's export has no such columns).
      const picked = (await call('GET', `/api/tasks/?project=${project}&include=id,predictions_score`)).json
        .tasks[0];
      assert.deepEqual(Object.keys(picked).sort(), ['id', 'predictions_score']);
      assert.ok(Math.abs(picked.predictions_score - 0.7) < 1e-9);
      const exported = (await call('GET', `/api/projects/${project}/export?exportType=JSON`)).json as Array<
        Record<string, unknown>
      >;
      assert.equal('predictions_score' in exported[0]!, false);
    });
  });
}
