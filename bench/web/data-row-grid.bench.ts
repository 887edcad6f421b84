/**
 * `npm run bench:grid [-- --rows N] [-- --quick]`: time to first render of the dataset page's data-row grid on a
 * dataset of 1,000,000 rows (issue 8), in headless Chromium (Debian's chromium through playwright-core) against the
 * compiled server (`dist/server/main.js`, as `npm start` runs it) on SQLite.
 *
 * Rows are seeded with raw prepared statements (seeding is not what is timed). Measured, median of a few fresh
 * page loads each: navigation → the first grid cell ("Open data row …") visible on the dataset page; the same for
 * the detail page of the first and of the last (1,000,000th) row. Baseline in the same run: navigation → the
 * account page's heading (the same app shell, sign-in check and bundle, with no data-row query), i.e. what any
 * page of the app costs; plus the first page of rows read straight from SQLite for scale.
 */
import SQLite from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { chromium, type Page } from 'playwright-core';
import { closeAppContext, createAppContext } from '../../apps/server/src/bootstrap.ts';
import { loadConfig } from '../../apps/server/src/config.ts';
import { connectSqlite } from '../../apps/server/src/db/connect.ts';
import { SESSION_COOKIE } from '../../apps/server/src/http/session-cookie.ts';
import { newId } from '../../apps/server/src/ids.ts';
import { fmt, quick, report, sizeArg } from '../lib/report.ts';
import { compiledServer, freePort, SERVER_NODE_FLAGS, stopAll, waitFor } from '../lib/server.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHUNK = 50_000;

type Seeded = { token: string; datasetId: string; firstRowId: string; lastRowId: string };

async function seed(dir: string, rows: number): Promise<Seeded> {
  const dbFile = path.join(dir, 'labelyard.db');
  const config = { ...loadConfig({ LOG_LEVEL: 'silent' }), dataDir: dir, workerConcurrency: 0 };
  const ctx = await createAppContext({
    config,
    database: connectSqlite(dbFile),
    logger: pino({ level: 'silent' }),
  });
  const { user, organization } = await ctx.services.identity.ensureUser({
    email: 'grid@example.com',
    org: 'grid bench',
  });
  const actor = {
    organizationId: organization.id,
    userId: user.id,
    role: 'ADMIN' as const,
    email: user.email,
  };
  const dataset = await ctx.services.datasets.create(actor, { name: 'a million rows' });
  const { token } = await ctx.services.webSessions.start(user, 'bench');
  await closeAppContext(ctx);

  const raw = new SQLite(dbFile);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = OFF');
  const insert = raw.prepare(
    'insert into data_rows (id, organization_id, dataset_id, row_data, external_id, global_key, media_type, media_attributes, metadata, created_by, created_at, updated_at) values (?,?,?,?,?,?,?,?,?,?,?,?)',
  );
  const attributes = JSON.stringify({ width: 640, height: 480, mimeType: 'image/jpeg' });
  const ids: string[] = [];
  const chunk = raw.transaction((from: number, to: number) => {
    const now = new Date().toISOString();
    for (let i = from; i < to; i++) {
      const id = newId();
      if (i === 0 || i === rows - 1) ids.push(id);
      insert.run(
        id,
        organization.id,
        dataset.id,
        `https://storage.example.com/grid/${i}.jpg`,
        `${i}.jpg`,
        `grid-${i}`,
        'IMAGE',
        attributes,
        null,
        user.id,
        now,
        now,
      );
    }
  });
  const t0 = performance.now();
  for (let from = 0; from < rows; from += CHUNK) {
    chunk(from, Math.min(rows, from + CHUNK));
    process.stdout.write(`\rseeding ${Math.min(rows, from + CHUNK).toLocaleString('en-US')} rows`);
  }
  raw.prepare('update datasets set row_count = ? where id = ?').run(rows, dataset.id);
  raw.pragma('wal_checkpoint(TRUNCATE)');
  raw.close();
  console.log(` in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return { token, datasetId: dataset.id, firstRowId: ids[0]!, lastRowId: ids[ids.length - 1]! };
}

/** The first page of rows straight from SQLite (what the grid's first query has to read at least). */
function rawFirstPage(dir: string, datasetId: string): number {
  const raw = new SQLite(path.join(dir, 'labelyard.db'), { readonly: true });
  const page = raw.prepare('select * from data_rows where dataset_id = ? order by id limit 100');
  page.all(datasetId);
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    page.all(datasetId);
    times.push(performance.now() - t);
  }
  raw.close();
  return median(times);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Median time from a fresh navigation to `ready` (a locator's first match visible). */
async function timeToRender(page: Page, url: string, ready: () => Promise<unknown>, runs: number) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    await page.goto('about:blank');
    const t = performance.now();
    await page.goto(url);
    await ready();
    times.push(performance.now() - t);
  }
  return median(times);
}

async function main(): Promise<void> {
  const rows = sizeArg('--rows', 1_000_000, 100_000);
  const runs = quick ? 2 : 5;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labelyard-bench-grid-'));
  const children: ChildProcess[] = [];
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  try {
    const seeded = await seed(dir, rows);
    compiledServer();
    const port = await freePort();
    const server = spawn(process.execPath, [...SERVER_NODE_FLAGS, path.join(root, 'dist/server/main.js')], {
      cwd: root,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dir, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(server);
    const origin = `http://127.0.0.1:${port}`;
    await waitFor(`${origin}/health`, server);
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.addCookies([
      { name: SESSION_COOKIE, value: seeded.token, url: origin, httpOnly: true, sameSite: 'Lax' },
    ]);
    const page = await context.newPage();
    const firstCell = () =>
      page
        .getByRole('link', { name: /^Open data row / })
        .first()
        .waitFor({ timeout: 60_000 });

    // Warm-up: the server's caches and the browser's module cache, as for a person who has used the app before.
    await page.goto(`${origin}/datasets/${seeded.datasetId}`);
    await firstCell();
    const shownCount = await page
      .getByText(/data rows/)
      .first()
      .innerText();

    const shell = await timeToRender(
      page,
      `${origin}/account`,
      () => page.getByRole('heading', { level: 1 }).first().waitFor(),
      runs,
    );
    const grid = await timeToRender(page, `${origin}/datasets/${seeded.datasetId}`, firstCell, runs);
    const rowHeading = () => page.getByRole('heading', { level: 1 }).first().waitFor();
    const firstRow = await timeToRender(
      page,
      `${origin}/datasets/${seeded.datasetId}/rows/${seeded.firstRowId}`,
      rowHeading,
      runs,
    );
    const lastRow = await timeToRender(
      page,
      `${origin}/datasets/${seeded.datasetId}/rows/${seeded.lastRowId}`,
      rowHeading,
      runs,
    );
    await page.goto(`${origin}/datasets/${seeded.datasetId}`);
    await firstCell();
    fs.mkdirSync('/tmp/web-shots', { recursive: true });
    await page.screenshot({ path: '/tmp/web-shots/50-grid-1M-rows.png' });
    const sqlMs = rawFirstPage(dir, seeded.datasetId);

    report({
      title: `Data-row grid: time to first render on a dataset of ${rows.toLocaleString('en-US')} rows (Chromium, SQLite)`,
      method:
        'Median of fresh navigations in headless Chromium against the compiled server: dataset page → first grid cell visible, versus the account page → its heading (same app shell and session check, no row query).',
      ratios: [
        {
          name: 'dataset page, first grid cell',
          ours: grid,
          baseline: shell,
          unit: 'ms',
          baselineName: 'account page (app shell)',
        },
        {
          name: 'detail page of the last row',
          ours: lastRow,
          baseline: firstRow,
          unit: 'ms',
          baselineName: 'detail page of the first row',
        },
      ],
      checks: [{ name: 'time to first grid cell', value: grid, unit: 'ms', max: 1000 }],
      notes: [
        `page header says: ${shownCount}`,
        `first 100 rows straight from SQLite: ${fmt(sqlMs)} ms`,
        'screenshot: /tmp/web-shots/50-grid-1M-rows.png',
      ],
    });
  } finally {
    await browser.close();
    await stopAll(children);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
