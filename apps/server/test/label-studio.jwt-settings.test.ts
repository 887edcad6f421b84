import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createActor, dialects, startTestServer, type TestServer } from './harness.ts';

/**
 * `/api/jwt/settings` (SDK 2.x `jwt_settings.get()` / `update(api_token_ttl_days=, api_tokens_enabled=,
 * legacy_api_tokens_enabled=)`): read by members, changed by admins, and enforced at once on this server —
 * API keys on the Label Studio face, personal access tokens and their access tokens everywhere, the lifetime of new
 * personal access tokens.
 */
for (const dialect of dialects) {
  describe(`Label Studio token settings (${dialect})`, () => {
    let sut: TestServer;
    const call = async (method: string, p: string, auth: string, body?: unknown) => {
      const res = await fetch(sut.url + p, {
        method,
        headers: {
          authorization: auth,
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : undefined };
    };
    const claims = (jwt: string) =>
      JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as {
        exp: number;
        iat: number;
      };
    before(async () => {
      sut = await startTestServer({ dialect });
    });
    after(async () => sut.close());

    it('reads the defaults, sets the lifetime of new personal access tokens, and refuses bad input', async () => {
      // A fresh organization: the server's first one is changed by the next test.
      const admin = await createActor(
        sut.ctx,
        `jwt-admin-${Date.now()}@example.com`,
        `jwt-org-${Date.now()}`,
      );
      const token = `Token ${admin.key}`;
      assert.deepEqual((await call('GET', '/api/jwt/settings', token)).json, {
        api_tokens_enabled: true,
        legacy_api_tokens_enabled: true,
        api_token_ttl_days: 3650,
      });
      const pat = (await call('POST', '/api/token/', token)).json.token as string;
      assert.equal(claims(pat).exp - claims(pat).iat, 3650 * 86400);
      const set = await call('POST', '/api/jwt/settings', token, { api_token_ttl_days: 30 });
      assert.equal(set.status, 200, JSON.stringify(set.json));
      assert.deepEqual(set.json, {
        api_tokens_enabled: true,
        legacy_api_tokens_enabled: true,
        api_token_ttl_days: 30,
      });
      assert.equal((await call('GET', '/api/jwt/settings/', token)).json.api_token_ttl_days, 30);
      // Rotating makes a new token with the new lifetime.
      const rotated = (await call('POST', '/api/token/rotate/', token, { refresh: pat })).json
        .refresh as string;
      assert.equal(claims(rotated).exp - claims(rotated).iat, 30 * 86400);
      for (const [body, field] of [
        [{}, 'api_token_ttl_days'],
        [{ api_token_ttl_days: 0 }, 'api_token_ttl_days'],
        [{ api_token_ttl_days: '30' }, 'api_token_ttl_days'],
        [{ api_token_ttl_days: 30, api_tokens_enabled: 'no' }, 'api_tokens_enabled'],
        [
          { api_token_ttl_days: 30, api_tokens_enabled: false, legacy_api_tokens_enabled: false },
          'api_tokens_enabled',
        ],
      ] as const) {
        const res = await call('POST', '/api/jwt/settings', token, body);
        assert.equal(res.status, 400, JSON.stringify(body));
        assert.ok(res.json.validation_errors[field], JSON.stringify(res.json));
      }
      assert.equal((await call('GET', '/api/jwt/settings', token)).json.api_token_ttl_days, 30);
      // Members read them; only admins change them.
      const labeler = await createActor(
        sut.ctx,
        `jwt-labeler-${Date.now()}@example.com`,
        `jwt-org-${Date.now()}`,
        'LABELER',
      );
      assert.equal((await call('GET', '/api/jwt/settings', `Token ${labeler.key}`)).status, 200);
      assert.equal(
        (await call('POST', '/api/jwt/settings', `Token ${labeler.key}`, { api_token_ttl_days: 1 })).status,
        403,
      );
    });

    it('turning API keys off refuses them on the Label Studio face only; turning tokens off refuses every JWT', async () => {
      const token = `Token ${sut.key}`;
      const pat = (await call('POST', '/api/token/', token)).json.token as string;
      const access = (await call('POST', '/api/token/refresh/', '', { refresh: pat })).json.access as string;
      const off = await call('POST', '/api/jwt/settings', token, {
        api_token_ttl_days: 365,
        legacy_api_tokens_enabled: false,
      });
      assert.equal(off.status, 200, JSON.stringify(off.json));
      for (const auth of [token, `Bearer ${sut.key}`]) {
        const refused = await call('GET', '/api/projects/', auth);
        assert.equal(refused.status, 401);
        assert.match(refused.json.detail, /Legacy token authentication is disabled/);
      }
      const viaHeader = await fetch(`${sut.url}/api/projects/`, { headers: { 'x-api-key': sut.key } });
      assert.equal(viaHeader.status, 401);
      // The same key still works on the Labelbox face, and personal access tokens on this one.
      assert.equal((await sut.gql('{ user { id } }')).body.data?.user?.id, sut.actor.userId);
      assert.equal((await call('GET', '/api/projects/', `Bearer ${access}`)).status, 200);
      // Tokens off (keys back on): access tokens, refreshes and new tokens are refused.
      const swap = await call('POST', '/api/jwt/settings', `Bearer ${access}`, {
        api_token_ttl_days: 365,
        api_tokens_enabled: false,
        legacy_api_tokens_enabled: true,
      });
      assert.equal(swap.status, 200, JSON.stringify(swap.json));
      assert.equal((await call('GET', '/api/projects/', `Bearer ${access}`)).status, 401);
      assert.equal((await call('GET', '/api/projects/', token)).status, 200);
      assert.equal((await call('POST', '/api/token/refresh/', '', { refresh: pat })).status, 403);
      const made = await call('POST', '/api/token/', token);
      assert.equal(made.status, 403);
      assert.match(made.json.detail, /api_tokens_enabled/);
      // Back on: the token made before works again.
      await call('POST', '/api/jwt/settings', token, { api_token_ttl_days: 365, api_tokens_enabled: true });
      assert.equal((await call('POST', '/api/token/refresh/', '', { refresh: pat })).status, 200);
    });
  });
}
