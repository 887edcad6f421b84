import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createActor, dialects, startTestServer, type TestServer } from './harness.ts';

/** `/api/users/` and `/api/users/{id}/`: the organization's users with integer ids, removal by role only. */
for (const dialect of dialects) {
  describe(`Label Studio users (${dialect})`, () => {
    let sut: TestServer;
    const call = async (method: string, p: string, key = sut.key) => {
      const res = await fetch(sut.url + p, { method, headers: { authorization: `Token ${key}` } });
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : undefined };
    };
    before(async () => {
      sut = await startTestServer({ dialect });
    });
    after(async () => sut.close());

    it('lists and gets users by the ids whoami uses; only member managers remove them', async () => {
      const org = await sut.ctx.services.identity.getOrganization(sut.actor);
      const labeler = await createActor(sut.ctx, `labeler-${Date.now()}@example.com`, org.name, 'LABELER');
      const stranger = await createActor(
        sut.ctx,
        `stranger-${Date.now()}@example.com`,
        `elsewhere-${Date.now()}`,
      );
      const me = (await call('GET', '/api/current-user/whoami')).json;
      const list = (await call('GET', '/api/users/')).json;
      assert.deepEqual(list.map((u: any) => u.email).sort(), [sut.actor.email, labeler.email].sort());
      const mine = list.find((u: any) => u.email === sut.actor.email);
      assert.equal(mine.id, me.id);
      assert.equal(mine.active_organization, me.active_organization);
      const theirs = list.find((u: any) => u.email === labeler.email);
      assert.equal((await call('GET', `/api/users/${theirs.id}`)).json.email, labeler.email);
      // Another organization's user ids are not found here, and ids are integers.
      const strangerId = (await call('GET', '/api/current-user/whoami', stranger.key)).json.id;
      assert.equal((await call('GET', `/api/users/${strangerId}/`)).status, 404);
      assert.equal((await call('GET', '/api/users/abc/')).status, 404);
      const refused = await call('DELETE', `/api/users/${mine.id}/`, labeler.key);
      assert.equal(refused.status, 403);
      assert.equal(refused.json.status_code, 403);
      assert.equal((await call('DELETE', `/api/users/${theirs.id}/`)).status, 204);
      assert.deepEqual(
        (await call('GET', '/api/users/')).json.map((u: any) => u.email),
        [sut.actor.email],
      );
    });
  });
}
