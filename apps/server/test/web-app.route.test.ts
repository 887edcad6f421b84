import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerWebAppRoutes } from '../src/http/web-app.route.ts';
import { tempDir } from './harness.ts';

describe('web app static serving', () => {
  let sut: FastifyInstance;
  let dist: string;
  before(async () => {
    dist = tempDir('labelyard-dist-');
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
    fs.writeFileSync(path.join(dist, 'assets/index-abc123.js'), 'console.log("app");'.repeat(100));
    sut = Fastify();
    sut.get('/graphql', async () => ({ api: 'graphql' }));
    sut.get('/api/v1/ping', async () => ({ api: 'rest' }));
    sut.get('/health', async () => ({ status: 'UP' }));
    registerWebAppRoutes(sut, dist);
    await sut.ready();
  });
  after(async () => {
    await sut.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  it('serves hashed assets for a year, gzipped when asked', async () => {
    const res = await sut.inject({ url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip' } });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(res.headers['content-encoding'], 'gzip');
    assert.match(String(res.headers['content-type']), /^text\/javascript/);
  });

  it('answers client routes with index.html, never cached, with a strict CSP', async () => {
    for (const url of ['/', '/projects/abc', '/datasets/x/rows/y?tab=1']) {
      const res = await sut.inject({ url });
      assert.equal(res.statusCode, 200, url);
      assert.equal(res.headers['cache-control'], 'no-cache');
      assert.match(res.body, /id="root"/);
      assert.match(String(res.headers['content-security-policy']), /script-src 'self'/);
    }
  });

  it('does not shadow the APIs: their routes answer, their unknown paths are API 404s', async () => {
    assert.deepEqual((await sut.inject({ url: '/graphql' })).json(), { api: 'graphql' });
    assert.deepEqual((await sut.inject({ url: '/api/v1/ping' })).json(), { api: 'rest' });
    assert.deepEqual((await sut.inject({ url: '/health' })).json(), { status: 'UP' });
    for (const url of ['/api/v1/nope', '/files/x', '/masks/feature/1', '/auth/nope', '/_gql/x']) {
      const res = await sut.inject({ url });
      assert.equal(res.statusCode, 404, url);
      assert.doesNotMatch(res.body, /id="root"/, url);
    }
  });

  it('answers a missing asset with 404, not with the page', async () => {
    assert.equal((await sut.inject({ url: '/assets/gone-123.js' })).statusCode, 404);
  });

  it('says how to build when the web app is not built', async () => {
    const bare = Fastify();
    registerWebAppRoutes(bare, null);
    const res = await bare.inject({ url: '/' });
    assert.equal(res.statusCode, 503);
    assert.match(res.body, /npm run build:web/);
    await bare.close();
  });
});
