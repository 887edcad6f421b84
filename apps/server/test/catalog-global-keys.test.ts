import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createActor, startTestServer, type TestServer } from './harness.ts';
import { allPages, createDataset, keyJob, ops, upsertItems } from './catalog.factory.ts';

describe('global keys over GraphQL (jobs complete on the first poll)', () => {
  let sut: TestServer;
  let rows: Array<{ id: string; globalKey: string | null }>;
  before(async () => {
    sut = await startTestServer();
    const ds = await createDataset(sut, 'keys');
    const { task } = await upsertItems(sut, ds.id, [
      { row_data: 'https://example.com/1.jpg', global_key: 'k-1' },
      { row_data: 'https://example.com/2.jpg', global_key: 'k-2' },
      { row_data: 'https://example.com/3.jpg' },
      { row_data: 'https://example.com/4.jpg' },
      { row_data: 'https://example.com/5.jpg' },
      { row_data: 'https://example.com/6.jpg' },
    ]);
    rows = (await allPages(sut, 'successes', task.id)).items;
  });
  after(async () => sut.close());

  it('looks keys up positionally, with "" and notFoundGlobalKeys for misses', async () => {
    const data = await keyJob(sut, 'lookup', { globalKeys: ['missing', 'k-2', 'k-1'] });
    assert.deepEqual(data.fetchedDataRows, [{ id: '' }, { id: rows[1]!.id }, { id: rows[0]!.id }]);
    assert.deepEqual(data.notFoundGlobalKeys, ['missing']);
    assert.deepEqual(data.accessDeniedGlobalKeys, []);
  });

  it('assigns keys: the first of a repeated key wins; long, padded or doubled-space keys are invalid', async () => {
    const [, , r3, r4, r5, r6] = rows;
    const data = await keyJob(sut, 'assign', {
      globalKeyDataRowLinks: [
        { dataRowId: r3!.id, globalKey: 'new-3' },
        { dataRowId: r4!.id, globalKey: 'new-3' },
        { dataRowId: r5!.id, globalKey: 'x'.repeat(201) },
        { dataRowId: r6!.id, globalKey: ' global key' },
        { dataRowId: r6!.id, globalKey: 'global  key' },
        { dataRowId: r6!.id, globalKey: 'global key ' },
        { dataRowId: 'cnotarow0000000000000000x', globalKey: 'ghost' },
        { dataRowId: r5!.id, globalKey: 'k-1' },
      ],
    });
    assert.deepEqual(data.sanitizedAssignments, []);
    assert.deepEqual(data.unmodifiedAssignments, [{ dataRowId: r3!.id, globalKey: 'new-3' }]);
    assert.deepEqual(
      data.invalidGlobalKeyAssignments.map((a: { globalKey: string }) => a.globalKey),
      ['new-3', 'x'.repeat(201), ' global key', 'global  key', 'global key ', 'ghost', 'k-1'],
    );
    assert.deepEqual(data.accessDeniedAssignments, []);
    const check = await keyJob(sut, 'lookup', { globalKeys: ['new-3'] });
    assert.deepEqual(check.fetchedDataRows, [{ id: r3!.id }]);
    const exactly200 = await keyJob(sut, 'assign', {
      globalKeyDataRowLinks: [{ dataRowId: r5!.id, globalKey: 'y'.repeat(200) }],
    });
    assert.equal(exactly200.unmodifiedAssignments.length, 1);
  });

  it('lets two rows swap keys in one request', async () => {
    const [r1, r2] = rows;
    const data = await keyJob(sut, 'assign', {
      globalKeyDataRowLinks: [
        { dataRowId: r1!.id, globalKey: 'k-2' },
        { dataRowId: r2!.id, globalKey: 'k-1' },
      ],
    });
    assert.equal(data.unmodifiedAssignments.length, 2);
    const check = await keyJob(sut, 'lookup', { globalKeys: ['k-1', 'k-2'] });
    assert.deepEqual(check.fetchedDataRows, [{ id: r2!.id }, { id: r1!.id }]);
  });

  it('clears keys and reports unknown ones as not found', async () => {
    const data = await keyJob(sut, 'clear', { globalKeys: ['new-3', 'never-was'] });
    assert.deepEqual(data, {
      clearedGlobalKeys: ['new-3'],
      failedToClearGlobalKeys: [],
      notFoundGlobalKeys: ['never-was'],
      accessDeniedGlobalKeys: [],
    });
    const { dataRow } = await sut.data(ops.getDataRow, { param_0: rows[2]!.id });
    assert.equal(dataRow.globalKey, null);
  });

  it('keeps organizations apart: their keys and rows are not found', async () => {
    const other = await createActor(sut.ctx, 'keys-other@example.com', 'keys-other-org');
    const asOther = { key: other.key };
    const start = await sut.data(ops.lookupStart, { globalKeys: ['k-1'] }, asOther);
    const result = await sut.data(ops.lookupResult, { jobId: start.dataRowsForGlobalKeys.jobId }, asOther);
    assert.deepEqual(result.dataRowsForGlobalKeysResult, {
      jobStatus: 'COMPLETE',
      data: { fetchedDataRows: [{ id: '' }], notFoundGlobalKeys: ['k-1'], accessDeniedGlobalKeys: [] },
    });
    const assign = await sut.data(
      ops.assignStart,
      { globalKeyDataRowLinks: [{ dataRowId: rows[3]!.id, globalKey: 'stolen' }] },
      asOther,
    );
    const assigned = await sut.data(
      ops.assignResult,
      { jobId: assign.assignGlobalKeysToDataRows.jobId },
      asOther,
    );
    assert.equal(assigned.assignGlobalKeysToDataRowsResult.data.invalidGlobalKeyAssignments.length, 1);
    const clear = await sut.data(ops.clearStart, { globalKeys: ['k-1'] }, asOther);
    const cleared = await sut.data(ops.clearResult, { jobId: clear.clearGlobalKeys.jobId }, asOther);
    assert.deepEqual(cleared.clearGlobalKeysResult.data.notFoundGlobalKeys, ['k-1']);
    // Their job ids are unknown to us, ours to them.
    const foreign = await sut.gql(ops.lookupResult, { jobId: start.dataRowsForGlobalKeys.jobId });
    assert.equal(foreign.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
    const still = await keyJob(sut, 'lookup', { globalKeys: ['k-1'] });
    assert.notEqual(still.fetchedDataRows[0].id, '');
  });
});
