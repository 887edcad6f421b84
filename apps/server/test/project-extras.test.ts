import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  imageDocument,
  insertLabel,
  seedExportProject,
  storeMask,
  type ExportProject,
} from './export.factory.ts';
import { createActor, dialects, startTestServer, type TestServer } from './harness.ts';

/** Labelbox SDK 6 (schema/project.py clone and enable_model_assisted_labeling, client.py), verbatim. */
const sdk = {
  clone: `
            mutation CloneProjectPyApi($projectId: ID!) {
                cloneProject(data: { projectId: $projectId }) {
                    id
                }
            }
        `,
  toggleMal: `mutation toggle_model_assisted_labelingPyApi($project_id: ID!, $show: Boolean!) {
            project(where: {id: $project_id }) {
                showPredictionsToLabelers(show: $show) {
                    id, showingPredictionsToLabelers
                }
            }
        }`,
  feedback: `
        mutation UpsertAutoQaLabelFeedbackPyApi(
            $labelId: ID!
            $feedback: String!
            $scores: Json!
            ) {
            upsertAutoQaLabelFeedback(
                input: {
                    labelId: $labelId,
                    feedback: $feedback,
                    scores: $scores
                    }
            ) {
                id
                scores {
                id
                name
                score
                }
            }
            }
        `,
};

const PROJECT =
  'query($id: ID!) { project(where: {id: $id}) { id name description allowedMediaType showingPredictionsToLabelers ontology { id } resourceTags { text } instructionsMarkdown } }';

for (const dialect of dialects) {
  describe(`project clone, MAL switch and label feedback (${dialect})`, () => {
    let sut: TestServer;
    let project: ExportProject;
    let labelId: string;
    let org: string;
    before(async () => {
      sut = await startTestServer({ dialect });
      org = (await sut.services.identity.getOrganization(sut.actor)).name;
      project = await seedExportProject(sut, { images: 1, name: 'Street scenes' });
      labelId = await insertLabel(sut, {
        projectId: project.projectId,
        dataRowId: project.images[0]!.id,
        doc: imageDocument(project.ontology, await storeMask(sut)),
      });
    });
    after(async () => sut.close());

    it('turns model-assisted labeling off and on, as the SDK toggles it', async () => {
      const read = async () =>
        (await sut.data(PROJECT, { id: project.projectId })).project.showingPredictionsToLabelers;
      assert.equal(await read(), true, 'on by default');
      const off = (await sut.data(sdk.toggleMal, { project_id: project.projectId, show: false })).project;
      assert.deepEqual(off.showPredictionsToLabelers, {
        id: project.projectId,
        showingPredictionsToLabelers: false,
      });
      assert.equal(await read(), false);
      await sut.data(sdk.toggleMal, { project_id: project.projectId, show: true });
      assert.equal(await read(), true);
      const labeler = await createActor(sut.ctx, 'mal-labeler@example.com', org, 'LABELER');
      const refused = await sut.gql(
        sdk.toggleMal,
        { project_id: project.projectId, show: false },
        { key: labeler.key },
      );
      assert.equal(refused.body.errors?.[0]?.extensions.code, 'AUTHORIZATION_ERROR');
    });

    it("clones a project's settings, ontology, tags, instructions and members, not its data", async () => {
      const tag = (
        await sut.data('mutation { createResourceTag(input: {text: "clone-me", color: "ffffff"}) { id } }')
      ).createResourceTag;
      await sut.data(
        'mutation($id: ID!, $tags: [String!]) { project(where: {id: $id}) { updateProjectResourceTags(input: {resourceTagIds: $tags}) { id } } }',
        { id: project.projectId, tags: [tag.id] },
      );
      await sut.data(
        'mutation($id: ID!) { setProjectInstructionsMarkdown(where: {id: $id}, markdown: "# Boxes tight") { id } }',
        { id: project.projectId },
      );
      await sut.data(sdk.toggleMal, { project_id: project.projectId, show: false });

      const cloneId = (await sut.data(sdk.clone, { projectId: project.projectId })).cloneProject.id;
      assert.notEqual(cloneId, project.projectId);
      const [source, clone] = await Promise.all(
        [project.projectId, cloneId].map(async (id) => (await sut.data(PROJECT, { id })).project),
      );
      assert.equal(clone.name, 'Copy of Street scenes');
      for (const field of [
        'description',
        'allowedMediaType',
        'showingPredictionsToLabelers',
        'ontology',
        'resourceTags',
        'instructionsMarkdown',
      ])
        assert.deepEqual(clone[field], source[field], field);
      assert.equal(clone.showingPredictionsToLabelers, false);
      assert.equal(clone.instructionsMarkdown, '# Boxes tight');
      assert.deepEqual(clone.resourceTags, [{ text: 'clone-me' }]);

      const counts = await sut.data(
        'query($id: ID!) { project(where: {id: $id}) { labels(skip: 0, first: 10) { id } } }',
        { id: cloneId },
      );
      assert.deepEqual(counts.project.labels, [], 'labels stay with the source');

      const labeler = await createActor(sut.ctx, 'clone-labeler@example.com', org, 'LABELER');
      const refused = await sut.gql(sdk.clone, { projectId: project.projectId }, { key: labeler.key });
      assert.equal(refused.body.errors?.[0]?.extensions.code, 'AUTHORIZATION_ERROR');
      const stranger = await createActor(sut.ctx, 'clone-stranger@example.com', 'Other org', 'ADMIN');
      const hidden = await sut.gql(sdk.clone, { projectId: project.projectId }, { key: stranger.key });
      assert.equal(hidden.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
    });

    it('upserts auto-QA feedback and scores on a label, one feedback per label', async () => {
      const first = (
        await sut.data(sdk.feedback, {
          labelId,
          feedback: 'Box too loose',
          scores: { tightness: 0.4, coverage: 1 },
        })
      ).upsertAutoQaLabelFeedback;
      assert.deepEqual(first.scores, [
        { id: 'tightness', name: 'tightness', score: 0.4 },
        { id: 'coverage', name: 'coverage', score: 1 },
      ]);
      const second = (
        await sut.data(sdk.feedback, { labelId, feedback: 'Better', scores: { tightness: 0.9 } })
      ).upsertAutoQaLabelFeedback;
      assert.equal(second.id, first.id, 'the same feedback, replaced');
      assert.deepEqual(second.scores, [{ id: 'tightness', name: 'tightness', score: 0.9 }]);

      const bad = await sut.gql(sdk.feedback, { labelId, feedback: 'x', scores: { tightness: 'high' } });
      assert.equal(bad.body.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST');
      assert.equal(bad.body.errors[0].extensions.field, 'input.scores.tightness');
      const list = await sut.gql(sdk.feedback, { labelId, feedback: 'x', scores: [1] });
      assert.equal(list.body.errors?.[0]?.extensions.field, 'input.scores');
      const missing = await sut.gql(sdk.feedback, { labelId: 'nope', feedback: 'x', scores: {} });
      assert.equal(missing.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
      const labeler = await createActor(sut.ctx, 'qa-labeler@example.com', org, 'LABELER');
      const refused = await sut.gql(
        sdk.feedback,
        { labelId, feedback: 'x', scores: {} },
        { key: labeler.key },
      );
      assert.equal(refused.body.errors?.[0]?.extensions.code, 'AUTHORIZATION_ERROR');
    });

    it("lists a data row's labels in the projects the caller may see (data_row.labels())", async () => {
      // SDK 6 `data_row.labels()`, verbatim: it filters out deleted labels.
      const query = `query GetDataRowLabelsPyApi($param_0: Boolean!, $param_1: ID!){dataRow(where: {id: $param_1}){labels(where: {deleted: $param_0} skip: 0 first: 100){agreement benchmarkAgreement createdAt isBenchmarkReference label secondsToLabel id updatedAt}}}`;
      const rowId = project.images[0]!.id;
      const labels = (await sut.data(query, { param_0: false, param_1: rowId })).dataRow.labels;
      assert.deepEqual(
        labels.map((l: { id: string }) => l.id),
        [labelId],
      );
      const outsider = await createActor(sut.ctx, 'rows-outsider@example.com', org, 'NONE');
      const hidden = await sut.gql(query, { param_0: false, param_1: rowId }, { key: outsider.key });
      const none = (await sut.data(query, { param_0: true, param_1: rowId })).dataRow.labels;
      assert.deepEqual(none, [], 'no deleted labels exist');
      assert.equal(hidden.body.errors?.[0]?.extensions.code, 'AUTHORIZATION_ERROR');
    });
  });
}
