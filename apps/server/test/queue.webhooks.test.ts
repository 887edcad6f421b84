import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createActor, dialects, startTestServer, type TestServer } from './harness.ts';
import { localServer, ops, setupLabelProject, type LabelProject } from './label.factory.ts';
import { box, queue } from './queue.sdk.ts';

for (const dialect of dialects) {
  describe(`queue webhooks (${dialect})`, () => {
    let sut: TestServer;
    let p: LabelProject;
    let receiver: Awaited<ReturnType<typeof localServer>>;
    let labeler: { key: string; userId: string };
    let reviewer: { key: string; userId: string };
    before(async () => {
      sut = await startTestServer({ dialect, config: { allowPrivateUrls: true } });
      receiver = await localServer(() => ({ status: 200 }));
      p = await setupLabelProject(sut, { images: 1, texts: 0 });
      const org = (await sut.services.identity.getOrganization(sut.actor)).name;
      labeler = await createActor(sut.ctx, `wl-${dialect}@example.com`, org, 'LABELER');
      reviewer = await createActor(sut.ctx, `wr-${dialect}@example.com`, org, 'REVIEWER');
      await sut.data(
        ops.createWebhook(
          p.projectId,
          ['LABEL_CREATED', 'LABEL_UPDATED', 'REVIEW_CREATED'],
          receiver.url,
          'secret',
        ),
      );
    });
    after(async () => {
      await sut.close();
      await receiver.close();
    });

    const reserve = async (key: string, queueType: string) =>
      (await sut.data(queue.reserve, { data: { projectId: p.projectId, queueType } }, { key }))
        .reserveNextDataRow;
    const events = async () => {
      await sut.ctx.jobs.drain();
      return receiver.received.map((r) => JSON.parse(r.body.toString()));
    };

    it('a submission fires LABEL_CREATED, a review REVIEW_CREATED, the rework LABEL_UPDATED', async () => {
      const held = await reserve(labeler.key, 'LabelingQueue');
      const label = (
        await sut.data(
          queue.submit,
          { data: { reservationId: held.id, annotations: [box()], secondsToLabel: 2 } },
          { key: labeler.key },
        )
      ).submitQueuedLabel;
      const review = await reserve(reviewer.key, 'ReviewQueue');
      const rejected = (
        await sut.data(
          queue.review,
          { data: { reservationId: review.id, verdict: 'REJECT', comment: 'redo' } },
          { key: reviewer.key },
        )
      ).submitReview;
      const rework = await reserve(labeler.key, 'LabelingQueue');
      await sut.data(
        queue.submit,
        { data: { reservationId: rework.id, annotations: [box(undefined, 40)], secondsToLabel: 1 } },
        { key: labeler.key },
      );
      // Delivery order is not guaranteed (docs/webhooks.md): look events up by topic.
      const got = await events();
      const of = (event: string) => got.filter((e) => e.event === event);
      assert.deepEqual(got.map((e) => e.event).sort(), ['LABEL_CREATED', 'LABEL_UPDATED', 'REVIEW_CREATED']);
      assert.equal(of('LABEL_CREATED')[0].labelId, label.id);
      assert.equal(of('REVIEW_CREATED')[0].review.id, rejected.id);
      assert.equal(of('REVIEW_CREATED')[0].review.verdict, 'REJECT');
      assert.equal(of('REVIEW_CREATED')[0].review.comment, 'redo');
      assert.equal(of('LABEL_UPDATED')[0].labelId, label.id);
      assert.equal(new Set(receiver.received.map((r) => r.headers['x-labelbox-id'])).size, 3);
    });
  });
}
