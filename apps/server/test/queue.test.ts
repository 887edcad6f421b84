import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createActor, dialects, startTestServer, type TestServer } from './harness.ts';
import { setupLabelProject, type LabelProject } from './label.factory.ts';
import { exportParams, readExportStream, startProjectExport } from './export.sdk.ts';
import { box, queue, sdk } from './queue.sdk.ts';

type Caller = { key: string; userId: string };

for (const dialect of dialects) {
  describe(`labeling queue and workflow (${dialect})`, () => {
    let sut: TestServer;
    let p: LabelProject;
    let labeler: Caller;
    let labeler2: Caller;
    let reviewer: Caller;
    let reworkedRow = '';
    const as = (who: Caller) => ({ key: who.key });
    const reserve = async (who: Caller, queueType = 'LabelingQueue', projectId = p.projectId) =>
      (await sut.data(queue.reserve, { data: { projectId, queueType } }, as(who))).reserveNextDataRow;
    const code = (res: { body: { errors?: Array<{ extensions: { code: string } }> } }) =>
      res.body.errors?.[0]?.extensions.code;
    const overview = async () => {
      const project = (await sut.data(sdk.overview, { projectId: p.projectId })).project;
      return Object.fromEntries(project.workstreamStateCounts.map((s: any) => [s.state, s.count]));
    };

    before(async () => {
      sut = await startTestServer({ dialect });
      p = await setupLabelProject(sut, { images: 4, texts: 0 });
      const org = (await sut.services.identity.getOrganization(sut.actor)).name;
      labeler = await createActor(sut.ctx, `labeler-${dialect}@example.com`, org, 'LABELER');
      labeler2 = await createActor(sut.ctx, `labeler2-${dialect}@example.com`, org, 'LABELER');
      reviewer = await createActor(sut.ctx, `reviewer-${dialect}@example.com`, org, 'REVIEWER');
    });
    after(async () => sut.close());

    it('has three task queues with stable ids; batch rows are in Initial labeling', async () => {
      const first = (await sut.data(sdk.taskQueues, { projectId: p.projectId })).project.taskQueues;
      assert.deepEqual(
        first.map((q: any) => [q.queueType, q.dataRowCount]),
        [
          ['INITIAL_LABELING_QUEUE', 4],
          ['MANUAL_REVIEW_QUEUE', 0],
          ['MANUAL_REWORK_QUEUE', 0],
        ],
      );
      const again = (await sut.data(sdk.taskQueues, { projectId: p.projectId })).project.taskQueues;
      assert.deepEqual(
        again.map((q: any) => q.id),
        first.map((q: any) => q.id),
      );
      assert.deepEqual(await overview(), {
        Unlabeled: 4,
        InReview: 0,
        InRework: 0,
        Skipped: 0,
        Done: 0,
        Labeled: 0,
        All: 4,
        NotInTaskQueue: 0,
      });
    });

    it('reserves in order, preloads one more, and at two returns the oldest', async () => {
      const a = await reserve(labeler);
      assert.equal(a.queueType, 'LabelingQueue');
      assert.equal(a.dataRow.id, p.images[0]!.id);
      assert.equal(a.label, null);
      assert.deepEqual(a.preLabels, []);
      assert.ok(Date.parse(a.expiresAt) - Date.now() > 290_000, 'QUEUE_RESERVATION_SECONDS defaults to 300');
      const b = await reserve(labeler);
      assert.equal(b.dataRow.id, p.images[1]!.id);
      const c = await reserve(labeler);
      assert.equal(c.id, a.id, 'at the limit the oldest reservation comes back');
      const other = await reserve(labeler2);
      assert.equal(other.dataRow.id, p.images[2]!.id, 'rows held by someone else are not handed out');
      assert.equal(
        (await sut.data(sdk.extend('LabelingQueue'), { projectId: p.projectId }, as(labeler)))
          .extendReservations,
        2,
      );
      assert.equal(
        await sut.data(queue.release, { id: other.id }, as(labeler2)).then((d) => d.releaseReservation),
        true,
      );
      const released = await sut.gql(queue.release, { id: other.id }, as(labeler2));
      assert.equal(code(released), 'OPERATION_NOT_ALLOWED');
      assert.match(released.body.errors![0]!.message, /no longer held \(released/);
      const foreign = await sut.gql(queue.release, { id: a.id }, as(labeler2));
      assert.equal(code(foreign), 'AUTHORIZATION_ERROR');
    });

    it('checks annotations like an import, naming the annotation uuid', async () => {
      const held = await reserve(labeler);
      const bad = await sut.gql(
        queue.submit,
        {
          data: {
            reservationId: held.id,
            annotations: [
              box('3f5e5f5a-0000-4000-8000-000000000001'),
              { uuid: 'u-2', name: 'nope', bbox: {} },
            ],
            secondsToLabel: 3,
          },
        },
        as(labeler),
      );
      assert.equal(code(bad), 'MALFORMED_REQUEST');
      assert.match(bad.body.errors![0]!.message, /annotation u-2/);
      const listed = (bad.body.errors![0]!.extensions.details as any).annotationErrors;
      assert.equal(listed[0].uuid, 'u-2');
      assert.equal(listed[0].index, 1);
      const withRow = await sut.gql(
        queue.submit,
        {
          data: {
            reservationId: held.id,
            annotations: [{ ...box(), dataRow: { id: 'x' } }],
            secondsToLabel: 1,
          },
        },
        as(labeler),
      );
      assert.match(withRow.body.errors![0]!.message, /dataRow must be left out/);
    });

    it('saves drafts, submits to review, and answers a retry with the same label', async () => {
      const held = await reserve(labeler);
      assert.equal(held.dataRow.id, p.images[0]!.id);
      await sut.data(
        queue.draft,
        { data: { reservationId: held.id, annotations: [box('d-1')] } },
        as(labeler),
      );
      assert.deepEqual((await reserve(labeler)).draft ?? (await reserve(labeler)).draft, [box('d-1')]);
      const input = {
        reservationId: held.id,
        annotations: [box('7d8c1b1e-0000-4000-8000-000000000001')],
        secondsToLabel: 12.5,
      };
      const label = (await sut.data(queue.submit, { data: input }, as(labeler))).submitQueuedLabel;
      assert.equal(label.createdBy.id, labeler.userId);
      assert.equal(label.secondsToLabel, 12.5);
      assert.equal(JSON.parse(label.label).objects[0].title, 'box');
      const retry = (await sut.data(queue.submit, { data: input }, as(labeler))).submitQueuedLabel;
      assert.equal(retry.id, label.id, 'a retried submission returns the same label');
      const second = await reserve(labeler);
      await sut.data(
        queue.submit,
        { data: { reservationId: second.id, annotations: [box()], secondsToLabel: 2 } },
        as(labeler),
      );
      const counts = await overview();
      assert.equal(counts.InReview, 2);
      assert.equal(counts.Unlabeled, 2);
      assert.equal(counts.Labeled, 2);
    });

    it('never hands a reviewer their own label; labelers may not review', async () => {
      const refused = await sut.gql(
        queue.reserve,
        { data: { projectId: p.projectId, queueType: 'ReviewQueue' } },
        as(labeler),
      );
      assert.equal(code(refused), 'AUTHORIZATION_ERROR');
      // The admin labels a row; a reviewer sees the labeler's rows and the admin's, the admin only the labeler's.
      const mine = await reserve({ key: sut.key, userId: sut.actor.userId });
      await sut.data(queue.submit, {
        data: { reservationId: mine.id, annotations: [box()], secondsToLabel: 1 },
      });
      const adminReview = await reserve({ key: sut.key, userId: sut.actor.userId }, 'ReviewQueue');
      const preload = await reserve({ key: sut.key, userId: sut.actor.userId }, 'ReviewQueue');
      assert.notEqual(adminReview.dataRow.id, mine.dataRow.id);
      assert.notEqual(preload.dataRow.id, mine.dataRow.id);
      assert.notEqual(preload.id, adminReview.id);
      for (const r of [adminReview, preload]) await sut.data(queue.release, { id: r.id });
    });

    it('reject sends the label back to its author first; the fix updates the same label; approve is Done', async () => {
      const toReview = await reserve(reviewer, 'ReviewQueue');
      assert.ok(toReview.label, 'the label under review comes with the reservation');
      const labelId = toReview.label.id;
      const review = (
        await sut.data(
          queue.review,
          {
            data: {
              reservationId: toReview.id,
              verdict: 'REJECT',
              comment: 'box too small',
              secondsToReview: 4,
            },
          },
          as(reviewer),
        )
      ).submitReview;
      assert.equal(review.verdict, 'REJECT');
      assert.equal(review.score, -1);
      assert.equal(review.label.id, labelId);
      const again = await sut.data(
        queue.review,
        { data: { reservationId: toReview.id, verdict: 'REJECT' } },
        as(reviewer),
      );
      assert.equal(again.submitReview.id, review.id, 'a retried review returns the same review');
      assert.deepEqual(
        (await sut.data(queue.labelReviews, { id: labelId })).label.reviews.map((r: any) => [
          r.verdict,
          r.comment,
        ]),
        [['REJECT', 'box too small']],
      );
      // Whoever wrote it gets it back through LabelingQueue before any fresh row.
      const labelAuthor = (
        await sut.db
          .selectFrom('labels')
          .select('created_by')
          .where('id', '=', labelId)
          .executeTakeFirstOrThrow()
      ).created_by;
      const who = labelAuthor === labeler.userId ? labeler : { key: sut.key, userId: sut.actor.userId };
      // Release what the author holds so the rework is the next row handed out.
      for (const r of await sut.db
        .selectFrom('queue_reservations')
        .select('id')
        .where('user_id', '=', who.userId)
        .where('status', '=', 'ACTIVE')
        .execute())
        await sut.gql(queue.release, { id: r.id }, as(who));
      const rework = await reserve(who);
      assert.equal(rework.label?.id, labelId);
      const fixed = (
        await sut.data(
          queue.submit,
          { data: { reservationId: rework.id, annotations: [box(undefined, 50)], secondsToLabel: 3 } },
          as(who),
        )
      ).submitQueuedLabel;
      assert.equal(fixed.id, labelId, 'rework updates the same label');
      // Approve until the reworked row comes up (other labels wait in review too).
      for (let i = 0; i < 5; i++) {
        const back = await reserve(reviewer, 'ReviewQueue');
        assert.ok(back, 'the fixed label is back in review');
        const approved = (
          await sut.data(queue.review, { data: { reservationId: back.id, verdict: 'APPROVE' } }, as(reviewer))
        ).submitReview;
        assert.equal(approved.score, 1);
        if (back.dataRow.id === rework.dataRow.id) break;
      }
      const history = await sut.db
        .selectFrom('workflow_history')
        .select(['action', 'to_status'])
        .where('data_row_id', '=', rework.dataRow.id)
        .orderBy('id')
        .execute();
      assert.deepEqual(
        history.map((h) => `${h.action}->${h.to_status}`),
        ['SUBMITTED->IN_REVIEW', 'REJECTED->IN_REWORK', 'REWORKED->IN_REVIEW', 'APPROVED->DONE'],
      );
      reworkedRow = rework.dataRow.id;
    });

    it('export v2 rows carry the workflow state, history and reviews; state filters match them', async () => {
      const taskId = await startProjectExport(sut, p.projectId, [], exportParams(true));
      await sut.ctx.jobs.drain();
      const rows = (await readExportStream(sut, taskId))!.rows;
      const row = rows.find((r) => r.data_row.id === reworkedRow)!;
      const details = row.projects[p.projectId].project_details;
      assert.equal(details.workflow_status, 'DONE');
      assert.equal(details.task_name, 'Done');
      assert.deepEqual(
        details.workflow_history.map((h: any) => [h.action, h.previous_task_name, h.next_task_name]),
        [
          ['Submit', 'Initial labeling task', 'Initial review task'],
          ['Reject', 'Initial review task', 'Rework'],
          ['Submit', 'Rework', 'Initial review task'],
          ['Approve', 'Initial review task', 'Done'],
        ],
      );
      const label = row.projects[p.projectId].labels[0];
      assert.deepEqual(
        label.label_details.reviews.map((r: any) => [r.review_action, r.reviewer]),
        [
          ['Reject', `reviewer-${dialect}@example.com`],
          ['Approve', `reviewer-${dialect}@example.com`],
        ],
      );
      assert.equal(label.performance_details.seconds_to_create > 0, true);
      const counts = await overview();
      for (const [status, state] of [
        ['InReview', 'IN_REVIEW'],
        ['InRework', 'IN_REWORK'],
        ['Done', 'DONE'],
      ] as const) {
        const id = await startProjectExport(sut, p.projectId, [{ type: 'task_queue_status', status }]);
        await sut.ctx.jobs.drain();
        const got = (await readExportStream(sut, id))?.rows ?? [];
        assert.equal(got.length, counts[status], status);
        for (const r of got)
          assert.equal(r.projects[p.projectId].project_details?.workflow_status ?? state, state);
      }
    });

    it('a skip is a Skipped label that moves the row on; the labeler never gets the row again', async () => {
      const q = await setupLabelProject(sut, { images: 2, texts: 0 });
      const held = await reserve(labeler2, 'LabelingQueue', q.projectId);
      const skip = { data: { reservationId: held.id, reason: 'blurry', secondsToLabel: 4 } };
      assert.equal((await sut.data(queue.skip, skip, as(labeler2))).skipQueuedDataRow, true);
      assert.equal((await sut.data(queue.skip, skip, as(labeler2))).skipQueuedDataRow, true, 'a retry');
      const skipped = await sut.db
        .selectFrom('labels')
        .selectAll()
        .where('project_id', '=', q.projectId)
        .execute();
      assert.deepEqual(
        skipped.map((l) => [l.data_row_id, l.type, l.created_by, l.seconds_to_label]),
        [[held.dataRow.id, 'SKIPPED', labeler2.userId, 4]],
        'one Skipped label, however often the skip is retried',
      );
      const next = await reserve(labeler2, 'LabelingQueue', q.projectId);
      assert.notEqual(next.dataRow.id, held.dataRow.id);
      await sut.data(queue.release, { id: next.id }, as(labeler2));
      // Labelbox's overview: To label excludes skipped rows; Labeled counts submitted labels only.
      const counts = async () =>
        Object.fromEntries(
          (await sut.data(sdk.overview, { projectId: q.projectId })).project.workstreamStateCounts.map(
            (c: any) => [c.state, c.count],
          ),
        );
      assert.deepEqual(
        [
          (await counts()).Unlabeled,
          (await counts()).InReview,
          (await counts()).Skipped,
          (await counts()).Labeled,
        ],
        [1, 1, 1, 0],
      );
      const review = await reserve(reviewer, 'ReviewQueue', q.projectId);
      assert.deepEqual([review.dataRow.id, review.label.id], [held.dataRow.id, skipped[0]!.id]);
      await sut.data(queue.review, { data: { reservationId: review.id, verdict: 'APPROVE' } }, as(reviewer));
      assert.deepEqual([(await counts()).Done, (await counts()).Skipped], [1, 1]);
      const taskId = await startProjectExport(sut, q.projectId, [], exportParams(true));
      await sut.ctx.jobs.drain();
      const row = (await readExportStream(sut, taskId))!.rows.find((r) => r.data_row.id === held.dataRow.id);
      const [label] = row.projects[q.projectId].labels;
      assert.equal(label.performance_details.skipped, true);
      assert.deepEqual(
        row.projects[q.projectId].project_details.workflow_history.map((h: any) => h.action),
        ['Skip', 'Approve'],
      );
    });

    it('expired reservations are free for others and refuse their holder', async () => {
      const q = await setupLabelProject(sut, { images: 1, texts: 0 });
      const held = await reserve(labeler2, 'LabelingQueue', q.projectId);
      assert.ok(held, 'a fresh project has a row');
      await sut.db
        .updateTable('queue_reservations')
        .set({ expires_at: '2000-01-01T00:00:00.000Z' })
        .where('id', '=', held.id)
        .execute();
      const late = await sut.gql(
        queue.submit,
        { data: { reservationId: held.id, annotations: [box()], secondsToLabel: 1 } },
        as(labeler2),
      );
      assert.equal(code(late), 'OPERATION_NOT_ALLOWED');
      assert.match(late.body.errors![0]!.message, /expired at 2000-01-01/);
      assert.equal(
        (await sut.data(sdk.extend('LabelingQueue'), { projectId: q.projectId }, as(labeler2)))
          .extendReservations,
        0,
        'an expired reservation is not extended',
      );
      const taken = await reserve(labeler, 'LabelingQueue', q.projectId);
      assert.equal(taken?.dataRow.id, held.dataRow.id, 'an expired reservation holds nothing');
    });

    it('moves rows between queues with a send-to-task-queue task (None → Done)', async () => {
      const queues = (await sut.data(sdk.taskQueues, { projectId: p.projectId })).project.taskQueues;
      const rework = queues.find((q: any) => q.queueType === 'MANUAL_REWORK_QUEUE');
      const ids = [p.images[3]!.id];
      const moved = await sut.data(sdk.moveToQueue, {
        projectId: p.projectId,
        queueId: null,
        dataRowIdentifiers: { ids, idType: 'ID' },
      });
      const taskId = moved.project.createBulkAddRowsToQueueTask.taskId;
      const task = (await sut.data(sdk.getTask, { param_0: taskId, param_1: sut.actor.userId })).user
        .createdTasks[0];
      assert.equal(task.status, 'COMPLETE');
      assert.equal(task.type, 'send-to-task-queue');
      assert.equal((await overview()).Done >= 1, true);
      await sut.data(sdk.moveToQueue, {
        projectId: p.projectId,
        queueId: rework.id,
        dataRowIdentifiers: { ids: [p.images[3]!.globalKey], idType: 'GKEY' },
      });
      const state = await sut.db
        .selectFrom('project_data_rows')
        .select('workflow_status')
        .where('data_row_id', '=', ids[0]!)
        .executeTakeFirstOrThrow();
      assert.equal(state.workflow_status, 'IN_REWORK');
      const bad = await sut.gql(sdk.moveToQueue, {
        projectId: p.projectId,
        queueId: 'c'.repeat(25),
        dataRowIdentifiers: { ids, idType: 'ID' },
      });
      assert.equal(code(bad), 'RESOURCE_NOT_FOUND');
    });

    it('labeling parameter overrides and priority tasks reorder the queue', async () => {
      const q = await setupLabelProject(sut, { images: 3, texts: 0 });
      const [a, b, c] = q.images;
      const set = await sut.data(sdk.setOverrides([{ id: c!.id, idType: 'ID', priority: 1 }]), {
        projectId: q.projectId,
      });
      assert.equal(set.project.setLabelingParameterOverrides.success, true);
      const task = await sut.data(sdk.priorityTask, {
        priority: 0,
        projectId: q.projectId,
        dataRowIdentifiers: { ids: [b!.globalKey], idType: 'GKEY' },
      });
      const taskId = task.project.createQueuePriorityUpdateTask.taskId;
      const polled = (await sut.data(sdk.getTask, { param_0: taskId, param_1: sut.actor.userId })).user
        .createdTasks[0];
      assert.equal(polled.status, 'COMPLETE');
      const first = await reserve(labeler2, 'LabelingQueue', q.projectId);
      const second = await reserve(labeler2, 'LabelingQueue', q.projectId);
      assert.deepEqual(
        [first.dataRow.id, second.dataRow.id],
        [b!.id, c!.id],
        'priority 0 (task), then 1 (override), then the batch default',
      );
      for (const r of [first, second]) await sut.data(queue.release, { id: r.id }, as(labeler2));
      assert.equal((await reserve(labeler2, 'LabelingQueue', q.projectId)).dataRow.id, b!.id);
      assert.ok(a);
      const listed = (await sut.data(sdk.overrides, { param_0: q.projectId })).project
        .labelingParameterOverrides;
      assert.deepEqual(
        listed
          .map((o: any) => [o.dataRow.id, o.dataRow.globalKey, o.priority, o.numberOfLabels])
          .sort((x: any[], y: any[]) => (x[0] < y[0] ? -1 : 1)),
        [
          [a!.id, a!.globalKey, 5, 1],
          [b!.id, b!.globalKey, 0, 1],
          [c!.id, c!.globalKey, 1, 1],
        ].sort((x, y) => (x[0]! < y[0]! ? -1 : 1)),
        'every row of the batch with its priority (the batch default 5 for the untouched row)',
      );
      assert.equal(new Set(listed.map((o: any) => o.id)).size, 3);
      const paged = await sut.data(
        `query($p: ID!) { project(where: { id: $p }) { labelingParameterOverrides(skip: 2, first: 5) { dataRow { id } } } }`,
        { p: q.projectId },
      );
      assert.deepEqual(
        paged.project.labelingParameterOverrides.map((o: any) => o.dataRow.id),
        [[a!.id, b!.id, c!.id].sort()[2]],
      );
      const tooMany = await sut.gql(
        `query($p: ID!) { project(where: { id: $p }) { labelingParameterOverrides(first: 5000) { id } } }`,
        { p: q.projectId },
      );
      assert.match(tooMany.body.errors?.[0]?.message ?? '', /first.*1000/);
    });

    it('with the review step off, submitted labels go straight to Done', async () => {
      const q = await setupLabelProject(sut, { images: 1, texts: 0 });
      await sut.data(queue.reviewStep, { data: { projectId: q.projectId, enabled: false } });
      const held = await reserve(labeler, 'LabelingQueue', q.projectId);
      await sut.data(
        queue.submit,
        { data: { reservationId: held.id, annotations: [box()], secondsToLabel: 1 } },
        as(labeler),
      );
      const project = (await sut.data(sdk.overview, { projectId: q.projectId })).project;
      assert.equal(project.completedDataRowCount, 1);
      assert.equal(await reserve(labeler, 'LabelingQueue', q.projectId), null, 'nothing is left');
    });

    it('rows added by async batches (createBatches tasks) enter labeling', async () => {
      const q = await setupLabelProject(sut, { images: 1, texts: 0, outside: 2 });
      await sut.services.batchJobs.createBatches(sut.actor, q.projectId, {
        batchNamePrefix: 'async-',
        dataRowIds: q.outside.map((r) => r.id),
        priority: 1,
      });
      await sut.ctx.jobs.drain();
      const project = (await sut.data(sdk.overview, { projectId: q.projectId })).project;
      assert.equal(project.taskQueues[0].dataRowCount, 3);
      const first = await reserve(labeler, 'LabelingQueue', q.projectId);
      assert.ok(
        q.outside.some((r) => r.id === first.dataRow.id),
        'the async batch has priority 1, ahead of the first batch',
      );
      await sut.data(queue.release, { id: first.id }, as(labeler));
    });

    it('deleting the batch takes its rows out of the queues', async () => {
      const q = await setupLabelProject(sut, { images: 2, texts: 0 });
      await sut.data(
        `mutation DeleteBatchPyApi($projectId: ID!, $batchId: ID!) {project(where: {id: $projectId}) {deleteBatch(batchId: $batchId) {deletedBatchId}}}`,
        { projectId: q.projectId, batchId: q.batchId },
        { path: '/_gql' },
      );
      const project = (await sut.data(sdk.overview, { projectId: q.projectId })).project;
      assert.equal(project.taskQueues[0].dataRowCount, 0);
      assert.equal(await reserve(labeler, 'LabelingQueue', q.projectId), null);
    });
  });
}
