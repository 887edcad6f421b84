import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../../apps/server/test/harness.ts';
import { SESSION_COOKIE } from '../../apps/server/src/http/session-cookie.ts';
import { chromiumMissing, launchBrowser, screenshot } from './browser.ts';

describe('GraphiQL at GET /graphql', { skip: chromiumMissing }, () => {
  let browser: Browser;
  let server: TestServer;
  before(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startTestServer({ dialect: 'sqlite' })]);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('answers scripts as before: no key is still 401, a GET query with a key still runs', async () => {
    assert.equal((await fetch(`${server.url}/graphql`)).status, 401);
    const htmlWithQuery = await fetch(
      `${server.url}/graphql?query=${encodeURIComponent('{ user { id } }')}`,
      {
        headers: { accept: 'text/html' },
      },
    );
    assert.equal(htmlWithQuery.status, 401, 'a query in the URL is an API call, not the page');
    const page = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html,*/*' } });
    assert.equal(page.status, 200);
    assert.match(String(page.headers.get('content-security-policy')), /script-src 'self'/);
    assert.match(await page.text(), /id="graphiql"/);
    const viaGet = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ user { email } }')}`, {
      headers: { authorization: `Bearer ${server.key}` },
    });
    assert.equal(((await viaGet.json()) as any).data.user.email, server.actor.email);
  });

  it('runs a query with the signed-in session, loading nothing from another origin', async () => {
    const { token } = await server.services.webSessions.start(
      { id: server.actor.userId, organization_id: server.actor.organizationId },
      'e2e',
    );
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addCookies([
      { name: SESSION_COOKIE, value: token, url: server.url, httpOnly: true, sameSite: 'Lax' },
    ]);
    const page = await context.newPage();
    const foreign: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(server.url) && !r.url().startsWith('data:')) foreign.push(r.url());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/graphql`);
    const run = page.getByRole('button', { name: /Execute query/ });
    await run.waitFor();
    await run.click();
    await page.getByText(server.actor.email).waitFor();
    await screenshot(page, '40-graphiql');
    assert.deepEqual(foreign, []);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('lists the REST operations of openapi.json on the API docs page', async () => {
    const { token } = await server.services.webSessions.start(
      { id: server.actor.userId, organization_id: server.actor.organizationId },
      'e2e',
    );
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addCookies([
      { name: SESSION_COOKIE, value: token, url: server.url, httpOnly: true, sameSite: 'Lax' },
    ]);
    const page = await context.newPage();
    await page.goto(`${server.url}/api-docs`);
    const ls = page.getByRole('table', { name: 'Label Studio operations' });
    await ls.getByRole('row', { name: /POST \/api\/token\/refresh .*no credentials needed/ }).waitFor();
    await page
      .getByRole('table', { name: 'Exports operations' })
      .getByText('/api/v1/projects/{id}/exports/{format}')
      .waitFor();
    await page.getByRole('link', { name: 'Open GraphiQL' }).waitFor();
    await screenshot(page, '41-api-docs');
    await context.close();
  });
});
