import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createActor, startTestServer, type TestServer } from './harness.ts';

describe('identity over GraphQL', () => {
  let sut: TestServer;
  before(async () => {
    sut = await startTestServer();
  });
  after(async () => sut.close());

  it('answers the getting-started query with the caller', async () => {
    const res = await sut.gql(
      'query GetUserPyApi{user{createdAt email intercomHash isExternalUser isViewer nickname name picture id updatedAt}}',
      {},
    );
    assert.equal(res.status, 200);
    const user = res.body.data.user;
    assert.equal(user.email, sut.actor.email);
    assert.equal(user.isViewer, true);
    assert.match(user.createdAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    assert.equal(user.id.length, 25);
  });

  it('accepts the key as ?token= and on /_gql', async () => {
    const res = await fetch(`${sut.url}/_gql?token=${sut.key}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{organization{id name createdAt updatedAt}}', variables: null }),
    });
    assert.equal(res.status, 200);
    const body = (await res.json()) as any;
    assert.equal(body.data.organization.id, sut.actor.organizationId);
  });

  it('rejects a missing or bad key with 401 AUTHENTICATION_ERROR', async () => {
    for (const key of [null, 'lyk_not-a-key']) {
      const res = await sut.gql('{user{id}}', {}, { key });
      assert.equal(res.status, 401);
      assert.equal(res.body.data, null);
      assert.equal(res.body.errors?.[0]?.extensions.code, 'AUTHENTICATION_ERROR');
    }
  });

  it('rejects a revoked key', async () => {
    const other = await createActor(sut.ctx, 'revoked@example.com', 'revoked-org');
    assert.equal((await sut.gql('{user{id}}', {}, { key: other.key })).status, 200);
    const keys = await sut.services.identity.listApiKeys(other.organizationId);
    await sut.services.identity.revokeApiKey(keys[0]!.id);
    assert.equal((await sut.gql('{user{id}}', {}, { key: other.key })).status, 401);
  });

  it('maps parse and validation failures to their codes', async () => {
    const parseFail = await sut.gql('{user{id}', {});
    assert.equal(parseFail.body.errors?.[0]?.extensions.code, 'GRAPHQL_PARSE_FAILED');
    assert.match(parseFail.body.errors![0]!.message, /^Syntax Error/);
    const invalid = await sut.gql('{user{bbb}}', {});
    assert.equal(invalid.body.errors?.[0]?.extensions.code, 'GRAPHQL_VALIDATION_FAILED');
    assert.match(invalid.body.errors![0]!.message, /Cannot query field "bbb" on type "User"/);
  });

  it('lists roles with the names the SDK upper-cases', async () => {
    const { roles } = await sut.data<{ roles: Array<{ id: string; name: string }> }>(
      'query GetAvailableUserRolesPyApi { roles { id name } }',
      null,
    );
    assert.deepEqual(
      roles.map((r) => r.name.toUpperCase().replace(' ', '_')),
      ['NONE', 'LABELER', 'REVIEWER', 'TEAM_MANAGER', 'ADMIN'],
    );
  });

  it("filters and orders users as the SDK's get_users(where=) and organization.users(where=) ask", async () => {
    const org = await sut.services.identity.getOrganization(sut.actor);
    await createActor(sut.ctx, 'zed@example.com', org.name, 'LABELER');
    await createActor(sut.ctx, 'amy@example.com', org.name, 'REVIEWER');
    await createActor(sut.ctx, 'amy@elsewhere.example.com', 'users-filter-other-org');
    const fields = 'createdAt email intercomHash isExternalUser isViewer nickname name picture id updatedAt';
    // The SDK's query texts (labelbox 6: orm/query.py get_all and relationship), pages filled in.
    const byEmail = await sut.data<{ users: Array<{ email: string }> }>(
      `query GetUsersPyApi($param_0: String!){users(where: {email: $param_0} skip: 0 first: 100){${fields}}}`,
      { param_0: 'amy@example.com' },
    );
    assert.deepEqual(
      byEmail.users.map((u) => u.email),
      ['amy@example.com'],
    );
    const orgUsers = await sut.data<{ organization: { users: Array<{ email: string }> } }>(
      `query GetOrganizationUsersPyApi($param_0: String!){organization{users(where: {email: $param_0} skip: 0 first: 100){${fields}}}}`,
      { param_0: 'zed@example.com' },
    );
    assert.deepEqual(
      orgUsers.organization.users.map((u) => u.email),
      ['zed@example.com'],
    );
    const ordered = await sut.data<{ organization: { users: Array<{ email: string }> } }>(
      `query GetOrganizationUsersPyApi{organization{users(skip: 0 first: 100 orderBy: email_DESC){${fields}}}}`,
      {},
    );
    assert.deepEqual(
      ordered.organization.users.map((u) => u.email),
      ['zed@example.com', 'amy@example.com', sut.actor.email],
    );
    const notDeleted = await sut.data<{ users: Array<{ email: string }> }>(
      `query GetUsersPyApi($param_0: String!, $param_1: Boolean!){users(where: {AND: [{email_not: $param_0}, {deleted: $param_1}]} skip: 0 first: 100){${fields}}}`,
      { param_0: 'zed@example.com', param_1: false },
    );
    assert.deepEqual(
      notDeleted.users.map((u) => u.email).sort(),
      ['amy@example.com', sut.actor.email].sort(),
    );
    const contains = await sut.data<{ users: Array<{ email: string }> }>(
      '{users(where: {OR: [{email_contains: "zed@"}, {email_contains: "elsewhere"}]}){email}}',
      {},
    );
    assert.deepEqual(
      contains.users.map((u) => u.email),
      ['zed@example.com'],
    );
  });

  it('keeps organizations apart: another org user is not found', async () => {
    const other = await createActor(sut.ctx, 'stranger@example.com', 'other-org');
    const res = await sut.gql('query($id: ID!){user(where:{id:$id}){id}}', { id: other.userId });
    assert.equal(res.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
  });
});
