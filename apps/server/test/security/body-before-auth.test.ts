import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../harness.ts';
import { postMultipart, UPLOAD_FILE } from './security.helpers.ts';
import { partialBodyRequest } from './raw-http.ts';

const MB = 1024 * 1024;

describe('security: bodies are read only after authentication, and JSON bodies are small', () => {
  let sut: TestServer;
  before(async () => {
    sut = await startTestServer({ config: { jsonBodyLimitBytes: 256 * 1024 } });
  });
  after(async () => sut.close());

  for (const [what, headers] of [
    ['no key', {}],
    ['a wrong key', { authorization: 'Bearer not-a-key' }],
  ] as const) {
    it(`answers 401 with ${what} without reading a 100 MB body, and closes the connection`, async () => {
      const res = await partialBodyRequest(sut.url, {
        path: '/graphql',
        headers: { 'content-type': 'application/json', ...headers },
        claimedBytes: 100 * MB,
        sendBytes: 64 * 1024,
        timeoutMs: 3000,
      });
      assert.match(res.response, /^HTTP\/1\.1 401/, res.response || '(no answer)');
      assert.match(res.response, /AUTHENTICATION_ERROR/);
      assert.ok(res.closed, `connection still open after ${res.elapsedMs} ms`);
    });
  }

  it('refuses a JSON body over the JSON limit with 413 before parsing it', async () => {
    const res = await fetch(`${sut.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${sut.key}` },
      body: JSON.stringify({ query: '{user{id}}', variables: { pad: 'x'.repeat(300 * 1024) } }),
    });
    assert.equal(res.status, 413);
    const body = (await res.json()) as { errors: Array<{ extensions: { code: string } }> };
    assert.ok(body.errors[0]?.extensions.code);
  });

  it('still takes uploads far larger than the JSON limit through GraphQL multipart', async () => {
    const big = 'x'.repeat(2 * MB);
    const res = await postMultipart(sut, {
      operations: { query: UPLOAD_FILE, variables: { file: null, contentLength: big.length, sign: false } },
      map: { '1': ['variables.file'] },
      files: [{ field: '1', bytes: big }],
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  });

  it('does not read a multipart body sent without a key', async () => {
    const res = await partialBodyRequest(sut.url, {
      path: '/graphql',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      claimedBytes: 500 * MB,
      sendBytes: 16 * 1024,
      timeoutMs: 3000,
    });
    assert.match(res.response, /^HTTP\/1\.1 401/, res.response || '(no answer)');
    assert.ok(res.closed);
  });
});
