import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createActor, startTestServer, type TestServer } from './harness.ts';
import {
  BATCH_FIELDS,
  createProjectOperation,
  DEFAULT_QUALITY,
  insertDataRows,
  ISO_MS,
} from './project.factory.ts';

// Operation texts as SDK 6.0 sends them (all on /_gql).
const CREATE_BATCH = `mutation createBatchV2PyApi($projectId: ID!, $batchInput: CreateBatchInput!) {
                  project(where: {id: $projectId}) {
                    createBatchV2(input: $batchInput) {
                        batch {
                            ${BATCH_FIELDS}
                        }
                        failedDataRowIds
                    }
                  }
                }`;
const CREATE_EMPTY = `mutation createEmptyBatchPyApi($projectId: ID!, $input: CreateEmptyBatchInput!) { project(where: {id: $projectId}) { createEmptyBatch(input: $input) { id } } }`;
const ADD_ASYNC = `mutation addDataRowsToBatchAsyncPyApi($projectId: ID!, $input: AddDataRowsToBatchInput!) { project(where: {id: $projectId}) { addDataRowsToBatchAsync(input: $input) { taskId } } }`;
const GET_TASK = `query GetUserCreatedTasksPyApi($param_0: ID!, $param_1: ID!){user(where: {id: $param_1}){createdTasks(where: {id: $param_0} skip: 0 first: 100){completionPercentage createdAt errors metadata name result status type id updatedAt}}}`;
const GET_BATCH = `query getProjectBatchPyApi($projectId: ID!, $batchId: ID!) { project(where: {id: $projectId}) { batches(where: {id: $batchId}) { nodes { ${BATCH_FIELDS} } } } }`;
const GET_BATCHES = `query GetProjectBatchesPyApi($from: String, $first: PageSize, $projectId: ID!) {
            project(where: {id: $projectId}) {id
            batches(after: $from, first: $first) { nodes { ${BATCH_FIELDS} } pageInfo { endCursor }}}}`;
const GET_DATA_ROW_COUNT = 'query($id: ID!){project(where: {id: $id}){dataRowCount}}';

describe('batches over /_gql (SDK operation texts)', () => {
  let sut: TestServer;
  let rows: { datasetId: string; ids: string[]; keys: string[] };
  const gql = (query: string, variables: Record<string, unknown>, key?: string) =>
    sut.gql(query, variables, { path: '/_gql', ...(key ? { key } : {}) });
  const data = (query: string, variables: Record<string, unknown>) =>
    sut.data(query, variables, { path: '/_gql' });
  const newProject = async (name = 'P') => {
    const vars = { name, allowedMediaType: 'IMAGE', ...DEFAULT_QUALITY };
    return (await sut.data(createProjectOperation(vars), vars)).createProject.id as string;
  };
  const batchInput = (name: string, extra: Record<string, unknown>) => ({
    name,
    dataRowIds: [],
    globalKeys: null,
    priority: 5,
    consensusSettings: null,
    ...extra,
  });

  before(async () => {
    sut = await startTestServer();
    rows = await insertDataRows(sut.db, sut.actor, 60, { keyPrefix: 'gk' });
  });
  after(async () => sut.close());

  it('refuses batches for projects whose rows the server generates (uploadType Auto), on every creation path', async () => {
    const vars = {
      name: 'Prompts',
      allowedMediaType: 'LLM_PROMPT_CREATION',
      datasetNameOrId: 'prompt rows',
      appendToExistingDataset: false,
      dataRowCount: 5,
    };
    const projectId = (await sut.data(createProjectOperation(vars), vars)).createProject.id as string;
    const attempts: Array<[string, Record<string, unknown>]> = [
      [CREATE_BATCH, { projectId, batchInput: batchInput('b', { dataRowIds: rows.ids.slice(0, 2) }) }],
      [CREATE_EMPTY, { projectId, input: { name: 'e', consensusSettings: null } }],
    ];
    for (const [query, variables] of attempts) {
      const res = await gql(query, variables);
      assert.equal(res.body.errors?.[0]?.extensions.code, 'OPERATION_NOT_ALLOWED', query);
      assert.match(res.body.errors[0].message, /uploadType Auto/);
    }
    const count = await data(GET_DATA_ROW_COUNT, { id: projectId });
    assert.equal(count.project.dataRowCount, 0);
  });

  it('creates a batch from data-row ids; unknown and foreign ids come back in failedDataRowIds', async () => {
    const projectId = await newProject();
    const other = await createActor(sut.ctx, 'batch-stranger@example.com', 'batch-stranger-org');
    const foreign = await insertDataRows(sut.db, other, 2);
    const ids = [...rows.ids.slice(0, 10), 'cnotarealdatarow000000000', ...foreign.ids];
    const res = await data(CREATE_BATCH, {
      projectId,
      batchInput: batchInput('by ids', {
        dataRowIds: ids,
        consensusSettings: { numberOfLabels: 3, coveragePercentage: 0.1 },
      }),
    });
    const { batch, failedDataRowIds } = res.project.createBatchV2;
    assert.deepEqual(Object.keys(batch), BATCH_FIELDS.split(' '));
    assert.equal(batch.name, 'by ids');
    assert.equal(batch.size, 10);
    assert.equal(batch.id.length, 25);
    assert.match(batch.createdAt, ISO_MS);
    assert.deepEqual(batch.consensusSettingsJson, { numberOfLabels: 3, coveragePercentage: 0.1 });
    assert.deepEqual(failedDataRowIds, ['cnotarealdatarow000000000', ...foreign.ids]);
    assert.equal((await sut.data(GET_DATA_ROW_COUNT, { id: projectId })).project.dataRowCount, 10);
  });

  it('creates a batch from global keys; a row can be in only one batch of a project', async () => {
    const projectId = await newProject();
    await data(CREATE_BATCH, {
      projectId,
      batchInput: batchInput('first', { dataRowIds: rows.ids.slice(0, 5) }),
    });
    const keys = [...rows.keys.slice(3, 8), 'no-such-key'];
    const res = await data(CREATE_BATCH, {
      projectId,
      batchInput: batchInput('second', { globalKeys: keys }),
    });
    assert.equal(res.project.createBatchV2.batch.size, 3);
    assert.deepEqual(res.project.createBatchV2.failedDataRowIds, ['no-such-key', rows.keys[3], rows.keys[4]]);
    // Another project may hold the same rows.
    const elsewhere = await data(CREATE_BATCH, {
      projectId: await newProject(),
      batchInput: batchInput('first', { globalKeys: keys }),
    });
    assert.equal(elsewhere.project.createBatchV2.batch.size, 5);
  });

  it('answers RESOURCE_CONFLICT for a batch name the project already has, even with the same rows', async () => {
    const projectId = await newProject();
    const variables = {
      projectId,
      batchInput: batchInput('taken', {
        dataRowIds: [...rows.ids.slice(10, 20), 'cnotarealdatarow000000000'],
      }),
    };
    const first = (await data(CREATE_BATCH, variables)).project.createBatchV2;
    assert.equal(first.batch.size, 10);
    for (const again of [variables.batchInput.dataRowIds, rows.ids.slice(20, 22)]) {
      const clash = await gql(CREATE_BATCH, {
        projectId,
        batchInput: batchInput('taken', { dataRowIds: again }),
      });
      assert.equal(clash.body.errors?.[0]?.extensions.code, 'RESOURCE_CONFLICT');
      assert.match(clash.body.errors[0].message, /"taken" already exists/);
    }
    const batches = (await data(GET_BATCHES, { projectId, from: null, first: 10 })).project.batches.nodes;
    assert.deepEqual(
      batches.map((b: { name: string; size: number }) => [b.name, b.size]),
      [['taken', 10]],
    );
    const nothing = await gql(CREATE_BATCH, {
      projectId,
      batchInput: batchInput('dupes only', { dataRowIds: rows.ids.slice(10, 12) }),
    });
    assert.equal(nothing.body.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST');
  });

  it('refuses a null priority instead of defaulting it (the SDK sends priority=None as null)', async () => {
    const projectId = await newProject();
    const res = await gql(CREATE_BATCH, {
      projectId,
      batchInput: batchInput('null prio', { dataRowIds: rows.ids.slice(0, 2), priority: null }),
    });
    assert.equal(res.body.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST');
    assert.equal(
      res.body.errors[0].message,
      'Invalid input.priority: must be an integer from 1 (highest) to 5 (lowest), got null',
    );
    const batches = (await data(GET_BATCHES, { projectId, from: null, first: 10 })).project.batches.nodes;
    assert.deepEqual(batches, [], 'nothing was written');
  });

  it('reports rows whose row data cannot be served (gs:// without delegated access) in failedDataRowIds', async () => {
    const projectId = await newProject();
    const cloud = await insertDataRows(sut.db, sut.actor, 3, {
      rowData: (i) => [`gs://private-bucket/${i}.jpg`, `s3://bucket/${i}.png`, `  plain text row ${i}`][i]!,
    });
    const byKey = await data(CREATE_BATCH, {
      projectId,
      batchInput: batchInput('mixed', {
        dataRowIds: [],
        globalKeys: [rows.keys[40], cloud.keys[0], cloud.keys[1], cloud.keys[2]],
      }),
    });
    assert.equal(byKey.project.createBatchV2.batch.size, 2);
    assert.deepEqual(byKey.project.createBatchV2.failedDataRowIds, [cloud.keys[0], cloud.keys[1]]);
    const byId = await data(CREATE_BATCH, {
      projectId,
      batchInput: batchInput('by id', { dataRowIds: [cloud.ids[0], rows.ids[41]] }),
    });
    assert.equal(byId.project.createBatchV2.batch.size, 1);
    assert.deepEqual(byId.project.createBatchV2.failedDataRowIds, [cloud.ids[0]]);
    assert.equal((await sut.data(GET_DATA_ROW_COUNT, { id: projectId })).project.dataRowCount, 3);
  });

  it('validates row counts and priority, naming the field', async () => {
    const projectId = await newProject();
    const empty = await gql(CREATE_BATCH, { projectId, batchInput: batchInput('empty', {}) });
    assert.equal(empty.body.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST');
    assert.match(empty.body.errors[0].message, /input\.dataRowIds/);
    const tooMany = Array.from({ length: 100_001 }, (_, i) => `c${String(i).padStart(24, '0')}`);
    const big = await gql(CREATE_BATCH, {
      projectId,
      batchInput: batchInput('big', { dataRowIds: tooMany }),
    });
    assert.equal(big.body.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST');
    assert.match(big.body.errors[0].message, /input\.dataRowIds.*100,000/);
    for (const priority of [0, 6]) {
      const bad = await gql(CREATE_BATCH, {
        projectId,
        batchInput: batchInput('prio', { dataRowIds: rows.ids.slice(0, 1), priority }),
      });
      assert.equal(bad.body.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST');
      assert.match(bad.body.errors[0].message, /input\.priority/);
    }
  });

  it('takes the 1,000+ row path: createEmptyBatch, addDataRowsToBatchAsync, first poll COMPLETE, getProjectBatchPyApi', async () => {
    const projectId = await newProject('big');
    const many = await insertDataRows(sut.db, sut.actor, 1_500, { keyPrefix: 'bulk' });
    const empty = await data(CREATE_EMPTY, { projectId, input: { name: 'bulk', consensusSettings: null } });
    const batchId = empty.project.createEmptyBatch.id;
    const retried = await data(CREATE_EMPTY, { projectId, input: { name: 'bulk', consensusSettings: null } });
    assert.equal(retried.project.createEmptyBatch.id, batchId);
    const add = await data(ADD_ASYNC, {
      projectId,
      input: { batchId, dataRowIds: null, globalKeys: many.keys, priority: 5 },
    });
    const taskId = add.project.addDataRowsToBatchAsync.taskId;
    const task = (await sut.data(GET_TASK, { param_0: taskId, param_1: sut.actor.userId })).user.createdTasks;
    assert.equal(task.length, 1);
    assert.equal(task[0].status, 'COMPLETE');
    assert.equal(task[0].type, 'add-data-rows-to-batch');
    const batch = (await data(GET_BATCH, { projectId, batchId })).project.batches.nodes[0];
    assert.equal(batch.size, 1_500);
    assert.equal(batch.name, 'bulk');
    assert.equal((await sut.data(GET_DATA_ROW_COUNT, { id: projectId })).project.dataRowCount, 1_500);
  });

  it('reports a failed async addition as a FAILED task with its error as a JSON string in result', async () => {
    const projectId = await newProject();
    const batchId = (await data(CREATE_EMPTY, { projectId, input: { name: 'doomed' } })).project
      .createEmptyBatch.id;
    const add = await data(ADD_ASYNC, {
      projectId,
      input: { batchId, dataRowIds: ['cnotarealdatarow000000000'], globalKeys: null, priority: 1 },
    });
    const [task] = (
      await sut.data(GET_TASK, {
        param_0: add.project.addDataRowsToBatchAsync.taskId,
        param_1: sut.actor.userId,
      })
    ).user.createdTasks;
    assert.equal(task.status, 'FAILED');
    const parsed = JSON.parse(task.result);
    assert.match(parsed.error, /None of the 1 data rows/);
    assert.deepEqual(parsed.failedDataRowIds, ['cnotarealdatarow000000000']);
    const unknownBatch = await gql(ADD_ASYNC, {
      projectId,
      input: { batchId: 'cnotarealbatch00000000000', dataRowIds: rows.ids.slice(0, 1) },
    });
    assert.equal(unknownBatch.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
  });

  it('pages project.batches() in creation order and ends on a null endCursor', async () => {
    const projectId = await newProject();
    const names = ['b0', 'b1', 'b2', 'b3', 'b4'];
    for (const [i, name] of names.entries()) {
      await data(CREATE_BATCH, {
        projectId,
        batchInput: batchInput(name, { dataRowIds: rows.ids.slice(30 + i * 2, 32 + i * 2) }),
      });
    }
    const seen: string[] = [];
    let from: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const page: { nodes: Array<{ name: string }>; pageInfo: { endCursor: string | null } } = (
        await data(GET_BATCHES, { from, first: 2, projectId })
      ).project.batches;
      seen.push(...page.nodes.map((b) => b.name));
      from = page.pageInfo.endCursor;
      if (!from) break;
    }
    assert.deepEqual(seen, names);
    const all = await data(GET_BATCHES, { from: null, first: 100, projectId });
    assert.equal(all.project.batches.pageInfo.endCursor, null);
    assert.equal(all.project.batches.nodes.length, 5);
  });

  it('create_batches and create_batches_from_dataset name batches <prefix>0000 and return tasks', async () => {
    const projectId = await newProject();
    const createBatches = `mutation createBatchesPyApi($projectId: ID!, $input: CreateBatchesInput!) {
                                      project(where: {id: $projectId}) {
                                        createBatches(input: $input) {
                                          tasks {
                                            batchUuid
                                            taskId
                                          }
                                        }
                                      }
                                    }`;
    const res = await data(createBatches, {
      projectId,
      input: {
        batchNamePrefix: 'many',
        dataRowIds: rows.ids.slice(0, 4),
        globalKeys: null,
        priority: 3,
        consensusSettings: null,
      },
    });
    const [entry] = res.project.createBatches.tasks;
    assert.equal(res.project.createBatches.tasks.length, 1);
    const batch = (await data(GET_BATCH, { projectId, batchId: entry.batchUuid })).project.batches.nodes[0];
    assert.deepEqual([batch.name, batch.size], ['many0000', 4]);
    const [task] = (await sut.data(GET_TASK, { param_0: entry.taskId, param_1: sut.actor.userId })).user
      .createdTasks;
    assert.equal(task.status, 'COMPLETE');
    // A retry of the same request answers the same batches and tasks; anything different is a conflict.
    const retry = await data(createBatches, {
      projectId,
      input: {
        batchNamePrefix: 'many',
        dataRowIds: rows.ids.slice(0, 4),
        globalKeys: null,
        priority: 3,
        consensusSettings: null,
      },
    });
    assert.deepEqual(retry.project.createBatches.tasks, res.project.createBatches.tasks);
    assert.equal(
      (await data(GET_BATCHES, { from: null, first: 100, projectId })).project.batches.nodes.length,
      1,
    );
    for (const [input, message] of [
      [{ dataRowIds: rows.ids.slice(4, 6), priority: 3 }, /with other data rows \(batch many0000\)/],
      [{ dataRowIds: rows.ids.slice(0, 4), priority: 2 }, /with another priority \(3\)/],
      [
        {
          dataRowIds: rows.ids.slice(0, 4),
          priority: 3,
          consensusSettings: { numberOfLabels: 2, coveragePercentage: 1 },
        },
        /with other consensus settings/,
      ],
    ] as const) {
      const again = await gql(createBatches, { projectId, input: { batchNamePrefix: 'many', ...input } });
      assert.equal(again.body.errors?.[0]?.extensions.code, 'RESOURCE_CONFLICT', JSON.stringify(input));
      assert.match(again.body.errors![0]!.message, message);
      assert.match(again.body.errors![0]!.message, /a retry must repeat the same request/);
    }

    const fromDataset = `mutation createBatchesFromDatasetPyApi($projectId: ID!, $input: CreateBatchesFromDatasetInput!) {
                                        project(where: {id: $projectId}) {
                                            createBatchesFromDataset(input: $input) {
                                              tasks {
                                                batchUuid
                                                taskId
                                              }
                                            }
                                        }
                                    }`;
    const ds = await data(fromDataset, {
      projectId,
      input: { batchNamePrefix: 'ds', datasetId: rows.datasetId, priority: 5, consensusSettings: null },
    });
    const dsBatch = (
      await data(GET_BATCH, { projectId, batchId: ds.project.createBatchesFromDataset.tasks[0].batchUuid })
    ).project.batches.nodes[0];
    assert.deepEqual([dsBatch.name, dsBatch.size], ['ds0000', rows.ids.length - 4]);
    assert.equal(
      (await sut.data(GET_DATA_ROW_COUNT, { id: projectId })).project.dataRowCount,
      rows.ids.length,
    );
    const dsRetry = await data(fromDataset, {
      projectId,
      input: { batchNamePrefix: 'ds', datasetId: rows.datasetId, priority: 5, consensusSettings: null },
    });
    assert.deepEqual(
      dsRetry.project.createBatchesFromDataset.tasks,
      ds.project.createBatchesFromDataset.tasks,
    );
    const otherPriority = await gql(fromDataset, {
      projectId,
      input: { batchNamePrefix: 'ds', datasetId: rows.datasetId, priority: 1 },
    });
    assert.equal(otherPriority.body.errors?.[0]?.extensions.code, 'RESOURCE_CONFLICT');
    const nothingLeft = await data(fromDataset, {
      projectId,
      input: { batchNamePrefix: 'ds2', datasetId: rows.datasetId },
    });
    assert.deepEqual(nothingLeft.project.createBatchesFromDataset.tasks, []);
    const missing = await gql(fromDataset, {
      projectId,
      input: { batchNamePrefix: 'x', datasetId: 'cnotarealdataset000000000' },
    });
    assert.equal(missing.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
  });

  it('deletes a batch, removes queued rows and deletes batch labels (none yet)', async () => {
    const projectId = await newProject();
    const made = async (name: string, slice: [number, number]) =>
      (
        await data(CREATE_BATCH, {
          projectId,
          batchInput: batchInput(name, { dataRowIds: rows.ids.slice(...slice) }),
        })
      ).project.createBatchV2.batch.id;
    const a = await made('a', [0, 3]);
    const b = await made('b', [3, 5]);
    const del = await data(
      'mutation DeleteBatchPyApi($projectId: ID!, $batchId: ID!) {\n            project(where: {id: $projectId}) { deleteBatch(batchId: $batchId) { deletedBatchId } }\n        }',
      { projectId, batchId: a },
    );
    assert.equal(del.project.deleteBatch.deletedBatchId, a);
    assert.equal((await sut.data(GET_DATA_ROW_COUNT, { id: projectId })).project.dataRowCount, 2);
    const removed = await data(
      'mutation RemoveQueuedDataRowsFromBatchPyApi($projectId: ID!, $batchId: ID!) {\n            project(where: {id: $projectId}) { removeQueuedDataRowsFromBatch(batchId: $batchId) { id } }\n        }',
      { projectId, batchId: b },
    );
    assert.equal(removed.project.removeQueuedDataRowsFromBatch.id, b);
    assert.equal((await data(GET_BATCH, { projectId, batchId: b })).project.batches.nodes[0].size, 0);
    const labels = await data(
      'mutation DeleteBatchLabelsPyApi($projectId: ID!, $batchId: ID!, $type: DeleteBatchLabelsType!) {\n            project(where: {id: $projectId}) { deleteBatchLabels(batchId: $batchId, data:{ type: $type }) { deletedLabelIds } }\n        }',
      { projectId, batchId: b, type: 'RequeueDataWithLabelAsTemplate' },
    );
    assert.deepEqual(labels.project.deleteBatchLabels.deletedLabelIds, []);
    const gone = await gql(GET_BATCH, { projectId, batchId: a });
    assert.equal(gone.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
  });

  it('keeps Batch.size true when data rows in it are deleted', async () => {
    const projectId = await newProject('size-after-delete');
    const fresh = await insertDataRows(sut.db, sut.actor, 3, { keyPrefix: 'del' });
    const created = await data(CREATE_BATCH, {
      projectId,
      batchInput: batchInput('to-shrink', { dataRowIds: fresh.ids }),
    });
    const batchId = created.project.createBatchV2.batch.id as string;
    assert.equal(created.project.createBatchV2.batch.size, 3);
    await sut.data(
      `mutation deleteDataRowsPyApi{deleteDataRows(where: {dataRowIds: ["${fresh.ids[0]}"]}){id}}`,
      {},
    );
    const after = await data(GET_BATCH, { projectId, batchId });
    assert.equal(after.project.batches.nodes[0].size, 2);
    assert.equal((await data(GET_DATA_ROW_COUNT, { id: projectId })).project.dataRowCount, 2);
  });

  it('keeps organizations apart', async () => {
    const projectId = await newProject();
    const batchId = (
      await data(CREATE_BATCH, {
        projectId,
        batchInput: batchInput('mine', { dataRowIds: rows.ids.slice(0, 2) }),
      })
    ).project.createBatchV2.batch.id;
    const other = await createActor(sut.ctx, 'batch-other@example.com', 'batch-other-org');
    const create = await gql(
      CREATE_BATCH,
      { projectId, batchInput: batchInput('theirs', { dataRowIds: rows.ids.slice(2, 4) }) },
      other.key,
    );
    assert.equal(create.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
    const read = await gql(GET_BATCH, { projectId, batchId }, other.key);
    assert.equal(read.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
    // Their own project cannot take our rows.
    const vars = { name: 'theirs', allowedMediaType: 'IMAGE' };
    const theirProject = (await sut.data(createProjectOperation(vars), vars, { key: other.key }))
      .createProject.id;
    const steal = await gql(
      CREATE_BATCH,
      { projectId: theirProject, batchInput: batchInput('steal', { dataRowIds: rows.ids.slice(0, 2) }) },
      other.key,
    );
    assert.equal(steal.body.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST');
  });
});
