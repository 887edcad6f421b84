import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createRateLimiter } from '../src/http/rate-limit.ts';
import { newId } from '../src/ids.ts';
import { startTestServer, type TestServer } from './harness.ts';

describe('rate limiting over HTTP', () => {
  let sut: TestServer;
  before(async () => {
    sut = await startTestServer({ config: { rateLimitPerMinute: 3 } });
  });
  after(async () => sut.close());

  it('answers 429 with Retry-After and the message the Labelbox SDK turns into ApiLimitError', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await sut.gql('{user{id}}', {})).status, 200);
    const limited = await sut.gql('{user{id}}', {});
    assert.equal(limited.status, 429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    assert.ok(
      Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60,
      `retry-after ${retryAfter}`,
    );
    assert.match(limited.body.message ?? '', /^You have exceeded/);
    assert.equal(limited.body.errors?.[0]?.extensions.code, 'RATE_LIMITED');
  });

  it('counts per key: another key still has its budget', async () => {
    const { createActor } = await import('./harness.ts');
    const other = await createActor(sut.ctx, 'second@example.com', 'rl-org');
    assert.equal((await sut.gql('{user{id}}', {}, { key: other.key })).status, 200);
  });
});

const redisUrl = process.env.TEST_REDIS_URL;
describe(
  'rate limiting shared through Redis',
  { skip: redisUrl ? false : 'TEST_REDIS_URL is not set' },
  () => {
    it('shares one budget between two limiters (two server processes) on the same Redis', async () => {
      const keyPrefix = `labelyard-test:${newId()}`;
      const a = await createRateLimiter({ perMinute: 5, redisUrl, keyPrefix });
      const b = await createRateLimiter({ perMinute: 5, redisUrl, keyPrefix });
      try {
        const decisions = [];
        for (let i = 0; i < 6; i++) decisions.push(await (i % 2 === 0 ? a : b).consume('k:shared'));
        assert.deepEqual(
          decisions.map((d) => d.allowed),
          [true, true, true, true, true, false],
        );
        const last = decisions[5]!;
        assert.ok(!last.allowed && last.retryAfterSeconds >= 1);
      } finally {
        await a.close();
        await b.close();
      }
    });

    it('serves two real servers on one Redis budget', async () => {
      const config = { rateLimitPerMinute: 4, redisUrl };
      const one = await startTestServer({ config });
      try {
        // The second server shares the first one's database and key, as replicas do.
        const { buildApp } = await import('../src/http/app.ts');
        const { createRateLimiter: make } = await import('../src/http/rate-limit.ts');
        const twinLimiter = await make({ perMinute: 4, redisUrl });
        const twin = await buildApp({ ...one.ctx, rateLimiter: twinLimiter });
        await twin.listen({ port: 0, host: '127.0.0.1' });
        const twinUrl = `http://127.0.0.1:${(twin.server.address() as { port: number }).port}`;
        try {
          const statuses: number[] = [];
          for (let i = 0; i < 5; i++) {
            const url = i % 2 === 0 ? one.url : twinUrl;
            const res = await fetch(`${url}/graphql`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${one.key}` },
              body: JSON.stringify({ query: '{user{id}}' }),
            });
            statuses.push(res.status);
          }
          assert.deepEqual(statuses, [200, 200, 200, 200, 429]);
        } finally {
          await twin.close();
          await twinLimiter.close();
        }
      } finally {
        await one.close();
      }
    });
  },
);
