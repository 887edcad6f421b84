import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../../apps/server/test/harness.ts';
import { chromiumMissing, launchBrowser, screenshot } from './browser.ts';

const PASSWORD = 'lists password 123';

/** Rows of a table body, as the user sees them. */
const bodyRows = (page: Page, table: string) => page.getByRole('table', { name: table }).locator('tbody tr');
/** Waits until the table shows exactly `n` rows (the search answers asynchronously). */
async function waitForRows(page: Page, table: string, n: number) {
  await bodyRows(page, table).nth(n).waitFor({ state: 'detached' });
  await bodyRows(page, table)
    .nth(n - 1)
    .waitFor();
  assert.equal(await bodyRows(page, table).count(), n);
}

describe(
  'list pages load page by page and search on the server, in Chromium',
  { skip: chromiumMissing },
  () => {
    let browser: Browser;
    let server: TestServer;
    let email: string;
    before(async () => {
      [browser, server] = await Promise.all([launchBrowser(), startTestServer({ dialect: 'sqlite' })]);
      const org = (await server.services.identity.getOrganization(server.actor)).name;
      email = `lists-${Date.now()}@example.com`;
      await server.services.identity.ensureUser({ email, org, role: 'ADMIN', password: PASSWORD });
      for (let i = 0; i < 130; i++) {
        const n = String(i).padStart(3, '0');
        await server.data('mutation($n: String!) { createDataset(data: { name: $n }) { id } }', {
          n: `Set ${n}`,
        });
        if (i < 105)
          await server.data(
            'mutation($n: String!) { createProject(data: { name: $n, allowedMediaType: IMAGE }) { id } }',
            {
              n: i === 2 ? 'Needle project' : `Project ${n}`,
            },
          );
      }
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    it('shows the first 100 datasets, loads the rest on demand, and searches across all of them', async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${server.url}/sign-in`);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Projects', level: 1 }).waitFor();

      // Projects: newest first, 100 per page; the search finds a project that is not on the first page.
      await bodyRows(page, 'projects').nth(99).waitFor();
      assert.equal(await bodyRows(page, 'projects').count(), 100);
      await page.getByLabel('Search projects').fill('Needle');
      await page.getByRole('link', { name: 'Needle project' }).waitFor();
      await waitForRows(page, 'projects', 1);
      assert.equal(await page.getByRole('button', { name: 'Load more projects' }).count(), 0);

      await page.getByRole('link', { name: 'Datasets' }).click();
      await page.getByRole('heading', { name: 'Datasets', level: 1 }).waitFor();
      await bodyRows(page, 'datasets').nth(99).waitFor();
      assert.equal(await bodyRows(page, 'datasets').count(), 100);
      await page.getByRole('button', { name: 'Load more datasets' }).click();
      await bodyRows(page, 'datasets').nth(129).waitFor();
      assert.equal(await bodyRows(page, 'datasets').count(), 130);
      assert.equal(await page.getByRole('button', { name: 'Load more datasets' }).count(), 0);
      const names = await bodyRows(page, 'datasets').locator('td:first-child').allInnerTexts();
      assert.equal(new Set(names).size, 130, 'no dataset shown twice across pages');
      assert.equal(names[0], 'Set 129');
      assert.equal(names[129], 'Set 000');
      await screenshot(page, '40-datasets-load-more');

      await page.getByLabel('Search datasets').fill('Set 00');
      await waitForRows(page, 'datasets', 10);
      await page.getByLabel('Search datasets').fill('no such dataset');
      await page.getByText('No datasets match').waitFor();
      await context.close();
    });
  },
);
