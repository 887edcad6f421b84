import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createMask, encodeBase64, maskToPng } from '@labelyard/schema';
import { createActor, dialects, startTestServer, type TestServer } from './harness.ts';
import { readExportStream } from './export.sdk.ts';
import { importByFile } from './label.factory.ts';
import {
  addPredictions,
  createRun,
  EXPORT_MODEL_RUN,
  exportInput,
  modelOps,
  setupModel,
} from './model.factory.ts';

/** An inline 640×480 mask PNG covering `width`×`height` pixels from (10, 10). */
function maskPng(width: number, height: number): string {
  const mask = createMask(640, 480);
  for (let y = 10; y < 10 + height; y++) for (let x = 10; x < 10 + width; x++) mask.data[y * 640 + x] = 1;
  return encodeBase64(maskToPng(mask, { format: 'gray' }));
}

const METRICS = `query ($id: ID!, $t: Float, $first: Int, $after: ID) {
  modelRunMetrics(where: {id: $id}, iouThreshold: $t, first: $first, after: $after) {
    modelRunId iouThreshold iou confusionMatrix
    features { featureSchemaId name iou truePositives falsePositives falseNegatives precision recall f1 }
    dataRows { dataRowId labelId iou confusionMatrix
      features { name iou truePositives falsePositives falseNegatives precision recall f1 }
      predictions { uuid iou matchedUuid } }
  }
}`;
const close = (actual: number | null, expected: number) =>
  assert.ok(actual !== null && Math.abs(actual - expected) <= 1e-9, `expected ${expected}, got ${actual}`);
const box = (rowId: string, uuid: string, left: number, top: number, extra = {}) => ({
  uuid,
  dataRow: { id: rowId },
  name: 'box',
  bbox: { top, left, height: 10, width: 10 },
  ...extra,
});

for (const dialect of dialects) {
  describe(`model run metrics (${dialect})`, () => {
    let sut: TestServer;
    before(async () => {
      sut = await startTestServer({ dialect });
    });
    after(async () => sut.close());

    it('scores predictions against the ground truth of upsert_labels (hand-computed)', async () => {
      // Ground truth: a 10×10 box at (0,0) on images 0 and 1; image 2 joins the run without a label.
      const m = await setupModel(sut, { images: 3, labelled: 2 });
      const run = await createRun(sut, m.model.id);
      const [r0, r1, r2] = [m.images[0]!, m.images[1]!, m.images[2]!];
      const task = (
        await sut.data(modelOps.upsertProjectLabels, { modelRunId: run.id, projectId: m.projectId })
      ).createMEAModelRunProjectLabelRegistrationTask;
      assert.equal(
        (await sut.data(modelOps.labelTaskStatus, { where: { id: task } })).MEALabelRegistrationTaskStatus
          .status,
        'COMPLETE',
      );
      await sut.data(modelOps.upsertDataRows, { modelRunId: run.id, dataRowIds: [r2.id], globalKeys: null });
      const imp = await addPredictions(sut, run.id, 'p', [
        // Row 0: the top half of the ground truth, IoU 50/100 = 0.5 → a true positive at 0.5.
        {
          ...box(r0.id, '10000000-0000-4000-8000-000000000001', 0, 0, { confidence: 0.8 }),
          bbox: { top: 0, left: 0, height: 5, width: 10 },
        },
        // Row 1: far off → a false positive and a missed ground truth.
        box(r1.id, '10000000-0000-4000-8000-000000000002', 50, 50),
        // Row 2: no ground truth → a false positive.
        box(r2.id, '10000000-0000-4000-8000-000000000003', 0, 0),
      ]);
      assert.equal(imp.import.state, 'FINISHED');

      const res = (await sut.data(METRICS, { id: run.id })).modelRunMetrics;
      assert.equal(res.iouThreshold, 0.5);
      const [feature] = res.features;
      assert.equal(res.features.length, 1);
      assert.equal(feature.name, 'box');
      const boxId = feature.featureSchemaId as string;
      // Run: TP 1, FP 2, FN 1 → precision 1/3, recall 1/2, F1 = 2·(1/3)(1/2)/(1/3 + 1/2) = 2/5.
      assert.deepEqual([feature.truePositives, feature.falsePositives, feature.falseNegatives], [1, 2, 1]);
      close(feature.precision, 1 / 3);
      close(feature.recall, 1 / 2);
      close(feature.f1, 2 / 5);
      // IoU per row: 0.5, 0, 0 → 1/6 for the feature and the run.
      close(feature.iou, 1 / 6);
      close(res.iou, 1 / 6);
      assert.deepEqual(res.confusionMatrix, { [boxId]: { [boxId]: 1, none: 1 }, none: { [boxId]: 2 } });

      const rows = Object.fromEntries(res.dataRows.map((r: any) => [r.dataRowId, r]));
      assert.equal(res.dataRows.length, 3);
      const f0 = rows[r0.id].features[0];
      assert.deepEqual(
        [f0.truePositives, f0.falsePositives, f0.falseNegatives, f0.precision, f0.recall, f0.f1],
        [1, 0, 0, 1, 1, 1],
      );
      close(rows[r0.id].iou, 0.5);
      assert.deepEqual(rows[r0.id].predictions, [
        { uuid: '10000000-0000-4000-8000-000000000001', iou: 0.5, matchedUuid: `gt-0-${r0.id}` },
      ]);
      assert.notEqual(rows[r0.id].labelId, null);
      const f1 = rows[r1.id].features[0];
      assert.deepEqual(
        [f1.truePositives, f1.falsePositives, f1.falseNegatives, f1.precision, f1.recall, f1.f1],
        [0, 1, 1, 0, 0, 0],
      );
      const f2 = rows[r2.id].features[0];
      assert.deepEqual([f2.falsePositives, f2.precision, f2.recall, f2.f1, f2.iou], [1, 0, null, null, 0]);
      assert.equal(rows[r2.id].labelId, null);

      // model_run.export(): every row under experiments[model].runs[run], with ground truth, predictions, metrics.
      const started = (await sut.data(EXPORT_MODEL_RUN, exportInput(run.id))).exportDataRowsInModelRun;
      assert.equal(started.isStreamable, true);
      const stream = (await readExportStream(sut, started.taskId))!;
      assert.deepEqual(
        stream.rows.map((l) => l.data_row.id),
        [r0.id, r1.id, r2.id].sort(),
      );
      const lines = Object.fromEntries(stream.rows.map((l) => [l.data_row.id, l]));
      const block = lines[r0.id].experiments[m.model.id];
      assert.equal(block.name, m.model.name);
      const runRow = block.runs[run.id];
      assert.equal(runRow.name, 'run');
      assert.equal(runRow.labels.length, 1);
      assert.deepEqual(runRow.labels[0].annotations.objects[0].bounding_box, {
        top: 0,
        left: 0,
        height: 10,
        width: 10,
      });
      const predicted = runRow.predictions[0].annotations.objects[0];
      assert.equal(predicted.feature_id, '10000000-0000-4000-8000-000000000001');
      assert.deepEqual(predicted.metrics, { iou: 0.5, matched_feature_id: `gt-0-${r0.id}` });
      assert.deepEqual(
        runRow.metrics.features.map((f: any) => [f.truePositives, f.falsePositives, f.falseNegatives]),
        [[1, 0, 0]],
      );
      assert.equal(lines[r0.id].projects, undefined);
      assert.deepEqual(lines[r2.id].experiments[m.model.id].runs[run.id].labels, []);
      assert.equal(lines[r2.id].experiments[m.model.id].runs[run.id].metrics.features[0].falsePositives, 1);
      const noRun = await sut.gql(EXPORT_MODEL_RUN, exportInput('cnosuchrun0000000000000000'));
      assert.equal(noRun.body.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST');
      assert.match(noRun.body.errors?.[0]?.message ?? '', /modelRunId/);

      // At 0.6 the half box is no longer a hit.
      const strict = (await sut.data(METRICS, { id: run.id, t: 0.6 })).modelRunMetrics.features[0];
      assert.deepEqual([strict.truePositives, strict.falsePositives, strict.falseNegatives], [0, 3, 2]);
      // Pages of data rows by id.
      const ids = [r0.id, r1.id, r2.id].sort();
      const page = (await sut.data(METRICS, { id: run.id, first: 1, after: ids[0] })).modelRunMetrics
        .dataRows;
      assert.deepEqual(
        page.map((r: any) => r.dataRowId),
        [ids[1]],
      );

      const bad = await sut.gql(METRICS, { id: run.id, t: 1.5 });
      assert.equal(bad.body.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST');
      assert.match(bad.body.errors?.[0]?.message ?? '', /iouThreshold/);
      const stranger = await createActor(sut.ctx, `s-${Date.now()}@example.com`, `other-${Date.now()}`);
      const hidden = await sut.gql(METRICS, { id: run.id }, { key: stranger.key });
      assert.equal(hidden.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
      const org = (await sut.services.identity.getOrganization(sut.actor)).name;
      const labeler = await createActor(sut.ctx, `l-${Date.now()}@example.com`, org, 'LABELER');
      const read = await sut.gql(METRICS, { id: run.id }, { key: labeler.key });
      assert.equal(read.body.data?.modelRunMetrics.features[0].truePositives, 1);
      const refused = await sut.gql(EXPORT_MODEL_RUN, exportInput(run.id), { key: labeler.key });
      assert.equal(refused.body.errors?.[0]?.extensions.code, 'AUTHORIZATION_ERROR');
    });

    it('scores mask predictions by pixel IoU (the consensus pixel reader)', async () => {
      const m = await setupModel(sut, { images: 2, labelled: 0 });
      const [r0, r1] = [m.images[0]!, m.images[1]!];
      // Ground truth: a 20×20 mask on both rows.
      const gt = await importByFile(sut, 'GT', m.projectId, `seg-${m.projectId}`, [
        { uuid: `seg-gt-0-${r0.id}`, dataRow: { id: r0.id }, name: 'seg', mask: { png: maskPng(20, 20) } },
        { uuid: `seg-gt-1-${r1.id}`, dataRow: { id: r1.id }, name: 'seg', mask: { png: maskPng(20, 20) } },
      ]);
      assert.equal(gt.import?.state, 'FINISHED');
      const run = await createRun(sut, m.model.id);
      await sut.data(modelOps.upsertProjectLabels, { modelRunId: run.id, projectId: m.projectId });
      const imp = await addPredictions(sut, run.id, 'masks', [
        // Row 0: the left 15 columns → 300/400 = 0.75, a true positive.
        {
          uuid: '20000000-0000-4000-8000-000000000001',
          dataRow: { id: r0.id },
          name: 'seg',
          mask: { png: maskPng(15, 20) },
        },
        // Row 1: the left 8 columns → 160/400 = 0.4, below 0.5: a false positive and a missed ground truth.
        {
          uuid: '20000000-0000-4000-8000-000000000002',
          dataRow: { id: r1.id },
          name: 'seg',
          mask: { png: maskPng(8, 20) },
        },
      ]);
      assert.equal(imp.import.state, 'FINISHED');
      const res = (await sut.data(METRICS, { id: run.id })).modelRunMetrics;
      const rows = Object.fromEntries(res.dataRows.map((r: any) => [r.dataRowId, r]));
      close(rows[r0.id].iou, 0.75);
      close(rows[r0.id].predictions[0].iou, 0.75);
      close(rows[r1.id].iou, 0.4);
      const [f] = res.features;
      assert.equal(f.name, 'seg');
      assert.deepEqual([f.truePositives, f.falsePositives, f.falseNegatives], [1, 1, 1]);
      close(f.iou, (0.75 + 0.4) / 2);
      // The export carries the same per-annotation IoU.
      const started = (await sut.data(EXPORT_MODEL_RUN, exportInput(run.id))).exportDataRowsInModelRun;
      const stream = (await readExportStream(sut, started.taskId))!;
      const line = stream.rows.find((l) => l.data_row.id === r0.id)!;
      const predicted = line.experiments[m.model.id].runs[run.id].predictions[0].annotations.objects[0];
      close(predicted.metrics.iou, 0.75);
    });

    it('keeps metrics per run until its predictions, rows or ground-truth labels change', async () => {
      const m = await setupModel(sut, { images: 2, labelled: 2 });
      const [r0, r1] = [m.images[0]!, m.images[1]!];
      const run = await createRun(sut, m.model.id);
      await sut.data(modelOps.upsertProjectLabels, { modelRunId: run.id, projectId: m.projectId });
      const counts = async () => {
        const f = (await sut.data(METRICS, { id: run.id })).modelRunMetrics.features[0];
        return [f.truePositives, f.falsePositives, f.falseNegatives];
      };
      // No predictions: both ground-truth boxes are missed.
      assert.deepEqual(await counts(), [0, 0, 2]);
      // A prediction import is seen at once.
      await addPredictions(sut, run.id, 'p1', [box(r0.id, '40000000-0000-4000-8000-000000000001', 0, 0)]);
      assert.deepEqual(await counts(), [1, 0, 1]);

      // A write that bypasses every writer (no counter raised, no updated_at) is not seen: the cached result answers.
      const gt1 = (await sut.db
        .selectFrom('model_run_data_rows')
        .select('label_id')
        .where('model_run_id', '=', run.id)
        .where('data_row_id', '=', r1.id)
        .executeTakeFirstOrThrow())!.label_id!;
      const before = await sut.db
        .selectFrom('labels')
        .select(['content', 'updated_at'])
        .where('id', '=', gt1)
        .executeTakeFirstOrThrow();
      const emptied = JSON.stringify({ objects: [], classifications: [], relationships: [] });
      await sut.db.updateTable('labels').set({ content: emptied }).where('id', '=', gt1).execute();
      assert.deepEqual(await counts(), [1, 0, 1]);
      // The same edit made as label writers make it (updated_at moves) is seen.
      await sut.db
        .updateTable('labels')
        .set({ updated_at: new Date(Date.parse(before.updated_at) + 1000).toISOString() })
        .where('id', '=', gt1)
        .execute();
      assert.deepEqual(await counts(), [1, 0, 0]);
      await sut.db.updateTable('labels').set(before).where('id', '=', gt1).execute();
      assert.deepEqual(await counts(), [1, 0, 1]);

      // A new label in the project changes nothing until it is registered (the run keeps its ground truth)...
      const more = await importByFile(sut, 'GT', m.projectId, `more-${run.id}`, [
        {
          uuid: `gt-extra-${r0.id}`,
          dataRow: { id: r0.id },
          name: 'box',
          bbox: { top: 100, left: 100, height: 10, width: 10 },
        },
      ]);
      assert.equal(more.import?.state, 'FINISHED');
      assert.deepEqual(await counts(), [1, 0, 1]);
      // ... and upsert_labels([its id]) makes it row 0's ground truth: the prediction misses it.
      const extra = await sut.db
        .selectFrom('labels')
        .select('id')
        .where('data_row_id', '=', r0.id)
        .where('content', 'like', '%gt-extra%')
        .executeTakeFirstOrThrow();
      await sut.data(modelOps.upsertLabelIds, { modelRunId: run.id, labelIds: [extra.id] });
      assert.deepEqual(await counts(), [0, 1, 2]);
      // Removing a row of the run is seen.
      await sut.data(modelOps.deleteModelRunDataRows, { modelRunId: run.id, dataRowIds: [r1.id] });
      assert.deepEqual(await counts(), [0, 1, 1]);
      // Another threshold is its own entry, and the first is still right afterwards.
      const loose = (await sut.data(METRICS, { id: run.id, t: 0.01 })).modelRunMetrics.features[0];
      assert.equal(loose.falsePositives, 1);
      assert.deepEqual(await counts(), [0, 1, 1]);
    });
  });
}
