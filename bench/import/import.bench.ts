/**
 * `npm run bench:import [-- --rows N]`: data-row import throughput on SQLite, against a raw baseline in the same run.
 *
 * Ours: the `upsertDataRows` path end to end minus HTTP — descriptor chunks stored as blobs, a manifest, the
 * upsert job (chunk parse, per-item validation, multi-row inserts, row counts, per-batch outcomes).
 * Baseline: the same rows inserted with a prepared better-sqlite3 statement in transactions of 1,000 rows into an
 * identically migrated database; only the inserts are timed (rows are built before the clock starts).
 * The two alternate in rounds of ROUND rows (one upsert job each) so that machine load affects both alike. Target: ratio ≥ 0.5.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pino from 'pino';
import { closeAppContext, createAppContext } from '../../apps/server/src/bootstrap.ts';
import { loadConfig } from '../../apps/server/src/config.ts';
import { connectSqlite } from '../../apps/server/src/db/connect.ts';
import { migrateToLatest } from '../../apps/server/src/db/migrate.ts';
import { newId } from '../../apps/server/src/ids.ts';
import { DATA_ROW_COLUMNS } from '../../apps/server/src/repositories/data-row.repository.ts';

const ROUND = 20_000;
const RAW_BATCH = 1_000;

function argValue(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

const rowUrl = (i: number) => `https://storage.example.com/datasets/bench/images/${i}.jpg`;
const format = (n: number) => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  const rows = argValue('--rows', 1_000_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labelyard-bench-import-'));
  try {
    // Ours: a real app context on SQLite.
    const database = connectSqlite(path.join(dir, 'ours.db'));
    const config = {
      ...loadConfig({ LOG_LEVEL: 'silent' }),
      dataDir: dir,
      workerConcurrency: 0,
      inlineJobMaxItems: Number.MAX_SAFE_INTEGER,
    };
    const ctx = await createAppContext({ config, database, logger: pino({ level: 'silent' }) });
    const { user, organization } = await ctx.services.identity.ensureUser({
      email: 'bench@example.com',
      org: 'bench',
    });
    const actor = {
      organizationId: organization.id,
      userId: user.id,
      role: 'ADMIN' as const,
      email: user.email,
    };
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
    ])
      raw.pragma(pragma);
    const insert = raw.prepare(
      `insert into data_rows (${DATA_ROW_COLUMNS.join(', ')}) values (${DATA_ROW_COLUMNS.map(() => '?').join(', ')})`,
    );
    const insertBatch = raw.transaction((batch: unknown[][]) => {
      for (const values of batch) insert.run(values);
    });

    let oursMs = 0;
    let rawMs = 0;
    for (let start = 0; start < rows; start += ROUND) {
      const end = Math.min(rows, start + ROUND);
      // Ours: one chunk + manifest per round, stored as uploads (untimed), then upsertDataRows' work (timed).
      const items = [];
      for (let i = start; i < end; i++) {
        items.push({
          id: { type: 'AUTO', value: '' },
          payload: {
            row_data: rowUrl(i),
            global_key: `gk-${i}`,
            external_id: `ext-${i}`,
            dataset_id: dataset.id,
          },
        });
      }
      const chunkKey = `${organization.id}/uploads/${newId()}`;
      await ctx.blobs.put(chunkKey, JSON.stringify(items));
      const manifestKey = `${organization.id}/uploads/${newId()}`;
      const chunkUrl = 'http://bench' + ctx.services.dataRowImports.uploadedFilePath(actor, chunkKey, false);
      await ctx.blobs.put(
        manifestKey,
        JSON.stringify({ source: 'SDK', item_count: end - start, chunk_uris: [chunkUrl] }),
      );
      const manifestUrl =
        'http://bench' + ctx.services.dataRowImports.uploadedFilePath(actor, manifestKey, false);
      let t = performance.now();
      const job = await ctx.services.dataRowImports.startUpsert(actor, manifestUrl);
      oursMs += performance.now() - t;
      if (job.status !== 'DONE') throw new Error(`upsert job ended ${job.status}: ${job.errors}`);

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
      process.stdout.write(`\r${format(end)} / ${format(rows)} rows`);
    }
    process.stdout.write('\n');

    const stored = await ctx.services.datasets.get(actor, dataset.id);
    const rawCount = (raw.prepare('select count(*) as n from data_rows').get() as { n: number }).n;
    if (stored.row_count !== rows || rawCount !== rows)
      throw new Error(`row counts differ: ours ${stored.row_count}, raw ${rawCount}, expected ${rows}`);
    raw.close();
    await closeAppContext(ctx);

    const ours = rows / (oursMs / 1000);
    const baseline = rows / (rawMs / 1000);
    console.log(`rows:            ${format(rows)}`);
    console.log(
      `labelyard path:  ${format(ours)} rows/s (${(oursMs / 1000).toFixed(1)} s; upsert job incl. chunk parse, validation, outcomes)`,
    );
    console.log(
      `raw sqlite:      ${format(baseline)} rows/s (${(rawMs / 1000).toFixed(1)} s; prepared insert, ${RAW_BATCH}-row transactions)`,
    );
    console.log(`ratio:           ${(ours / baseline).toFixed(2)} (target ≥ 0.50)`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
