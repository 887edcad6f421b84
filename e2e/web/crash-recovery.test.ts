import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { encodePng } from '@labelyard/schema';
import pino from 'pino';
import type { Browser } from 'playwright-core';
import { closeAppContext, createAppContext } from '../../apps/server/src/bootstrap.ts';
import { connectSqlite } from '../../apps/server/src/db/connect.ts';
import { migrateToLatest } from '../../apps/server/src/db/migrate.ts';
import type { AppContext } from '../../apps/server/src/http/app-context.ts';
import { SESSION_COOKIE } from '../../apps/server/src/http/session-cookie.ts';
import { createActor, tempDir, testConfig, type TestServer } from '../../apps/server/test/harness.ts';
import { setupLabelProject } from '../../apps/server/test/label.factory.ts';
import { chromiumMissing, launchBrowser, screenshot } from './browser.ts';

const PORT = 8133;
const URL_ = `http://127.0.0.1:${PORT}`;
const ROOT = path.resolve(import.meta.dirname, '../..');

/** The real server in its own process (so it can be killed), on a database kept in `dataDir`. */
async function startServer(dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(PORT), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    const up = await fetch(`${URL_}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the server did not start within 30 s');
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('a server killed mid-draft', { skip: chromiumMissing }, () => {
  let browser: Browser;
  let dataDir: string;
  let ctx: AppContext;
  let server: ChildProcess | undefined;
  before(async () => {
    dataDir = tempDir('labelyard-crash-');
    const database = connectSqlite(path.join(dataDir, 'labelyard.db'));
    await migrateToLatest(database.db);
    ctx = await createAppContext({
      config: testConfig({ dataDir }),
      database,
      logger: pino({ level: 'silent' }),
    });
    [browser, server] = await Promise.all([launchBrowser(), startServer(dataDir)]);
  });
  after(async () => {
    await browser?.close();
    if (server) await kill(server);
    await closeAppContext(ctx);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses nothing of a saved draft: SIGKILL, restart, reopen', async () => {
    const actor = await createActor(ctx, 'admin@example.com', 'crash-org');
    const gql = async (
      query: string,
      variables?: Record<string, unknown> | null,
      opts: { path?: string } = {},
    ) => {
      const res = await fetch(URL_ + (opts.path ?? '/graphql'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${actor.key}` },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, headers: res.headers, body: (await res.json()) as any };
    };
    const data = async (query: string, variables?: Record<string, unknown> | null, opts = {}) => {
      const res = await gql(query, variables, opts);
      if (res.body.errors?.length) throw new Error(JSON.stringify(res.body.errors));
      return res.body.data;
    };
    const sut = { url: URL_, key: actor.key, actor, db: ctx.database.db, services: ctx.services, gql, data };
    const p = await setupLabelProject(sut as unknown as TestServer, { images: 1, texts: 0, outside: 0 });
    const pixels = new Uint8Array(120 * 90 * 3).fill(128);
    const png = Buffer.from(encodePng({ width: 120, height: 90, channels: 3, data: pixels })).toString(
      'base64',
    );
    await ctx.database.db
      .updateTable('data_rows')
      .set({
        row_data: `data:image/png;base64,${png}`,
        media_attributes: JSON.stringify({ width: 120, height: 90, mimeType: 'image/png' }),
      })
      .where('dataset_id', '=', p.datasetId)
      .execute();
    const labeler = await ctx.services.identity.ensureUser({
      email: 'lab@example.com',
      org: 'crash-org',
      role: 'LABELER',
    });
    const { token } = await ctx.services.webSessions.start(labeler.user, 'e2e');
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.addCookies([
      { name: SESSION_COOKIE, value: token, url: URL_, httpOnly: true, sameSite: 'Lax' },
    ]);
    const page = await context.newPage();
    await page.goto(`${URL_}/projects/${p.projectId}/label`);
    await page.getByRole('navigation', { name: 'Classes' }).getByRole('button', { name: /^box/ }).click();
    const canvas = (await page.getByRole('application', { name: 'Image canvas' }).boundingBox())!;
    const at = (fx: number, fy: number) =>
      [canvas.x + canvas.width * fx, canvas.y + canvas.height * fy] as const;
    await page.mouse.move(...at(0.4, 0.4));
    await page.mouse.down();
    await page.mouse.move(...at(0.5, 0.5));
    await page.mouse.move(...at(0.6, 0.6));
    await page.mouse.up();
    await page.getByRole('status').filter({ hasText: 'Draft saved' }).waitFor({ timeout: 10_000 });

    await kill(server!);
    server = await startServer(dataDir);
    await page.reload();
    await page.getByText('Your saved draft was restored.').waitFor();
    assert.equal(await page.getByRole('list', { name: 'box objects' }).getByRole('listitem').count(), 1);
    await screenshot(page, '37-draft-after-restart');
    await context.close();
  });
});
