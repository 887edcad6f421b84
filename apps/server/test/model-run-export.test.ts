import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { catalogInput, exportOps, exportParams, readExportStream, startProjectExport } from './export.sdk.ts';
import {
  addPredictions,
  createRun,
  EXPORT_MODEL_RUN,
  exportInput,
  modelOps,
  setupModel,
} from './model.factory.ts';

/** Where the Labelbox SDK's AdvClient sends embedding calls when rest_endpoint is `http://host/api/v1`. */
const EMBEDDINGS = '/adv/adv/v1/embeddings';

for (const dialect of dialects) {
  describe(`model_run.export() include flags (${dialect})`, () => {
    let sut: TestServer;
    before(async () => {
      sut = await startTestServer({ dialect });
    });
    after(async () => sut.close());

    const exportRun = async (runId: string, params: Record<string, unknown>) => {
      const started = (await sut.data(EXPORT_MODEL_RUN, exportInput(runId, params))).exportDataRowsInModelRun;
      const stream = (await readExportStream(sut, started.taskId))!;
      return new Map(stream.rows.map((l) => [l.data_row.id as string, l]));
    };
    const rest = async (method: string, path: string, body: string, type = 'application/json') => {
      const headers: Record<string, string> = { authorization: `Bearer ${sut.key}`, 'content-type': type };
      if (type === 'application/x-ndjson')
        headers['x-content-lines'] = String(body.trim().split('\n').length);
      const res = await fetch(sut.url + path, { method, headers, body });
      assert.equal(res.status, 200, await res.clone().text());
      return (await res.json()) as any;
    };

    it('writes predictions, the split and embeddings only when asked, as the SDK params say', async () => {
      const m = await setupModel(sut, { images: 2, labelled: 2 });
      const [r0, r1] = [m.images[0]!, m.images[1]!];
      const run = await createRun(sut, m.model.id);
      await sut.data(modelOps.upsertProjectLabels, { modelRunId: run.id, projectId: m.projectId });
      await sut.data(modelOps.assignSplit, {
        modelRunId: run.id,
        data: { assignments: [{ split: 'VALIDATION', dataRowIds: [r0.id], globalKeys: null }] },
      });
      const imp = await addPredictions(sut, run.id, 'p', [
        {
          uuid: '30000000-0000-4000-8000-000000000001',
          dataRow: { id: r0.id },
          name: 'box',
          bbox: { top: 0, left: 0, height: 10, width: 10 },
        },
      ]);
      assert.equal(imp.import.state, 'FINISHED');
      const embedding = await rest('POST', EMBEDDINGS, JSON.stringify({ name: `e-${run.id}`, dims: 3 }));
      await rest(
        'PUT',
        `${EMBEDDINGS}/${embedding.id}/_import_ndjson`,
        `${JSON.stringify({ id: r0.id, vector: [0.5, 0.25, 1] })}\n`,
        'application/x-ndjson',
      );

      // model_run.export() with no params: every flag false → ground truth only.
      const plain = await exportRun(run.id, {});
      const plainRun = plain.get(r0.id).experiments[m.model.id].runs[run.id];
      assert.deepEqual(Object.keys(plainRun).sort(), ['labels', 'name', 'run_data_row_id']);
      assert.equal(plainRun.labels.length, 1);
      assert.equal(plain.get(r0.id).embeddings, undefined);
      assert.ok(plain.get(r0.id).media_attributes);

      // {"predictions": True, "model_run_details": True, "embeddings": True}
      const full = await exportRun(run.id, {
        includePredictions: true,
        includeModelRunDetails: true,
        includeEmbeddings: true,
      });
      const row0 = full.get(r0.id);
      const run0 = row0.experiments[m.model.id].runs[run.id];
      assert.equal(run0.split, 'validation');
      assert.equal(
        run0.predictions[0].annotations.objects[0].feature_id,
        '30000000-0000-4000-8000-000000000001',
      );
      assert.deepEqual(run0.predictions[0].annotations.objects[0].metrics, {
        iou: 1,
        matched_feature_id: `gt-0-${r0.id}`,
      });
      assert.equal(run0.metrics.features[0].truePositives, 1);
      assert.deepEqual(row0.embeddings, [
        {
          id: embedding.id,
          name: `e-${run.id}`,
          dimensions: 3,
          is_custom: true,
          values: [{ value: [0.5, 0.25, 1] }],
        },
      ]);
      const run1 = full.get(r1.id).experiments[m.model.id].runs[run.id];
      assert.equal(run1.split, null);
      assert.deepEqual(run1.predictions, []);
      assert.deepEqual(full.get(r1.id).embeddings, []);

      // Only model_run_details: the split, no predictions.
      const details = await exportRun(run.id, { includeModelRunDetails: true });
      const detailsRun = details.get(r0.id).experiments[m.model.id].runs[run.id];
      assert.equal(detailsRun.split, 'validation');
      assert.equal(detailsRun.predictions, undefined);

      // project.export(params={"embeddings": True}) carries the same vectors.
      const projectTask = await startProjectExport(sut, m.projectId, [], {
        ...exportParams(false),
        includeEmbeddings: true,
      });
      const projectRows = (await readExportStream(sut, projectTask))!.rows;
      const byId = new Map(projectRows.map((l) => [l.data_row.id as string, l]));
      assert.deepEqual(byId.get(r0.id).embeddings, row0.embeddings);
      assert.deepEqual(byId.get(r1.id).embeddings, []);

      const bad = await sut.gql(EXPORT_MODEL_RUN, exportInput(run.id, { includePredictions: 'yes' }));
      assert.equal(bad.body.errors?.[0]?.extensions.code, 'GRAPHQL_VALIDATION_FAILED');
      assert.match(bad.body.errors?.[0]?.message ?? '', /includePredictions/);
    });

    it('writes experiments into catalog rows for the model runs asked for (dataset.export(params={"model_run_ids"}))', async () => {
      const m = await setupModel(sut, { images: 3, labelled: 2 });
      const [r0, r1, r2] = [m.images[0]!, m.images[1]!, m.images[2]!];
      const run = await createRun(sut, m.model.id, 'catalog run');
      const other = await createRun(sut, m.model.id, 'other run');
      await sut.data(modelOps.upsertProjectLabels, { modelRunId: run.id, projectId: m.projectId });
      await sut.data(modelOps.upsertProjectLabels, { modelRunId: other.id, projectId: m.projectId });
      await sut.data(modelOps.assignSplit, {
        modelRunId: run.id,
        data: { assignments: [{ split: 'TRAINING', dataRowIds: [r0.id], globalKeys: null }] },
      });
      const query = [{ type: 'data_row_id', operator: 'is', ids: [r0.id, r1.id, r2.id] }];
      const exportCatalog = async (catalog: Record<string, unknown>) => {
        const res = await sut.gql(exportOps.catalog, catalogInput(query, exportParams(false, catalog)));
        if (res.body.errors) return { errors: res.body.errors, rows: new Map<string, any>() };
        const stream = (await readExportStream(sut, res.body.data.exportDataRowsInCatalog.taskId))!;
        return { errors: undefined, rows: new Map(stream.rows.map((l) => [l.data_row.id as string, l])) };
      };

      const named = (
        await exportCatalog({
          modelRunIds: [run.id],
          includeModelRunDetails: true,
          projectIds: [m.projectId],
        })
      ).rows;
      const block = named.get(r0.id).experiments[m.model.id];
      assert.equal(block.name, m.model.name);
      assert.deepEqual(Object.keys(block.runs), [run.id]);
      assert.equal(block.runs[run.id].name, 'catalog run');
      assert.equal(block.runs[run.id].split, 'training');
      assert.equal(block.runs[run.id].labels.length, 1);
      // Projects are still listed beside experiments; a row in no run (r2 has no label to upsert) has none.
      assert.deepEqual(Object.keys(named.get(r0.id).projects), [m.projectId]);
      assert.deepEqual(named.get(r2.id).experiments, {});

      const all = (await exportCatalog({ allModelRuns: true })).rows;
      assert.deepEqual(
        Object.keys(all.get(r1.id).experiments[m.model.id].runs).sort(),
        [run.id, other.id].sort(),
      );
      // Without model runs asked for, rows carry no experiments.
      assert.equal((await exportCatalog({})).rows.get(r0.id).experiments, undefined);

      const unknown = await exportCatalog({ modelRunIds: ['nope'] });
      assert.equal(unknown.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST');
      assert.match(unknown.errors?.[0]?.message ?? '', /modelRunIds.*model run not found: nope/);
    });
  });
}
