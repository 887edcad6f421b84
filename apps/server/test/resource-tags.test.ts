import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createActor, dialects, startTestServer, type TestServer } from './harness.ts';
import { createProjectOperation } from './project.factory.ts';

/** Labelbox SDK 6 (schema/organization.py, schema/project.py), verbatim but for the field list's order. */
const sdk = {
  create: `mutation CreateResourceTagPyApi($text:String!,$color:String!) {
                createResourceTag(input:{text:$text,color:$color}) {color text id}}
        `,
  list: 'query GetOrganizationResourceTagsPyApi{organization{resourceTag{color text id}}}',
  setOnProject: `mutation UpdateProjectResourceTagsPyApi($projectId:ID!,$resourceTagIds:[String!]) {
            project(where:{id:$projectId}){updateProjectResourceTags(input:{resourceTagIds:$resourceTagIds}){color text id}}}`,
  ofProject: `query GetProjectResourceTagsPyApi($projectId: ID!) {
            project(where: {id: $projectId}) {
                name
                resourceTags {color text id}
            }
            }`,
};

for (const dialect of dialects) {
  describe(`resource tags (${dialect})`, () => {
    let sut: TestServer;
    let projectId: string;
    before(async () => {
      sut = await startTestServer({ dialect });
      projectId = (await sut.data(createProjectOperation({ name: 'Tagged' }), { name: 'Tagged' }))
        .createProject.id;
    });
    after(async () => sut.close());

    it('creates tags, lists them, and sets and clears a project’s tags', async () => {
      const red = (await sut.data(sdk.create, { text: 'urgent', color: 'ff0000' })).createResourceTag;
      const blue = (await sut.data(sdk.create, { text: 'customer-a', color: '0000FF' })).createResourceTag;
      assert.deepEqual(red, { color: 'ff0000', text: 'urgent', id: red.id });
      assert.equal(blue.color, '0000ff');
      assert.deepEqual(
        (await sut.data(sdk.list)).organization.resourceTag.map((t: { text: string }) => t.text),
        ['customer-a', 'urgent'],
      );

      const set = (await sut.data(sdk.setOnProject, { projectId, resourceTagIds: [red.id, blue.id, red.id] }))
        .project.updateProjectResourceTags;
      assert.deepEqual(
        set.map((t: { id: string }) => t.id),
        [blue.id, red.id],
      );
      const read = (await sut.data(sdk.ofProject, { projectId })).project;
      assert.equal(read.name, 'Tagged');
      assert.deepEqual(read.resourceTags, set);

      const cleared = (await sut.data(sdk.setOnProject, { projectId, resourceTagIds: null })).project
        .updateProjectResourceTags;
      assert.deepEqual(cleared, []);
    });

    it('refuses duplicates, bad colors, unknown tags, other organizations and labelers', async () => {
      await sut.data(sdk.create, { text: 'dup', color: 'ffffff' });
      const dup = await sut.gql(sdk.create, { text: 'dup', color: 'ffffff' });
      assert.equal(dup.body.errors?.[0]?.extensions.code, 'RESOURCE_CONFLICT');
      const color = await sut.gql(sdk.create, { text: 'x', color: 'red' });
      assert.equal(color.body.errors?.[0]?.extensions.field, 'input.color');
      const unknown = await sut.gql(sdk.setOnProject, { projectId, resourceTagIds: ['nope'] });
      assert.equal(unknown.body.errors?.[0]?.extensions.field, 'input.resourceTagIds');

      const stranger = await createActor(sut.ctx, 'stranger@example.com', 'Elsewhere', 'ADMIN');
      const theirs = (await sut.data(sdk.create, { text: 'theirs', color: '00ff00' }, { key: stranger.key }))
        .createResourceTag;
      const crossed = await sut.gql(sdk.setOnProject, { projectId, resourceTagIds: [theirs.id] });
      assert.equal(crossed.body.errors?.[0]?.extensions.field, 'input.resourceTagIds');
      const foreignProject = await sut.gql(
        sdk.setOnProject,
        { projectId, resourceTagIds: [] },
        { key: stranger.key },
      );
      assert.equal(foreignProject.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
      assert.ok(
        !(await sut.data(sdk.list)).organization.resourceTag.some(
          (t: { text: string }) => t.text === 'theirs',
        ),
        "another organization's tags are not listed",
      );

      const org = (await sut.services.identity.getOrganization(sut.actor)).name;
      const labeler = await createActor(sut.ctx, 'labeler@example.com', org, 'LABELER');
      for (const [query, variables] of [
        [sdk.create, { text: 'mine', color: 'ffffff' }],
        [sdk.setOnProject, { projectId, resourceTagIds: [] }],
      ] as const) {
        const res = await sut.gql(query, variables, { key: labeler.key });
        assert.equal(res.body.errors?.[0]?.extensions.code, 'AUTHORIZATION_ERROR', query);
      }
      assert.equal(
        (await sut.gql(sdk.ofProject, { projectId }, { key: labeler.key })).body.errors,
        undefined,
      );
    });
  });
}
