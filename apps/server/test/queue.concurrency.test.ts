import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createActor, dialects, startTestServer, type TestServer } from './harness.ts';
import { setupLabelProject, type LabelProject } from './label.factory.ts';
import { box, queue } from './queue.sdk.ts';

const LABELERS = 12;
const ROWS = 40;

for (const dialect of dialects) {
  describe(`queue under concurrency (${dialect})`, () => {
    let sut: TestServer;
    let p: LabelProject;
    let keys: string[];
    before(async () => {
      sut = await startTestServer({ dialect });
      p = await setupLabelProject(sut, { images: ROWS, texts: 0 });
      const org = (await sut.services.identity.getOrganization(sut.actor)).name;
      keys = [];
      for (let i = 0; i < LABELERS; i++)
        keys.push((await createActor(sut.ctx, `c${i}-${dialect}@example.com`, org, 'LABELER')).key);
    });
    after(async () => sut.close());

    it('concurrent labelers never hold or label the same row, and every row gets exactly one label', async () => {
      const held = new Map<string, string>();
      const duplicates: string[] = [];
      await Promise.all(
        keys.map(async (key) => {
          for (;;) {
            const reserved = (
              await sut.data(
                queue.reserve,
                { data: { projectId: p.projectId, queueType: 'LabelingQueue' } },
                { key },
              )
            ).reserveNextDataRow;
            if (!reserved) return;
            const owner = held.get(reserved.dataRow.id);
            if (owner !== undefined && owner !== key) duplicates.push(reserved.dataRow.id);
            held.set(reserved.dataRow.id, key);
            await sut.data(
              queue.submit,
              { data: { reservationId: reserved.id, annotations: [box()], secondsToLabel: 1 } },
              { key },
            );
          }
        }),
      );
      assert.deepEqual(duplicates, []);
      const labels = await sut.db
        .selectFrom('labels')
        .select('data_row_id')
        .where('project_id', '=', p.projectId)
        .execute();
      assert.equal(labels.length, ROWS);
      assert.equal(new Set(labels.map((l) => l.data_row_id)).size, ROWS);
      const inReview = await sut.db
        .selectFrom('project_data_rows')
        .select('data_row_id')
        .where('project_id', '=', p.projectId)
        .where('workflow_status', '=', 'IN_REVIEW')
        .execute();
      assert.equal(inReview.length, ROWS);
    });

    it('one user racing themselves holds at most two reservations', async () => {
      const q = await setupLabelProject(sut, { images: 10, texts: 0 });
      const key = keys[0]!;
      const results = await Promise.all(
        Array.from({ length: 8 }, () =>
          sut.data(queue.reserve, { data: { projectId: q.projectId, queueType: 'LabelingQueue' } }, { key }),
        ),
      );
      const ids = new Set(results.map((r) => r.reserveNextDataRow.id));
      assert.ok(ids.size <= 2, `held ${ids.size}`);
    });
  });
}
