import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../../apps/server/test/harness.ts';
import { chromiumMissing, launchBrowser, screenshot } from './browser.ts';

const ADMIN_PASSWORD = 'admin password 123';
const XSS = '<img src=x onerror="window.__xss=1">';

async function signInWithForm(page: Page, server: TestServer, email: string, password: string) {
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('sign-in, invitations and members in Chromium', { skip: chromiumMissing }, () => {
  let browser: Browser;
  let server: TestServer;
  let adminEmail: string;
  const projects: Record<string, string> = {};
  before(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startTestServer({ dialect: 'sqlite' })]);
    const org = (await server.services.identity.getOrganization(server.actor)).name;
    adminEmail = `boss-${Date.now()}@example.com`;
    await server.services.identity.ensureUser({
      email: adminEmail,
      org,
      role: 'ADMIN',
      password: ADMIN_PASSWORD,
    });
    for (const name of ['Street signs', `Hidden ${XSS}`]) {
      const created = await server.data<{ createProject: { id: string } }>(
        'mutation($name: String!) { createProject(data: { name: $name, allowedMediaType: IMAGE }) { id } }',
        { name },
      );
      projects[name] = created.createProject.id;
    }
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs in with a password; a wrong password reads exactly like an unknown email', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInWithForm(page, server, adminEmail, 'not my password');
    const wrong = await page.getByRole('alert').innerText();
    await signInWithForm(page, server, 'nobody@example.com', 'not my password');
    await page.getByRole('alert').waitFor();
    const unknown = await page.getByRole('alert').innerText();
    assert.equal(wrong, unknown);
    assert.match(wrong, /Email or password is incorrect/);
    await signInWithForm(page, server, adminEmail, ADMIN_PASSWORD);
    await page.getByRole('heading', { name: 'Projects', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Members' }).waitFor();
    await context.close();
  });

  it('invites a labeler to one project; the labeler joins by link and sees only that project', async () => {
    const admin = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await admin.newPage();
    await signInWithForm(page, server, adminEmail, ADMIN_PASSWORD);
    await page.getByRole('link', { name: 'Members' }).click();
    await page.getByRole('button', { name: 'Invite member' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invite a member' });
    await dialog.getByLabel('Email').fill('labeler@example.com');
    await dialog.getByLabel('Organization role').selectOption({ label: 'None' });
    await dialog.getByLabel('Role in Street signs').selectOption({ label: 'Labeler' });
    await dialog.getByLabel(`Role in Hidden ${XSS}`).waitFor();
    await screenshot(page, '20-invite-dialog');
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    const link = (await dialog.getByLabel('Invitation link').innerText()).trim();
    assert.match(link, /\/invitations\/[A-Za-z0-9_-]{20,}$/);
    await dialog.getByRole('button', { name: 'Close' }).click();
    const pending = page.getByRole('table', { name: 'Pending invitations' });
    await pending.getByRole('cell', { name: 'labeler@example.com', exact: true }).waitFor();
    assert.match(await pending.innerText(), /Street signs: Labeler/);
    await screenshot(page, '21-members-pending');

    const labeler = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const lp = await labeler.newPage();
    const errors: string[] = [];
    lp.on('pageerror', (e) => errors.push(e.message));
    await lp.goto(link);
    await lp.getByRole('heading', { name: /^Join / }).waitFor();
    await lp.getByLabel('Your name').fill(`Lab ${XSS}`);
    await lp.getByLabel('Password', { exact: true }).fill('labeler password 1');
    await lp.getByLabel('Confirm password').fill('labeler password 1');
    await screenshot(lp, '22-accept-invitation');
    await lp.getByRole('button', { name: 'Accept invitation' }).click();
    await lp.getByRole('heading', { name: 'Projects', level: 1 }).waitFor();
    const list = lp.getByRole('main');
    await list.getByRole('link', { name: 'Street signs' }).waitFor();
    assert.equal(await list.getByText(`Hidden ${XSS}`).count(), 0, 'the other project is not listed');
    const nav = lp.getByRole('navigation', { name: 'Main' });
    assert.equal(await nav.getByRole('link', { name: 'Members' }).count(), 0);
    assert.equal(await nav.getByRole('link', { name: 'Datasets' }).count(), 0);
    assert.equal(await lp.getByRole('button', { name: 'New project' }).count(), 0);
    await screenshot(lp, '23-labeler-projects');
    await lp.goto(`${server.url}/projects/${projects[`Hidden ${XSS}`]}`);
    await lp.getByText('This project does not exist or is not shared with you').waitFor();
    await lp.goto(`${server.url}/members`);
    await lp.getByRole('alert').waitFor();
    assert.equal(await lp.getByRole('button', { name: 'Invite member' }).count(), 0);
    assert.equal(await lp.evaluate('typeof window.__xss'), 'undefined');
    assert.deepEqual(errors, []);

    // The admin gives the labeler a second project, then removes them.
    await page.reload();
    const members = page.getByRole('table', { name: 'Members' });
    const row = members.getByRole('row').filter({ hasText: 'labeler@example.com' });
    await row.getByText('Street signs: Labeler').waitFor();
    assert.equal(
      await members.getByRole('button', { name: `Remove ${adminEmail}` }).count(),
      0,
      'nobody removes themselves',
    );
    await row.getByRole('button', { name: 'Change roles of labeler@example.com' }).click();
    const edit = page.getByRole('dialog', { name: `Roles of Lab ${XSS}` });
    await edit.getByLabel(`Role in Hidden ${XSS}`).selectOption({ label: 'Reviewer' });
    await edit.getByRole('button', { name: 'Save roles' }).click();
    await row.getByText(`Hidden ${XSS}: Reviewer`).waitFor();
    await screenshot(page, '24-members');
    await lp.goto(`${server.url}/projects`);
    await lp
      .getByRole('main')
      .getByRole('link', { name: `Hidden ${XSS}` })
      .waitFor();
    // Their role in each project decides what that project offers them: reviewing and the per-labeler charts
    // where they review, only labeling where they label.
    await lp
      .getByRole('main')
      .getByRole('link', { name: `Hidden ${XSS}` })
      .click();
    await lp.getByRole('link', { name: 'Start reviewing' }).waitFor();
    await lp.getByRole('heading', { name: 'Labelers' }).waitFor();
    await screenshot(lp, '25-project-reviewer-overview');
    await lp.goto(`${server.url}/projects/${projects['Street signs']}`);
    await lp.getByRole('link', { name: 'Start labeling' }).waitFor();
    assert.equal(await lp.getByRole('link', { name: 'Start reviewing' }).count(), 0);
    assert.equal(await lp.getByRole('heading', { name: 'Labelers' }).count(), 0);

    await row.getByRole('button', { name: 'Remove labeler@example.com' }).click();
    await page
      .getByRole('dialog', { name: 'Remove member' })
      .getByRole('button', { name: 'Remove member' })
      .click();
    await members.getByText('labeler@example.com').waitFor({ state: 'detached' });
    await lp.reload();
    await lp.getByRole('heading', { name: 'Sign in to Labelyard' }).waitFor();
    await admin.close();
    await labeler.close();
  });

  it('shows a team manager only what their role allows; a pending invitation can be revoked', async () => {
    const org = (await server.services.identity.getOrganization(server.actor)).name;
    const { user } = await server.services.identity.ensureUser({
      email: 'manager@example.com',
      org,
      role: 'TEAM_MANAGER',
      password: 'manager password 1',
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signInWithForm(page, server, user.email, 'manager password 1');
    await page.getByRole('link', { name: 'Members' }).click();
    const members = page.getByRole('table', { name: 'Members' });
    await members.getByRole('cell', { name: adminEmail, exact: true }).waitFor();
    assert.equal(await members.getByRole('button', { name: `Change roles of ${adminEmail}` }).count(), 0);
    assert.equal(await members.getByRole('button', { name: `Remove ${adminEmail}` }).count(), 0);
    await page.getByRole('button', { name: 'Invite member' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invite a member' });
    const roles = await dialog.getByLabel('Organization role').locator('option').allInnerTexts();
    assert.deepEqual(roles, ['None', 'Labeler', 'Reviewer', 'Team Manager'], 'no Admin for a team manager');
    await dialog.getByLabel('Email').fill('reviewer@example.com');
    await dialog.getByLabel('Organization role').selectOption({ label: 'Reviewer' });
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    const link = (await dialog.getByLabel('Invitation link').innerText()).trim();
    await dialog.getByRole('button', { name: 'Close' }).click();
    const pending = page.getByRole('table', { name: 'Pending invitations' });
    await pending.getByRole('button', { name: 'Revoke invitation of reviewer@example.com' }).click();
    await pending.getByText('reviewer@example.com').waitFor({ state: 'detached' });
    await screenshot(page, '25-members-team-manager');
    const visitor = await browser.newContext();
    const vp = await visitor.newPage();
    await vp.goto(link);
    await vp.getByRole('heading', { name: 'Invitation not found' }).waitFor();
    await visitor.close();
    await context.close();
  });
  it('"New link" renews a pending invitation: the new link opens the invitation, the old one no longer does', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signInWithForm(page, server, adminEmail, ADMIN_PASSWORD);
    await page.getByRole('link', { name: 'Members' }).click();
    await page.getByRole('button', { name: 'Invite member' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invite a member' });
    await dialog.getByLabel('Email').fill('renew@example.com');
    await dialog.getByLabel('Organization role').selectOption({ label: 'Labeler' });
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    const first = (await dialog.getByLabel('Invitation link').innerText()).trim();
    await dialog.getByRole('button', { name: 'Close' }).click();

    const pending = page.getByRole('table', { name: 'Pending invitations' });
    await pending.getByRole('button', { name: 'New invitation link for renew@example.com' }).click();
    const renewed = page.getByRole('dialog', { name: 'New invitation link' });
    await renewed.getByText('The previous link for').waitFor();
    const second = (await renewed.getByLabel('Invitation link').innerText()).trim();
    assert.match(second, /\/invitations\/[A-Za-z0-9_-]{20,}$/);
    assert.notEqual(second, first, 'a new token');
    await screenshot(page, '26-members-new-link');
    await renewed.getByRole('button', { name: 'Close' }).click();
    await pending.getByText('renew@example.com', { exact: true }).waitFor();

    const visitor = await browser.newContext();
    const vp = await visitor.newPage();
    await vp.goto(first);
    await vp.getByRole('heading', { name: 'Invitation not found' }).waitFor();
    await vp.goto(second);
    await vp.getByRole('button', { name: 'Accept invitation' }).waitFor();
    await visitor.close();
    await context.close();
  });
});
