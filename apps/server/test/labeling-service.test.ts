import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LABELING_SERVICE_NOT_OFFERED } from '../src/services/labeling-service.service.ts';
import { createActor, dialects, startTestServer, type TestServer } from './harness.ts';
import { setupLabelProject } from './label.factory.ts';

/** The SDK 6 texts of `LabelingService.get` and `.start` (labelbox/schema/labeling_service.py). */
const GET = `
            query GetProjectBoostWorkforcePyApi($projectId: ID!) {
            projectBoostWorkforce(data: { projectId: $projectId }) {
                    id
                    projectId
                    createdAt
                    updatedAt
                    createdById
                    status
                }
            }
        `;
const START = `mutation CreateProjectBoostWorkforcePyApi($projectId: ID!) {
          upsertProjectBoostWorkforce(data: { projectId: $projectId }) {
            success
          }
        }`;

for (const dialect of dialects) {
  describe(`Labelbox Boost (project.get_labeling_service_status) is answered as not offered (${dialect})`, () => {
    let sut: TestServer;
    let projectId: string;
    before(async () => {
      sut = await startTestServer({ dialect });
      projectId = (await setupLabelProject(sut, { images: 1, texts: 0 })).projectId;
    });
    after(async () => sut.close());

    it('has no labeling service for a project (null, so the SDK raises ResourceNotFoundError)', async () => {
      const res = await sut.gql(GET, { projectId });
      assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
      assert.deepEqual(res.body.data, { projectBoostWorkforce: null });
    });

    it('refuses to start one with OPERATION_NOT_ALLOWED saying it is not offered here', async () => {
      const res = await sut.gql(START, { projectId });
      assert.equal(res.body.errors?.[0]?.extensions.code, 'OPERATION_NOT_ALLOWED');
      assert.equal(res.body.errors![0]!.message, LABELING_SERVICE_NOT_OFFERED);
      assert.deepEqual(res.body.data, { upsertProjectBoostWorkforce: null });
    });

    it("does not find other organizations' projects", async () => {
      const other = await createActor(sut.ctx, `boost-${dialect}@example.com`, `boost-org-${dialect}`);
      for (const query of [GET, START]) {
        const res = await sut.gql(query, { projectId }, { key: other.key });
        assert.equal(res.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND', JSON.stringify(res.body));
      }
    });
  });
}
