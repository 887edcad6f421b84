import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { createActor, startTestServer, type TestServer } from '../../apps/server/test/harness.ts';
import { addPredictions, createRun, modelOps, setupModel } from '../../apps/server/test/model.factory.ts';
import { chromiumMissing, launchBrowser, screenshot, signedInAs } from './browser.ts';

describe(
  'the Model tab lists models, their runs and a run’s metrics, in Chromium',
  { skip: chromiumMissing },
  () => {
    let browser: Browser;
    let server: TestServer;
    before(async () => {
      [browser, server] = await Promise.all([launchBrowser(), startTestServer({ dialect: 'sqlite' })]);
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    it('an admin and a labeler read a run’s per-feature metrics and rows; a project-based user has no Model tab', async () => {
      // Ground truth: a 10×10 box on both images. Predictions: an exact box on image 0, a far one on image 1.
      const m = await setupModel(server, { images: 2, labelled: 2 });
      const run = await createRun(server, m.model.id, 'iteration 1');
      await server.data(modelOps.upsertProjectLabels, { modelRunId: run.id, projectId: m.projectId });
      const box = (row: string, n: number, at: number) => ({
        uuid: `70000000-0000-4000-8000-00000000000${n}`,
        dataRow: { id: row },
        name: 'box',
        bbox: { top: at, left: at, height: 10, width: 10 },
      });
      const imp = await addPredictions(server, run.id, 'p', [
        box(m.images[0]!.id, 1, 0),
        box(m.images[1]!.id, 2, 60),
      ]);
      assert.equal(imp.import.state, 'FINISHED');

      const org = (await server.services.identity.getOrganization(server.actor)).name;
      const labeler = await createActor(server.ctx, `models-labeler-${run.id}@example.com`, org, 'LABELER');
      const outsider = await createActor(server.ctx, `models-none-${run.id}@example.com`, org, 'NONE');
      for (const who of [
        { id: server.actor.userId, organization_id: server.actor.organizationId, name: 'admin' },
        { id: labeler.userId, organization_id: labeler.organizationId, name: 'labeler' },
      ]) {
        const context = await signedInAs(browser, server, who);
        const page = await context.newPage();
        await page.goto(`${server.url}/projects`);
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Models' }).click();
        await page.getByRole('heading', { name: 'Models', level: 1 }).waitFor();
        await page.getByRole('heading', { name: m.model.name, level: 2 }).waitFor();
        await page
          .getByRole('table', { name: `Runs of ${m.model.name}` })
          .getByRole('link', { name: 'iteration 1' })
          .click();
        await page.getByRole('heading', { name: 'Model run iteration 1', level: 1 }).waitFor();
        // box: TP 1, FP 1, FN 1 → precision 50%, recall 50%, F1 50%; IoU (1 + 0) / 2 = 50%.
        const feature = page
          .getByRole('table', { name: 'Metrics per feature' })
          .getByRole('row', { name: /box/ });
        assert.deepEqual(await feature.locator('td').allInnerTexts(), [
          '50.0%',
          '1',
          '1',
          '1',
          '50.0%',
          '50.0%',
          '50.0%',
        ]);
        const rows = page.getByRole('table', { name: 'Data rows of the run' }).locator('tbody tr');
        assert.equal(await rows.count(), 2);
        const byRow = new Map<string, string[]>();
        for (let i = 0; i < 2; i++) {
          const [id, ...cells] = await rows.nth(i).locator('td').allInnerTexts();
          byRow.set(id!.trim(), cells);
        }
        assert.deepEqual(byRow.get(m.images[0]!.id), ['Yes', '100.0%', '1 / 0 / 0']);
        assert.deepEqual(byRow.get(m.images[1]!.id), ['Yes', '0.0%', '0 / 1 / 1']);
        await screenshot(page, `models-run-${who.name}`);
        await context.close();
      }

      // A project-based user sees no Model tab, and the page itself reports the refusal.
      const context = await signedInAs(browser, server, {
        id: outsider.userId,
        organization_id: outsider.organizationId,
      });
      const page = await context.newPage();
      await page.goto(`${server.url}/projects`);
      await page.getByRole('navigation', { name: 'Main' }).waitFor();
      assert.equal(
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Models' }).count(),
        0,
      );
      await page.goto(`${server.url}/models/runs/${run.id}`);
      await page.getByRole('alert').waitFor();
      assert.equal(await page.getByRole('table', { name: 'Metrics per feature' }).count(), 0);
      await context.close();
    });
  },
);
