/**
 * `node --import tsx bench/import/import-postgres.bench.ts [--rows N] [--database-url postgres://…]`: data-row
 * import throughput on PostgreSQL (the scale profile) against a raw `COPY` of the same rows in the same run.
 * Needs a server: `--database-url`, else BENCH_DATABASE_URL or TEST_DATABASE_URL; without one it says so and
 * reports nothing. A scratch database is created and dropped.
 *
 * Ours: the `upsertDataRows` job in process (chunk parse, validation, COPY into data_rows, outcomes), as the SQLite
 * in-process figure. Baseline (the physical limit): the same values written to a CSV file first (untimed), then
 * one server-side `COPY … FROM '<file>'` per round into a lean table — same primary key, a unique
 * (organization_id, global_key) index and a (dataset_id, id) index, nothing else; its columns collate as
 * data_rows' do.
 * The two alternate in rounds of ROUND rows so that machine load affects them alike. Target: ratio ≥ 0.5.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { closeAppContext } from '../../apps/server/src/bootstrap.ts';
import { benchContext } from '../lib/context.ts';
import { loadConfig } from '../../apps/server/src/config.ts';
import { connectPostgres } from '../../apps/server/src/db/connect.ts';
import { newId } from '../../apps/server/src/ids.ts';
import { DATA_ROW_COLUMNS } from '../../apps/server/src/repositories/data-row.repository.ts';
import { report, sizeArg } from '../lib/report.ts';
import { ROUND, rowUrl, storeManifest, upsertItems } from './upsert-round.ts';

const format = (n: number) => Math.round(n).toLocaleString('en-US');
const csvField = (v: string | null) => (v === null ? '' : `"${String(v).replace(/"/g, '""')}"`);

async function main(): Promise<void> {
  const rows = sizeArg('--rows', 200_000, 40_000);
  const urlAt = process.argv.indexOf('--database-url');
  const adminUrl =
    urlAt >= 0 ? process.argv[urlAt + 1] : (process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL);
  if (!adminUrl) {
    console.log('skipped: no PostgreSQL server (--database-url, BENCH_DATABASE_URL or TEST_DATABASE_URL)');
    return;
  }
  const name = `labelyard_bench_${newId()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labelyard-bench-import-pg-'));
  // The server process reads the CSV: a world-readable file outside the private temp dir.
  const csvFile = path.join(os.tmpdir(), `${name}.csv`);
  try {
    const config = {
      ...loadConfig({ LOG_LEVEL: 'silent' }),
      dataDir: dir,
      workerConcurrency: 0,
      inlineJobMaxItems: Number.MAX_SAFE_INTEGER,
    };
    const { ctx, user, organization, actor } = await benchContext(config, connectPostgres(url.toString()));
    const dataset = await ctx.services.datasets.create(actor, { name: 'bench' });

    const raw = new pg.Client({ connectionString: url.toString() });
    await raw.connect();
    // Each column with data_rows' collation (the key columns compare as bytes where migration 2026-12-08T0101
    // made them so): the baseline's index inserts compare keys as cheaply as ours.
    const { rows: collated } = await raw.query<{ name: string }>(`select a.attname as name from pg_attribute a
      join pg_collation c on c.oid = a.attcollation where a.attrelid = 'data_rows'::regclass and c.collname = 'C'`);
    const collate = (c: string) => (collated.some((r) => r.name === c) ? ' collate "C"' : '');
    await raw.query(`create table lean_data_row (${DATA_ROW_COLUMNS.map((c) => `${c} text${collate(c)}${c === 'id' ? ' primary key' : ''}`).join(', ')});
      create unique index lean_data_row_global_key on lean_data_row (organization_id, global_key);
      create index lean_data_row_dataset on lean_data_row (dataset_id, id);`);

    let oursMs = 0;
    let copyMs = 0;
    for (let start = 0; start < rows; start += ROUND) {
      const end = Math.min(rows, start + ROUND);
      const items = upsertItems(dataset.id, start, end);
      const manifestUrl = await storeManifest(ctx, actor, items);
      let t = performance.now();
      const job = await ctx.services.dataRowImports.startUpsert(actor, manifestUrl);
      oursMs += performance.now() - t;
      if (job.status !== 'DONE') throw new Error(`upsert job ended ${job.status}: ${job.errors}`);

      const now = new Date().toISOString();
      const lines: string[] = [];
      for (let i = start; i < end; i++) {
        const values: Array<string | null> = [newId(), organization.id, dataset.id, rowUrl(i), `ext-${i}`];
        values.push(`gk-${i}`, null, null, null, user.id, now, now);
        lines.push(values.map(csvField).join(','));
      }
      fs.writeFileSync(csvFile, lines.join('\n') + '\n', { mode: 0o644 });
      t = performance.now();
      await raw.query(
        `copy lean_data_row (${DATA_ROW_COLUMNS.join(', ')}) from '${csvFile}' with (format csv)`,
      );
      copyMs += performance.now() - t;
      process.stdout.write(`\r${format(end)} / ${format(rows)} rows`);
    }
    process.stdout.write('\n');
    const stored = await ctx.services.datasets.get(actor, dataset.id);
    const copied = Number((await raw.query('select count(*) as n from lean_data_row')).rows[0].n);
    if (stored.row_count !== rows || copied !== rows)
      throw new Error(`row counts differ: ours ${stored.row_count}, COPY ${copied}, expected ${rows}`);
    await raw.end();
    await closeAppContext(ctx);

    report({
      title: 'Data-row import (PostgreSQL)',
      method: `${format(rows)} rows through the upsertDataRows job in process (COPY into data_rows) against a server-side COPY of the same rows from CSV into a lean table, alternating in rounds of ${format(ROUND)} rows.`,
      ratios: [
        {
          name: 'upsertDataRows in process vs raw COPY (strict)',
          ours: rows / (oursMs / 1000),
          baseline: rows / (copyMs / 1000),
          unit: 'rows/s',
          baselineName: 'COPY from CSV into a lean data_row table',
          target: 0.5,
        },
      ],
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(csvFile, { force: true });
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
