import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { exportParams, readExportStream, startProjectExport } from './export.sdk.ts';
import { createActor, dialects, startTestServer, type TestServer } from './harness.ts';
import { setupLabelProject, type LabelProject } from './label.factory.ts';
import { box, queue } from './queue.sdk.ts';

type Caller = { key: string; userId: string };
const LABEL = `query L($id: ID!) { label(where: {id: $id}) { id createdBy { id } annotations reviews(skip: 0, first: 10) { verdict } } }`;

for (const dialect of dialects) {
  describe(`review: approve with changes (${dialect})`, () => {
    let sut: TestServer;
    let p: LabelProject;
    let labeler: Caller;
    let reviewer: Caller;
    const code = (res: { body: { errors?: Array<{ extensions: { code: string; field?: string } }> } }) =>
      res.body.errors?.[0]?.extensions;

    before(async () => {
      sut = await startTestServer({ dialect });
      p = await setupLabelProject(sut, { images: 1, texts: 0 });
      const org = (await sut.services.identity.getOrganization(sut.actor)).name;
      labeler = await createActor(sut.ctx, `edit-labeler-${dialect}@example.com`, org, 'LABELER');
      reviewer = await createActor(sut.ctx, `edit-reviewer-${dialect}@example.com`, org, 'REVIEWER');
      const mine = (
        await sut.data(
          queue.reserve,
          { data: { projectId: p.projectId, queueType: 'LabelingQueue' } },
          { key: labeler.key },
        )
      ).reserveNextDataRow;
      await sut.data(
        queue.submit,
        { data: { reservationId: mine.id, annotations: [box('b-1')], secondsToLabel: 5 } },
        { key: labeler.key },
      );
    });
    after(async () => sut.close());

    it('replaces the label with the reviewer’s corrections, approves, and records who edited', async () => {
      const held = (
        await sut.data(
          queue.reserve,
          { data: { projectId: p.projectId, queueType: 'ReviewQueue' } },
          { key: reviewer.key },
        )
      ).reserveNextDataRow;
      const labelId = held.label.id as string;
      const review = (data: Record<string, unknown>) =>
        sut.gql(queue.review, { data: { reservationId: held.id, ...data } }, { key: reviewer.key });

      // Corrections only come with an approval; an invalid one changes nothing and keeps the reservation.
      const rejected = await review({ verdict: 'REJECT', comment: 'no', annotations: [box('b-1', 90)] });
      assert.equal(code(rejected)?.code, 'MALFORMED_REQUEST');
      assert.equal(code(rejected)?.field, 'data.annotations');
      const invalid = await review({
        verdict: 'APPROVE',
        annotations: [{ uuid: 'b-1', name: 'no such tool', bbox: { top: 1, left: 1, height: 2, width: 2 } }],
      });
      assert.equal(code(invalid)?.code, 'MALFORMED_REQUEST');
      assert.match(invalid.body.errors![0]!.message, /b-1/);
      const unchanged = (await sut.data(LABEL, { id: labelId })).label;
      assert.deepEqual(unchanged.annotations[0].bbox, box().bbox);
      assert.deepEqual(unchanged.reviews, []);

      const corrected = { ...box('b-1', 90), bbox: { top: 12, left: 90, height: 25, width: 40 } };
      const added = box('b-2', 200);
      const approved = (
        await review({ verdict: 'APPROVE', annotations: [corrected, added], secondsToReview: 7 })
      ).body.data.submitReview;
      assert.equal(approved.verdict, 'APPROVE');
      const again = await review({ verdict: 'APPROVE', annotations: [corrected] });
      assert.equal(again.body.data.submitReview.id, approved.id, 'a retry returns the same review');

      const label = (await sut.data(LABEL, { id: labelId })).label;
      assert.equal(label.createdBy.id, labeler.userId, 'the label keeps its author');
      assert.deepEqual(
        label.annotations.map((a: { uuid: string; bbox: unknown }) => [a.uuid, a.bbox]),
        [
          ['b-1', corrected.bbox],
          ['b-2', added.bbox],
        ],
      );
      assert.deepEqual(
        label.reviews.map((r: { verdict: string }) => r.verdict),
        ['APPROVE'],
      );
      // The annotation index (what exports and metrics read) follows the content.
      const indexed = await sut.db
        .selectFrom('annotations')
        .select('uuid')
        .where('label_id', '=', labelId)
        .orderBy('uuid')
        .execute();
      assert.deepEqual(
        indexed.map((r) => r.uuid),
        ['b-1', 'b-2'],
      );
      const history = await sut.db
        .selectFrom('workflow_history')
        .select(['action', 'user_id', 'to_status'])
        .where('data_row_id', '=', held.dataRow.id)
        .orderBy('id')
        .execute();
      assert.deepEqual(
        history.map((h) => [h.action, h.user_id, h.to_status]),
        [
          ['SUBMITTED', labeler.userId, 'IN_REVIEW'],
          ['EDITED', reviewer.userId, 'IN_REVIEW'],
          ['APPROVED', reviewer.userId, 'DONE'],
        ],
      );

      const taskId = await startProjectExport(sut, p.projectId, [], exportParams(true));
      await sut.ctx.jobs.drain();
      const row = (await readExportStream(sut, taskId))!.rows.find((r) => r.data_row.id === held.dataRow.id)!;
      const details = row.projects[p.projectId];
      assert.deepEqual(
        details.project_details.workflow_history.map((h: any) => [h.action, h.created_by]),
        [
          ['Submit', `edit-labeler-${dialect}@example.com`],
          ['Edit', `edit-reviewer-${dialect}@example.com`],
          ['Approve', `edit-reviewer-${dialect}@example.com`],
        ],
      );
      assert.deepEqual(
        details.labels[0].annotations.objects.map((o: any) => o.bounding_box),
        [corrected.bbox, added.bbox],
      );
    });
  });
}
