import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createActor, dialects, startTestServer, type TestServer } from './harness.ts';
import { fetchNdjson } from './label.factory.ts';
import { addPredictions, MEA_IMPORT_FIELDS, meaOps, modelOps, setupRun } from './model.factory.ts';

const box = (rowId: string, uuid: string, extra: Record<string, unknown> = {}) => ({
  uuid,
  dataRow: { id: rowId },
  name: 'box',
  bbox: { top: 0, left: 0, height: 10, width: 10 },
  ...extra,
});

for (const dialect of dialects) {
  describe(`model run prediction imports (${dialect})`, () => {
    let sut: TestServer;
    before(async () => {
      sut = await startTestServer({ dialect });
    });
    after(async () => sut.close());

    const predictions = (modelRunId: string) =>
      sut.db
        .selectFrom('model_run_predictions')
        .select(['data_row_id', 'content'])
        .where('model_run_id', '=', modelRunId)
        .orderBy('data_row_id')
        .execute();

    it('imports predictions for the run rows with per-line statuses, as label imports check them', async () => {
      const r = await setupRun(sut, { images: 3, inRun: 2 });
      const a = r.rows[0]!;
      const b = r.rows[1]!;
      const outside = r.images[2]!;
      const res = await addPredictions(sut, r.run.id, 'preds-1', [
        box(a.id, '11111111-1111-4111-8111-111111111111', { confidence: 0.9 }),
        box(b.id, '22222222-2222-4222-8222-222222222222'),
        box(outside.id, '33333333-3333-4333-8333-333333333333'),
        { ...box(a.id, '44444444-4444-4444-8444-444444444444'), name: 'nosuchtool' },
        box('cnosuchrow000000000000000', '55555555-5555-4555-8555-555555555555'),
        '{not json',
      ]);
      assert.equal(res.errors, undefined);
      assert.deepEqual(Object.keys(res.created), MEA_IMPORT_FIELDS.split(' '));
      assert.equal(res.created.state, 'RUNNING');
      assert.equal(res.created.statusFileUrl, null);
      assert.equal(res.created.modelRunId, r.run.id);
      assert.equal(res.import.state, 'FINISHED');
      assert.equal(res.import.progress, '100%');
      const statuses = await fetchNdjson(res.import.statusFileUrl);
      assert.deepEqual(
        statuses.map((s) => [s.status, s.errors[0]?.name ?? null]),
        [
          ['SUCCESS', null],
          ['SUCCESS', null],
          ['FAILURE', 'DataRowNotInModelRun'],
          ['FAILURE', 'ValidationError'],
          ['FAILURE', 'DataRowNotFound'],
          ['FAILURE', 'InvalidJson'],
        ],
      );
      assert.equal(statuses[2].dataRow.id, outside.id);
      assert.match(statuses[2].errors[0].message, new RegExp(`not in model run ${r.run.id}`));
      assert.equal(statuses[0].uuid, '11111111-1111-4111-8111-111111111111');
      const errors = await fetchNdjson(res.import.errorFileUrl);
      assert.equal(errors.length, 4);

      const stored = await predictions(r.run.id);
      assert.deepEqual(
        stored.map((p) => p.data_row_id),
        [a.id, b.id].sort(),
      );
      const ofA = JSON.parse(stored.find((p) => p.data_row_id === a.id)!.content);
      assert.equal(ofA.objects.length, 1);
      assert.equal(ofA.objects[0].confidence, 0.9, 'predictions keep their confidence');
      // Nothing reaches the project's labels or pre-labels.
      const prelabels = await sut.db
        .selectFrom('prelabels')
        .select('id')
        .where('project_id', '=', r.projectId)
        .execute();
      assert.deepEqual(prelabels, []);
    });

    it('is idempotent by name: a retry answers the same import and writes nothing twice', async () => {
      const r = await setupRun(sut, { images: 2, inRun: 1 });
      const line = box(r.rows[0]!.id, '66666666-6666-4666-8666-666666666666');
      const first = await addPredictions(sut, r.run.id, 'again', [line]);
      const second = await addPredictions(sut, r.run.id, 'again', [line]);
      assert.equal(second.created.id, first.created.id);
      assert.equal(second.import.state, 'FINISHED');
      const stored = await predictions(r.run.id);
      assert.equal(stored.length, 1);
      assert.equal(JSON.parse(stored[0]!.content).objects.length, 1);
      // delete_model_run_data_rows takes the rows' predictions along.
      await sut.data(modelOps.deleteModelRunDataRows, { modelRunId: r.run.id, dataRowIds: [r.rows[0]!.id] });
      assert.deepEqual(await predictions(r.run.id), []);
      // The same name on another run is another import.
      const other = await setupRun(sut, { images: 1, inRun: 1 });
      const elsewhere = await addPredictions(sut, other.run.id, 'again', [box(other.rows[0]!.id, 'u1')]);
      assert.notEqual(elsewhere.created.id, first.created.id);
    });

    it('names the field for bad input and hides other organizations’ runs', async () => {
      const r = await setupRun(sut, { images: 1, inRun: 1 });
      const blank = await sut.gql(meaOps.byUrl, { modelRunId: r.run.id, name: ' ', fileUrl: 'http://x' });
      assert.equal(blank.body.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST');
      assert.match(blank.body.errors?.[0]?.message ?? '', /data\.name/);
      const missing = await sut.gql(meaOps.get, { modelRunId: r.run.id, name: 'never' });
      assert.equal(missing.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
      const stranger = await createActor(sut.ctx, `s-${Date.now()}@example.com`, `other-${Date.now()}`);
      const foreign = await addPredictions(sut, r.run.id, 'x', [box(r.rows[0]!.id, 'u2')], {
        key: stranger.key,
      });
      assert.equal(foreign.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
    });

    it('lets managers import, labelers only read', async () => {
      const r = await setupRun(sut, { images: 1, inRun: 1 });
      await addPredictions(sut, r.run.id, 'mgr', [box(r.rows[0]!.id, 'u3')]);
      const org = (await sut.services.identity.getOrganization(sut.actor)).name;
      const labeler = await createActor(sut.ctx, `labeler-${Date.now()}@example.com`, org, 'LABELER');
      const refused = await addPredictions(sut, r.run.id, 'lab', [box(r.rows[0]!.id, 'u4')], {
        key: labeler.key,
      });
      assert.equal(refused.errors?.[0]?.extensions.code, 'AUTHORIZATION_ERROR');
      const read = await sut.gql(meaOps.get, { modelRunId: r.run.id, name: 'mgr' }, { key: labeler.key });
      assert.equal(read.body.data?.modelErrorAnalysisPredictionImport?.state, 'FINISHED');
      assert.equal((await predictions(r.run.id)).length, 1);
    });
  });
}
