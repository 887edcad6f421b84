/**
 * `npm run bench:export [-- --labels N] [-- --cpu-prof <dir>]` (default 1,000,000): export v2 throughput and memory on SQLite, against a
 * plain `JSON.stringify` baseline over the same rows in the same run.
 *
 * Seed (untimed): N image data rows in one dataset and one batch, one submitted label per row (a box with a nested
 * radio, a polygon, a point, a radio and a free-text classification: ~1 KB of LabelDocument JSON), raw inserts,
 * then each label's stored export v2 render (label_renders) as the app's label writes store it.
 *
 * Ours: the real export job (`ExportRunner.runV2`: keyset pages of 1,000 rows joined with datasets, batches and
 * users, one label query per page, LabelDocument → v2 rows, NDJSON to the blob store through the chunk recorder),
 * every include* param on. Baseline: the same page queries (same rows), each data row written as
 * `JSON.stringify({data_row, labels})` with the label content parsed — no conversion, no chunk index — to a file
 * through a plain write stream. Both are timed from the first query to the last byte; RSS is sampled every 20 ms.
 * Strict baseline (the physical limit, issue 11): the same rows already in memory, `JSON.stringify` per row and
 * written in 1,000-line blocks — no database, no conversion (at most 200,000 rows are held, to bound the bench).
 * Over HTTP (what an SDK user meets, issue 11): the compiled server on the same file, driven as the Labelbox SDK
 * does (bench/export/sdk-export.ts: create task → poll → exportFileFromOffset chunks, each downloaded), timed from
 * the mutation to the last chunk's bytes; the server's RSS is sampled from /proc.
 * Targets: over HTTP ≥ 0.7 of the strict baseline, server peak RSS < 256 MB (the full run exports 1,000,000
 * labels), task COMPLETE → first chunk served < 1 s; in process the same ratio and RSS, first byte within 1 s.
 *
 * bench-node-options: --expose-gc --max-semi-space-size=16 --heap-growing-percent=100
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import pino from 'pino';
import { closeAppContext, createAppContext } from '../../apps/server/src/bootstrap.ts';
import { benchContext } from '../lib/context.ts';
import { loadConfig } from '../../apps/server/src/config.ts';
import { connectSqlite } from '../../apps/server/src/db/connect.ts';
import { JobRepository } from '../../apps/server/src/repositories/job.repository.ts';
import { ExportRepository } from '../../apps/server/src/repositories/export.repository.ts';
import { LabelRenderRepository } from '../../apps/server/src/repositories/label-render.repository.ts';
import type { V2Payload } from '../../apps/server/src/services/export.runner.ts';
import { cpuMs, rssBytes } from '../lib/proc.ts';
import { report, sizeArg } from '../lib/report.ts';
import { createBenchOntology } from '../lib/seed.ts';
import { insertBatch, insertLabeledRows } from '../lib/seed-rows.ts';
import { compiledServer, freePort, SERVER_NODE_FLAGS, stopAll, waitFor } from '../lib/server.ts';
import { sdkExport } from './sdk-export.ts';

const SEED_BATCH = 10_000;

const STRICT_MAX_ROWS = 200_000;

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const mb = (bytes: number) => bytes / 1024 / 1024;

/** CPU time (user + system, all threads) of this process since `since`, in ms. */
const cpuMsSince = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};

/**
 * Wall time, CPU time and peak RSS while `work` runs, RSS sampled every 20 ms (the process-wide maxRSS would include
 * the seeding). CPU time is what to compare on a shared machine, where wall time depends on the neighbours.
 */
async function measure<T>(
  work: () => Promise<T>,
): Promise<{ value: T; ms: number; cpuMs: number; peakRss: number }> {
  global.gc?.();
  let peak = process.memoryUsage().rss;
  const cpu = process.cpuUsage();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const start = performance.now();
  try {
    const value = await work();
    return {
      value,
      ms: performance.now() - start,
      cpuMs: cpuMsSince(cpu),
      peakRss: Math.max(peak, process.memoryUsage().rss),
    };
  } finally {
    clearInterval(timer);
  }
}

type Seeded = { organizationId: string; userId: string; projectId: string; key: string };

/** CPU time a process has used, in ms (Linux: the figures here need /proc). */
const cpuMsOf = (pid: number): number => cpuMs(pid) ?? NaN;

/** Peak resident set of a process, sampled every 20 ms from /proc while `work` runs (Linux), and its CPU time. */
async function peakRssOf<T>(
  pid: number,
  work: () => Promise<T>,
): Promise<{ value: T; peakRss: number; cpuMs: number }> {
  const rss = () => rssBytes(pid) ?? 0;
  let peak = rss();
  const cpu = cpuMsOf(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rss())), 20);
  try {
    const value = await work();
    return { value, peakRss: Math.max(peak, rss()), cpuMs: cpuMsOf(pid) - cpu };
  } finally {
    clearInterval(timer);
  }
}

/**
 * The labels' stored export v2 renders, as the app's label writes store them (LabelRepository.insert →
 * LabelRenderRepository.renderAndStore): the seed inserts labels raw, so it stores their renders the same way after.
 */
async function storeRenders(dbFile: string, labels: number): Promise<void> {
  const database = connectSqlite(dbFile);
  let after = '';
  for (let done = 0; ;) {
    const page = await database.db
      .selectFrom('labels')
      .select(['id', 'data_row_id', 'content', 'updated_at'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(SEED_BATCH)
      .execute();
    if (page.length === 0) break;
    await database.db.transaction().execute((trx) => new LabelRenderRepository(trx).renderAndStore(page));
    done += page.length;
    after = page[page.length - 1]!.id;
    process.stdout.write(`\rstoring label renders ${fmt(done)} / ${fmt(labels)}`);
  }
  await database.close();
}

/** Child process: everything before the clock, so the export process starts with a clean heap. */
async function seed(dir: string, labels: number): Promise<void> {
  const dbFile = path.join(dir, 'labelyard.db');
  const database = connectSqlite(dbFile);
  const config = { ...loadConfig({ LOG_LEVEL: 'silent' }), dataDir: dir, workerConcurrency: 0 };
  const { ctx, user, organization, actor } = await benchContext(config, database);
  const f = await createBenchOntology(ctx, actor);
  const project = await ctx.services.projects.create(actor, {
    name: 'bench export',
    allowedMediaType: 'IMAGE',
  });
  await ctx.services.ontologies.connectOntology(actor, project.id, f.ontologyId);
  const dataset = await ctx.services.datasets.create(actor, { name: 'bench' });
  const { key } = await ctx.services.identity.createApiKey(user.id, organization.id, 'bench');
  await closeAppContext(ctx);

  const t = performance.now();
  const raw = new SQLite(dbFile);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = OFF');
  const target = {
    organizationId: organization.id,
    userId: user.id,
    projectId: project.id,
    datasetId: dataset.id,
    features: f,
    mediaAttributes: JSON.stringify({ width: 1920, height: 1080, mimeType: 'image/jpeg' }),
    transactionRows: SEED_BATCH,
  };
  const batchId = insertBatch(raw, target, 'bench', labels);
  insertLabeledRows(
    raw,
    target,
    { from: 0, to: labels },
    () => batchId,
    (done) => process.stdout.write(`\rseeding ${fmt(done)} / ${fmt(labels)} labels`),
  );
  raw.close();
  await storeRenders(dbFile, labels);
  const done = new SQLite(dbFile);
  done.pragma('wal_checkpoint(TRUNCATE)');
  done.close();
  process.stdout.write(`\nseeded in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
  const seeded: Seeded = { organizationId: organization.id, userId: user.id, projectId: project.id, key };
  fs.writeFileSync(path.join(dir, 'seed.json'), JSON.stringify(seeded));
}

async function main(): Promise<void> {
  const labels = sizeArg('--labels', 1_000_000, 5_000);
  const seedInto = process.argv.indexOf('--seed-into');
  if (seedInto >= 0) return seed(process.argv[seedInto + 1]!, labels);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labelyard-bench-export-'));
  const children: ChildProcess[] = [];
  try {
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), '--seed-into', dir, '--labels', String(labels)],
      { stdio: 'inherit' },
    );
    if (child.status !== 0) throw new Error(`seeding failed (exit ${child.status})`);
    const seeded = JSON.parse(fs.readFileSync(path.join(dir, 'seed.json'), 'utf8')) as Seeded;
    const database = connectSqlite(path.join(dir, 'labelyard.db'));
    const config = { ...loadConfig({ LOG_LEVEL: 'silent' }), dataDir: dir, workerConcurrency: 0 };
    const ctx = await createAppContext({ config, database, logger: pino({ level: 'silent' }) });
    const actor = {
      organizationId: seeded.organizationId,
      userId: seeded.userId,
      role: 'ADMIN' as const,
      email: 'bench@example.com',
    };
    const { organizationId, projectId } = seeded;

    const params = {
      attachments: true,
      metadata: true,
      embeddings: false,
      dataRowDetails: true,
      projectDetails: true,
      labelDetails: true,
      performanceDetails: true,
      predictions: false,
      modelRunDetails: false,
      interpolatedFrames: false,
    };
    const payload: V2Payload = {
      scope: 'project',
      projectId,
      filter: {},
      params,
      projectIds: [],
      allProjects: false,
      origin: 'http://127.0.0.1:8080',
    };
    const startRss = process.memoryUsage().rss;
    // Ours: the export job's code path (what the worker runs), minus the queue bookkeeping.
    const enqueued = await ctx.jobs.enqueue(actor, { type: 'export-data-rows', name: 'bench', payload });
    const now = Date.now();
    const job = await new JobRepository(ctx.database.db).claim(
      enqueued.id,
      'bench',
      new Date(now).toISOString(),
      new Date(now + 3_600_000).toISOString(),
    );
    if (!job) throw new Error('could not claim the export job');
    let oursFirstByte = 0;
    const oursStart = performance.now();
    const ours = await measure(() =>
      ctx.services.exports.runner.runV2(
        { job, payload, progress: async () => undefined },
        { onFirstByte: () => (oursFirstByte = performance.now() - oursStart) },
      ),
    );
    // Recorded as the worker records a finished job: left QUEUED, the server started below would run it again,
    // a second export competing with the one the SDK waits for.
    await new JobRepository(ctx.database.db).finish(job.id, 'bench', {
      status: 'DONE',
      result: JSON.stringify(ours.value.result),
      errors: null,
      now: new Date().toISOString(),
    });
    const oursFile = path.join(dir, 'files', organizationId, 'exports', job.id, 'result.ndjson');
    const oursBytes = fs.statSync(oursFile).size;
    const oursLines = (ours.value.result as { metadata: { rows: number } }).metadata.rows;
    if (oursLines !== labels) throw new Error(`export wrote ${oursLines} rows, expected ${labels}`);

    // Baseline: same page queries, plain JSON.stringify of the rows, plain write stream.
    const repo = new ExportRepository(ctx.database.db, 'sqlite');
    const baseFile = path.join(dir, 'baseline.ndjson');
    let baseFirstByte = 0;
    let baseRows = 0;
    const baseStart = performance.now();
    const base = await measure(async () => {
      const out = fs.createWriteStream(baseFile);
      let after: string | null = null;
      for (;;) {
        const page = await repo.projectPage(organizationId, projectId, {}, after, 1_000);
        if (page.length === 0) break;
        const rowLabels = await repo.labelsFor(
          organizationId,
          [projectId],
          page.map((r) => r.id),
        );
        const byRow = new Map<string, unknown[]>();
        for (const l of rowLabels)
          byRow.set(l.data_row_id, [
            ...(byRow.get(l.data_row_id) ?? []),
            { ...l, content: JSON.parse(l.content) },
          ]);
        const text =
          page.map((r) => JSON.stringify({ data_row: r, labels: byRow.get(r.id) ?? [] })).join('\n') + '\n';
        if (!out.write(text)) await once(out, 'drain');
        if (baseRows === 0) baseFirstByte = performance.now() - baseStart;
        baseRows += page.length;
        after = page[page.length - 1]!.id;
      }
      out.end();
      await once(out, 'finish');
    });
    const baseBytes = fs.statSync(baseFile).size;

    // Strict baseline: rows already in memory (read untimed), only stringify + write in 1,000-line blocks.
    const inMemory: Array<{ data_row: unknown; labels: unknown[] }> = [];
    for (let after: string | null = null; inMemory.length < Math.min(labels, STRICT_MAX_ROWS);) {
      const page = await repo.projectPage(organizationId, projectId, {}, after, 1_000);
      if (page.length === 0) break;
      const rowLabels = await repo.labelsFor(
        organizationId,
        [projectId],
        page.map((r) => r.id),
      );
      const byRow = new Map<string, unknown[]>();
      for (const l of rowLabels)
        byRow.set(l.data_row_id, [
          ...(byRow.get(l.data_row_id) ?? []),
          { ...l, content: JSON.parse(l.content) },
        ]);
      for (const r of page) inMemory.push({ data_row: r, labels: byRow.get(r.id) ?? [] });
      after = page[page.length - 1]!.id;
    }
    const strictFile = path.join(dir, 'strict.ndjson');
    const strictStart = performance.now();
    const strictCpu = process.cpuUsage();
    const strictOut = fs.createWriteStream(strictFile);
    for (let i = 0; i < inMemory.length; i += 1_000) {
      const block =
        inMemory
          .slice(i, i + 1_000)
          .map((r) => JSON.stringify(r))
          .join('\n') + '\n';
      if (!strictOut.write(block)) await once(strictOut, 'drain');
    }
    strictOut.end();
    await once(strictOut, 'finish');
    const strictRowsPerSecond = inMemory.length / ((performance.now() - strictStart) / 1000);
    const strictCpuPerRow = cpuMsSince(strictCpu) / inMemory.length;
    inMemory.length = 0;
    await closeAppContext(ctx);

    // Ours over HTTP (what an SDK user meets): the compiled server on the same data, the SDK's calls end to end.
    const port = await freePort();
    // `--cpu-prof <dir>`: profile the server.
    const profAt = process.argv.indexOf('--cpu-prof');
    const prof = profAt >= 0 ? ['--cpu-prof', `--cpu-prof-dir=${process.argv[profAt + 1]!}`] : [];
    const server = spawn(process.execPath, [...prof, ...SERVER_NODE_FLAGS, compiledServer()], {
      env: {
        ...process.env,
        PORT: String(port),
        DATA_DIR: dir,
        RATE_LIMIT_PER_MINUTE: '1000000000',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(server);
    const client = { url: `http://127.0.0.1:${port}`, key: seeded.key, userId: seeded.userId };
    await waitFor(`${client.url}/health`, server);
    const serverIdleRss = (await peakRssOf(server.pid!, async () => undefined)).peakRss;
    let serverCpuAtComplete = 0;
    const serverCpuStart = cpuMsOf(server.pid!);
    const clientCpu = process.cpuUsage();
    const http = await peakRssOf(server.pid!, () =>
      sdkExport(client, projectId, () => (serverCpuAtComplete = cpuMsOf(server.pid!))),
    );
    const clientCpuMs = cpuMsSince(clientCpu);
    const serverCpuToComplete = serverCpuAtComplete - serverCpuStart;
    await stopAll(children);
    if (http.value.lines !== labels)
      throw new Error(`the SDK read ${http.value.lines} lines, expected ${labels}`);
    const httpRowsPerSecond = labels / (http.value.done / 1000);
    const completeToChunk = http.value.firstChunk - http.value.complete;

    const row = (
      name: string,
      r: { ms: number; cpuMs: number; peakRss: number },
      bytes: number,
      first: number,
    ) => {
      const s = r.ms / 1000;
      console.log(
        `${name.padEnd(16)} ${fmt(labels / s).padStart(9)} rows/s  ${(mb(bytes) / s).toFixed(1).padStart(6)} MB/s  ${s.toFixed(1).padStart(6)} s  ` +
          `CPU ${(r.cpuMs / 1000).toFixed(1)} s  ${mb(bytes).toFixed(0).padStart(6)} MB out  peak RSS ${mb(r.peakRss).toFixed(0)} MB  first byte ${first.toFixed(0)} ms`,
      );
    };
    console.log(`labels:          ${fmt(labels)} (one per data row)`);
    row('labelyard v2', ours, oursBytes, oursFirstByte);
    row('JSON.stringify', base, baseBytes, baseFirstByte);
    const ratio = base.ms / ours.ms;
    console.log(`ratio:           ${ratio.toFixed(2)} (ours rows/s ÷ baseline rows/s; target ≥ 0.70)`);
    console.log(
      `peak RSS:        ${mb(ours.peakRss).toFixed(0)} MB during the export (target < 256 MB; ${mb(startRss).toFixed(0)} MB before it); process maxRSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (seeding ran in a child process)`,
    );
    console.log(`first byte:      ${oursFirstByte.toFixed(0)} ms (target ≤ 1000 ms)`);
    console.log(
      `over HTTP:       ${fmt(httpRowsPerSecond)} rows/s (create → COMPLETE ${(http.value.complete / 1000).toFixed(1)} s, ` +
        `COMPLETE → first chunk ${completeToChunk.toFixed(0)} ms, all ${http.value.chunks} chunks ${(http.value.done / 1000).toFixed(1)} s), ` +
        `server peak RSS ${mb(http.peakRss).toFixed(0)} MB (${mb(serverIdleRss).toFixed(0)} MB idle)`,
    );
    const perRow = (cpuMs: number) => `${((cpuMs * 1000) / labels).toFixed(1)} µs`;
    const cpuLine =
      `CPU per row:     in process ${perRow(ours.cpuMs)}, our queries + JSON.stringify ${perRow(base.cpuMs)}, ` +
      `in-memory JSON.stringify ${(strictCpuPerRow * 1000).toFixed(1)} µs; over HTTP the server ${perRow(http.cpuMs)} ` +
      `(${perRow(serverCpuToComplete)} until COMPLETE, ${perRow(http.cpuMs - serverCpuToComplete)} serving chunks), the SDK client ${perRow(clientCpuMs)}; load ${os.loadavg()[0]!.toFixed(1)}`;
    console.log(cpuLine);
    const oursRowsPerSecond = labels / (ours.ms / 1000);
    report({
      title: 'Export v2 (SQLite)',
      method: `${fmt(labels)} labels (one per data row, every include option on) through the export job's code path (ExportRunner.runV2, NDJSON to the blob store), peak RSS sampled every 20 ms.`,
      ratios: [
        {
          name: 'export v2 over HTTP (SDK protocol) vs in-memory JSON.stringify (strict)',
          ours: httpRowsPerSecond,
          baseline: strictRowsPerSecond,
          unit: 'rows/s',
          baselineName: `JSON.stringify of ${fmt(Math.min(labels, STRICT_MAX_ROWS))} rows in memory, 1,000-line blocks`,
          target: 0.7,
        },
        {
          name: 'export v2 in process vs in-memory JSON.stringify (strict)',
          ours: oursRowsPerSecond,
          baseline: strictRowsPerSecond,
          unit: 'rows/s',
          baselineName: `JSON.stringify of ${fmt(Math.min(labels, STRICT_MAX_ROWS))} rows in memory, 1,000-line blocks`,
          target: 0.7,
        },
        {
          name: 'export v2 vs same queries + JSON.stringify',
          ours: oursRowsPerSecond,
          baseline: labels / (base.ms / 1000),
          unit: 'rows/s',
          baselineName: 'our page queries + JSON.stringify',
          target: 0.7,
        },
      ],
      checks: [
        {
          name: 'server peak RSS during the export over HTTP',
          value: mb(http.peakRss),
          unit: 'MB',
          max: 256,
        },
        {
          name: 'task COMPLETE → first chunk served over HTTP',
          value: completeToChunk,
          unit: 'ms',
          max: 1000,
        },
        { name: 'peak RSS during the export in process', value: mb(ours.peakRss), unit: 'MB', max: 256 },
        { name: 'first byte written after start (in process)', value: oursFirstByte, unit: 'ms', max: 1000 },
      ],
      notes: [
        cpuLine,
        `Over HTTP: the compiled server (dist/server/main.js) on the same SQLite file; exportDataRowsInProject, user.createdTasks polled every 100 ms until COMPLETE, then exportMetadataHeader and exportFileFromOffset from offset 0 with each chunk downloaded from its URL, timed from the mutation to the last chunk's bytes (${http.value.chunks} chunks, ${mb(http.value.bytes).toFixed(0)} MB). Server RSS sampled every 20 ms from /proc; ${mb(serverIdleRss).toFixed(0)} MB idle before the export.`,
      ],
    });
  } finally {
    await stopAll(children);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
