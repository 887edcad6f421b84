import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createActor, startTestServer, type TestServer } from '../harness.ts';
import { ops } from '../label.factory.ts';

/** Regression: before roles were enforced, any key of the organization could do anything in it. */
describe('roles: refused calls (security regression)', () => {
  let sut: TestServer;
  before(async () => {
    sut = await startTestServer({ config: { allowPrivateUrls: true } });
  });
  after(async () => sut.close());

  it("refuses a NONE-role key updating another user's webhook (was: 200 and updated)", async () => {
    const created = (
      await sut.data(
        ops.createWebhook(null, ['LABEL_CREATED'], 'http://127.0.0.1:9/hook', 'admin-secret'),
        null,
      )
    ).createWebhook;
    const org = (await sut.services.identity.getOrganization(sut.actor)).name;
    const none = await createActor(sut.ctx, 'nobody@example.com', org, 'NONE');
    const res = await sut.gql(ops.updateWebhook(created.id, 'url: "http://127.0.0.1:9/stolen"'), null, {
      key: none.key,
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.errors?.[0]?.extensions.code, 'AUTHORIZATION_ERROR');
    assert.equal(res.body.data, null);
    const after = await sut.services.webhooks.get(sut.actor, created.id);
    assert.equal(after.url, 'http://127.0.0.1:9/hook', 'the webhook is unchanged');

    // Nor may a labeler read the webhooks (they carry signing secrets) or change them.
    const labeler = await createActor(sut.ctx, 'labeler@example.com', org, 'LABELER');
    for (const query of [ops.orgWebhooks, ops.updateWebhook(created.id, 'status: INACTIVE')]) {
      const refused = await sut.gql(query, {}, { key: labeler.key });
      assert.equal(refused.body.errors?.[0]?.extensions.code, 'AUTHORIZATION_ERROR', query);
    }
  });

  it("refuses a demoted key at once, and a removed user's key altogether", async () => {
    const org = (await sut.services.identity.getOrganization(sut.actor)).name;
    const manager = await createActor(sut.ctx, 'tm@example.com', org, 'TEAM_MANAGER');
    const create = 'mutation { createDataset(data: {name: "d"}) { id } }';
    assert.equal((await sut.gql(create, {}, { key: manager.key })).body.errors, undefined);
    await sut.services.members.setOrgRole(sut.actor, manager.userId, 'LABELER');
    const demoted = await sut.gql(create, {}, { key: manager.key });
    assert.equal(demoted.body.errors?.[0]?.extensions.code, 'AUTHORIZATION_ERROR');
    await sut.services.members.removeUser(sut.actor, manager.userId);
    assert.equal((await sut.gql('{user{id}}', {}, { key: manager.key })).status, 401);
  });
});
