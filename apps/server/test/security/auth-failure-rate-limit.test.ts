import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../harness.ts';

describe('security: failed authentications are rate limited per client address', () => {
  let sut: TestServer;
  before(async () => {
    sut = await startTestServer({ config: { rateLimitPerMinute: 1000, authFailuresPerMinute: 5 } });
  });
  after(async () => sut.close());

  it('answers 429 once random keys (each a fresh bucket before) exceed the failure budget', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await sut.gql('{user{id}}', {}, { key: randomBytes(16).toString('hex') });
      statuses.push(res.status);
    }
    assert.deepEqual(statuses.slice(0, 5), [401, 401, 401, 401, 401]);
    assert.deepEqual(statuses.slice(5), [429, 429, 429]);
    const limited = await sut.gql('{user{id}}', {}, { key: null });
    assert.equal(limited.status, 429);
    assert.match(limited.body.message ?? '', /^You have exceeded/);
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
  });
});
