import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createActor, dialects, startTestServer, type TestServer } from './harness.ts';
import { createProjectOperation } from './project.factory.ts';

const GROUP_FIELDS = `id name color projects { nodes { id name } totalCount } members { nodes { id email } totalCount }`;

/** The operation texts of Labelbox SDK 6 (schema/user_group.py), verbatim but for whitespace. */
const sdk = {
  get: `query GetUserGroupPyApi($id: ID!) { userGroup(where: {id: $id}) { ${GROUP_FIELDS} } }`,
  update: `mutation UpdateUserGroupPyApi($id: ID!, $name: String!, $color: String!, $projectIds: [String!]!, $userIds: [String!]!) {
            updateUserGroup(
                where: {id: $id}
                data: {name: $name, color: $color, projectIds: $projectIds, userIds: $userIds}
            ) { group { id name color projects { nodes { id name } } members { nodes { id email } } } } }`,
  create: `mutation CreateUserGroupPyApi($name: String!, $color: String!, $projectIds: [String!]!, $userIds: [String!]!) {
            createUserGroup(
                data: { name: $name, color: $color, projectIds: $projectIds, userIds: $userIds }
            ) { group { id name color projects { nodes { id name } } members { nodes { id email } } } } }`,
  delete: `mutation DeleteUserGroupPyApi($id: ID!) { deleteUserGroup(where: {id: $id}) { success } }`,
  list: `query GetUserGroupsPyApi($after: String) { userGroups(after: $after) { nodes { ${GROUP_FIELDS} } nextCursor } }`,
};

for (const dialect of dialects) {
  describe(`user groups (${dialect})`, () => {
    let sut: TestServer;
    let org: string;
    let projectA: string;
    let projectB: string;
    let labeler: Awaited<ReturnType<typeof createActor>>;
    let outsider: Awaited<ReturnType<typeof createActor>>;
    before(async () => {
      sut = await startTestServer({ dialect });
      org = (await sut.services.identity.getOrganization(sut.actor)).name;
      const create = async (name: string) =>
        (await sut.data(createProjectOperation({ name }), { name })).createProject.id as string;
      projectA = await create('A');
      projectB = await create('B');
      labeler = await createActor(sut.ctx, 'labeler@example.com', org, 'LABELER');
      outsider = await createActor(sut.ctx, 'project-based@example.com', org, 'NONE');
    });
    after(async () => sut.close());

    it('creates, reads, updates and deletes a group as the SDK does', async () => {
      const created = (
        await sut.data(sdk.create, {
          name: 'Annotators',
          color: '9EC5FF',
          projectIds: [projectA],
          userIds: [labeler.userId],
        })
      ).createUserGroup.group;
      assert.equal(created.name, 'Annotators');
      assert.equal(created.color, '9EC5FF');
      assert.deepEqual(created.projects.nodes, [{ id: projectA, name: 'A' }]);
      assert.deepEqual(created.members.nodes, [{ id: labeler.userId, email: 'labeler@example.com' }]);

      const got = (await sut.data(sdk.get, { id: created.id })).userGroup;
      assert.equal(got.projects.totalCount, 1);
      assert.equal(got.members.totalCount, 1);

      const updated = (
        await sut.data(sdk.update, {
          id: created.id,
          name: 'Annotators EU',
          color: '3FDC9A',
          projectIds: [projectA, projectB],
          userIds: [],
        })
      ).updateUserGroup.group;
      assert.equal(updated.name, 'Annotators EU');
      assert.deepEqual(
        updated.projects.nodes.map((p: { name: string }) => p.name),
        ['A', 'B'],
      );
      assert.deepEqual(updated.members.nodes, []);

      assert.deepEqual((await sut.data(sdk.delete, { id: created.id })).deleteUserGroup, { success: true });
      const gone = await sut.gql(sdk.get, { id: created.id });
      assert.equal(gone.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
      const again = await sut.gql(sdk.delete, { id: created.id });
      assert.equal(again.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
    });

    it('pages through the groups with nextCursor', async () => {
      for (const name of ['g1', 'g2', 'g3'])
        await sut.data(sdk.create, { name, color: 'B8C4D3', projectIds: [], userIds: [] });
      const seen: string[] = [];
      let after: string | null = null;
      for (let i = 0; i < 5; i++) {
        const page: { nodes: Array<{ name: string }>; nextCursor: string | null } = (
          await sut.data(
            'query($after: String) { userGroups(after: $after, first: 2) { nodes { name } nextCursor } }',
            {
              after,
            },
          )
        ).userGroups;
        seen.push(...page.nodes.map((n) => n.name));
        after = page.nextCursor;
        if (!after) break;
      }
      assert.deepEqual(seen.sort(), ['g1', 'g2', 'g3']);
      const all = (await sut.data(sdk.list, { after: null })).userGroups;
      assert.equal(all.nodes.length, 3);
      assert.equal(all.nextCursor, null);
    });

    it('refuses bad input naming the field, and a name in use', async () => {
      const base = { name: 'Reviewers', color: 'CEB8FF', projectIds: [], userIds: [] };
      await sut.data(sdk.create, base);
      const cases: Array<[Record<string, unknown>, string, string]> = [
        [{ ...base }, 'RESOURCE_CONFLICT', 'data.name'],
        [{ ...base, name: '  ' }, 'MALFORMED_REQUEST', 'data.name'],
        [{ ...base, name: 'x', color: 'blue' }, 'MALFORMED_REQUEST', 'data.color'],
        [{ ...base, name: 'x', userIds: ['nope'] }, 'MALFORMED_REQUEST', 'data.userIds'],
        [{ ...base, name: 'x', projectIds: ['nope'] }, 'MALFORMED_REQUEST', 'data.projectIds'],
      ];
      for (const [variables, code, field] of cases) {
        const res = await sut.gql(sdk.create, variables);
        assert.equal(res.body.errors?.[0]?.extensions.code, code, JSON.stringify(variables));
        assert.equal(res.body.errors[0].extensions.field, field);
      }
    });

    it('lets labelers read groups but only admins and team managers change them', async () => {
      const res = await sut.gql(
        sdk.create,
        { name: 'mine', color: '9EC5FF', projectIds: [], userIds: [] },
        { key: labeler.key },
      );
      assert.equal(res.body.errors?.[0]?.extensions.code, 'AUTHORIZATION_ERROR');
      const list = await sut.gql(sdk.list, { after: null }, { key: labeler.key });
      assert.equal(list.body.errors, undefined);
      const none = await sut.gql(sdk.list, { after: null }, { key: outsider.key });
      assert.equal(none.body.errors?.[0]?.extensions.code, 'AUTHORIZATION_ERROR');
    });

    it("gives a group's project-based members its projects, and takes them back", async () => {
      const projects = 'query { projects(skip: 0, first: 100) { id } }';
      const visible = async () =>
        ((await sut.data(projects, {}, { key: outsider.key })).projects as Array<{ id: string }>).map(
          (p) => p.id,
        );
      assert.deepEqual(await visible(), []);
      const group = (
        await sut.data(sdk.create, {
          name: 'Contractors',
          color: 'FFB35F',
          projectIds: [projectB],
          userIds: [outsider.userId],
        })
      ).createUserGroup.group;
      assert.deepEqual(await visible(), [projectB]);
      const project = await sut.gql(
        'query($id: ID!) { project(where: {id: $id}) { id } }',
        { id: projectB },
        { key: outsider.key },
      );
      assert.equal(project.body.data?.project?.id, projectB);
      await sut.data(sdk.update, {
        id: group.id,
        name: 'Contractors',
        color: 'FFB35F',
        projectIds: [projectB],
        userIds: [],
      });
      assert.deepEqual(await visible(), []);
    });
  });
}
