import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { lsCall } from './label-studio.client.ts';

/**
 * `POST /api/projects/{id}/import?preannotated_from_fields=…` as the legacy `Project.import_tasks(tasks,
 * preannotated_from_fields=[…])` and SDK 2.x `projects.import_tasks(id, request, preannotated_from_fields=[…])` send
 * it (a repeated query parameter; a comma list works too): each named field's value becomes a prediction.
 */
const CONFIG = `<View><Image name="image" value="$image"/>
<Choices name="pet" toName="image"><Choice value="Cat"/><Choice value="Dog"/></Choices>
<Rating name="stars" toName="image" maxRating="5"/>
<TextArea name="note" toName="image"/></View>`;

for (const dialect of dialects) {
  describe(`Label Studio preannotated_from_fields (${dialect})`, () => {
    let sut: TestServer;
    const call = (method: string, p: string, body?: unknown) => lsCall(sut, method, p, body);
    const project = async () =>
      (await call('POST', '/api/projects/', { title: 'Pre', label_config: CONFIG })).json.id as number;
    const tasksOf = async (id: number) =>
      (await call('GET', `/api/tasks/?project=${id}&page_size=100&fields=all`)).json.tasks as Array<{
        data: Record<string, unknown>;
        predictions: Array<{ result: Array<Record<string, unknown>>; score: number; model_version: string }>;
      }>;
    before(async () => {
      sut = await startTestServer({ dialect });
    });
    after(async () => sut.close());

    it('turns the named fields into predictions of the controls of the same names', async () => {
      const id = await project();
      const res = await call(
        'POST',
        `/api/projects/${id}/import?return_task_ids=true&preannotated_from_fields=pet&preannotated_from_fields=stars,note`,
        [
          { image: 'https://example.com/1.jpg', pet: 'Cat', stars: 4, note: 'sleepy' },
          { data: { image: 'https://example.com/2.jpg', pet: 'Dog', stars: null, note: 'x' } },
        ],
      );
      assert.equal(res.status, 201, JSON.stringify(res.json));
      assert.equal(res.json.prediction_count, 5);
      const [first, second] = await tasksOf(id);
      assert.equal(first!.data.pet, 'Cat', 'the field stays in the data');
      assert.deepEqual(
        first!.predictions.map((p) => [p.model_version, p.score, p.result[0]!.from_name, p.result[0]!.value]),
        [
          ['preannotated', 1, 'pet', { choices: ['Cat'] }],
          ['preannotated', 1, 'stars', { rating: 4 }],
          ['preannotated', 1, 'note', { text: ['sleepy'] }],
        ],
      );
      assert.equal(first!.predictions[0]!.result[0]!.to_name, 'image');
      assert.equal(first!.predictions[0]!.result[0]!.type, 'choices');
      // A null value makes no prediction.
      assert.deepEqual(
        second!.predictions.map((p) => p.result[0]!.from_name),
        ['pet', 'note'],
      );
      // The same body without the fields is a new import, not a retry of the first.
      const plain = await call('POST', `/api/projects/${id}/import?return_task_ids=true`, [
        { image: 'https://example.com/1.jpg', pet: 'Cat', stars: 4, note: 'sleepy' },
        { data: { image: 'https://example.com/2.jpg', pet: 'Dog', stars: null, note: 'x' } },
      ]);
      assert.equal(plain.json.task_count, 2);
      assert.equal(plain.json.prediction_count, 0);
      assert.equal((await tasksOf(id)).length, 4);
    });

    it('refuses a task without a named field, or a value its control refuses, writing nothing', async () => {
      const id = await project();
      const missing = await call('POST', `/api/projects/${id}/import?preannotated_from_fields=pet`, [
        { image: 'https://example.com/1.jpg', pet: 'Cat' },
        { image: 'https://example.com/2.jpg' },
      ]);
      assert.equal(missing.status, 400);
      assert.match(missing.json.validation_errors.preannotated_from_fields[0], /Task #2.*"pet"/);
      const wrong = await call('POST', `/api/projects/${id}/import?preannotated_from_fields=pet`, [
        { image: 'https://example.com/1.jpg', pet: 'Hamster' },
      ]);
      assert.equal(wrong.status, 400, JSON.stringify(wrong.json));
      assert.equal((await tasksOf(id)).length, 0);
      // Uploads kept for a later /reimport are not served: refused, nothing imported.
      const staged = await call('POST', `/api/projects/${id}/import?commit_to_project=false`, [
        { image: 'https://example.com/1.jpg', pet: 'Cat' },
      ]);
      assert.equal(staged.status, 400);
      assert.ok(staged.json.validation_errors.commit_to_project);
      assert.equal((await tasksOf(id)).length, 0);
      assert.equal(
        (await call('POST', `/api/projects/${id}/import?commit_to_project=true`, [{ image: 'x.jpg' }]))
          .status,
        201,
      );
    });
  });
}
