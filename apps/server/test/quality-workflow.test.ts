import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { exportParams, readExportStream, startProjectExport } from './export.sdk.ts';
import { createActor, dialects, startTestServer, type TestServer } from './harness.ts';
import { ops, setupLabelProject, type LabelProject } from './label.factory.ts';
import { box, queue } from './queue.sdk.ts';
import { quality } from './quality.sdk.ts';

type Caller = { key: string; userId: string };
const CREATE_BATCH = `mutation createBatchV2PyApi($projectId: ID!, $batchInput: CreateBatchInput!) { project(where: {id: $projectId}) { createBatchV2(input: $batchInput) { batch { consensusSettingsJson createdAt name size id updatedAt } failedDataRowIds } } }`;
/** The documented "Data Export" script's mutation (../shared/seeds/labelbox-data-export.txt). */
const LEGACY_EXPORT = `
    mutation GetExportUrl($project_id: ID!){
      exportLabels(data:{
        projectId: $project_id
      }){
        downloadUrl
        createdAt
        shouldPoll
      }
    }
    `;
const close = (actual: number | null, expected: number) =>
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-6, `expected ${expected}, got ${actual}`);

for (const dialect of dialects) {
  describe(`consensus through the labeling queue; review records (${dialect})`, () => {
    let sut: TestServer;
    let p: LabelProject;
    let k3: string[];
    let half: string[];
    const labelers: Caller[] = [];
    let reviewer: Caller;
    const as = (who: Caller) => ({ key: who.key });
    const reserve = async (who: Caller) =>
      (
        await sut.data(
          queue.reserve,
          { data: { projectId: p.projectId, queueType: 'LabelingQueue' } },
          as(who),
        )
      ).reserveNextDataRow;
    const submit = async (who: Caller, reservationId: string, left: number) =>
      (
        await sut.data(
          queue.submit,
          { data: { reservationId, annotations: [box(undefined, left)], secondsToLabel: 2 } },
          as(who),
        )
      ).submitQueuedLabel;
    const needed = async (ids: string[]) =>
      (
        await sut.db
          .selectFrom('project_data_rows')
          .select(['data_row_id', 'labels_needed', 'workflow_status'])
          .where('project_id', '=', p.projectId)
          .where('data_row_id', 'in', ids)
          .execute()
      ).sort((a, b) => ids.indexOf(a.data_row_id) - ids.indexOf(b.data_row_id));
    const batch = (name: string, ids: string[], priority: number, consensus: unknown) =>
      sut.data(CREATE_BATCH, {
        projectId: p.projectId,
        batchInput: { name, dataRowIds: ids, globalKeys: null, priority, consensusSettings: consensus },
      });

    before(async () => {
      sut = await startTestServer({ dialect });
      p = await setupLabelProject(sut, { images: 1, texts: 0, outside: 12 });
      const org = (await sut.services.identity.getOrganization(sut.actor)).name;
      for (let i = 1; i <= 4; i++)
        labelers.push(await createActor(sut.ctx, `l${i}-${dialect}@example.com`, org, 'LABELER'));
      reviewer = await createActor(sut.ctx, `r-${dialect}@example.com`, org, 'REVIEWER');
      k3 = p.outside.slice(0, 2).map((r) => r.id);
      half = p.outside.slice(2).map((r) => r.id);
      await batch('k3', k3, 1, { numberOfLabels: 3, coveragePercentage: 1 });
      await batch('half', half, 5, { numberOfLabels: 2, coveragePercentage: 0.5 });
    });
    after(async () => sut.close());

    it('stores consensus settings per row: k labels for a share p of the batch, once otherwise', async () => {
      assert.deepEqual(
        (await needed(k3)).map((r) => r.labels_needed),
        [3, 3],
      );
      const halfRows = await needed(half);
      assert.equal(halfRows.filter((r) => r.labels_needed === 2).length, 5, '50% of 10 rows');
      assert.equal(halfRows.filter((r) => r.labels_needed === 1).length, 5);
      assert.deepEqual(
        (await needed([p.images[0]!.id])).map((r) => r.labels_needed),
        [1],
        'a batch without consensus settings is labeled once',
      );
    });

    it('hands a consensus row to k different labelers, never the same one twice', async () => {
      const [l1, l2, l3, l4] = labelers as [Caller, Caller, Caller, Caller];
      // One after the other: concurrent callers on PostgreSQL skip a row another call has locked for a moment.
      const first = [await reserve(l1), await reserve(l2), await reserve(l3)];
      assert.deepEqual(
        first.map((r) => r.dataRow.id),
        [k3[0], k3[0], k3[0]],
      );
      const fourth = await reserve(l4);
      assert.equal(fourth.dataRow.id, k3[1], 'three holders fill a row that needs three labels');
      // Boxes 30×20: L1 and L2 identical, L3 shifted by 15 → IoU 300 / 900 with each.
      const a = await submit(l1, first[0].id, 10);
      assert.equal(a.id, (await submit(l1, first[0].id, 10)).id, 'a retry returns the same label');
      assert.equal((await needed([k3[0]!]))[0]!.workflow_status, 'TO_LABEL', 'one of three labels');
      for (let n = 0; n < 3; n++) assert.notEqual((await reserve(l1)).dataRow.id, k3[0], 'never twice');
      const b = await submit(l2, first[1].id, 10);
      const c = await submit(l3, first[2].id, 25);
      assert.equal((await needed([k3[0]!]))[0]!.workflow_status, 'IN_REVIEW', 'three labels: on to review');

      // Scores are there when the third submission answers: L1 = L2 = (1 + 1/3) / 2, L3 = (1/3 + 1/3) / 2.
      const labels = (await sut.data(ops.sdkLabels(0, '', ''), { projectId: p.projectId })).project.labels;
      const agreement = new Map<string, number | null>(labels.map((l: any) => [l.id, l.agreement]));
      close(agreement.get(a.id)!, 2 / 3);
      close(agreement.get(b.id)!, 2 / 3);
      close(agreement.get(c.id)!, 1 / 3);
      const winner = await sut.data(quality.winningLabel, { dataRowId: k3[0], projectId: p.projectId });
      assert.equal(winner.dataRow.labelingActivity.selectedLabelId, a.id, 'best score, earliest on ties');
      // Review gets the winning label (L1's), not the last one submitted (L3's).
      const state = await sut.db
        .selectFrom('project_data_rows')
        .select(['workflow_label_id', 'workflow_user_id'])
        .where('project_id', '=', p.projectId)
        .where('data_row_id', '=', k3[0]!)
        .executeTakeFirstOrThrow();
      assert.deepEqual([state.workflow_label_id, state.workflow_user_id], [a.id, l1.userId]);
      const inReview = (
        await sut.data(
          queue.reserve,
          { data: { projectId: p.projectId, queueType: 'ReviewQueue' } },
          as(reviewer),
        )
      ).reserveNextDataRow;
      assert.deepEqual([inReview.dataRow.id, inReview.label.id], [k3[0], a.id]);
      await sut.data(queue.release, { id: inReview.id }, as(reviewer));

      const exported = await readExportStream(
        sut,
        await startProjectExport(sut, p.projectId, [], exportParams(true)),
      );
      const rowOf = (id: string) => exported!.rows.find((r) => r.data_row.id === id).projects[p.projectId];
      assert.equal(rowOf(k3[0]!).project_details.consensus_expected_label_count, 3);
      assert.equal(rowOf(p.images[0]!.id).project_details.consensus_expected_label_count, 1);
      const perf = new Map<string, any>(rowOf(k3[0]!).labels.map((l: any) => [l.id, l.performance_details]));
      close(perf.get(c.id).consensus_score, 1 / 3);
    });

    it('label.create_review records ±1 reviews, label.reviews() lists them, review_metrics counts net scores', async () => {
      const labels = (await sut.data(ops.sdkLabels(0, '', ''), { projectId: p.projectId })).project.labels;
      const onRow = labels.filter((l: any) => l.agreement !== null).map((l: any) => l.id as string);
      assert.equal(onRow.length, 3);
      const total = labels.length;
      const review = (label: string, score: number, who: Caller = reviewer) =>
        sut.gql(quality.createReview, { label, project: p.projectId, score }, as(who));
      const [x, y, z] = onRow as [string, string, string];
      const up = await review(x, 1);
      assert.equal(up.body.errors, undefined, JSON.stringify(up.body.errors));
      assert.equal(up.body.data.createReview.score, 1);
      await review(y, -1);
      await review(z, 1);
      await review(z, -1, { key: sut.key, userId: sut.actor.userId });
      const listed = (await sut.data(quality.labelReviews, { param_0: z })).label.reviews;
      assert.deepEqual(listed.map((r: any) => r.score).sort(), [-1, 1]);
      const count = async (netScore: string, key?: string) =>
        (await sut.data(quality.reviewMetrics(netScore), { projectId: p.projectId }, key ? { key } : {}))
          .project.reviewMetrics.labelAggregate.count;
      assert.equal(await count('Positive'), 1);
      assert.equal(await count('Negative'), 1);
      assert.equal(await count('Zero'), 1);
      assert.equal(await count('None'), total - 3, 'labels without a review');
      assert.equal(await count('Positive', reviewer.key), 1, 'reviewers read the metrics');

      const bad = await review(x, 0.5);
      assert.equal(bad.body.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST');
      assert.match(bad.body.errors![0]!.message, /data\.score/);
      const byLabeler = await review(x, 1, labelers[0]!);
      assert.equal(byLabeler.body.errors?.[0]?.extensions.code, 'AUTHORIZATION_ERROR');
      const metricsByLabeler = await sut.gql(
        quality.reviewMetrics('None'),
        { projectId: p.projectId },
        as(labelers[0]!),
      );
      assert.equal(metricsByLabeler.body.errors?.[0]?.extensions.code, 'AUTHORIZATION_ERROR');
      // Both exports list the reviews: v2 label_details.reviews and the legacy file's Reviews.
      const v2 = await readExportStream(
        sut,
        await startProjectExport(sut, p.projectId, [], exportParams(true)),
      );
      const zLabel = v2!.rows.flatMap((r) => r.projects[p.projectId].labels).find((l: any) => l.id === z);
      assert.deepEqual(
        zLabel.label_details.reviews.map((r: any) => [r.reviewer, r.review_action]),
        [
          [`r-${dialect}@example.com`, 'Approve'],
          [sut.actor.email, 'Reject'],
        ],
      );
      const legacy = (await sut.data(LEGACY_EXPORT, { project_id: p.projectId })).exportLabels;
      const file = (await (await fetch(legacy.downloadUrl)).json()) as any[];
      assert.deepEqual(
        file.find((row) => row.ID === z).Reviews.map((r: any) => [r.score, r.createdBy, r.labelId]),
        [
          [1, `r-${dialect}@example.com`, z],
          [-1, sut.actor.email, z],
        ],
      );

      const other = await setupLabelProject(sut, { images: 1, texts: 0, outside: 0 });
      const wrongProject = await sut.gql(quality.createReview, {
        label: x,
        project: other.projectId,
        score: 1,
      });
      assert.equal(wrongProject.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
    });
  });
}
