import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { ops } from './label.factory.ts';
import { createRun, modelOps, MODEL_FIELDS, MODEL_RUN_FIELDS, setupModel } from './model.factory.ts';
import { createProjectOperation } from './project.factory.ts';

for (const dialect of dialects) {
  describe(`models and model configs (${dialect})`, () => {
    let sut: TestServer;
    before(async () => {
      sut = await startTestServer({ dialect });
    });
    after(async () => sut.close());

    it("creates, finds, lists and deletes models with the SDK's operation texts", async () => {
      const m = await setupModel(sut, { labelled: 0 });
      assert.deepEqual(Object.keys(m.model), MODEL_FIELDS.split(' '));
      assert.equal(m.model.ontologyId, m.ontology.id);
      const got = (await sut.data(modelOps.getModel, { param_0: m.model.id })).model;
      assert.deepEqual(got, m.model);
      const byName = (await sut.data(modelOps.getModels(0), { param_0: m.model.name })).models;
      assert.deepEqual(byName, [m.model]);
      const missing = await sut.gql(modelOps.createModel, {
        name: 'x',
        ontologyId: 'cnosuchontology0000000000',
      });
      assert.equal(missing.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
      const blank = await sut.gql(modelOps.createModel, { name: ' ', ontologyId: m.ontology.id });
      assert.equal(blank.body.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST');
      assert.match(blank.body.errors?.[0]?.message ?? '', /data\.name/);
      const run = await createRun(sut, m.model.id);
      assert.equal((await sut.data(modelOps.deleteModel, { ids: m.model.id })).deleteModels, true);
      assert.equal(
        (await sut.gql(modelOps.getModel, { param_0: m.model.id })).body.errors?.[0]?.extensions.code,
        'RESOURCE_NOT_FOUND',
      );
      assert.equal(
        (await sut.gql(modelOps.getModelRun, { param_0: run.id })).body.errors?.[0]?.extensions.code,
        'RESOURCE_NOT_FOUND',
      );
    });

    it('answers run_foundry_app\'s app lookup with a clear "not supported on this server"', async () => {
      const res = await sut.gql(
        `query GetFoundryAppByIdPyApi($id: ID!) { findModelFoundryApp(where: {id: $id}) { id modelId name description inferenceParams classToSchemaId ontologyId createdBy } }`,
        { id: 'app' },
      );
      assert.equal(res.body.errors?.[0]?.extensions.code, 'OPERATION_NOT_ALLOWED');
      assert.match(res.body.errors?.[0]?.message ?? '', /not supported on this server/);
    });

    it('attaches configs to projects; model setup completes only on live model-evaluation projects', async () => {
      const m = await setupModel(sut, { labelled: 0 });
      const config = (
        await sut.data(modelOps.createModelConfig, {
          modelId: m.model.id,
          inferenceParams: { temperature: 0.2 },
          name: 'cfg',
        })
      ).createModelConfig;
      assert.deepEqual(Object.keys(config), ['modelId', 'inferenceParams', 'id', 'name']);
      assert.deepEqual(config.inferenceParams, { temperature: 0.2 });
      const pmcId = (
        await sut.data(modelOps.addModelConfig, { projectId: m.projectId, modelConfigId: config.id })
      ).createProjectModelConfig.projectModelConfigId;
      const again = (
        await sut.data(modelOps.addModelConfig, { projectId: m.projectId, modelConfigId: config.id })
      ).createProjectModelConfig.projectModelConfigId;
      assert.equal(again, pmcId, 'attaching twice is idempotent');
      const listed = (await sut.data(modelOps.projectModelConfigs, { id: m.projectId })).project
        .projectModelConfigs;
      assert.deepEqual(listed, [
        {
          id: pmcId,
          modelConfigId: config.id,
          modelConfig: { id: config.id, modelId: m.model.id, inferenceParams: { temperature: 0.2 } },
          projectId: m.projectId,
        },
      ]);
      const plain = await sut.gql(modelOps.setModelSetupComplete, { projectId: m.projectId });
      assert.equal(plain.body.errors?.[0]?.extensions.code, 'OPERATION_NOT_ALLOWED');
      assert.equal(
        (await sut.data(modelOps.deleteProjectModelConfig, { id: pmcId })).deleteProjectModelConfig.success,
        true,
      );
      assert.deepEqual(
        (await sut.data(modelOps.projectModelConfigs, { id: m.projectId })).project.projectModelConfigs,
        [],
      );

      const vars = {
        name: 'chat',
        allowedMediaType: 'CONVERSATIONAL',
        editorTaskType: 'MODEL_CHAT_EVALUATION',
      };
      const chat = (await sut.data(createProjectOperation(vars), vars)).createProject;
      await sut.data(modelOps.addModelConfig, { projectId: chat.id, modelConfigId: config.id });
      const done = (await sut.data(modelOps.setModelSetupComplete, { projectId: chat.id }))
        .setProjectModelSetupComplete;
      assert.deepEqual(done, { modelSetupComplete: true });
      const frozen = await sut.gql(modelOps.addModelConfig, { projectId: chat.id, modelConfigId: config.id });
      assert.equal(frozen.body.errors?.[0]?.extensions.code, 'OPERATION_NOT_ALLOWED');

      assert.equal(
        (await sut.data(modelOps.deleteModelConfig, { id: config.id })).deleteModelConfig.success,
        true,
      );
      const gone = await sut.gql(modelOps.deleteModelConfig, { id: config.id });
      assert.equal(gone.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
      const bad = await sut.gql(modelOps.createModelConfig, {
        modelId: m.model.id,
        inferenceParams: [1],
        name: 'c',
      });
      assert.match(bad.body.errors?.[0]?.message ?? '', /input\.inferenceParams/);
    });
  });

  describe(`model runs (${dialect})`, () => {
    let sut: TestServer;
    before(async () => {
      sut = await startTestServer({ dialect });
    });
    after(async () => sut.close());

    const groups = async (runId: string, first = 100) => {
      const out: any[] = [];
      let from: string | null = null;
      for (;;) {
        const page: any = (await sut.data(modelOps.modelRunDataRows, { modelRunId: runId, from, first }))
          .annotationGroups;
        out.push(...page.nodes);
        from = page.pageInfo.endCursor;
        if (from === null) return out;
      }
    };

    it('creates runs with a config, lists them under the model, refuses a duplicate name', async () => {
      const m = await setupModel(sut, { labelled: 0 });
      const run = await createRun(sut, m.model.id, 'r1', { lr: 0.1 });
      assert.deepEqual(Object.keys(run), MODEL_RUN_FIELDS.split(' '));
      assert.deepEqual(run.trainingMetadata, { lr: 0.1 });
      const got = (await sut.data(modelOps.getModelRun, { param_0: run.id })).modelRun;
      assert.equal(got.modelId, m.model.id);
      assert.equal(got.createdBy, sut.actor.userId);
      const dup = await sut.gql(modelOps.createModelRun, { name: 'r1', config: null, modelId: m.model.id });
      assert.equal(dup.body.errors?.[0]?.extensions.code, 'RESOURCE_CONFLICT');
      await createRun(sut, m.model.id, 'r2');
      const runs = (await sut.data(modelOps.modelRuns, { param_0: m.model.id })).model.modelRuns;
      assert.deepEqual(
        runs.map((r: any) => r.name),
        ['r1', 'r2'],
      );
    });

    it('registers data rows by id and global key; an unknown row fails the task and writes nothing', async () => {
      const m = await setupModel(sut, { labelled: 0 });
      const run = await createRun(sut, m.model.id);
      const [a, b, c] = m.images as [any, any, any];
      const task = (
        await sut.data(modelOps.upsertDataRows, {
          modelRunId: run.id,
          dataRowIds: [a.id],
          globalKeys: [b.globalKey],
        })
      ).createMEAModelRunDataRowRegistrationTask;
      const status = (await sut.data(modelOps.dataRowTaskStatus, { where: { id: task } }))
        .MEADataRowRegistrationTaskStatus;
      assert.deepEqual(status, { status: 'COMPLETE', errorMessage: null });
      const bad = (
        await sut.data(modelOps.upsertDataRows, {
          modelRunId: run.id,
          dataRowIds: [c.id, 'cnosuchrow000000000000000'],
          globalKeys: null,
        })
      ).createMEAModelRunDataRowRegistrationTask;
      const failed = (await sut.data(modelOps.dataRowTaskStatus, { where: { id: bad } }))
        .MEADataRowRegistrationTaskStatus;
      assert.equal(failed.status, 'FAILED');
      assert.match(failed.errorMessage, /cnosuchrow000000000000000/);
      const rows = await groups(run.id);
      assert.deepEqual(rows.map((r) => r.dataRow.id).sort(), [a.id, b.id].sort());
      assert.ok(
        rows.every((r) => r.labelId === null && r.dataSplit === 'UNASSIGNED' && r.modelRunId === run.id),
      );
      assert.equal(
        rows[0].dataRow.globalKey === a.globalKey || rows[0].dataRow.globalKey === b.globalKey,
        true,
      );
      const empty = await sut.gql(modelOps.upsertDataRows, {
        modelRunId: run.id,
        dataRowIds: null,
        globalKeys: null,
      });
      assert.equal(empty.body.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST');
      const otherKind = await sut.gql(modelOps.labelTaskStatus, { where: { id: task } });
      assert.equal(otherKind.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
    });

    it('registers labels by id and by project, assigns splits, pages, deletes rows and runs', async () => {
      const m = await setupModel(sut, { images: 4, labelled: 2 });
      const run = await createRun(sut, m.model.id);
      const labels = (await sut.data(ops.sdkLabels(0), { projectId: m.projectId })).project.labels as any[];
      assert.equal(labels.length, 2);
      const byIds = (
        await sut.data(modelOps.upsertLabelIds, { modelRunId: run.id, labelIds: [labels[0].id] })
      ).createMEAModelRunLabelRegistrationTask;
      assert.equal(
        (await sut.data(modelOps.labelTaskStatus, { where: { id: byIds } })).MEALabelRegistrationTaskStatus
          .status,
        'COMPLETE',
      );
      assert.equal((await groups(run.id)).length, 1);
      const byProject = (
        await sut.data(modelOps.upsertProjectLabels, { modelRunId: run.id, projectId: m.projectId })
      ).createMEAModelRunProjectLabelRegistrationTask;
      assert.equal(
        (await sut.data(modelOps.labelTaskStatus, { where: { id: byProject } }))
          .MEALabelRegistrationTaskStatus.status,
        'COMPLETE',
      );
      await sut.data(modelOps.upsertDataRows, {
        modelRunId: run.id,
        dataRowIds: [m.images[3]!.id],
        globalKeys: null,
      });
      let rows = await groups(run.id, 2);
      assert.equal(rows.length, 3, 'paged two at a time');
      const labelOf = new Map(rows.map((r) => [r.dataRow.id, r.labelId]));
      const labelled = new Map(labels.map((l) => [l.id, l]));
      for (const img of m.labelled) assert.ok(labelled.has(labelOf.get(img.id)));
      assert.equal(labelOf.get(m.images[3]!.id), null);

      const split = (
        await sut.data(modelOps.assignSplit, {
          modelRunId: run.id,
          data: { assignments: [{ split: 'TRAINING', dataRowIds: [m.images[0]!.id], globalKeys: null }] },
        })
      ).createAssignDataRowsToDataSplitTask;
      assert.equal(
        (await sut.data(modelOps.splitTaskStatus, { id: split })).assignDataRowsToDataSplitTaskStatus.status,
        'COMPLETE',
      );
      await sut.data(modelOps.assignSplit, {
        modelRunId: run.id,
        data: { assignments: [{ split: 'TEST', dataRowIds: null, globalKeys: [m.images[3]!.globalKey] }] },
      });
      const outside = (
        await sut.data(modelOps.assignSplit, {
          modelRunId: run.id,
          data: { assignments: [{ split: 'TEST', dataRowIds: [m.images[2]!.id], globalKeys: null }] },
        })
      ).createAssignDataRowsToDataSplitTask;
      const refused = (await sut.data(modelOps.splitTaskStatus, { id: outside }))
        .assignDataRowsToDataSplitTaskStatus;
      assert.equal(refused.status, 'FAILED');
      assert.match(refused.errorMessage, /not in model run/);
      rows = await groups(run.id);
      const splitOf = new Map(rows.map((r) => [r.dataRow.id, r.dataSplit]));
      assert.deepEqual(
        [splitOf.get(m.images[0]!.id), splitOf.get(m.images[1]!.id), splitOf.get(m.images[3]!.id)],
        ['TRAINING', 'UNASSIGNED', 'TEST'],
      );

      await sut.data(modelOps.deleteModelRunDataRows, { modelRunId: run.id, dataRowIds: [m.images[3]!.id] });
      assert.equal((await groups(run.id)).length, 2);
      await sut.data(modelOps.deleteModelRun, { ids: run.id });
      assert.equal(
        (await sut.gql(modelOps.getModelRun, { param_0: run.id })).body.errors?.[0]?.extensions.code,
        'RESOURCE_NOT_FOUND',
      );
    });

    it('merges, reads and resets the config; sets the pipeline status (experimental /_gql)', async () => {
      const m = await setupModel(sut, { labelled: 0 });
      const run = await createRun(sut, m.model.id, 'cfg', { lr: 0.1 });
      const gql = { path: '/_gql' };
      const updated = (
        await sut.data(modelOps.updateConfig, { modelRunId: run.id, data: { config: { epochs: 3 } } }, gql)
      ).updateModelRunConfig;
      assert.deepEqual(updated, { trainingMetadata: { lr: 0.1, epochs: 3 } });
      assert.deepEqual(
        (await sut.data(modelOps.getConfig, { modelRunId: run.id }, gql)).modelRun.trainingMetadata,
        {
          lr: 0.1,
          epochs: 3,
        },
      );
      assert.deepEqual(
        (await sut.data(modelOps.resetConfig, { modelRunId: run.id }, gql)).resetModelRunConfig,
        {
          trainingMetadata: null,
        },
      );
      const status = await sut.data(
        modelOps.updateStatus,
        { modelRunId: run.id, data: { status: 'TRAINING_MODEL', metadata: { k: 'v' } } },
        gql,
      );
      assert.deepEqual(status.updateTrainingPipeline, { status: 'TRAINING_MODEL' });
      const bad = await sut.gql(
        modelOps.updateStatus,
        { modelRunId: run.id, data: { status: 'DANCING' } },
        gql,
      );
      assert.ok(bad.body.errors?.length);
    });
  });
}
