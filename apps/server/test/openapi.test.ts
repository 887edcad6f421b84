import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { REST_OPERATIONS } from '../src/rest/openapi/operations.ts';
import { renderOpenApi } from '../src/rest/openapi/render-openapi.ts';
import { startTestServer, type TestServer } from './harness.ts';

const key = (method: string, url: string) => `${method} ${url.replace(/\/$/, '')}`;

describe('api/openapi.json', () => {
  let sut: TestServer;
  before(async () => {
    sut = await startTestServer();
  });
  after(async () => sut.close());

  it('documents every REST route the server registers, and nothing it does not', () => {
    const registered = new Set(
      sut.app.routeTable
        .filter((r) => r.url.startsWith('/api') && r.url !== '/api/*' && r.method !== 'HEAD')
        .filter((r) => r.method !== 'OPTIONS')
        .map((r) => key(r.method, r.url)),
    );
    assert.ok(registered.size > 50, `${registered.size} REST routes found`);
    const documented = new Set(REST_OPERATIONS.map((o) => key(o.method, o.path)));
    assert.deepEqual(
      [...registered].filter((k) => !documented.has(k)).sort(),
      [],
      'routes missing from rest/openapi/operations.ts',
    );
    assert.deepEqual(
      [...documented].filter((k) => !registered.has(k)).sort(),
      [],
      'documented operations the server does not have',
    );
  });

  it('is valid OpenAPI 3.1 in shape: unique operation ids, declared path parameters, public routes unsecured', () => {
    const doc = JSON.parse(renderOpenApi());
    assert.equal(doc.openapi, '3.1.0');
    const ids = new Set<string>();
    for (const [path, methods] of Object.entries<Record<string, any>>(doc.paths)) {
      const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const [method, o] of Object.entries<any>(methods)) {
        assert.ok(!ids.has(o.operationId), `${method} ${path}: duplicate ${o.operationId}`);
        ids.add(o.operationId);
        const declared = o.parameters.filter((p: any) => p.in === 'path').map((p: any) => p.name);
        assert.deepEqual(declared, params, `${method} ${path}`);
      }
    }
    assert.deepEqual(doc.paths['/api/token/refresh'].post.security, []);
    assert.equal(doc.paths['/api/projects'].get.security, undefined);
  });

  it('answers what it documents: a public route without a key, a private one only with it', async () => {
    const served = await fetch(`${sut.url}/openapi.json`);
    assert.equal(served.status, 200);
    assert.equal(await served.text(), renderOpenApi(), 'GET /openapi.json is the committed document');
    const version = await fetch(`${sut.url}/api/version/`);
    assert.equal(version.status, 200);
    assert.equal((await fetch(`${sut.url}/api/projects/`)).status, 401);
    const projects = await fetch(`${sut.url}/api/projects/`, {
      headers: { authorization: `Token ${sut.key}` },
    });
    assert.equal(projects.status, 200);
  });
});
