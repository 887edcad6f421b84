import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ROLES } from '../src/auth/roles.ts';
import { createActor, dialects, startTestServer, type TestServer } from './harness.ts';
import { createProjectOperation } from './project.factory.ts';

const roleId = (key: string) => ROLES.find((r) => r.key === key)!.id;
const USER_FIELDS = 'updatedAt createdAt email nickname name intercomHash picture isViewer isExternalUser id';

/** The operation texts of Labelbox SDK 6 (organization.py, user.py, project.py, role.py), verbatim. */
const sdk = {
  invite: `mutation createInvitesPyApi($data: [CreateInviteInput!]){
                    createInvites(data: $data){  invite { id createdAt organizationRoleName inviteeEmail inviter { ${USER_FIELDS} } }}}`,
  roles: 'query GetAvailableUserRolesPyApi { roles { id name } }',
  removeUser: `mutation DeleteMemberPyApi($userId: ID!) {
            updateUser(where: {id: $userId}, data: {deleted: true}) { id deleted }
        }`,
  setOrgRole: `mutation SetOrganizationRolePyApi($userId: ID!, $roleId: ID!) {
            setOrganizationRole(data: {userId: $userId, roleId: $roleId}) { id name }}
        `,
  setProjectRole: `mutation SetProjectMembershipPyApi($projectId: ID!, $userId: ID!, $roleId: ID!) {
                setProjectMembership(data: {userId: $userId, roleId: $roleId, projectId: $projectId}) {id}}
        `,
  members: `query ProjectMemberOverviewPyApi($projectId: ID!) {
             project(where: {id : $projectId}) { id members(skip: 0 first: 100){ id user { ${USER_FIELDS} } role { id name } accessFrom }
           }
        }`,
  orgRole: 'query GetUserOrgRole($id: ID!) { user(where: {id: $id}) { orgRole { id name } } }',
  users: `query { organization { users(skip: 0 first: 100) { ${USER_FIELDS} } } }`,
  project: 'query GetProjectPyApi($id: ID!) { project(where: {id: $id}) { id name } }',
  projects: 'query { projects(skip: 0 first: 100) { id } }',
  invitesLimit:
    'query InvitesLimitPyApi($organizationId: ID!) { invitesLimit(where: {id: $organizationId}) { used limit remaining } }',
};

for (const dialect of dialects) {
  describe(`members and roles (${dialect})`, () => {
    let sut: TestServer;
    let org: string;
    let projectA: string;
    let projectB: string;
    before(async () => {
      sut = await startTestServer({ dialect });
      org = (await sut.services.identity.getOrganization(sut.actor)).name;
      const create = async (name: string) =>
        (await sut.data(createProjectOperation({ name }), { name })).createProject.id as string;
      projectA = await create('A');
      projectB = await create('B');
    });
    after(async () => sut.close());

    it('lists the five Labelbox roles with fixed ids', async () => {
      const { roles } = await sut.data(sdk.roles);
      assert.deepEqual(
        roles.map((r: any) => r.name),
        ['None', 'Labeler', 'Reviewer', 'Team Manager', 'Admin'],
      );
    });

    it('invites once per pending email, with project roles only for role None', async () => {
      const data = [
        {
          inviterId: sut.actor.userId,
          inviteeEmail: 'New.Person@example.com',
          organizationId: sut.actor.organizationId,
          organizationRoleId: roleId('NONE'),
          projects: [{ projectId: projectA, projectRoleId: roleId('LABELER') }],
        },
      ];
      const first = (await sut.data(sdk.invite, { data })).createInvites[0].invite;
      assert.equal(first.inviteeEmail, 'new.person@example.com');
      assert.equal(first.organizationRoleName, 'None');
      assert.equal(first.inviter.email, sut.actor.email);
      const again = (await sut.data(sdk.invite, { data })).createInvites[0].invite;
      assert.equal(again.id, first.id, 'a retry returns the pending invite');

      const bad = await sut.gql(sdk.invite, {
        data: [{ ...data[0], inviteeEmail: 'x@example.com', organizationRoleId: roleId('LABELER') }],
      });
      assert.equal(bad.body.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST');
      assert.match(bad.body.errors![0]!.message, /projects/);
      const limit = (await sut.data(sdk.invitesLimit, { organizationId: sut.actor.organizationId }))
        .invitesLimit;
      assert.equal(limit.used, 2, 'the admin and the pending invite');
      assert.equal(limit.remaining, limit.limit - 2);
    });

    it('accepts an invitation by link: the user gets the invited roles and a password', async () => {
      const [issued] = await sut.services.members.invite(sut.actor, [
        {
          inviteeEmail: 'joiner@example.com',
          organizationRoleId: 'None',
          projects: [{ projectId: projectB, projectRoleId: roleId('REVIEWER') }],
        },
      ]);
      assert.ok(issued!.token);
      assert.equal((await sut.services.members.findInviteByToken(issued!.token))?.id, issued!.invite.id);
      await assert.rejects(sut.services.members.acceptInvite('not-the-token', { password: 'long enough' }), {
        code: 'AUTHENTICATION_ERROR',
      });
      const { user } = await sut.services.members.acceptInvite(issued!.token, {
        name: 'Joiner',
        password: 'long enough',
      });
      assert.equal(user.role, 'NONE');
      assert.equal(
        (await sut.services.identity.verifyCredentials('joiner@example.com', 'long enough'))?.id,
        user.id,
      );
      const actor = {
        organizationId: sut.actor.organizationId,
        userId: user.id,
        role: 'NONE' as const,
        email: user.email,
      };
      assert.equal(await sut.services.access.projectRole(actor, projectB), 'REVIEWER');
      await assert.rejects(sut.services.members.acceptInvite(issued!.token, { password: 'long enough' }), {
        code: 'AUTHENTICATION_ERROR',
      });
    });

    it('project-based users see only their projects; others answer RESOURCE_NOT_FOUND', async () => {
      const pb = await createActor(sut.ctx, `pb-${dialect}@example.com`, org, 'NONE');
      await sut.data(sdk.setProjectRole, {
        projectId: projectA,
        userId: pb.userId,
        roleId: roleId('LABELER'),
      });
      assert.equal((await sut.data(sdk.project, { id: projectA }, { key: pb.key })).project.id, projectA);
      const hidden = await sut.gql(sdk.project, { id: projectB }, { key: pb.key });
      assert.equal(hidden.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
      const missing = await sut.gql(sdk.project, { id: 'c'.repeat(25) }, { key: pb.key });
      assert.equal(
        missing.body.errors?.[0]?.message.replace('c'.repeat(25), projectB),
        hidden.body.errors?.[0]?.message,
      );
      assert.deepEqual(
        (await sut.data(sdk.projects, {}, { key: pb.key })).projects.map((p: any) => p.id),
        [projectA],
      );
      // A project labeler may not manage the project, nor anything of the organization.
      const update = await sut.gql(
        'mutation($id: ID!){updateProject(where:{id:$id}, data:{name:"x"}){id}}',
        { id: projectA },
        { key: pb.key },
      );
      assert.equal(update.body.errors?.[0]?.extensions.code, 'AUTHORIZATION_ERROR');
      const datasets = await sut.gql('{datasets{id}}', {}, { key: pb.key });
      assert.equal(datasets.body.errors?.[0]?.extensions.code, 'AUTHORIZATION_ERROR');

      // The web app decides what a project offers from the caller's effective role there.
      const viewerRole = 'query($id: ID!) { project(where: { id: $id }) { viewerRole } }';
      assert.equal(
        (await sut.data(viewerRole, { id: projectA }, { key: pb.key })).project.viewerRole,
        'LABELER',
      );
      assert.equal((await sut.data(viewerRole, { id: projectA })).project.viewerRole, 'ADMIN');

      const members = (await sut.data(sdk.members, { projectId: projectA })).project.members;
      const mine = members.find((m: any) => m.user.id === pb.userId);
      assert.deepEqual(
        { role: mine.role.name, accessFrom: mine.accessFrom },
        { role: 'Labeler', accessFrom: 'PROJECT_MEMBERSHIP' },
      );
      const admin = members.find((m: any) => m.user.id === sut.actor.userId);
      assert.deepEqual(
        { role: admin.role.name, accessFrom: admin.accessFrom },
        { role: 'Admin', accessFrom: 'ORGANIZATION' },
      );
      assert.ok(
        !(await sut.data(sdk.members, { projectId: projectB })).project.members.some(
          (m: any) => m.user.id === pb.userId,
        ),
      );

      // remove_from_project = upsert_project_role(project, NONE)
      await sut.data(sdk.setProjectRole, { projectId: projectA, userId: pb.userId, roleId: roleId('NONE') });
      const gone = await sut.gql(sdk.project, { id: projectA }, { key: pb.key });
      assert.equal(gone.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
    });

    it('refuses project roles for users with an org role, and member management to non-managers', async () => {
      const labeler = await createActor(sut.ctx, `lab-${dialect}@example.com`, org, 'LABELER');
      const refused = await sut.gql(sdk.setProjectRole, {
        projectId: projectA,
        userId: labeler.userId,
        roleId: roleId('REVIEWER'),
      });
      assert.equal(refused.body.errors?.[0]?.extensions.code, 'OPERATION_NOT_ALLOWED');
      for (const [query, variables] of [
        [sdk.setOrgRole, { userId: labeler.userId, roleId: roleId('ADMIN') }],
        [sdk.removeUser, { userId: sut.actor.userId }],
        [sdk.invite, { data: [{ inviteeEmail: 'z@example.com', organizationRoleId: roleId('ADMIN') }] }],
      ] as const) {
        const res = await sut.gql(query, variables, { key: labeler.key });
        assert.equal(res.body.errors?.[0]?.extensions.code, 'AUTHORIZATION_ERROR', query);
      }
      // A labeler reads the organization's projects but cannot create one.
      assert.equal(
        (await sut.data(sdk.project, { id: projectA }, { key: labeler.key })).project.id,
        projectA,
      );
      const create = await sut.gql(
        createProjectOperation({ name: 'n' }),
        { name: 'n' },
        { key: labeler.key },
      );
      assert.equal(create.body.errors?.[0]?.extensions.code, 'AUTHORIZATION_ERROR');
    });

    it('a team manager manages members but cannot make admins', async () => {
      const tm = await createActor(sut.ctx, `tm-${dialect}@example.com`, org, 'TEAM_MANAGER');
      const target = await createActor(sut.ctx, `target-${dialect}@example.com`, org, 'LABELER');
      const promoted = (
        await sut.data(sdk.setOrgRole, { userId: target.userId, roleId: roleId('REVIEWER') }, { key: tm.key })
      ).setOrganizationRole;
      assert.equal(promoted.id, target.userId);
      assert.equal((await sut.data(sdk.orgRole, { id: target.userId })).user.orgRole.name, 'Reviewer');
      const toAdmin = await sut.gql(
        sdk.setOrgRole,
        { userId: target.userId, roleId: roleId('ADMIN') },
        { key: tm.key },
      );
      assert.equal(toAdmin.body.errors?.[0]?.extensions.code, 'AUTHORIZATION_ERROR');
      const lastAdmin = await sut.gql(sdk.setOrgRole, {
        userId: sut.actor.userId,
        roleId: roleId('LABELER'),
      });
      assert.equal(lastAdmin.body.errors?.[0]?.extensions.code, 'OPERATION_NOT_ALLOWED');

      const removed = (await sut.data(sdk.removeUser, { userId: target.userId }, { key: tm.key })).updateUser;
      assert.deepEqual(removed, { id: target.userId, deleted: true });
      const users = (await sut.data(sdk.users)).organization.users.map((u: any) => u.id);
      assert.ok(!users.includes(target.userId), 'removed users are not listed');
      assert.equal((await sut.gql('{user{id}}', {}, { key: target.key })).status, 401);
    });

    it('announces revoked keys and changed users to identity caches', async () => {
      const seen: unknown[] = [];
      const unsubscribe = sut.services.identityEvents.subscribe((change) => seen.push(change));
      const user = await createActor(sut.ctx, `ev-${dialect}@example.com`, org, 'LABELER');
      await sut.services.members.setOrgRole(sut.actor, user.userId, 'REVIEWER');
      const [key] = await sut.services.identity
        .listApiKeys(sut.actor.organizationId)
        .then((ks) => ks.filter((k) => k.email === user.email));
      await sut.services.identity.revokeApiKey(key!.id);
      unsubscribe();
      assert.deepEqual(seen, [
        { kind: 'user-changed', userId: user.userId },
        { kind: 'key-revoked', keyId: key!.id },
      ]);
    });
  });
}
