import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ROLES } from '../src/auth/roles.ts';
import { SESSION_COOKIE } from '../src/http/session-cookie.ts';
import { BAD_CREDENTIALS } from '../src/services/web-session.service.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { createProjectOperation } from './project.factory.ts';

const roleId = (key: string) => ROLES.find((r) => r.key === key)!.id;

type Answer = { status: number; body: any; cookie: string | null };

async function call(sut: TestServer, url: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(sut.url + url, init);
  const setCookie = res.headers.get('set-cookie');
  const cookie = setCookie?.startsWith(`${SESSION_COOKIE}=`) ? setCookie.split(';')[0]! : null;
  return { status: res.status, body: await res.json().catch(() => null), cookie };
}

const post = (sut: TestServer, url: string, body: unknown) =>
  call(sut, url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

for (const dialect of dialects) {
  describe(`web session routes (${dialect})`, () => {
    let sut: TestServer;
    let project: string;
    let hidden: string;
    before(async () => {
      sut = await startTestServer({ dialect });
      const create = async (name: string) =>
        (await sut.data(createProjectOperation({ name }), { name })).createProject.id as string;
      project = await create('Visible');
      hidden = await create('Hidden');
      const org = (await sut.services.identity.getOrganization(sut.actor)).name;
      await sut.services.identity.ensureUser({
        email: `known-${dialect}@example.com`,
        org,
        role: 'ADMIN',
        password: 'correct horse battery',
      });
    });
    after(async () => sut.close());

    it('answers a visitor who is not signed in with no user, not an error', async () => {
      for (const headers of [{}, { cookie: `${SESSION_COOKIE}=not-a-session` }] as Record<string, string>[]) {
        const session = await call(sut, '/auth/session', { headers });
        assert.equal(session.status, 200);
        assert.deepEqual(session.body, { user: null });
      }
    });

    it('answers a wrong password exactly like an unknown email', async () => {
      const wrong = await post(sut, '/auth/sign-in', {
        email: `known-${dialect}@example.com`,
        password: 'not the password',
      });
      const unknown = await post(sut, '/auth/sign-in', {
        email: `nobody-${dialect}@example.com`,
        password: 'not the password',
      });
      assert.equal(wrong.status, 401);
      assert.deepEqual(wrong.body, unknown.body);
      assert.equal(wrong.body.message, BAD_CREDENTIALS);
      assert.equal(wrong.cookie, null);
      const right = await post(sut, '/auth/sign-in', {
        email: `KNOWN-${dialect}@example.com`,
        password: 'correct horse battery',
      });
      assert.equal(right.status, 200);
      assert.ok(right.cookie);
    });

    it('accepts an invitation: greets the invitee, signs them in with the invited project role', async () => {
      const [issued] = await sut.services.members.invite(sut.actor, [
        {
          inviteeEmail: `joiner-${dialect}@example.com`,
          organizationRoleId: roleId('NONE'),
          projects: [{ projectId: project, projectRoleId: roleId('LABELER') }],
        },
      ]);
      const token = issued!.token!;
      const organization = await sut.services.identity.getOrganization(sut.actor);

      const greeting = await call(sut, `/auth/invitations/${encodeURIComponent(token)}`);
      assert.equal(greeting.status, 200);
      assert.equal(greeting.body.email, `joiner-${dialect}@example.com`);
      assert.equal(greeting.body.organizationName, organization.name);
      assert.equal((await call(sut, '/auth/invitations/not-a-token')).status, 404);

      const short = await post(sut, '/auth/invitations/accept', { token, name: 'J', password: 'short' });
      assert.equal(short.status, 400);
      assert.equal(short.body.errors[0].extensions.code, 'MALFORMED_REQUEST');
      assert.match(short.body.message, /password/);
      const missing = await post(sut, '/auth/invitations/accept', { token, name: 'J' });
      assert.equal(missing.status, 400);
      assert.match(missing.body.message, /Invalid password/);

      const accepted = await post(sut, '/auth/invitations/accept', {
        token,
        name: 'Joiner <b>',
        password: 'a long enough password',
      });
      assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
      assert.equal(accepted.body.user.email, `joiner-${dialect}@example.com`);
      assert.equal(accepted.body.user.role, 'NONE');
      assert.ok(accepted.body.csrfToken);
      assert.ok(accepted.cookie, 'accepting signs the invitee in');

      const session = await call(sut, '/auth/session', { headers: { cookie: accepted.cookie } });
      assert.equal(session.body.user.name, 'Joiner <b>');
      const projects = await call(sut, '/graphql', {
        method: 'POST',
        headers: {
          cookie: accepted.cookie,
          'content-type': 'application/json',
          'x-csrf-token': accepted.body.csrfToken,
        },
        body: JSON.stringify({ query: '{ projects(skip: 0, first: 100) { id } }' }),
      });
      assert.deepEqual(
        projects.body.data.projects.map((p: { id: string }) => p.id),
        [project],
        `the labeler sees ${project} and not ${hidden}`,
      );

      const memberships = `query($ids: [ID!]!) { projectMemberships(userIds: $ids) {
        userId projectId projectName role { name } } }`;
      const ids = [accepted.body.user.id, sut.actor.userId];
      assert.deepEqual((await sut.data(memberships, { ids })).projectMemberships, [
        {
          userId: accepted.body.user.id,
          projectId: project,
          projectName: 'Visible',
          role: { name: 'Labeler' },
        },
      ]);
      const tooMany = await sut.gql(memberships, { ids: Array.from({ length: 101 }, (_, i) => `u${i}`) });
      assert.equal(tooMany.body.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST');
      assert.match(tooMany.body.errors![0]!.message, /userIds/);
      const asLabeler = await call(sut, '/graphql', {
        method: 'POST',
        headers: {
          cookie: accepted.cookie,
          'content-type': 'application/json',
          'x-csrf-token': accepted.body.csrfToken,
        },
        body: JSON.stringify({ query: memberships, variables: { ids } }),
      });
      assert.equal(asLabeler.body.errors[0].extensions.code, 'AUTHORIZATION_ERROR');

      const again = await post(sut, '/auth/invitations/accept', {
        token,
        password: 'a long enough password',
      });
      assert.equal(again.status, 401);
      assert.equal((await call(sut, `/auth/invitations/${encodeURIComponent(token)}`)).status, 404);
      const signIn = await post(sut, '/auth/sign-in', {
        email: `joiner-${dialect}@example.com`,
        password: 'a long enough password',
      });
      assert.equal(signIn.status, 200);
    });
  });
}
