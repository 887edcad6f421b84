import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newId } from '../src/ids.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { importByFile, ops, setupLabelProject } from './label.factory.ts';
import { addPredictions, createRun, modelOps } from './model.factory.ts';
import { CONNECT_ONTOLOGY, CREATE_ONTOLOGY } from './ontology.helpers.ts';
import { createProjectOperation, DEFAULT_QUALITY } from './project.factory.ts';

/** `send_to_annotate_from_catalog` as the SDK 6.0 sends it. */
const FROM_CATALOG = `mutation SendToAnnotateFromCatalogPyApi($input: SendToAnnotateFromCatalogInput!) {
                            sendToAnnotateFromCatalog(input: $input) {
                              taskId
                            }
                          }
        `;
const FROM_MEA = `mutation SendToAnnotateFromMeaPyApi($input: SendToAnnotateFromMeaInput!) {
                            sendToAnnotateFromMea(input: $input) {
                              taskId
                            }
                          }
        `;
const GET_TASK = `query GetUserCreatedTasksPyApi($param_0: ID!, $param_1: ID!){user(where: {id: $param_1}){createdTasks(where: {id: $param_0} skip: 0 first: 100){completionPercentage createdAt errors metadata name result status type id updatedAt}}}`;
const BATCHES = `query GetProjectBatchesPyApi($param_0: ID!){project(where: {id: $param_0}){batches(first: 100){nodes{name size id}}}}`;

const SOURCE_BOX = { top: 1, left: 2, height: 3, width: 4 };
const OTHER_BOX = { top: 50, left: 50, height: 5, width: 5 };

for (const dialect of dialects) {
  describe(`send to annotate (${dialect})`, () => {
    let sut: TestServer;
    before(async () => {
      sut = await startTestServer({ dialect });
    });
    after(async () => sut.close());

    /** A source project whose first three images carry a box and a point each. */
    const source = async () => {
      const p = await setupLabelProject(sut, { images: 4, texts: 0 });
      const lines = p.images.slice(0, 3).flatMap((r, i) => [
        { uuid: `b${i}-${r.id}`, dataRow: { id: r.id }, name: 'box', bbox: SOURCE_BOX },
        { uuid: `p${i}-${r.id}`, dataRow: { id: r.id }, name: 'pt', point: { x: 5, y: 6 } },
      ]);
      const res = await importByFile(sut, 'GT', p.projectId, `src-${p.projectId}`, lines);
      assert.equal(res.import.state, 'FINISHED');
      const tools = p.ontology.normalized.tools as Array<{
        name: string;
        featureSchemaId: string;
      }>;
      return { ...p, featureOf: (name: string) => tools.find((t) => t.name === name)!.featureSchemaId };
    };
    const project = async (ontologyId: string) => {
      const vars = { name: `dst-${newId()}`, allowedMediaType: 'IMAGE', ...DEFAULT_QUALITY };
      const id = (await sut.data(createProjectOperation(vars), vars)).createProject.id as string;
      await sut.data(CONNECT_ONTOLOGY, { projectId: id, ontologyId });
      return id;
    };
    const input = (destinationProjectId: string, ids: string[], extra: Record<string, unknown> = {}) => ({
      destinationProjectId,
      batchInput: { batchName: 'sta', batchPriority: 5 },
      destinationTaskQueue: { type: 'done' },
      excludeDataRowsInProject: false,
      annotationsInput: null,
      predictionsInput: null,
      conflictLabelsResolutionStrategy: 'KEEP_EXISTING',
      searchQuery: { scope: null, query: [{ type: 'data_row_id', operator: 'is', ids }] },
      ordering: { type: 'RANDOM', random: { seed: 42 }, sorting: null },
      sorting: null,
      limit: null,
      ...extra,
    });
    const send = async (vars: Record<string, unknown>) => {
      const taskId = (await sut.data(FROM_CATALOG, { input: vars })).sendToAnnotateFromCatalog.taskId;
      const [task] = (await sut.data(GET_TASK, { param_0: taskId, param_1: sut.actor.userId })).user
        .createdTasks;
      assert.equal(task.type, 'send-to-annotate');
      return { ...task, outcome: JSON.parse(task.result) };
    };
    /** Each data row's label in a project as v1 objects `[title, bbox | point]`. */
    const labelsOf = async (projectId: string) => {
      const labels = (await sut.data(ops.sdkLabels(0), { projectId })).project.labels as any[];
      const rows = await sut.db
        .selectFrom('labels')
        .select(['id', 'data_row_id'])
        .where('project_id', '=', projectId)
        .execute();
      const rowOf = new Map(rows.map((r) => [r.id, r.data_row_id]));
      return new Map(
        labels.map((l) => [
          rowOf.get(l.id)!,
          (JSON.parse(l.label).objects as any[]).map((o) => [o.title, o.bbox ?? o.point]).sort(),
        ]),
      );
    };
    const copied = [
      ['box', SOURCE_BOX],
      ['pt', { x: 5, y: 6 }],
    ].sort();

    it('adds the rows as a batch and carries the source labels over with the same features', async () => {
      const src = await source();
      const dst = await project(src.ontology.id);
      const ids = src.images.slice(0, 2).map((r) => r.id);
      const task = await send(
        input(dst, ids, { annotationsInput: { projectId: src.projectId, featureSchemaIdsMapping: {} } }),
      );
      assert.equal(task.status, 'COMPLETE');
      assert.deepEqual(task.outcome.errors, []);
      assert.equal(task.outcome.addedCount, 2);
      assert.equal(task.outcome.labelsCreated, 2);
      const labels = await labelsOf(dst);
      assert.deepEqual(labels.get(ids[0]!), copied);
      assert.deepEqual(labels.get(ids[1]!), copied);
      const batches = (await sut.data(BATCHES, { param_0: dst })).project.batches.nodes;
      assert.deepEqual(
        batches.map((b: any) => [b.name, b.size]),
        [['sta', 2]],
      );
    });

    it('KEEP_EXISTING leaves a row labelled in the destination as it was', async () => {
      const src = await source();
      const dst = await project(src.ontology.id);
      const [a, b] = src.images as [any, any];
      await send(input(dst, [a.id]));
      await importByFile(sut, 'GT', dst, 'own', [
        { uuid: `own-${a.id}`, dataRow: { id: a.id }, name: 'box', bbox: OTHER_BOX },
      ]);
      const task = await send(input(dst, [a.id, b.id], { annotationsInput: { projectId: src.projectId } }));
      assert.deepEqual(
        [task.outcome.labelsKept, task.outcome.labelsCreated, task.outcome.labelsOverridden],
        [1, 1, 0],
      );
      const labels = await labelsOf(dst);
      assert.deepEqual(labels.get(a.id), [['box', OTHER_BOX]]);
      assert.deepEqual(labels.get(b.id), copied);
    });

    it('OVERRIDE_WITH_ANNOTATIONS replaces the label a row has in the destination', async () => {
      const src = await source();
      const dst = await project(src.ontology.id);
      const [a] = src.images as [any];
      await send(input(dst, [a.id]));
      await importByFile(sut, 'GT', dst, 'own', [
        { uuid: `own2-${a.id}`, dataRow: { id: a.id }, name: 'box', bbox: OTHER_BOX },
      ]);
      const task = await send(
        input(dst, [a.id], {
          annotationsInput: { projectId: src.projectId },
          conflictLabelsResolutionStrategy: 'OVERRIDE_WITH_ANNOTATIONS',
        }),
      );
      assert.deepEqual([task.outcome.labelsOverridden, task.outcome.labelsCreated], [1, 0]);
      assert.deepEqual((await labelsOf(dst)).get(a.id), copied);
      assert.deepEqual(task.outcome.batches, [], 'a row already in the project is not added again');
    });

    it('excludeDataRowsInProject leaves rows already in the project untouched', async () => {
      const src = await source();
      const dst = await project(src.ontology.id);
      const [a, , c] = src.images as [any, any, any];
      await send(input(dst, [a.id]));
      const task = await send(
        input(dst, [a.id, c.id], {
          excludeDataRowsInProject: true,
          annotationsInput: { projectId: src.projectId },
          conflictLabelsResolutionStrategy: 'OVERRIDE_WITH_ANNOTATIONS',
        }),
      );
      assert.deepEqual(
        [task.outcome.excludedCount, task.outcome.addedCount, task.outcome.labelsCreated],
        [1, 1, 1],
      );
      const labels = await labelsOf(dst);
      assert.equal(labels.has(a.id), false);
      assert.deepEqual(labels.get(c.id), copied);
      assert.deepEqual(
        task.outcome.batches.map((b: any) => b.name),
        ['sta_1'],
      );
    });

    it('maps features into another ontology and reports the annotations it had to leave out', async () => {
      const src = await source();
      const ontology = (
        await sut.data(CREATE_ONTOLOGY, {
          data: {
            name: `o2-${newId()}`,
            normalized: JSON.stringify({
              tools: [{ tool: 'rectangle', name: 'rect2' }],
              classifications: [],
            }),
            mediaType: 'IMAGE',
          },
        })
      ).upsertOntology;
      const rect2 = ontology.normalized.tools[0].featureSchemaId as string;
      const dst = await project(ontology.id);
      const [a] = src.images as [any];
      const task = await send(
        input(dst, [a.id], {
          annotationsInput: {
            projectId: src.projectId,
            featureSchemaIdsMapping: { [src.featureOf('box')]: rect2 },
          },
        }),
      );
      assert.deepEqual((await labelsOf(dst)).get(a.id), [['rect2', SOURCE_BOX]]);
      assert.equal(task.outcome.errors.length, 1);
      assert.equal(task.outcome.errors[0].dataRowId, a.id);
      assert.match(task.outcome.errors[0].error, /1 annotation\(s\) left out/);
    });

    it('reports rows it cannot find per row, and fails the task when it finds none', async () => {
      const src = await source();
      const dst = await project(src.ontology.id);
      const partial = await send(input(dst, [src.images[0]!.id, 'cnosuchrow000000000000000']));
      assert.equal(partial.status, 'COMPLETE');
      assert.deepEqual(partial.outcome.errors, [
        { dataRowId: 'cnosuchrow000000000000000', error: 'Data row not found' },
      ]);
      const byKey = await send({
        ...input(dst, []),
        searchQuery: { scope: null, query: [{ type: 'global_key', operator: 'is', ids: ['no-such-key'] }] },
      });
      assert.equal(byKey.status, 'FAILED');
      assert.deepEqual(JSON.parse(byKey.result).errors, [
        { globalKey: 'no-such-key', error: 'Data row not found' },
      ]);
    });

    it('puts the sent rows in the destination task queue, or in Done by default', async () => {
      const src = await setupLabelProject(sut, { images: 2, texts: 0 });
      const dst = await project(src.ontology.id);
      const queues = (
        await sut.data(
          `query Q($projectId: ID!) { project(where: {id: $projectId}) { taskQueues { id queueType } } }`,
          { projectId: dst },
        )
      ).project.taskQueues as Array<{ id: string; queueType: string }>;
      const review = queues.find((q) => q.queueType === 'MANUAL_REVIEW_QUEUE')!;
      await send(input(dst, [src.images[0]!.id], { destinationTaskQueue: { type: 'id', value: review.id } }));
      await send(input(dst, [src.images[1]!.id]));
      const states = await sut.db
        .selectFrom('project_data_rows')
        .select(['data_row_id', 'workflow_status'])
        .where('project_id', '=', dst)
        .execute();
      const of = (id: string) => states.find((r) => r.data_row_id === id)?.workflow_status;
      assert.equal(of(src.images[0]!.id), 'IN_REVIEW');
      assert.equal(of(src.images[1]!.id), 'DONE');
    });

    it('refuses task queues, predictions and a mismatched conflict rule before doing anything', async () => {
      const src = await source();
      const dst = await project(src.ontology.id);
      const ids = [src.images[0]!.id];
      const code = async (extra: Record<string, unknown>) =>
        (await sut.gql(FROM_CATALOG, { input: input(dst, ids, extra) })).body.errors?.[0]?.extensions.code;
      assert.equal(
        await code({ destinationTaskQueue: { type: 'id', value: 'cnosuchqueue0000000000000' } }),
        'RESOURCE_NOT_FOUND',
      );
      assert.equal(
        await code({
          predictionsInput: {
            modelRunId: 'cnosuchrun0000000000000000',
            featureSchemaIdsMapping: {},
            minConfidence: 0,
            maxConfidence: 1,
          },
        }),
        'RESOURCE_NOT_FOUND',
      );
      assert.equal(
        await code({ conflictLabelsResolutionStrategy: 'OVERRIDE_WITH_PREDICTIONS' }),
        'MALFORMED_REQUEST',
      );
      assert.equal(
        await code({ conflictLabelsResolutionStrategy: 'OVERRIDE_WITH_ANNOTATIONS' }),
        'MALFORMED_REQUEST',
      );
      assert.equal(await code({ batchInput: { batchName: 'b', batchPriority: 9 } }), 'MALFORMED_REQUEST');
      assert.equal(
        await code({ searchQuery: { scope: null, query: [{ type: 'dataset', ids: ['x'] }] } }),
        'MALFORMED_REQUEST',
      );
      assert.equal((await sut.data(BATCHES, { param_0: dst })).project.batches.nodes.length, 0);
    });

    it('sends rows of a model run; rows outside the run are reported', async () => {
      const src = await source();
      const dst = await project(src.ontology.id);
      const model = (
        await sut.data(modelOps.createModel, { name: `m-${newId()}`, ontologyId: src.ontology.id })
      ).createModel;
      const run = await createRun(sut, model.id);
      const [a, b] = src.images as [any, any];
      await sut.data(modelOps.upsertDataRows, { modelRunId: run.id, dataRowIds: [a.id], globalKeys: null });
      const taskId = (
        await sut.data(FROM_MEA, {
          input: {
            destinationProjectId: dst,
            batchInput: { batchName: 'from-model', batchPriority: 3 },
            destinationTaskQueue: { type: 'done' },
            excludeDataRowsInProject: false,
            annotationsInput: null,
            predictionsInput: null,
            conflictLabelsResolutionStrategy: 'KEEP_EXISTING',
            searchQuery: [{ type: 'data_row_id', operator: 'is', ids: [a.id, b.id] }],
            sourceModelRunId: run.id,
          },
        })
      ).sendToAnnotateFromMea.taskId;
      const [task] = (await sut.data(GET_TASK, { param_0: taskId, param_1: sut.actor.userId })).user
        .createdTasks;
      const outcome = JSON.parse(task.result);
      assert.equal(outcome.addedCount, 1);
      assert.deepEqual(outcome.errors, [
        { dataRowId: b.id, error: `Data row is not in model run ${run.id}` },
      ]);
    });

    it("sends a model run's predictions as pre-labels: KEEP_EXISTING, OVERRIDE_WITH_PREDICTIONS, confidence band", async () => {
      const src = await source();
      const dst = await project(src.ontology.id);
      const model = (
        await sut.data(modelOps.createModel, { name: `m-${newId()}`, ontologyId: src.ontology.id })
      ).createModel;
      const run = await createRun(sut, model.id);
      const [a, b, c] = src.images as [any, any, any];
      await sut.data(modelOps.upsertDataRows, {
        modelRunId: run.id,
        dataRowIds: [a.id, b.id, c.id],
        globalKeys: null,
      });
      const pred = (row: string, n: number, confidence: number, bbox = OTHER_BOX) => ({
        uuid: `50000000-0000-4000-8000-00000000000${n}`,
        dataRow: { id: row },
        name: 'box',
        bbox,
        confidence,
      });
      const imp = await addPredictions(sut, run.id, 'p', [
        pred(a.id, 1, 0.9),
        pred(a.id, 2, 0.2, SOURCE_BOX), // below minConfidence 0.5: left out
        pred(b.id, 3, 0.8),
        pred(c.id, 4, 0.7),
      ]);
      assert.equal(imp.import.state, 'FINISHED');
      // b and c join the destination first; b gets a pre-label there (MAL), c a label.
      await send(input(dst, [b.id, c.id]));
      const mal = await importByFile(sut, 'MAL', dst, `mal-${dst}`, [
        { uuid: `mal-${b.id}`, dataRow: { id: b.id }, name: 'pt', point: { x: 1, y: 1 } },
      ]);
      assert.equal(mal.import.state, 'FINISHED');
      const gt = await importByFile(sut, 'GT', dst, `gt-${dst}`, [
        { uuid: `gt-${c.id}`, dataRow: { id: c.id }, name: 'pt', point: { x: 2, y: 2 } },
      ]);
      assert.equal(gt.import.state, 'FINISHED');
      const prelabels = async () => {
        const rows = await sut.db
          .selectFrom('prelabels')
          .select(['data_row_id', 'content'])
          .where('project_id', '=', dst)
          .execute();
        return new Map(
          rows.map((r) => [
            r.data_row_id,
            (JSON.parse(r.content).objects as any[]).map((o) => [o.name, o.bbox ?? o.point]),
          ]),
        );
      };
      const fromModel = async (strategy: string) => {
        const taskId = (
          await sut.data(FROM_MEA, {
            input: {
              destinationProjectId: dst,
              batchInput: { batchName: 'preds', batchPriority: 5 },
              destinationTaskQueue: { type: 'done' },
              excludeDataRowsInProject: false,
              annotationsInput: null,
              predictionsInput: {
                featureSchemaIdsMapping: {},
                modelRunId: run.id,
                minConfidence: 0.5,
                maxConfidence: 1,
              },
              conflictLabelsResolutionStrategy: strategy,
              searchQuery: [{ type: 'data_row_id', operator: 'is', ids: [a.id, b.id, c.id] }],
              sourceModelRunId: run.id,
            },
          })
        ).sendToAnnotateFromMea.taskId;
        const [task] = (await sut.data(GET_TASK, { param_0: taskId, param_1: sut.actor.userId })).user
          .createdTasks;
        assert.equal(task.status, 'COMPLETE');
        return JSON.parse(task.result);
      };

      // KEEP_EXISTING: a (new to the project) gets its prediction; b keeps its pre-label, c its label.
      const kept = await fromModel('KEEP_EXISTING');
      assert.deepEqual([kept.prelabelsCreated, kept.prelabelsOverridden, kept.prelabelsKept], [1, 0, 2]);
      assert.equal(kept.labelsCreated, 0);
      let now = await prelabels();
      assert.deepEqual(now.get(a.id), [['box', OTHER_BOX]]);
      assert.deepEqual(now.get(b.id), [['pt', { x: 1, y: 1 }]]);
      assert.equal(now.has(c.id), false);

      // OVERRIDE_WITH_PREDICTIONS: pre-labels are replaced (a, b) or added (c); c's label stays as it was.
      const overridden = await fromModel('OVERRIDE_WITH_PREDICTIONS');
      assert.deepEqual(
        [overridden.prelabelsCreated, overridden.prelabelsOverridden, overridden.prelabelsKept],
        [1, 2, 0],
      );
      now = await prelabels();
      assert.deepEqual(
        [now.get(a.id), now.get(b.id), now.get(c.id)],
        [[['box', OTHER_BOX]], [['box', OTHER_BOX]], [['box', OTHER_BOX]]],
      );
      assert.deepEqual((await labelsOf(dst)).get(c.id), [['pt', { x: 2, y: 2 }]]);
      assert.equal(
        (await sut.db.selectFrom('labels').select('id').where('project_id', '=', dst).execute()).length,
        1,
      );
      // A confidence band upside down is refused before anything is sent.
      const bad = await sut.gql(FROM_MEA, {
        input: {
          destinationProjectId: dst,
          batchInput: { batchName: 'x', batchPriority: 5 },
          destinationTaskQueue: { type: 'done' },
          predictionsInput: { modelRunId: run.id, minConfidence: 0.9, maxConfidence: 0.1 },
          searchQuery: [{ type: 'data_row_id', operator: 'is', ids: [a.id] }],
          sourceModelRunId: run.id,
        },
      });
      assert.equal(bad.body.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST');
      assert.match(bad.body.errors?.[0]?.message ?? '', /maxConfidence/);
    });
  });
}
