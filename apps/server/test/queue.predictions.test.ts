import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createActor, dialects, startTestServer, type TestServer } from './harness.ts';
import { importByFile, setupLabelProject, type LabelProject } from './label.factory.ts';
import { box, queue } from './queue.sdk.ts';

const TOGGLE = `mutation toggle_model_assisted_labelingPyApi($project_id: ID!, $show: Boolean!) {
            project(where: {id: $project_id }) { showPredictionsToLabelers(show: $show) { id, showingPredictionsToLabelers } } }`;

for (const dialect of dialects) {
  describe(`MAL pre-labels in the labeling queue (${dialect})`, () => {
    let sut: TestServer;
    let p: LabelProject;
    let labeler: { key: string };
    before(async () => {
      sut = await startTestServer({ dialect });
      p = await setupLabelProject(sut, { images: 2, texts: 0 });
      const org = (await sut.services.identity.getOrganization(sut.actor)).name;
      labeler = await createActor(sut.ctx, `mal-${dialect}@example.com`, org, 'LABELER');
      const lines = p.images.map((row) => ({ ...box(), dataRow: { id: row.id } }));
      const imported = await importByFile(sut, 'MAL', p.projectId, 'predictions', lines);
      assert.equal(imported.import.state, 'FINISHED', JSON.stringify(imported.import));
    });
    after(async () => sut.close());

    const reserve = async () =>
      (
        await sut.data(
          queue.reserve,
          { data: { projectId: p.projectId, queueType: 'LabelingQueue' } },
          labeler,
        )
      ).reserveNextDataRow;

    it('hands the row its predictions as starting annotations, and none once MAL is turned off', async () => {
      const first = await reserve();
      assert.equal(first.preLabels.length, 1);
      assert.equal(first.preLabels[0].name, 'box');
      assert.deepEqual(first.preLabels[0].bbox, { top: 10, left: 10, height: 20, width: 30 });

      await sut.data(TOGGLE, { project_id: p.projectId, show: false });
      const second = await reserve();
      assert.notEqual(second.id, first.id);
      assert.deepEqual(second.preLabels, []);
      const again = await reserve(); // at the limit: the oldest, viewed now with MAL off
      assert.deepEqual(again.preLabels, []);
    });
  });
}
