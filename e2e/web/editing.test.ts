import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { encodePng } from '@labelyard/schema';
import type { Browser } from 'playwright-core';
import { createActor, startTestServer, type TestServer } from '../../apps/server/test/harness.ts';
import { setupLabelProject, type LabelProject } from '../../apps/server/test/label.factory.ts';
import { box, queue } from '../../apps/server/test/queue.sdk.ts';
import { chromiumMissing, drag, launchBrowser, screenshot, signedInAs } from './browser.ts';

const WIDTH = 200;
const HEIGHT = 150;

type Person = { id: string; organization_id: string; key: string };

/** An image project whose rows show a real PNG of WIDTH × HEIGHT (as their media attributes say). */
async function imageProject(server: TestServer, rows = 1): Promise<LabelProject> {
  const p = await setupLabelProject(server, { images: rows, texts: 0, outside: 0 });
  const data = new Uint8Array(WIDTH * HEIGHT * 3).fill(120);
  const png = Buffer.from(encodePng({ width: WIDTH, height: HEIGHT, channels: 3, data })).toString('base64');
  await server.db
    .updateTable('data_rows')
    .set({
      row_data: `data:image/png;base64,${png}`,
      media_attributes: JSON.stringify({ width: WIDTH, height: HEIGHT, mimeType: 'image/png' }),
    })
    .where('dataset_id', '=', p.datasetId)
    .execute();
  return p;
}

describe(
  'editing in Chromium: review edits, drawing tools, text spans, exports',
  { skip: chromiumMissing },
  () => {
    let browser: Browser;
    let server: TestServer;
    let labeler: Person;
    let reviewer: Person;
    before(async () => {
      [browser, server] = await Promise.all([launchBrowser(), startTestServer({ dialect: 'sqlite' })]);
      const org = (await server.services.identity.getOrganization(server.actor)).name;
      const person = async (email: string, role: string) => {
        const a = await createActor(server.ctx, email, org, role);
        return { id: a.userId, organization_id: a.organizationId, key: a.key };
      };
      labeler = await person('edit-lab@example.com', 'LABELER');
      reviewer = await person('edit-rev@example.com', 'REVIEWER');
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    it('a reviewer edits the label (full toolbar), discards, edits again and approves with changes', async () => {
      const p = await imageProject(server);
      const held = (
        await server.data(
          queue.reserve,
          { data: { projectId: p.projectId, queueType: 'LabelingQueue' } },
          { key: labeler.key },
        )
      ).reserveNextDataRow;
      await server.data(
        queue.submit,
        { data: { reservationId: held.id, annotations: [box('first', 20)], secondsToLabel: 4 } },
        { key: labeler.key },
      );

      const rc = await signedInAs(browser, server, reviewer);
      const rp = await rc.newPage();
      const errors: string[] = [];
      rp.on('pageerror', (e) => errors.push(e.message));
      await rp.goto(`${server.url}/projects/${p.projectId}/review`);
      await rp.getByRole('application', { name: 'Image canvas' }).waitFor();
      const tools = rp.getByRole('toolbar', { name: 'Editor tools' });
      const objects = rp.getByRole('list', { name: 'box objects' }).getByRole('listitem');
      assert.equal(await tools.getByRole('button', { name: 'Box' }).count(), 0, 'read-only first');
      assert.equal(await rp.getByRole('button', { name: 'Approve with changes' }).count(), 0);

      // Edit: the drawing tools appear; a box drawn, then discarded: the label is back as submitted.
      await rp.getByRole('button', { name: 'Edit', exact: true }).click();
      for (const name of ['Box', 'Polygon', 'Brush', 'Eraser', 'Undo', 'Redo'])
        assert.equal(await tools.getByRole('button', { name }).count(), 1, `${name} while editing`);
      assert.equal(await rp.getByRole('button', { name: 'Reject' }).count(), 0, 'no reject while editing');
      const classes = rp.getByRole('navigation', { name: 'Classes' });
      await classes.getByRole('button', { name: /^box/ }).click();
      await drag(rp, [0.55, 0.5], [0.8, 0.8]);
      await objects.nth(1).waitFor();
      await rp.getByRole('button', { name: 'Discard changes' }).click();
      assert.equal(await objects.count(), 1, 'discarding undoes the edit');
      assert.equal(await tools.getByRole('button', { name: 'Box' }).count(), 0, 'read-only again');

      // Edit again: a second box, then approve with changes.
      await rp.getByRole('button', { name: 'Edit', exact: true }).click();
      await classes.getByRole('button', { name: /^box/ }).click();
      await drag(rp, [0.55, 0.5], [0.8, 0.8]);
      await objects.nth(1).waitFor();
      await screenshot(rp, '40-review-editing');
      await rp.getByRole('button', { name: 'Approve with changes' }).click();
      await rp.getByText('Nothing left to review').waitFor();
      assert.deepEqual(errors, []);

      const label = (
        await server.data(
          `query($id: ID!) { project(where: {id: $id}) { labels(first: 5) { id createdBy { id } annotations reviews(skip: 0, first: 5) { verdict } } } }`,
          { id: p.projectId },
        )
      ).project.labels[0];
      assert.equal(label.createdBy.id, labeler.id, 'the label keeps its author');
      assert.deepEqual(
        label.reviews.map((r: { verdict: string }) => r.verdict),
        ['APPROVE'],
      );
      assert.equal(label.annotations.length, 2);
      assert.deepEqual(label.annotations[0].bbox, box(undefined, 20).bbox);
      const added = label.annotations[1].bbox as Record<string, number>;
      assert.ok(added.left! > WIDTH * 0.45 && added.top! > HEIGHT * 0.4, JSON.stringify(added));
      const history = await server.db
        .selectFrom('workflow_history')
        .select(['action', 'user_id'])
        .where('project_id', '=', p.projectId)
        .orderBy('id')
        .execute();
      assert.deepEqual(
        history.map((h) => [h.action, h.user_id]),
        [
          ['SUBMITTED', labeler.id],
          ['EDITED', reviewer.id],
          ['APPROVED', reviewer.id],
        ],
      );
      await rc.close();
    });
  },
);
