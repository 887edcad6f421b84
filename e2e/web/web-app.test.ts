import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { encodePng } from '@labelyard/schema';
import type { Browser, BrowserContext } from 'playwright-core';
import { startTestServer, tempDir, type TestServer } from '../../apps/server/test/harness.ts';
import { SESSION_COOKIE } from '../../apps/server/src/http/session-cookie.ts';
import { chromiumMissing, launchBrowser, screenshot } from './browser.ts';

const XSS = '<img src=x onerror="window.__xss=1">';
const XSS_TEXT = '<img src=x onerror=window.__xss=1>';

/** A browser context signed in as the server's admin (a session made by the session service itself). */
async function signedIn(browser: Browser, server: TestServer): Promise<BrowserContext> {
  const { token } = await server.services.webSessions.start(
    { id: server.actor.userId, organization_id: server.actor.organizationId },
    'e2e',
  );
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  await context.addCookies([
    { name: SESSION_COOKIE, value: token, url: server.url, httpOnly: true, sameSite: 'Lax' },
  ]);
  return context;
}

function pngFile(dir: string, name: string, rgb: [number, number, number]): string {
  const width = 32;
  const height = 24;
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i += 3) data.set(rgb, i);
  const file = path.join(dir, name);
  fs.writeFileSync(file, encodePng({ width, height, channels: 3, data }));
  return file;
}

describe('web app in Chromium', { skip: chromiumMissing }, () => {
  let browser: Browser;
  let server: TestServer;
  let files: string;
  before(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startTestServer({ dialect: 'sqlite' })]);
    files = tempDir('labelyard-e2e-files-');
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    if (files) fs.rmSync(files, { recursive: true, force: true });
  });

  it('sends a signed-out visitor to the sign-in form', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await page.goto(`${server.url}/datasets`);
    await page.getByRole('heading', { name: 'Sign in to Labelyard' }).waitFor();
    assert.match(page.url(), /\/sign-in\?next=%2Fdatasets$/);
    // Not being signed in is no error: nothing is logged in the visitor's console.
    assert.deepEqual(consoleErrors, []);
    await page.getByLabel('Email').fill('nobody@example.com');
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    await screenshot(page, '01-sign-in');
    await context.close();
  });

  it('creates a dataset, uploads three images and a manifest, and browses the rows', async () => {
    const context = await signedIn(browser, server);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/datasets`);
    await page.getByRole('button', { name: 'New dataset' }).click();
    const dialog = page.getByRole('dialog', { name: 'New dataset' });
    await dialog.getByLabel('Name').fill(`Street scenes ${XSS}`);
    await dialog.getByRole('button', { name: 'Create dataset' }).click();
    await page.getByRole('heading', { name: `Street scenes ${XSS}` }).waitFor();

    const manifest = path.join(files, 'rows.csv');
    fs.writeFileSync(
      manifest,
      `row_data,global_key,media_type\n"${XSS_TEXT} a row of text",text-1,TEXT\n,missing-data,TEXT\nplain second text,text-2,TEXT\n`,
    );
    await page.getByRole('button', { name: 'Upload data' }).click();
    const upload = page.getByRole('dialog', { name: 'Upload data' });
    await upload
      .getByLabel('Files')
      .setInputFiles([
        pngFile(files, 'red.png', [220, 30, 30]),
        pngFile(files, 'green.png', [30, 200, 30]),
        pngFile(files, 'blue.png', [30, 30, 220]),
        manifest,
      ]);
    await upload.getByRole('button', { name: /Upload 4 files/ }).click();
    await upload.getByText('5 data rows created, 1 failed.').waitFor({ timeout: 30_000 });
    const failed = upload.getByRole('table', { name: 'Rows that failed' });
    assert.match(await failed.innerText(), /rows\.csv\s+3\s+row_data is missing/);
    assert.equal(
      await upload.getByRole('progressbar', { name: 'Upload of red.png' }).getAttribute('value'),
      '1',
    );
    await screenshot(page, '02-upload-report');
    await upload.getByRole('button', { name: 'Close' }).click();

    const grid = page.getByRole('region', { name: 'Data rows' });
    await grid
      .getByRole('link', { name: /Open data row/ })
      .nth(4)
      .waitFor();
    assert.equal(await grid.getByRole('link', { name: /Open data row/ }).count(), 5);
    await screenshot(page, '03-dataset-grid');
    await grid.getByText(`${XSS_TEXT} a row of text`).waitFor();
    await grid.getByRole('link', { name: 'Open data row text-1' }).click();
    await page.getByRole('heading', { name: 'text-1' }).waitFor();
    await page.getByText(`${XSS_TEXT} a row of text`).first().waitFor();
    await screenshot(page, '04-data-row');
    assert.equal(await page.evaluate('typeof window.__xss'), 'undefined');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('builds an ontology with a nested classification and a project that exports COCO', async () => {
    const context = await signedIn(browser, server);
    const page = await context.newPage();
    await page.goto(`${server.url}/ontologies/new`);
    await page.getByLabel('Ontology name').fill('Vehicles');
    await page.getByRole('button', { name: 'Add tool' }).click();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Car');
    await page.getByRole('textbox', { name: 'Hotkey' }).fill('c');
    await page.getByRole('button', { name: 'Add classification to tool Car' }).click();
    await page.getByRole('textbox', { name: 'Question' }).fill('Kind');
    await page.getByRole('button', { name: 'Add option to Kind' }).click();
    await page.getByRole('textbox', { name: 'Option 1' }).fill('Sedan');
    await page.getByRole('button', { name: 'Add nested classification under option Sedan' }).click();
    await page.getByRole('textbox', { name: 'Question' }).nth(1).fill('Doors');
    await page.getByRole('combobox', { name: 'Answer type' }).nth(1).selectOption('text');
    await screenshot(page, '05-ontology-editor');
    await page.getByRole('button', { name: 'Save ontology' }).click();
    await page.getByRole('heading', { name: 'Vehicles' }).waitFor();
    const features = page.getByRole('list', { name: 'Features' });
    await features.getByText('Doors').waitFor();
    await screenshot(page, '06-ontology');

    const datasetId = (await server.data<{ datasets: Array<{ id: string }> }>('{ datasets { id } }'))
      .datasets[0]!.id;
    await page.goto(`${server.url}/projects`);
    await page.getByRole('button', { name: 'New project' }).click();
    const create = page.getByRole('dialog', { name: 'New project' });
    await create.getByLabel('Name').fill('Road survey');
    await create.getByLabel('Ontology').selectOption({ label: 'Vehicles' });
    await create.getByRole('button', { name: 'Create project' }).click();
    await page.getByRole('heading', { name: 'Road survey' }).waitFor();

    await page.getByRole('tab', { name: 'Instructions' }).click();
    await page
      .getByLabel('Instructions (Markdown)')
      .fill(`# Draw boxes\n\nTight around each **car**. ${XSS}\n\n<script>window.__xss=2</script>`);
    const pdf = path.join(files, 'guide.pdf');
    fs.writeFileSync(pdf, '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    await page.getByLabel('Attach a PDF or HTML file').setInputFiles(pdf);
    await page.getByRole('button', { name: 'Save instructions' }).click();
    await page.getByText('Instructions saved.').waitFor();
    const attached = page.getByRole('region', { name: 'Preview' }).getByRole('link', {
      name: 'Open the attached instructions',
    });
    const href = (await attached.getAttribute('href'))!;
    const file = await fetch(new URL(href, server.url));
    assert.equal(file.status, 200);
    assert.match(await file.text(), /^%PDF-/);
    const preview = page.getByRole('region', { name: 'Preview' });
    await preview.getByRole('heading', { name: 'Draw boxes' }).waitFor();
    assert.equal(await page.evaluate('typeof window.__xss'), 'undefined');
    await screenshot(page, '07a-instructions');
    await page.reload();
    await page
      .getByRole('region', { name: 'Preview' })
      .getByRole('heading', { name: 'Draw boxes' })
      .waitFor();

    await page.getByRole('tab', { name: 'Batches' }).click();
    await page.getByRole('button', { name: 'Add batch' }).click();
    const batch = page.getByRole('dialog', { name: 'Add batch' });
    await batch.getByLabel('Batch name').fill('first');
    await batch.getByLabel('Dataset').selectOption(datasetId);
    await batch.getByLabel('Priority').fill('2');
    await batch.getByRole('button', { name: 'Add batch' }).click();
    await page.getByRole('cell', { name: /^first/ }).waitFor();
    await screenshot(page, '07-batches');

    await page.getByRole('tab', { name: 'Overview' }).click();
    // The batch put the five rows in the labeling queue.
    await page
      .getByRole('table', { name: 'Data rows by task queue' })
      .getByRole('row', { name: 'To label 5' })
      .waitFor();
    assert.match(await page.getByRole('group', { name: 'Project counts' }).innerText(), /5\s+Data rows/);
    await screenshot(page, '08-project-overview');

    await page.getByRole('tab', { name: 'Export' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export COCO' }).click(),
    ]);
    const coco = JSON.parse(fs.readFileSync((await download.path())!, 'utf8')) as {
      images: unknown[];
      categories: Array<{ name: string }>;
    };
    assert.ok(Array.isArray(coco.images));
    assert.deepEqual(
      coco.categories.map((c) => c.name),
      ['Car'],
    );
    await screenshot(page, '09-export');
    await context.close();
  });

  it('creates an API key shown once, lists it, and revokes it', async () => {
    const context = await signedIn(browser, server);
    const page = await context.newPage();
    await page.goto(`${server.url}/account`);
    await page.getByLabel('Key name').fill('pipeline');
    await page.getByRole('button', { name: 'Create API key' }).click();
    const shown = page.getByRole('dialog', { name: 'Your new API key' });
    const key = (await shown.getByLabel('New API key').innerText()).trim();
    assert.match(key, /^lyk_/);
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ user { email } }' }),
    });
    assert.equal(res.status, 200);
    await screenshot(page, '10-api-key-once');
    await shown.getByRole('button', { name: 'Close' }).click();
    const table = page.getByRole('table', { name: 'API keys' });
    await table.getByRole('cell', { name: 'pipeline', exact: true }).waitFor();
    assert.doesNotMatch(await page.content(), new RegExp(key));
    await table.getByRole('button', { name: 'Revoke key pipeline' }).click();
    await page
      .getByRole('dialog', { name: 'Revoke API key' })
      .getByRole('button', { name: 'Revoke key' })
      .click();
    await table.getByText('Revoked').waitFor();
    await screenshot(page, '11-api-keys');
    const after = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ user { email } }' }),
    });
    assert.equal(after.status, 401);
    await context.close();
  });

  it('creates a Label Studio token shown once that the LS face accepts, and revokes it', async () => {
    const context = await signedIn(browser, server);
    const page = await context.newPage();
    await page.goto(`${server.url}/account`);
    await page.getByRole('button', { name: 'Create Label Studio token' }).click();
    const shown = page.getByRole('dialog', { name: 'Your new Label Studio token' });
    const pat = (await shown.getByLabel('New Label Studio token').innerText()).trim();
    assert.match(pat, /^[\w-]+\.[\w-]+\.[\w-]+$/);
    const refresh = (token: string) =>
      fetch(`${server.url}/api/token/refresh/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refresh: token }),
      });
    const access = ((await (await refresh(pat)).json()) as { access: string }).access;
    const projects = await fetch(`${server.url}/api/projects/`, {
      headers: { authorization: `Bearer ${access}` },
    });
    assert.equal(projects.status, 200);
    await screenshot(page, '12-label-studio-token-once');
    await shown.getByRole('button', { name: 'Close' }).click();
    const table = page.getByRole('table', { name: 'Label Studio tokens' });
    await table.getByRole('row').nth(1).waitFor();
    assert.doesNotMatch(await page.content(), new RegExp(pat.split('.')[2]!));
    await screenshot(page, '13-account');
    await table.getByRole('button', { name: /^Revoke Label Studio token / }).click();
    await page
      .getByRole('dialog', { name: 'Revoke Label Studio token' })
      .getByRole('button', { name: 'Revoke token' })
      .click();
    await page.getByText('No Label Studio tokens yet').waitFor();
    assert.equal((await refresh(pat)).status, 401);
    await context.close();
  });

  it('refuses a cookie-authenticated mutation without the CSRF header', async () => {
    const { token } = await server.services.webSessions.start(
      { id: server.actor.userId, organization_id: server.actor.organizationId },
      'e2e',
    );
    const body = JSON.stringify({ query: 'mutation { createMyApiKey(name: "x") { key } }' });
    const headers = { cookie: `${SESSION_COOKIE}=${token}`, 'content-type': 'application/json' };
    const refused = await fetch(`${server.url}/graphql`, { method: 'POST', headers, body });
    assert.equal(refused.status, 403);
    const session = (await (await fetch(`${server.url}/auth/session`, { headers })).json()) as {
      csrfToken: string;
    };
    const allowed = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { ...headers, 'x-csrf-token': session.csrfToken },
      body,
    });
    assert.equal(allowed.status, 200);
  });

  it("keeps the page being left, saying it is loading, until the next page's code has arrived", async () => {
    const context = await signedIn(browser, server);
    const page = await context.newPage();
    await page.goto(`${server.url}/projects`);
    await page.getByRole('heading', { name: 'Projects', level: 1 }).waitFor();
    // The account page's chunk is held until released, so the in-between state can be looked at.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let requested = false;
    await page.route(/\/assets\/AccountPage-[^/]*\.js$/, async (route) => {
      requested = true;
      await held;
      await route.continue();
    });
    await page.getByRole('link', { name: 'Account & API keys' }).click();
    await page.getByRole('status').filter({ hasText: 'Loading page' }).waitFor();
    assert.ok(requested, "the account page's chunk was asked for");
    assert.equal(await page.getByRole('main').getAttribute('aria-busy'), 'true');
    assert.ok(
      await page.getByRole('heading', { name: 'Projects', level: 1 }).isVisible(),
      'the page left stays',
    );
    await screenshot(page, '10-page-loading');
    release();
    await page.getByRole('heading', { name: 'Account', level: 1 }).waitFor();
    assert.equal(await page.getByRole('status').filter({ hasText: 'Loading page' }).count(), 0);
    assert.equal(await page.getByRole('main').getAttribute('aria-busy'), 'false');
    await context.close();
  });
});
