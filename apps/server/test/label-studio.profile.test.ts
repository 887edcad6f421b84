import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createActor, dialects, startTestServer, type TestServer } from './harness.ts';

/**
 * SDK 2.x `users.update(id, first_name=, last_name=)` (`PATCH /api/users/{id}/`) and `users.update_current_user(...)`
 * (`PATCH /api/current-user`), and the legacy `Project.get_model_versions()` (`GET /api/projects/{id}/model-versions`).
 */
const CONFIG = `<View><Image name="image" value="$image"/>
<Choices name="c" toName="image"><Choice value="a"/></Choices></View>`;

for (const dialect of dialects) {
  describe(`Label Studio profile updates and model versions (${dialect})`, () => {
    let sut: TestServer;
    const call = async (method: string, p: string, body?: unknown, key = sut.key) => {
      const res = await fetch(sut.url + p, {
        method,
        headers: {
          authorization: `Token ${key}`,
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : undefined };
    };
    before(async () => {
      sut = await startTestServer({ dialect });
    });
    after(async () => sut.close());

    it('renames users: anyone themselves, others only member managers; other fields are refused or left', async () => {
      const org = await sut.ctx.services.identity.getOrganization(sut.actor);
      const labeler = await createActor(sut.ctx, `lab-${Date.now()}@example.com`, org.name, 'LABELER');
      const me = (await call('GET', '/api/current-user/whoami')).json;
      const theirs = (await call('GET', '/api/users/')).json.find((u: any) => u.email === labeler.email);

      const renamed = await call('PATCH', `/api/users/${me.id}/`, {
        first_name: 'Ada',
        last_name: 'Lovelace',
      });
      assert.equal(renamed.status, 200, JSON.stringify(renamed.json));
      assert.equal(renamed.json.first_name, 'Ada');
      assert.equal(renamed.json.last_name, 'Lovelace');
      assert.equal((await call('GET', '/api/current-user/whoami')).json.last_name, 'Lovelace');
      // The Labelbox face sees the same user.
      const user = await sut.data<{ user: { name: string } }>('{user{name}}');
      assert.equal(user.user.name, 'Ada Lovelace');

      // An admin renames a member; only last_name changes the last name.
      const other = await call('PATCH', `/api/users/${theirs.id}`, { last_name: 'Byron', phone: '123' });
      assert.equal(other.status, 200);
      assert.equal(other.json.last_name, 'Byron');
      // A labeler renames themselves through /api/current-user, not others.
      const self = await call('PATCH', '/api/current-user', { first_name: 'Lab' }, labeler.key);
      assert.equal(self.status, 200, JSON.stringify(self.json));
      assert.equal(self.json.first_name, 'Lab');
      assert.equal(self.json.last_name, 'Byron');
      assert.equal(
        (await call('PATCH', `/api/users/${me.id}/`, { first_name: 'X' }, labeler.key)).status,
        403,
      );
      assert.equal((await call('GET', '/api/current-user/whoami')).json.first_name, 'Ada');

      for (const [body, field] of [
        [{ email: 'someone.else@example.com' }, 'email'],
        [{ first_name: 7 }, 'first_name'],
        [{ last_name: 'x'.repeat(257) }, 'last_name'],
      ] as const) {
        const res = await call('PATCH', `/api/users/${me.id}/`, body);
        assert.equal(res.status, 400, JSON.stringify(body));
        assert.deepEqual(Object.keys(res.json.validation_errors), [field]);
      }
      assert.equal((await call('PATCH', '/api/users/999999/', { first_name: 'X' })).status, 404);
      // Sending the unchanged email (as a full user object does) is fine.
      assert.equal(
        (await call('PATCH', '/api/current-user', { email: sut.actor.email, first_name: 'Ada' })).status,
        200,
      );
    });

    it('counts predictions per model version', async () => {
      const project = (await call('POST', '/api/projects/', { title: 'Versions', label_config: CONFIG })).json
        .id;
      const pred = (v?: string) => ({
        ...(v !== undefined && { model_version: v }),
        result: [{ from_name: 'c', to_name: 'image', type: 'choices', value: { choices: ['a'] } }],
      });
      const imported = await call('POST', `/api/projects/${project}/import`, [
        { data: { image: 'https://example.com/1.jpg' }, predictions: [pred('v1'), pred('v2')] },
        { data: { image: 'https://example.com/2.jpg' }, predictions: [pred('v2'), pred()] },
      ]);
      assert.equal(imported.status, 201, JSON.stringify(imported.json));
      const res = await call('GET', `/api/projects/${project}/model-versions`);
      assert.equal(res.status, 200);
      assert.deepEqual(res.json, { v2: 2, '': 1, v1: 1 });
      assert.deepEqual(Object.keys(res.json), ['v2', '', 'v1']);
      const empty = (await call('POST', '/api/projects/', { title: 'None', label_config: CONFIG })).json.id;
      assert.deepEqual((await call('GET', `/api/projects/${empty}/model-versions/`)).json, {});
    });
  });
}
