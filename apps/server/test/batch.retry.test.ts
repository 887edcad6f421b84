import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { setupLabelProject, type LabelProject } from './label.factory.ts';

/** project.create_batches(...) as Labelbox SDK 6 sends it. */
const CREATE_BATCHES = `mutation createBatchesPyApi($projectId: ID!, $input: CreateBatchesInput!) {
                                      project(where: {id: $projectId}) {
                                        createBatches(input: $input) {
                                          tasks {
                                            batchUuid
                                            taskId
                                          }
                                        }
                                      }
                                    }`;

for (const dialect of dialects) {
  describe(`createBatches retries (${dialect})`, () => {
    let sut: TestServer;
    let p: LabelProject;
    before(async () => {
      sut = await startTestServer({ dialect });
      p = await setupLabelProject(sut, { images: 1, texts: 0, outside: 4 });
    });
    after(async () => sut.close());

    const input = (over: Record<string, unknown> = {}) => ({
      batchNamePrefix: 'retry',
      dataRowIds: p.outside.slice(0, 3).map((r) => r.id),
      globalKeys: null,
      priority: 4,
      consensusSettings: null,
      ...over,
    });
    const batchCount = async () =>
      (
        await sut.db
          .selectFrom('batches')
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .where('project_id', '=', p.projectId)
          .executeTakeFirstOrThrow()
      ).n;

    it('a retried request answers the same batch and task, concurrent retries too', async () => {
      const first = (await sut.data(CREATE_BATCHES, { projectId: p.projectId, input: input() })).project
        .createBatches.tasks;
      const retries = await Promise.all(
        [1, 2, 3].map(() => sut.data(CREATE_BATCHES, { projectId: p.projectId, input: input() })),
      );
      for (const r of retries) assert.deepEqual(r.project.createBatches.tasks, first);
      assert.equal(Number(await batchCount()), 2, 'the setup batch and retry0000');
    });

    it('the same prefix with other rows, priority or consensus is RESOURCE_CONFLICT naming what differs', async () => {
      for (const [over, what] of [
        [{ dataRowIds: [p.outside[3]!.id] }, /other data rows/],
        [{ priority: 1 }, /another priority/],
        [{ consensusSettings: { numberOfLabels: 2, coveragePercentage: 1 } }, /other consensus settings/],
      ] as const) {
        const res = await sut.gql(CREATE_BATCHES, { projectId: p.projectId, input: input(over) });
        assert.equal(res.body.errors?.[0]?.extensions.code, 'RESOURCE_CONFLICT');
        assert.match(res.body.errors![0]!.message, what);
        assert.equal(res.body.errors![0]!.extensions.field, 'input.batchNamePrefix');
      }
      assert.equal(Number(await batchCount()), 2, 'nothing was written');
    });
  });
}
