import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createActor, dialects, startTestServer, type TestServer } from './harness.ts';
import { localServer, ops, setupLabelProject, type LabelProject } from './label.factory.ts';
import { box, queue, sdk } from './queue.sdk.ts';

type Caller = { key: string; userId: string };

/** review.update(score=…) and review.delete() as Labelbox SDK 6 sends them (orm/query.py update_fields, delete). */
const sdkReview = {
  update: `mutation updateReviewPyApi($score: Float!, $reviewId: ID!){updateReview(
        where: {id: $reviewId} data: {score: $score}) {createdAt score id updatedAt}} `,
  delete: `mutation deleteReviewPyApi($reviewId: ID!){updateReview(
        where: {id: $reviewId} data: {deleted: true}) {id}} `,
};

for (const dialect of dialects) {
  describe(`review updates and WORKFLOW_ACTION webhooks (${dialect})`, () => {
    let sut: TestServer;
    let p: LabelProject;
    let receiver: Awaited<ReturnType<typeof localServer>>;
    let labeler: Caller;
    let labeler2: Caller;
    let reviewer: Caller;
    let reviewer2: Caller;
    const as = (who: Caller) => ({ key: who.key });
    const reserve = async (who: Caller, queueType = 'LabelingQueue') =>
      (await sut.data(queue.reserve, { data: { projectId: p.projectId, queueType } }, as(who)))
        .reserveNextDataRow;
    const code = (res: { body: { errors?: Array<{ extensions: { code: string } }> } }) =>
      res.body.errors?.[0]?.extensions.code;
    /** Deliveries received over HTTP since the last call, as parsed bodies. */
    let seen = 0;
    const delivered = async () => {
      await sut.ctx.jobs.drain();
      const fresh = receiver.received.slice(seen).map((r) => ({
        topic: r.headers['x-labelbox-event'],
        body: JSON.parse(r.body.toString()),
      }));
      seen = receiver.received.length;
      return fresh;
    };
    const statusOf = async (dataRowId: string) =>
      (
        await sut.db
          .selectFrom('project_data_rows')
          .select('workflow_status')
          .where('project_id', '=', p.projectId)
          .where('data_row_id', '=', dataRowId)
          .executeTakeFirstOrThrow()
      ).workflow_status;

    before(async () => {
      sut = await startTestServer({ dialect, config: { allowPrivateUrls: true } });
      receiver = await localServer(() => ({ status: 200 }));
      p = await setupLabelProject(sut, { images: 3, texts: 0 });
      const org = (await sut.services.identity.getOrganization(sut.actor)).name;
      labeler = await createActor(sut.ctx, `we-l-${dialect}@example.com`, org, 'LABELER');
      labeler2 = await createActor(sut.ctx, `we-l2-${dialect}@example.com`, org, 'LABELER');
      reviewer = await createActor(sut.ctx, `we-r-${dialect}@example.com`, org, 'REVIEWER');
      reviewer2 = await createActor(sut.ctx, `we-r2-${dialect}@example.com`, org, 'REVIEWER');
      await sut.data(
        ops.createWebhook(p.projectId, ['WORKFLOW_ACTION', 'REVIEW_UPDATED'], receiver.url, 'secret'),
      );
    });
    after(async () => {
      await sut.close();
      await receiver.close();
    });

    let labelId = '';
    let reviewId = '';
    let rowId = '';

    it('a submission and an approval each fire WORKFLOW_ACTION with Labelbox task names', async () => {
      const held = await reserve(labeler);
      rowId = held.dataRow.id;
      labelId = (
        await sut.data(
          queue.submit,
          { data: { reservationId: held.id, annotations: [box()], secondsToLabel: 2 } },
          as(labeler),
        )
      ).submitQueuedLabel.id;
      const review = await reserve(reviewer, 'ReviewQueue');
      reviewId = (
        await sut.data(queue.review, { data: { reservationId: review.id, verdict: 'APPROVE' } }, as(reviewer))
      ).submitReview.id;
      const got = await delivered();
      assert.deepEqual(
        got.map((e) => e.topic),
        ['WORKFLOW_ACTION', 'WORKFLOW_ACTION'],
      );
      const steps = got
        .map((e) => e.body)
        .sort(
          (a, b) =>
            a.workflowAction.created_at.localeCompare(b.workflowAction.created_at) || (a.reviewId ? 1 : -1),
        );
      assert.deepEqual(
        steps.map((s) => [
          s.event,
          s.workflowAction.action,
          s.workflowAction.previous_task_name,
          s.workflowAction.next_task_name,
          s.workflowAction.created_by,
          s.dataRowId,
          s.labelId,
        ]),
        [
          [
            'WORKFLOW_ACTION',
            'Submit',
            'Initial labeling task',
            'Initial review task',
            `we-l-${dialect}@example.com`,
            rowId,
            labelId,
          ],
          [
            'WORKFLOW_ACTION',
            'Approve',
            'Initial review task',
            'Done',
            `we-r-${dialect}@example.com`,
            rowId,
            labelId,
          ],
        ],
      );
      assert.equal(steps[1].reviewId, reviewId);
      assert.equal(steps[1].workflowAction.workflow_status, 'DONE');
      assert.equal(steps[1].projectId, p.projectId);
    });

    it('review.update(score=-1) by its reviewer rejects: REVIEW_UPDATED, the row goes to rework, WORKFLOW_ACTION Reject', async () => {
      const updated = (await sut.data(sdkReview.update, { score: -1, reviewId }, as(reviewer))).updateReview;
      assert.equal(updated.id, reviewId);
      assert.equal(updated.score, -1);
      assert.equal(await statusOf(rowId), 'IN_REWORK');
      const got = await delivered();
      const byTopic = (t: string) => got.filter((e) => e.topic === t).map((e) => e.body);
      assert.equal(got.length, 2);
      assert.equal(byTopic('REVIEW_UPDATED')[0].review.id, reviewId);
      assert.equal(byTopic('REVIEW_UPDATED')[0].review.verdict, 'REJECT');
      assert.equal(byTopic('REVIEW_UPDATED')[0].review.deleted, false);
      const step = byTopic('WORKFLOW_ACTION')[0];
      assert.deepEqual(
        [
          step.workflowAction.action,
          step.workflowAction.previous_task_name,
          step.workflowAction.next_task_name,
        ],
        ['Reject', 'Done', 'Rework'],
      );
      const reviews = (await sut.data(queue.labelReviews, { id: labelId })).label.reviews;
      assert.deepEqual(
        reviews.map((r: any) => [r.id, r.verdict, r.score]),
        [[reviewId, 'REJECT', -1]],
      );
      // The author finds the row in rework.
      const rework = await reserve(labeler);
      assert.equal(rework.dataRow.id, rowId);
      assert.equal(rework.label.id, labelId);
    });

    it('flipping back to approve ends the rework reservation and finishes the row', async () => {
      await sut.data(sdkReview.update, { score: 1, reviewId }, as(reviewer));
      assert.equal(await statusOf(rowId), 'DONE');
      const next = await reserve(labeler);
      assert.notEqual(next?.dataRow.id, rowId, 'the rework reservation ended with the approval');
      if (next) await sut.data(queue.release, { id: next.id }, as(labeler));
      const got = await delivered();
      const step = got.find((e) => e.topic === 'WORKFLOW_ACTION')!.body;
      assert.deepEqual([step.workflowAction.action, step.workflowAction.next_task_name], ['Approve', 'Done']);
      const label = await sut.db
        .selectFrom('labels')
        .select('review_state')
        .where('id', '=', labelId)
        .executeTakeFirstOrThrow();
      assert.equal(label.review_state, 'APPROVED');
    });

    it('a verdict changed after the row moved on changes only the record', async () => {
      const [move] = (await sut.data(sdk.taskQueues, { projectId: p.projectId })).project.taskQueues;
      assert.equal(move.queueType, 'INITIAL_LABELING_QUEUE');
      await sut.data(sdk.moveToQueue, {
        projectId: p.projectId,
        queueId: move.id,
        dataRowIdentifiers: { ids: [rowId], idType: 'ID' },
      });
      const moved = (await delivered()).map((e) => e.body.workflowAction);
      assert.deepEqual(
        moved.map((m) => [m.action, m.previous_task_name, m.next_task_name]),
        [['Move', 'Done', 'Initial labeling task']],
      );
      await sut.data(sdkReview.update, { score: -1, reviewId }, as(reviewer));
      assert.equal(await statusOf(rowId), 'TO_LABEL');
      assert.deepEqual(
        (await delivered()).map((e) => e.topic),
        ['REVIEW_UPDATED'],
      );
    });

    it('a skip fires WORKFLOW_ACTION Skip (the Skipped label goes on to review)', async () => {
      const held = await reserve(labeler2);
      await sut.data(queue.skip, { data: { reservationId: held.id, reason: 'blurry' } }, as(labeler2));
      const [step] = (await delivered()).map((e) => e.body);
      assert.deepEqual(
        [
          step.dataRowId,
          step.workflowAction.action,
          step.workflowAction.previous_task_name,
          step.workflowAction.next_task_name,
        ],
        [held.dataRow.id, 'Skip', 'Initial labeling task', 'Initial review task'],
      );
    });

    it('only the reviewer or a manager changes a review; bad input names its field', async () => {
      const byOtherReviewer = await sut.gql(sdkReview.update, { score: 1, reviewId }, as(reviewer2));
      assert.equal(code(byOtherReviewer), 'AUTHORIZATION_ERROR');
      const byLabeler = await sut.gql(sdkReview.update, { score: 1, reviewId }, as(labeler));
      assert.equal(code(byLabeler), 'AUTHORIZATION_ERROR');
      const missing = await sut.gql(sdkReview.update, { score: 1, reviewId: 'c-no-such-review' });
      assert.equal(code(missing), 'RESOURCE_NOT_FOUND');
      const bad = await sut.gql(sdkReview.update, { score: 0.5, reviewId }, as(reviewer));
      assert.equal(code(bad), 'MALFORMED_REQUEST');
      assert.match(bad.body.errors![0]!.message, /data\.score/);
      // The admin (a manager) may.
      const byAdmin = await sut.data(sdkReview.update, { score: 1, reviewId });
      assert.equal(byAdmin.updateReview.score, 1);
      assert.equal((await delivered()).length, 1);
    });

    it('review.delete() removes the review and fires REVIEW_UPDATED with deleted: true', async () => {
      const res = await sut.data(sdkReview.delete, { reviewId }, as(reviewer));
      assert.equal(res.updateReview.id, reviewId);
      const reviews = (await sut.data(queue.labelReviews, { id: labelId })).label.reviews;
      assert.deepEqual(reviews, []);
      const got = await delivered();
      assert.deepEqual(
        got.map((e) => [e.topic, e.body.review.id, e.body.review.deleted]),
        [['REVIEW_UPDATED', reviewId, true]],
      );
      const label = await sut.db
        .selectFrom('labels')
        .select('review_state')
        .where('id', '=', labelId)
        .executeTakeFirstOrThrow();
      assert.equal(label.review_state, 'UNREVIEWED');
      const again = await sut.gql(sdkReview.delete, { reviewId }, as(reviewer));
      assert.equal(code(again), 'RESOURCE_NOT_FOUND');
    });
  });
}
