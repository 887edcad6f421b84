import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { TestServer } from '../../apps/server/test/harness.ts';
import { SESSION_COOKIE } from '../../apps/server/src/http/session-cookie.ts';

/** Debian's Chromium; the browser tests skip (saying why) where it is not installed. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumMissing = fs.existsSync(CHROMIUM)
  ? false
  : `Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`;

/** Screenshots of each main page, for people to look at (never in the repository). */
export const SHOTS_DIR = process.env.WEB_SHOTS_DIR ?? '/tmp/web-shots';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS_DIR, `${name}.png`), fullPage: true });
}

/** A browser context signed in as the given user (a session made by the session service itself). */
export async function signedInAs(
  browser: Browser,
  server: TestServer,
  user: { id: string; organization_id: string },
): Promise<BrowserContext> {
  const { token } = await server.services.webSessions.start(user, 'e2e');
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  await context.addCookies([
    { name: SESSION_COOKIE, value: token, url: server.url, httpOnly: true, sameSite: 'Lax' },
  ]);
  return context;
}

/** A person signed in through the web app, as `signedInAs` takes them. */
export type WebUser = { id: string; organization_id: string };

/** A labeler (`lab@example.com`) and a reviewer (`rev@example.com`) in the test server's organization. */
export async function labelerAndReviewer(
  server: TestServer,
): Promise<{ labeler: WebUser; reviewer: WebUser }> {
  const org = (await server.services.identity.getOrganization(server.actor)).name;
  const user = async (email: string, role: string) =>
    (await server.services.identity.ensureUser({ email, org, role })).user;
  return {
    labeler: await user('lab@example.com', 'LABELER'),
    reviewer: await user('rev@example.com', 'REVIEWER'),
  };
}

/** Drags on the image (or another named) canvas between two points given as fractions of its box. */
export async function drag(
  page: Page,
  from: [number, number],
  to: [number, number],
  canvas = 'Image canvas',
): Promise<void> {
  const box = (await page.getByRole('application', { name: canvas }).boundingBox())!;
  const at = ([fx, fy]: [number, number]) => [box.x + box.width * fx, box.y + box.height * fy] as const;
  await page.mouse.move(...at(from));
  await page.mouse.down();
  for (let i = 1; i <= 5; i++) {
    const t = i / 5;
    await page.mouse.move(...at([from[0] + (to[0] - from[0]) * t, from[1] + (to[1] - from[1]) * t]));
  }
  await page.mouse.up();
}
