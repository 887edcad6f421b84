import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BatchRepository } from '../src/repositories/batch.repository.ts';
import { RUN_NOW_MAX_ROWS } from '../src/services/batch-async.service.ts';
import { createTestContext, dialects } from './harness.ts';
import { insertDataRows } from './project.factory.ts';

for (const dialect of dialects) {
  describe(`batch service (${dialect})`, () => {
    let sut: Awaited<ReturnType<typeof createTestContext>>;
    let rows: Awaited<ReturnType<typeof insertDataRows>>;
    const newProject = async (name = 'p') =>
      (await sut.services.projects.create(sut.actor, { name, allowedMediaType: 'IMAGE' })).id;

    before(async () => {
      sut = await createTestContext(dialect);
      // More than one IN-list chunk (10,000) and many INSERT chunks (5,000), and past the in-request limit.
      rows = await insertDataRows(sut.db, sut.actor, RUN_NOW_MAX_ROWS + 1, { keyPrefix: 'svc' });
    });
    after(async () => sut.close());

    it('adds 12,000 rows by global key in one createBatchV2 transaction', async () => {
      const projectId = await newProject();
      const keys = rows.keys.slice(0, 12_000);
      const { batch, failedDataRowIds } = await sut.services.batches.create(sut.actor, projectId, {
        name: 'big',
        globalKeys: [...keys, 'missing'],
      });
      assert.equal(batch.size, 12_000);
      assert.deepEqual(failedDataRowIds, ['missing']);
      assert.equal(
        (await sut.services.projects.dataRowCounts(sut.actor, [projectId])).get(projectId),
        12_000,
      );
    });

    it('leaves big additions to the worker: the task is in progress until a worker runs it', async () => {
      const projectId = await newProject();
      const batch = await sut.services.batches.createEmpty(sut.actor, projectId, { name: 'async' });
      const taskId = await sut.services.batchJobs.addDataRows(sut.actor, projectId, {
        batchId: batch.id,
        dataRowIds: rows.ids,
        priority: 2,
      });
      assert.equal((await sut.services.tasks.get(sut.actor, taskId))?.status, 'QUEUED');
      await sut.ctx.jobs.drain();
      const job = await sut.services.tasks.get(sut.actor, taskId);
      assert.equal(job?.status, 'DONE');
      assert.equal(JSON.parse(JSON.parse(job.result!).resultString).addedCount, rows.ids.length);
      assert.equal((await sut.services.batches.get(sut.actor, projectId, batch.id)).size, rows.ids.length);
      // A re-run of the same addition (an SDK retry) succeeds and changes nothing.
      const outcome = await sut.services.batchJobs.applyAddRows(sut.actor, {
        projectId,
        batchId: batch.id,
        priority: 2,
        source: 'refs',
        kind: 'ids',
        values: rows.ids.slice(0, 10),
      });
      assert.deepEqual([outcome.ok, outcome.addedCount, outcome.failedDataRowIds], [true, 0, []]);
    });

    it('never puts a row in two batches of a project, even under concurrent requests', async () => {
      const projectId = await newProject();
      const overlap = rows.ids.slice(0, 3_000);
      const results = await Promise.allSettled([
        sut.services.batches.create(sut.actor, projectId, { name: 'left', dataRowIds: overlap }),
        sut.services.batches.create(sut.actor, projectId, {
          name: 'right',
          dataRowIds: overlap.slice(1_000),
        }),
      ]);
      const sizes = results.map((r) => (r.status === 'fulfilled' ? r.value.batch.size : 0));
      const total = (await sut.services.projects.dataRowCounts(sut.actor, [projectId])).get(projectId);
      assert.equal(total, 3_000);
      assert.equal(
        sizes.reduce((a, b) => a + b, 0),
        3_000,
      );
      for (const r of results) {
        if (r.status === 'fulfilled')
          assert.equal(
            r.value.failedDataRowIds.length + r.value.batch.size,
            r === results[0] ? 3_000 : 2_000,
          );
      }
    });

    it('splits a dataset into id ranges of at most perBatch rows not yet in the project', async () => {
      const projectId = await newProject();
      const small = await insertDataRows(sut.db, sut.actor, 7);
      await sut.services.batches.create(sut.actor, projectId, {
        name: 'taken',
        dataRowIds: small.ids.slice(0, 2),
      });
      const repo = new BatchRepository(sut.db);
      const ranges = await repo.datasetRanges(sut.actor.organizationId, projectId, small.datasetId, 2);
      assert.deepEqual(
        ranges.map((r) => r.count),
        [2, 2, 1],
      );
      assert.equal(ranges.at(0)?.after, null);
      assert.equal(ranges.at(2)?.through, small.ids.at(6));
      assert.deepEqual(await repo.batchIdsHolding(small.ids), [
        (await sut.services.batches.list(sut.actor, projectId, {})).nodes.at(0)?.id,
      ]);
    });
  });
}
