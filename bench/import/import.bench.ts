/**
 * `npm run bench:import [-- --rows N] [-- --cpu-prof <dir>]`: data-row import throughput on SQLite, against a raw baseline in the same run.
 *
 * Ours over HTTP (what a user meets, issue 11): the compiled server (`npm start`'s dist/server/main.js) in its own
 * process; per round the SDK's flow — descriptor chunk and manifest uploaded with `uploadFile`, `upsertDataRows`,
 * the task polled until COMPLETE — timed from the first upload to COMPLETE (the chunk's JSON bytes are built before; the upload is sent as the SDK's
 * `requests` sends it, see sdk-upsert.ts).
 * Ours in process: the `upsertDataRows` path end to end minus HTTP — descriptor chunks stored as blobs, a manifest, the
 * upsert job (chunk parse, per-item validation, multi-row inserts, row counts, per-batch outcomes).
 * Baseline: the same rows inserted with a prepared better-sqlite3 statement in transactions of 1,000 rows into an
 * identically migrated database; only the inserts are timed (rows are built before the clock starts).
 * Strict baseline (the physical limit, issue 11): the same values into a lean `data_row` table — same primary key,
 * a unique (organization_id, global_key) index and a (dataset_id, id) index, nothing else — with a prepared
 * statement in 10,000-row transactions (WAL, synchronous=NORMAL, the server's wal_autocheckpoint).
 * The three alternate in rounds of ROUND rows (one upsert job each) so that machine load affects them alike, after one
 * untimed import of WARM_UP_ROWS each (compiled code warm, the import parse thread started).
 * Targets: ratio ≥ 0.5 against both.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pino from 'pino';
import { closeAppContext, createAppContext } from '../../apps/server/src/bootstrap.ts';
import { benchContext } from '../lib/context.ts';
import { loadConfig } from '../../apps/server/src/config.ts';
import { connectSqlite, SQLITE_WAL_AUTOCHECKPOINT } from '../../apps/server/src/db/connect.ts';
import { migrateToLatest } from '../../apps/server/src/db/migrate.ts';
import { newId } from '../../apps/server/src/ids.ts';
import { DATA_ROW_COLUMNS } from '../../apps/server/src/repositories/data-row.repository.ts';
import { cpuMs } from '../lib/proc.ts';
import { report, sizeArg } from '../lib/report.ts';
import { compiledServer, freePort, SERVER_NODE_FLAGS, stopAll, waitFor } from '../lib/server.ts';
import type { SdkClient } from '../lib/labelbox-wire.ts';
import { closeUploads, sdkUpsert } from './sdk-upsert.ts';
import { ROUND, rowUrl, storeManifest, upsertItems } from './upsert-round.ts';

const RAW_BATCH = 1_000;
const LEAN_BATCH = 10_000;
const WARM_UP_ROWS = 2_000;

const format = (n: number) => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  const rows = sizeArg('--rows', 1_000_000, 20_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labelyard-bench-import-'));
  const children: ChildProcess[] = [];
  try {
    // Ours: a real app context on SQLite.
    const database = connectSqlite(path.join(dir, 'ours.db'));
    const config = {
      ...loadConfig({ LOG_LEVEL: 'silent' }),
      dataDir: dir,
      workerConcurrency: 0,
      inlineJobMaxItems: Number.MAX_SAFE_INTEGER,
    };
    const { ctx, user, organization, actor } = await benchContext(config, database);
    const dataset = await ctx.services.datasets.create(actor, { name: 'bench' });

    // Baseline: the same schema, then raw better-sqlite3 with the same pragmas.
    const rawFile = path.join(dir, 'raw.db');
    const migrated = connectSqlite(rawFile);
    await migrateToLatest(migrated.db);
    await migrated.db
      .insertInto('organizations')
      .values({ ...organization })
      .execute();
    await migrated.db
      .insertInto('users')
      .values({ ...user })
      .execute();
    await migrated.db
      .insertInto('datasets')
      .values({ ...dataset })
      .execute();
    await migrated.close();
    const raw = new SQLite(rawFile);
    for (const pragma of [
      'journal_mode = WAL',
      'synchronous = NORMAL',
      'foreign_keys = ON',
      'busy_timeout = 10000',
      'cache_size = -65536',
      `wal_autocheckpoint = ${SQLITE_WAL_AUTOCHECKPOINT}`,
    ])
      raw.pragma(pragma);
    const insert = raw.prepare(
      `insert into data_rows (${DATA_ROW_COLUMNS.join(', ')}) values (${DATA_ROW_COLUMNS.map(() => '?').join(', ')})`,
    );
    const insertBatch = raw.transaction((batch: unknown[][]) => {
      for (const values of batch) insert.run(values);
    });

    const lean = new SQLite(path.join(dir, 'lean.db'));
    lean.pragma('journal_mode = WAL');
    lean.pragma('synchronous = NORMAL');
    // The server's checkpoint interval: whatever it saves the server, it may save the baseline too.
    lean.pragma(`wal_autocheckpoint = ${SQLITE_WAL_AUTOCHECKPOINT}`);
    lean.exec(`create table data_row (${DATA_ROW_COLUMNS.map((c) => (c === 'id' ? 'id text primary key' : c)).join(', ')});
      create unique index data_row_global_key on data_row (organization_id, global_key);
      create index data_row_dataset on data_row (dataset_id, id);`);
    const leanInsert = lean.prepare(
      `insert into data_row (${DATA_ROW_COLUMNS.join(', ')}) values (${DATA_ROW_COLUMNS.map(() => '?').join(', ')})`,
    );
    const leanBatch = lean.transaction((batch: unknown[][]) => {
      for (const values of batch) leanInsert.run(values);
    });

    // Ours over HTTP: a second data directory with its own user, key and dataset, served by the compiled server.
    const httpDir = path.join(dir, 'http');
    fs.mkdirSync(httpDir);
    const httpCtx = await createAppContext({
      config: { ...config, dataDir: httpDir },
      database: connectSqlite(path.join(httpDir, 'labelyard.db')),
      logger: pino({ level: 'silent' }),
    });
    const httpUser = await httpCtx.services.identity.ensureUser({ email: 'bench@example.com', org: 'bench' });
    const { key } = await httpCtx.services.identity.createApiKey(
      httpUser.user.id,
      httpUser.organization.id,
      'bench',
    );
    const httpActor = {
      organizationId: httpUser.organization.id,
      userId: httpUser.user.id,
      role: 'ADMIN' as const,
      email: 'bench@example.com',
    };
    const httpDataset = await httpCtx.services.datasets.create(httpActor, { name: 'bench http' });
    const httpWarmDataset = await httpCtx.services.datasets.create(httpActor, { name: 'warm-up' });
    await closeAppContext(httpCtx);
    const port = await freePort();
    // `--cpu-prof <dir>`: profile the server.
    const profAt = process.argv.indexOf('--cpu-prof');
    const prof = profAt >= 0 ? ['--cpu-prof', `--cpu-prof-dir=${process.argv[profAt + 1]!}`] : [];
    const server = spawn(process.execPath, [...prof, ...SERVER_NODE_FLAGS, compiledServer()], {
      env: {
        ...process.env,
        PORT: String(port),
        DATA_DIR: httpDir,
        RATE_LIMIT_PER_MINUTE: '1000000000',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(server);
    const client: SdkClient = { url: `http://127.0.0.1:${port}`, key, userId: httpUser.user.id };
    await waitFor(`${client.url}/health`, server);

    // One untimed import each first (into other datasets, with other global keys): compiled code warm, the import
    // parse thread started, as in a server that has imported before.
    const warm = { start: rows, end: rows + WARM_UP_ROWS };
    const warmDataset = await ctx.services.datasets.create(actor, { name: 'warm-up' });
    await ctx.services.dataRowImports.startUpsert(
      actor,
      await storeManifest(ctx, actor, upsertItems(warmDataset.id, warm.start, warm.end)),
    );
    await sdkUpsert(
      client,
      [Buffer.from(JSON.stringify(upsertItems(httpWarmDataset.id, warm.start, warm.end)))],
      WARM_UP_ROWS,
    );

    let httpMs = 0;
    let httpCpuMs = 0;
    let oursMs = 0;
    let rawMs = 0;
    let leanMs = 0;
    for (let start = 0; start < rows; start += ROUND) {
      const end = Math.min(rows, start + ROUND);
      // Ours: one chunk + manifest per round, stored as uploads (untimed), then upsertDataRows' work (timed).
      const items = upsertItems(dataset.id, start, end);
      const manifestUrl = await storeManifest(ctx, actor, items);
      let t = performance.now();
      const job = await ctx.services.dataRowImports.startUpsert(actor, manifestUrl);
      oursMs += performance.now() - t;
      if (job.status !== 'DONE') throw new Error(`upsert job ended ${job.status}: ${job.errors}`);

      // Ours over HTTP: the same descriptors (other global keys: another organization) as one SDK chunk.
      const chunk = Buffer.from(
        JSON.stringify(
          items.map((item) => ({ ...item, payload: { ...item.payload, dataset_id: httpDataset.id } })),
        ),
      );
      t = performance.now();
      const cpu = cpuMs(server.pid!) ?? 0;
      await sdkUpsert(client, [chunk], end - start);
      httpMs += performance.now() - t;
      httpCpuMs += (cpuMs(server.pid!) ?? 0) - cpu;

      // Baseline: the same rows (fresh ids), built first, inserted in batches of RAW_BATCH.
      const now = new Date().toISOString();
      const values: unknown[][] = [];
      for (let i = start; i < end; i++) {
        values.push([
          newId(),
          organization.id,
          dataset.id,
          rowUrl(i),
          `ext-${i}`,
          `gk-${i}`,
          null,
          null,
          null,
          user.id,
          now,
          now,
        ]);
      }
      t = performance.now();
      for (let b = 0; b < values.length; b += RAW_BATCH) insertBatch(values.slice(b, b + RAW_BATCH));
      rawMs += performance.now() - t;
      for (const v of values) v[0] = newId();
      t = performance.now();
      for (let b = 0; b < values.length; b += LEAN_BATCH) leanBatch(values.slice(b, b + LEAN_BATCH));
      leanMs += performance.now() - t;
      process.stdout.write(`\r${format(end)} / ${format(rows)} rows`);
    }
    process.stdout.write('\n');
    console.log(
      `server CPU per row over HTTP: ${((httpCpuMs * 1000) / rows).toFixed(2)} µs (wall ${((httpMs * 1000) / rows).toFixed(2)} µs; in process wall ${((oursMs * 1000) / rows).toFixed(2)} µs, lean wall ${((leanMs * 1000) / rows).toFixed(2)} µs)`,
    );

    const stored = await ctx.services.datasets.get(actor, dataset.id);
    const rawCount = (raw.prepare('select count(*) as n from data_rows').get() as { n: number }).n;
    if (stored.row_count !== rows || rawCount !== rows)
      throw new Error(`row counts differ: ours ${stored.row_count}, raw ${rawCount}, expected ${rows}`);
    raw.close();
    lean.close();
    await closeAppContext(ctx);
    await stopAll(children);
    const served = new SQLite(path.join(httpDir, 'labelyard.db'), { readonly: true });
    const servedCount = (
      served.prepare('select count(*) as n from data_rows where dataset_id = ?').get(httpDataset.id) as {
        n: number;
      }
    ).n;
    served.close();
    if (servedCount !== rows) throw new Error(`the server stored ${servedCount} rows, expected ${rows}`);

    const ours = rows / (oursMs / 1000);
    report({
      title: 'Data-row import (SQLite)',
      method: `${format(rows)} rows through the SDK's upsert flow over HTTP to the compiled server (upload, upsertDataRows, poll until COMPLETE) and through the upsertDataRows job in process (chunk parse, validation, multi-row inserts, outcomes), alternating in rounds of ${format(ROUND)} rows with each baseline.`,
      ratios: [
        {
          name: 'upsertDataRows over HTTP (SDK flow) vs lean raw inserts (strict)',
          ours: rows / (httpMs / 1000),
          unit: 'rows/s',
          baselineName: `lean data_row table, ${format(LEAN_BATCH)}-row transactions`,
          baseline: rows / (leanMs / 1000),
          target: 0.5,
        },
        {
          name: 'upsertDataRows in process vs lean raw inserts (strict)',
          ours,
          baseline: rows / (leanMs / 1000),
          unit: 'rows/s',
          baselineName: `lean data_row table, ${format(LEAN_BATCH)}-row transactions`,
          target: 0.5,
        },
        {
          name: 'upsertDataRows in process vs raw inserts into our schema',
          ours,
          baseline: rows / (rawMs / 1000),
          unit: 'rows/s',
          baselineName: `migrated data_rows table, ${format(RAW_BATCH)}-row transactions`,
          target: 0.5,
        },
      ],
    });
  } finally {
    closeUploads();
    await stopAll(children);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
