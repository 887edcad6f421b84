import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { IdentityService } from '../src/services/identity.service.ts';
import { createActor, createTestContext, dialects, startTestServer, type TestServer } from './harness.ts';

for (const dialect of dialects) {
  describe(`authentication cache on ${dialect}`, () => {
    let fixture: Awaited<ReturnType<typeof createTestContext>>;
    before(async () => {
      fixture = await createTestContext(dialect);
    });
    after(async () => fixture.close());

    it('answers repeat lookups from memory and forgets a key revoked on another replica after the TTL', async () => {
      let now = 1_000_000;
      const sut = new IdentityService(fixture.db, { authCacheMs: 5_000, now: () => now });
      const otherReplica = new IdentityService(fixture.db);
      const caller = await createActor(fixture.ctx, `cached-${dialect}@example.com`, `cached-${dialect}`);
      const first = await sut.authenticate(caller.key);
      assert.equal(first?.userId, caller.userId);

      const [key] = await otherReplica.listApiKeys(caller.organizationId);
      await otherReplica.revokeApiKey(key!.id);
      now += 4_999;
      assert.equal(
        (await sut.authenticate(caller.key))?.userId,
        caller.userId,
        'still cached within the TTL',
      );
      now += 1;
      assert.equal(await sut.authenticate(caller.key), null, 'revoked once the entry expires');
    });

    it('forgets at once what this process revokes or is told to forget', async () => {
      const sut = new IdentityService(fixture.db, { authCacheMs: 60_000 });
      const caller = await createActor(fixture.ctx, `forget-${dialect}@example.com`, `forget-${dialect}`);
      assert.equal((await sut.authenticate(caller.key))?.role, 'ADMIN');

      await fixture.db
        .updateTable('users')
        .set({ role: 'LABELER' })
        .where('id', '=', caller.userId)
        .execute();
      assert.equal(
        (await sut.authenticate(caller.key))?.role,
        'ADMIN',
        'a role change elsewhere waits for the TTL',
      );
      sut.forgetAuthentications({ userId: caller.userId });
      assert.equal(
        (await sut.authenticate(caller.key))?.role,
        'LABELER',
        'forgetting the user reloads its role',
      );

      const [key] = await sut.listApiKeys(caller.organizationId);
      await sut.revokeApiKey(key!.id);
      assert.equal(await sut.authenticate(caller.key), null);
    });

    it('never caches an unknown key, so a key created afterwards works at once', async () => {
      const sut = new IdentityService(fixture.db, { authCacheMs: 60_000 });
      assert.equal(await sut.authenticate('lyk_unknown'), null);
      const caller = await createActor(fixture.ctx, `fresh-${dialect}@example.com`, `fresh-${dialect}`);
      assert.equal((await sut.authenticate(caller.key))?.userId, caller.userId);
    });
  });
}

describe('revocation over HTTP with two replicas', () => {
  let sut: TestServer;
  before(async () => {
    sut = await startTestServer({ config: { authCacheSeconds: 1 } });
  });
  after(async () => sut.close());

  it('a key revoked by another replica stops working within AUTH_CACHE_SECONDS', async () => {
    const caller = await createActor(sut.ctx, 'replica@example.com', 'replica-org');
    assert.equal((await sut.gql('{user{id}}', {}, { key: caller.key })).status, 200);
    const otherReplica = new IdentityService(sut.db);
    const [key] = await otherReplica.listApiKeys(caller.organizationId);
    const revokedAt = Date.now();
    await otherReplica.revokeApiKey(key!.id);
    let status = 200;
    while (status === 200 && Date.now() - revokedAt < 3_000) {
      status = (await sut.gql('{user{id}}', {}, { key: caller.key })).status;
      if (status === 200) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const elapsed = Date.now() - revokedAt;
    assert.equal(status, 401);
    assert.ok(elapsed <= 1_500, `revoked after ${elapsed} ms, bound is 1,000 ms (+ request time)`);
  });
});
