import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newId } from '../src/ids.ts';
import { FeatureSchemaRepository } from '../src/repositories/feature-schema.repository.ts';
import { createActor, dialects, startTestServer, type TestServer } from './harness.ts';
import {
  boxLabelLines,
  importByFile,
  LABEL_FIELDS,
  ops,
  setupLabelProject,
  type LabelProject,
} from './label.factory.ts';
import { ISO_MS } from './project.factory.ts';

const BOX = { top: 1, left: 1, height: 5, width: 5 };
const SUBMITTED = 'clabeltype000000submitted';
const SKIPPED = 'clabeltype00000000skipped';

/** The documented "common filters" query with its placeholders filled in (comment included, as in the docs). */
const documentedFilter = (
  projectId: string,
  userId: string,
  lt: string,
  gt: string,
  typeId: string,
  datasetId: string,
) => `query APIGetPageOfLabels{
  project(where:{id: "${projectId}"}) {
    labels(
      first: 5,
      where: {
        createdBy:{id:"${userId}"},
        createdAt_lt:"${lt}",
        createdAt_gt:"${gt}",
        type:{id:"${typeId}"}, # Skipped vs Submitted
        agreement_gt:0,
        agreement_lt:0.5,
        dataRow:{
          dataset:{
            id:"${datasetId}"
          }
        }
      }
    ){
      id
      label
    }
  }
}`;

for (const dialect of dialects) {
  describe(`label pages (${dialect})`, () => {
    let sut: TestServer;
    let p: LabelProject;
    let labelIds: string[];
    before(async () => {
      sut = await startTestServer({ dialect });
      p = await setupLabelProject(sut, { images: 250, texts: 0 });
      const lines = boxLabelLines(p.images);
      const res = await importByFile(sut, 'GT', p.projectId, 'pages', lines);
      assert.equal(res.import.state, 'FINISHED');
      labelIds = (
        await sut.db
          .selectFrom('labels')
          .select('id')
          .where('project_id', '=', p.projectId)
          .orderBy('id')
          .execute()
      ).map((r) => r.id);
      assert.equal(labelIds.length, 250);
    });
    after(async () => sut.close());

    it('runs the documented page loop with $skip: Int!, $first: PageSize!', async () => {
      const all: any[] = [];
      for (let skip = 0; ; skip += 100) {
        const page = (await sut.data(ops.pageOfLabels, { projectId: p.projectId, skip, first: 100 })).project
          .labels;
        all.push(...page);
        if (page.length !== 100) break;
      }
      assert.equal(all.length, 250);
      assert.deepEqual(
        all.map((l) => l.id),
        [...labelIds].reverse(),
      );
      const first = all.at(-1);
      assert.deepEqual(Object.keys(first), [
        'id',
        'label',
        'createdBy',
        'type',
        'secondsToLabel',
        'agreement',
        'dataRow',
      ]);
      assert.deepEqual(first.createdBy, { id: sut.actor.userId, email: sut.actor.email });
      assert.deepEqual(first.type, { id: SUBMITTED, name: 'Submitted' });
      assert.equal(first.secondsToLabel, 0);
      assert.equal(first.agreement, null);
      assert.deepEqual(first.dataRow, { id: p.images[0]!.id, rowData: 'https://example.com/image.jpg' });
      const v1 = JSON.parse(first.label);
      assert.deepEqual(Object.keys(v1), ['objects', 'classifications']);
      assert.deepEqual(v1.objects[0].bbox, BOX);
      const five = (await sut.data(ops.firstFive(p.projectId))).project.labels;
      assert.deepEqual(
        five.map((l: any) => l.id),
        labelIds.slice(245).reverse(),
      );
      const tooBig = await sut.gql(ops.pageOfLabels, { projectId: p.projectId, skip: 0, first: 101 });
      assert.equal(tooBig.body.errors?.[0]?.extensions.code, 'GRAPHQL_VALIDATION_FAILED');
    });

    it('pages the way project.labels() does, newest first, and keeps every selected field', async () => {
      const first = (await sut.data(ops.sdkLabels(0), { projectId: p.projectId })).project.labels;
      assert.deepEqual(
        first.map((l: any) => l.id),
        labelIds.slice(150).reverse(),
        'Labelbox lists the newest label first',
      );
      const page = (await sut.data(ops.sdkLabels(200), { projectId: p.projectId })).project.labels;
      assert.equal(page.length, 50);
      assert.deepEqual(
        page.map((l: any) => l.id),
        labelIds.slice(0, 50).reverse(),
      );
      assert.deepEqual(Object.keys(page[0]), LABEL_FIELDS.split(' '));
      assert.match(page[0].createdAt, ISO_MS);
      assert.equal(page[0].isBenchmarkReference, false);
      const desc = (
        await sut.data(ops.sdkLabels(0, '', 'orderBy: createdAt_DESC'), { projectId: p.projectId })
      ).project.labels;
      assert.equal(desc[0].id, labelIds[249]);
      const count = (await sut.data(ops.labelCount, { projectId: p.projectId })).project.labelCount;
      assert.equal(count, 250);
    });

    it('applies every documented filter and the SDK dataset filter', async () => {
      const other = await createActor(
        sut.ctx,
        `other-${newId()}@example.com`,
        (await sut.services.identity.getOrganization(sut.actor)).name,
      );
      const secondDataset = newId();
      await sut.db
        .insertInto('datasets')
        .values({
          id: secondDataset,
          organization_id: sut.actor.organizationId,
          name: 'second',
          description: '',
          row_count: 0,
          created_by: sut.actor.userId,
          created_at: '2018-04-01T00:00:00.000Z',
          updated_at: '2018-04-01T00:00:00.000Z',
          deleted: 0,
        })
        .execute();
      // Labels 0–9: by the other user, created in April 2018, agreement 0.1 × i; 0–4 on rows of the second dataset; 5 skipped.
      for (let i = 0; i < 10; i++) {
        await sut.db
          .updateTable('labels')
          .set({
            created_by: other.userId,
            created_at: `2018-04-${String(10 + i).padStart(2, '0')}T00:00:00.000Z`,
            agreement: i / 10,
            type: i === 5 ? 'SKIPPED' : 'SUBMITTED',
          })
          .where('id', '=', labelIds[i]!)
          .execute();
        if (i < 5)
          await sut.db
            .updateTable('data_rows')
            .set({ dataset_id: secondDataset })
            .where('id', '=', p.images[i]!.id)
            .execute();
      }
      const q = (typeId: string, datasetId: string) =>
        documentedFilter(
          p.projectId,
          other.userId,
          '2018-04-24T22:09:21.753Z',
          '2018-04-01T22:09:21.753Z',
          typeId,
          datasetId,
        );
      // agreement in (0, 0.5) and second dataset → labels 1–4; the SDK's own DateTime form works too.
      const submitted = (await sut.data(q(SUBMITTED, secondDataset))).project.labels;
      assert.deepEqual(
        submitted.map((l: any) => l.id),
        labelIds.slice(1, 5).reverse(),
      );
      assert.deepEqual(Object.keys(submitted[0]), ['id', 'label']);
      const skipped = (await sut.data(q(SKIPPED, p.datasetId))).project.labels;
      assert.deepEqual(skipped, []);
      const skippedAnywhere = (
        await sut.data(
          `query($id: ID!){project(where:{id:$id}){labels(where:{type:{id:"${SKIPPED}"}}){id type{id name}}}}`,
          { id: p.projectId },
        )
      ).project.labels;
      assert.deepEqual(skippedAnywhere, [{ id: labelIds[5], type: { id: SKIPPED, name: 'Skipped' } }]);
      const since = (
        await sut.data(
          `query($id: ID!){project(where:{id:$id}){labels(first: 100, where:{createdAt_gt:"2018-04-15T00:00:00Z", createdAt_lt:"2019-01-01T00:00:00Z"}){id}}}`,
          { id: p.projectId },
        )
      ).project.labels;
      assert.deepEqual(
        since.map((l: any) => l.id),
        labelIds.slice(6, 10).reverse(),
      );
      const byDatasets = (
        await sut.data(
          ops.sdkLabels(
            0,
            `where:{dataRow: {dataset: {id_in: ["${secondDataset}", "cnotarealdataset000000000"]}}}`,
          ),
          { projectId: p.projectId },
        )
      ).project.labels;
      assert.deepEqual(
        byDatasets.map((l: any) => l.id),
        labelIds.slice(0, 5).reverse(),
      );
      const mine = (
        await sut.data(
          `query($id: ID!, $u: ID!){project(where:{id:$id}){labels(first: 100, skip: 200, where:{createdBy:{id:$u}, AND: [{deleted: false}]}){id}}}`,
          { id: p.projectId, u: sut.actor.userId },
        )
      ).project.labels;
      assert.equal(mine.length, 40);
      const ordered = (
        await sut.data(
          `query($id: ID!){project(where:{id:$id}){labels(first: 3, where:{agreement_gte: 0.5}, orderBy: agreement_DESC){id agreement}}}`,
          { id: p.projectId },
        )
      ).project.labels;
      assert.deepEqual(
        ordered.map((l: any) => l.agreement),
        [0.9, 0.8, 0.7],
      );
      const nullsLast = (
        await sut.data(
          `query($id: ID!){project(where:{id:$id}){labels(first: 12, orderBy: agreement_ASC){agreement}}}`,
          { id: p.projectId },
        )
      ).project.labels.map((l: any) => l.agreement);
      assert.deepEqual(nullsLast, [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, null, null]);
      const bad = await sut.gql(
        `query($id: ID!){project(where:{id:$id}){labels(where:{createdAt_lt:"yesterday"}){id}}}`,
        { id: p.projectId },
      );
      assert.equal(bad.body.errors?.[0]?.extensions.code, 'GRAPHQL_VALIDATION_FAILED');
    });

    it("reads one label, hides other organizations' labels and deletes labels by id", async () => {
      const one = (
        await sut.data(
          `query($id: ID!){label(where:{id:$id}){${LABEL_FIELDS} createdBy{email} project{id} dataRow{id} reviews{id}}}`,
          { id: labelIds[249] },
        )
      ).label;
      assert.equal(one.project.id, p.projectId);
      assert.deepEqual(one.reviews, []);
      const stranger = await createActor(sut.ctx, `s-${newId()}@example.com`, `stranger-${newId()}`);
      const hidden = await sut.gql(
        `query($id: ID!){label(where:{id:$id}){id}}`,
        { id: labelIds[249] },
        { key: stranger.key },
      );
      assert.equal(hidden.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
      const notTheirs = await sut.gql(ops.deleteLabels([labelIds[249]!]), {}, { key: stranger.key });
      assert.deepEqual(notTheirs.body.data, { deleteLabels: [] });
      const deleted = (
        await sut.data(ops.deleteLabels([labelIds[248]!, labelIds[249]!, 'cnotareallabel00000000000']), {})
      ).deleteLabels;
      assert.deepEqual(deleted.map((l: any) => l.id).sort(), [labelIds[248], labelIds[249]].sort());
      assert.equal((await sut.data(ops.labelCount, { projectId: p.projectId })).project.labelCount, 248);
      const left = await sut.db
        .selectFrom('annotations')
        .select('id')
        .where('label_id', 'in', [labelIds[248]!, labelIds[249]!])
        .execute();
      assert.deepEqual(left, []);
    });

    it('tells ontology edits which features labels use', async () => {
      const box = p.ontology.normalized.tools.find((t) => t.name === 'box');
      const repo = new FeatureSchemaRepository(sut.db, dialect);
      assert.equal(await repo.isFeatureUsedByLabels(sut.actor.organizationId, box.featureSchemaId), true);
      const pt = p.ontology.normalized.tools.find((t) => t.name === 'pt');
      assert.equal(await repo.isFeatureUsedByLabels(sut.actor.organizationId, pt.featureSchemaId), false);
    });

    it('fills the batch seams: no deleting a labeled batch, deleteBatchLabels removes its labels', async () => {
      const gql = (q: string, v: Record<string, unknown>) => sut.gql(q, v, { path: '/_gql' });
      const refused = await gql(
        'mutation DeleteBatchPyApi($projectId: ID!, $batchId: ID!) { project(where: {id: $projectId}) { deleteBatch(batchId: $batchId) { deletedBatchId } } }',
        { projectId: p.projectId, batchId: p.batchId },
      );
      assert.equal(refused.body.errors?.[0]?.extensions.code, 'OPERATION_NOT_ALLOWED');
      const res = await gql(
        'mutation DeleteBatchLabelsPyApi($projectId: ID!, $batchId: ID!, $type: DeleteBatchLabelsType!) { project(where: {id: $projectId}) { deleteBatchLabels(batchId: $batchId, data:{ type: $type }) { deletedLabelIds } } }',
        { projectId: p.projectId, batchId: p.batchId, type: 'RequeueData' },
      );
      assert.equal(res.body.data.project.deleteBatchLabels.deletedLabelIds.length, 248);
      assert.equal((await sut.data(ops.labelCount, { projectId: p.projectId })).project.labelCount, 0);
    });
  });
}
