/**
 * `npm run bench:queue [-- --rows N] [-- --labelers N] [-- --paced-rows N] [-- --think-ms MIN,MAX] [-- --seed N]
 * [-- --database-url postgres://…] [-- --quick]`: N labelers (separate users and API keys) reserve and submit over
 * HTTP on loopback until a project is labeled (issue 7); on SQLite, and on PostgreSQL when a URL is given
 * (`--database-url` or BENCH_DATABASE_URL). Two phases against the compiled server (`dist/server/main.js`), in its
 * own process, each on its own project; every labeler loops `reserveNextDataRow` → `submitQueuedLabel` (one box,
 * checked against the ontology) until it gets null:
 *
 * - **Saturation** (`--rows`, default 10,000): zero think time, every labeler sends its next request the moment the
 *   last one answers (100 closed-loop clients). Measures throughput against the raw baseline, duplicates and lost
 *   rows. Its latencies are mostly queueing (Little's law: mean ≈ labelers / (2 × rows/s)) and are reported as such.
 * - **Paced** (`--paced-rows`, default 3,000; 60 with --quick): labelers are people. Each one starts at a random
 *   moment within the first think time, and between getting a row and submitting it "labels" for a think time drawn
 *   uniformly from `--think-ms` (default 500–3,000 ms: far faster than people really draw a box, so the offered load
 *   stays heavy, ≈ labelers / (mean think) rows/s). Reserve and submit p50/p99 here are what a labeler waits for;
 *   the p99 < 50 ms goal (SQLite) is judged on this phase.
 *
 * Reported per phase: duplicates (a row handed to two labelers, or labeled twice: must be 0), lost rows (rows not in
 * review at the end: must be 0), request errors, p50 and p99 latency of reserve and submit as the client sees them,
 * rows per second.
 * Baseline, in this process after the server stopped, on a third project of `--rows` rows: the same reservation
 * statements (QueueRepository.reserve, the conditional finish, the label insert and the row transition in one
 * transaction) issued directly on the database by the same number of concurrent workers with zero think time: no
 * HTTP, GraphQL, access checks or annotation validation.
 * QUEUE_BENCH_SERVER_FLAGS adds Node flags to the server (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import type { Actor } from '../../apps/server/src/auth/actor.ts';
import { closeAppContext, createAppContext } from '../../apps/server/src/bootstrap.ts';
import { loadConfig } from '../../apps/server/src/config.ts';
import { connectPostgres, connectSqlite, type DatabaseHandle } from '../../apps/server/src/db/connect.ts';
import type { Db, Dialect } from '../../apps/server/src/db/database.ts';
import { migrateToLatest } from '../../apps/server/src/db/migrate.ts';
import { newId } from '../../apps/server/src/ids.ts';
import { QueueRepository } from '../../apps/server/src/repositories/queue.repository.ts';
import { WorkflowRepository } from '../../apps/server/src/repositories/workflow.repository.ts';
import { createBenchOntology } from '../lib/seed.ts';
import { fmt, quick, report, sizeArg, type Check, type Ratio } from '../lib/report.ts';
import { compiledServer, freePort, SERVER_NODE_FLAGS, waitFor } from '../lib/server.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RESERVE = `mutation Reserve($data: ReserveNextDataRowInput!) { reserveNextDataRow(data: $data) { id dataRow { id } } }`;
const SUBMIT = `mutation Submit($data: SubmitQueuedLabelInput!) { submitQueuedLabel(data: $data) { id } }`;

type Seeded = {
  /** Saturation (over HTTP), paced (over HTTP), baseline (on the database). */
  projects: { saturation: string; paced: string; baseline: string };
  labelers: Array<{ key: string; actor: Actor }>;
};
/** Think time between getting a row and submitting it, uniform in [min, max] ms; none for the saturation phase. */
type Pacing = { minMs: number; maxMs: number; random: () => number };
type Run = {
  seconds: number;
  reserveMs: number[];
  /** Reserve latencies without each labeler's first call (all of them at once on a cold server in saturation). */
  laterReserveMs: number[];
  submitMs: number[];
  handedTwice: number;
  errors: string[];
};

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const percentile = (values: number[], p: number) => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

/** A fresh database: a SQLite file in `dir`, or a new PostgreSQL database next to `url` (dropped at the end). */
async function freshDatabase(dir: string, url: string | undefined) {
  if (!url) {
    const file = path.join(dir, 'labelyard.db');
    return { open: () => connectSqlite(file), url: undefined, drop: async () => undefined };
  }
  const name = `labelyard_bench_queue_${newId()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    open: () => connectPostgres(target.toString()),
    url: target.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A deterministic generator in [0, 1) (mulberry32), so runs with the same --seed draw the same think times. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Three projects of image rows in one batch each (saturation, paced, baseline), an ontology with a box, the keys. */
async function seed(
  database: DatabaseHandle,
  dir: string,
  sizes: { rows: number; pacedRows: number },
  labelers: number,
): Promise<Seeded> {
  await migrateToLatest(database.db);
  const ctx = await createAppContext({
    config: { ...loadConfig({ LOG_LEVEL: 'silent' }), dataDir: dir, workerConcurrency: 0 },
    database,
    logger: pino({ level: 'silent' }),
  });
  const { user, organization } = await ctx.services.identity.ensureUser({
    email: 'admin@bench.test',
    org: 'bench',
  });
  const admin: Actor = { organizationId: organization.id, userId: user.id, role: 'ADMIN', email: user.email };
  const ontology = await createBenchOntology(ctx, admin);
  const projects: string[] = [];
  for (const [name, rows] of [
    ['queue saturation', sizes.rows],
    ['queue paced', sizes.pacedRows],
    ['queue baseline', sizes.rows],
  ] as const) {
    const project = await ctx.services.projects.create(admin, { name, allowedMediaType: 'IMAGE' });
    await ctx.services.ontologies.connectOntology(admin, project.id, ontology.ontologyId);
    const ids = await insertRows(database.db, admin, rows);
    for (let i = 0; i < ids.length; i += 100_000)
      await ctx.services.batches.create(admin, project.id, {
        name: `b${i}`,
        dataRowIds: ids.slice(i, i + 100_000),
        priority: 5,
      });
    projects.push(project.id);
  }
  const out: Seeded['labelers'] = [];
  for (let i = 0; i < labelers; i++) {
    const created = await ctx.services.identity.ensureUser({
      email: `labeler${i}@bench.test`,
      org: 'bench',
      role: 'LABELER',
    });
    const { key } = await ctx.services.identity.createApiKey(created.user.id, organization.id, 'bench');
    out.push({
      key,
      actor: {
        organizationId: organization.id,
        userId: created.user.id,
        role: 'LABELER',
        email: created.user.email,
      },
    });
  }
  await closeAppContext(ctx);
  return {
    projects: { saturation: projects[0]!, paced: projects[1]!, baseline: projects[2]! },
    labelers: out,
  };
}

/**
 * After seeding, as after any bulk load: SQLite folds its write-ahead log into the database (else the server's first
 * write would checkpoint the seed's megabytes while a hundred requests wait), PostgreSQL refreshes its planner
 * statistics (autovacuum may not have looked at the new rows yet).
 */
async function settle(handle: DatabaseHandle): Promise<void> {
  await sql
    .raw(handle.dialect === 'sqlite' ? 'PRAGMA wal_checkpoint(TRUNCATE)' : 'ANALYZE')
    .execute(handle.db);
  await handle.close();
}

async function insertRows(db: Db, actor: Actor, count: number): Promise<string[]> {
  const now = new Date().toISOString();
  const datasetId = newId();
  await db
    .insertInto('datasets')
    .values({
      id: datasetId,
      organization_id: actor.organizationId,
      name: `bench ${datasetId}`,
      description: '',
      row_count: count,
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
      deleted: 0,
    })
    .execute();
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1_000) {
    const part = Array.from({ length: Math.min(1_000, count - i) }, (_, j) => ({
      id: newId(),
      organization_id: actor.organizationId,
      dataset_id: datasetId,
      row_data: `https://storage.example.com/bench/${i + j}.jpg`,
      external_id: null,
      global_key: null,
      media_type: 'IMAGE',
      media_attributes: JSON.stringify({ width: 640, height: 480, mimeType: 'image/jpeg' }),
      metadata: null,
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    }));
    await db.insertInto('data_rows').values(part).execute();
    ids.push(...part.map((r) => r.id));
  }
  return ids;
}

/** The labelers over HTTP: reserve → (think) → submit until each gets null. */
async function runHttp(base: string, projectId: string, keys: string[], pacing?: Pacing): Promise<Run> {
  const run: Run = {
    seconds: 0,
    reserveMs: [],
    laterReserveMs: [],
    submitMs: [],
    handedTwice: 0,
    errors: [],
  };
  const handed = new Set<string>();
  const call = async (key: string, query: string, variables: unknown) => {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data: any; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 300));
    return body.data;
  };
  const think = () => (pacing ? pacing.minMs + pacing.random() * (pacing.maxMs - pacing.minMs) : 0);
  // Paced labelers arrive spread over one think time, as people do, not in one burst.
  const arrivals = keys.map(() => (pacing ? pacing.random() * pacing.maxMs : 0));
  const started = performance.now();
  let done = 0;
  await Promise.all(
    keys.map(async (key, n) => {
      if (arrivals[n]! > 0) await sleep(arrivals[n]!);
      for (let first = true; ; first = false) {
        let t = performance.now();
        let reserved: { id: string; dataRow: { id: string } } | null;
        try {
          reserved = (await call(key, RESERVE, { data: { projectId, queueType: 'LabelingQueue' } }))
            .reserveNextDataRow;
        } catch (error) {
          run.errors.push(String(error));
          return;
        }
        run.reserveMs.push(performance.now() - t);
        if (!first) run.laterReserveMs.push(performance.now() - t);
        if (!reserved) return;
        if (handed.has(reserved.dataRow.id)) run.handedTwice++;
        handed.add(reserved.dataRow.id);
        const thinkMs = think();
        if (thinkMs > 0) await sleep(thinkMs);
        t = performance.now();
        try {
          await call(key, SUBMIT, {
            data: {
              reservationId: reserved.id,
              annotations: [{ name: 'box', bbox: { top: 10, left: n % 600, height: 20, width: 30 } }],
              secondsToLabel: 1,
            },
          });
        } catch (error) {
          run.errors.push(String(error));
          return;
        }
        run.submitMs.push(performance.now() - t);
        if (++done % 500 === 0) process.stdout.write(`  ${done} rows\r`);
      }
    }),
  );
  run.seconds = (performance.now() - started) / 1000;
  return run;
}

/** The same statements straight on the database: reserve, then finish + label + transition in one transaction. */
async function runBaseline(db: Db, dialect: Dialect, projectId: string, actors: Actor[]): Promise<Run> {
  const run: Run = {
    seconds: 0,
    reserveMs: [],
    laterReserveMs: [],
    submitMs: [],
    handedTwice: 0,
    errors: [],
  };
  const queue = new QueueRepository(db, dialect);
  const workflow = new WorkflowRepository(db);
  const handed = new Set<string>();
  const started = performance.now();
  await Promise.all(
    actors.map(async (actor) => {
      for (;;) {
        let t = performance.now();
        const now = new Date().toISOString();
        const reserved = await queue.reserve({
          id: newId(),
          organizationId: actor.organizationId,
          projectId,
          userId: actor.userId,
          queueType: 'LabelingQueue',
          now,
          expiresAt: new Date(Date.now() + 300_000).toISOString(),
        });
        run.reserveMs.push(performance.now() - t);
        if (!reserved) return;
        if (handed.has(reserved.data_row_id)) run.handedTwice++;
        handed.add(reserved.data_row_id);
        t = performance.now();
        const labelId = newId();
        await db.transaction().execute(async (trx) => {
          if (!(await queue.with(trx).finish(reserved.id, actor.userId, 'SUBMITTED', now, labelId)))
            throw new Error('reservation lost');
          await trx
            .insertInto('labels')
            .values({
              id: labelId,
              organization_id: actor.organizationId,
              project_id: projectId,
              data_row_id: reserved.data_row_id,
              created_by: actor.userId,
              type: 'SUBMITTED',
              content: '{"objects":[],"classifications":[],"relationships":[]}',
              seconds_to_label: 1,
              seconds_to_review: null,
              agreement: null,
              benchmark_agreement: null,
              is_benchmark_reference: 0,
              review_state: 'UNREVIEWED',
              import_id: null,
              created_at: now,
              updated_at: now,
            })
            .execute();
          await workflow.with(trx).transition(projectId, reserved.data_row_id, 'TO_LABEL', {
            status: 'IN_REVIEW',
            labelId,
            userId: actor.userId,
            now,
          });
        });
        run.submitMs.push(performance.now() - t);
      }
    }),
  );
  run.seconds = (performance.now() - started) / 1000;
  return run;
}

/** Rows labeled more than once and rows not in review, from the database. */
async function audit(
  db: Db,
  projectId: string,
): Promise<{ duplicates: number; lost: number; labels: number }> {
  const labels = await db
    .selectFrom('labels')
    .select(['data_row_id'])
    .where('project_id', '=', projectId)
    .execute();
  const distinct = new Set(labels.map((l) => l.data_row_id)).size;
  const lost = await db
    .selectFrom('project_data_rows')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('project_id', '=', projectId)
    .where('workflow_status', '<>', 'IN_REVIEW')
    .executeTakeFirstOrThrow();
  return { duplicates: labels.length - distinct, lost: Number(lost.n), labels: labels.length };
}

type Sizes = { rows: number; pacedRows: number; labelers: number; pacing: Pacing };

async function benchDialect(url: string | undefined, sizes: Sizes) {
  const dialect: Dialect = url ? 'postgres' : 'sqlite';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labelyard-bench-queue-'));
  const database = await freshDatabase(dir, url);
  let server: ChildProcess | undefined;
  try {
    console.log(
      `[${dialect}] seeding ${sizes.rows} + ${sizes.pacedRows} + ${sizes.rows} rows, ${sizes.labelers} labelers`,
    );
    const seeded = await seed(database.open(), dir, sizes, sizes.labelers);
    await settle(database.open());
    const port = Number(process.env.QUEUE_BENCH_PORT ?? (await freePort()));
    server = spawn(
      process.execPath,
      [
        ...(process.env.QUEUE_BENCH_SERVER_FLAGS ?? '').split(' ').filter(Boolean),
        ...SERVER_NODE_FLAGS,
        path.join(root, 'dist/server/main.js'),
      ],
      {
        cwd: root,
        env: {
          ...process.env,
          PORT: String(port),
          DATA_DIR: dir,
          ...(database.url ? { DATABASE_URL: database.url } : {}),
          RATE_LIMIT_PER_MINUTE: '1000000000',
          WORKER_CONCURRENCY: '0',
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    const base = `http://127.0.0.1:${port}`;
    await waitFor(`${base}/health`, server);
    const keys = seeded.labelers.map((l) => l.key);
    console.log(`[${dialect}] saturation: ${sizes.rows} rows, zero think time`);
    const saturation = await runHttp(base, seeded.projects.saturation, keys);
    console.log(
      `[${dialect}] paced: ${sizes.pacedRows} rows, think ${sizes.pacing.minMs}–${sizes.pacing.maxMs} ms`,
    );
    const paced = await runHttp(base, seeded.projects.paced, keys, sizes.pacing);
    server.kill('SIGTERM');
    await new Promise((resolve) => server!.once('exit', resolve));
    server = undefined;
    const handle = database.open();
    const baseline = await runBaseline(
      handle.db,
      dialect,
      seeded.projects.baseline,
      seeded.labelers.map((l) => l.actor),
    );
    const audits = {
      saturation: await audit(handle.db, seeded.projects.saturation),
      paced: await audit(handle.db, seeded.projects.paced),
      baseline: await audit(handle.db, seeded.projects.baseline),
    };
    await handle.close();
    for (const [name, run] of [
      ['saturation', saturation],
      ['paced', paced],
    ] as const)
      if (run.errors.length > 0)
        console.log(`[${dialect}] ${name} errors: ${run.errors.slice(0, 3).join(' | ')}`);
    return { dialect, saturation, paced, baseline, audits };
  } finally {
    if (server) server.kill('SIGKILL');
    await database.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function thinkArg(quickDefault: string): { minMs: number; maxMs: number } {
  const raw = argValue('--think-ms') ?? quickDefault;
  const [min, max] = raw.split(',').map(Number);
  if (!Number.isFinite(min) || !Number.isFinite(max) || min! < 0 || max! < min!)
    throw new Error(`--think-ms must be MIN,MAX in milliseconds with 0 ≤ MIN ≤ MAX (got ${raw})`);
  return { minMs: min!, maxMs: max! };
}

async function main(): Promise<void> {
  const labelers = sizeArg('--labelers', 100, 20);
  const think = thinkArg('500,3000');
  const sizes: Sizes = {
    rows: sizeArg('--rows', 10_000, 400),
    pacedRows: sizeArg('--paced-rows', 3_000, 60),
    labelers,
    pacing: { ...think, random: seededRandom(sizeArg('--seed', 7, 7)) },
  };
  const pgUrl = argValue('--database-url') ?? process.env.BENCH_DATABASE_URL;
  compiledServer();
  const loadBefore = os.loadavg()[0]!;
  const results = [await benchDialect(undefined, sizes)];
  if (pgUrl) results.push(await benchDialect(pgUrl, sizes));
  const loadAfter = os.loadavg()[0]!;

  const ratios: Ratio[] = [];
  const checks: Check[] = [];
  const notes: string[] = [];
  const p = (values: number[]) =>
    `p50 ${fmt(percentile(values, 50))} ms / p99 ${fmt(percentile(values, 99))} ms`;
  const rate = (run: Run) => run.submitMs.length / run.seconds;
  const meanThinkS = (think.minMs + think.maxMs) / 2000;
  for (const r of results) {
    const d = r.dialect;
    ratios.push({
      name: `${d}: saturation, rows labeled per second, ${labelers} labelers`,
      ours: rate(r.saturation),
      baseline: rate(r.baseline),
      unit: 'rows/s',
      baselineName: 'the same statements on the database',
    });
    for (const [phase, run, audited] of [
      ['saturation', r.saturation, r.audits.saturation],
      ['paced', r.paced, r.audits.paced],
    ] as const) {
      checks.push(
        {
          name: `${d} ${phase}: duplicates (rows handed out or labeled twice)`,
          value: run.handedTwice + audited.duplicates,
          unit: 'rows',
          max: 1,
        },
        {
          name: `${d} ${phase}: lost rows (not in review at the end)`,
          value: audited.lost,
          unit: 'rows',
          max: 1,
        },
        { name: `${d} ${phase}: request errors`, value: run.errors.length, unit: 'requests', max: 1 },
      );
    }
    // The latency goal is for labelers (the paced phase); saturation latencies are queueing, shown as such.
    for (const [what, values] of [
      ['reserve', r.paced.reserveMs],
      ['submit', r.paced.submitMs],
    ] as const)
      checks.push({
        name: `${d} paced: ${what} p99 (goal < 50 ms on SQLite)`,
        value: percentile(values, 99),
        unit: 'ms',
        ...(d === 'sqlite' ? { max: 50 } : {}),
      });
    checks.push(
      {
        name: `${d} saturation: reserve p99 (queueing)`,
        value: percentile(r.saturation.reserveMs, 99),
        unit: 'ms',
      },
      {
        name: `${d} saturation: submit p99 (queueing)`,
        value: percentile(r.saturation.submitMs, 99),
        unit: 'ms',
      },
    );
    const littles = labelers / (2 * rate(r.saturation));
    notes.push(
      `${d} saturation (zero think time): ${r.audits.saturation.labels} labels in ${fmt(r.saturation.seconds)} s = ${fmt(rate(r.saturation))} rows/s; reserve ${p(r.saturation.reserveMs)} (without each labeler's first call, ${labelers} at once on a cold server: ${p(r.saturation.laterReserveMs)}), submit ${p(r.saturation.submitMs)} (Little's law predicts a mean of ${fmt(littles * 1000)} ms from queueing alone)`,
      `${d} paced (think ${fmt(think.minMs)}–${fmt(think.maxMs)} ms uniform, offered ≈ ${fmt(labelers / meanThinkS)} rows/s): ${r.audits.paced.labels} labels in ${fmt(r.paced.seconds)} s = ${fmt(rate(r.paced))} rows/s; reserve ${p(r.paced.reserveMs)}, submit ${p(r.paced.submitMs)}`,
      `${d} baseline: ${fmt(rate(r.baseline))} rows/s; reserve ${p(r.baseline.reserveMs)}, finish ${p(r.baseline.submitMs)}, ${r.audits.baseline.duplicates} duplicates, ${r.audits.baseline.lost} lost`,
    );
  }
  notes.push(
    `machine: ${os.cpus().length} CPUs, load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after`,
  );
  report({
    title: `Labeling queue: ${labelers} labelers × ${sizes.rows.toLocaleString('en-US')} rows (saturation) + ${sizes.pacedRows.toLocaleString('en-US')} rows (paced)${quick ? ' (quick)' : ''}`,
    method: `Ours: the compiled server in its own process; each labeler (own user and API key) loops reserveNextDataRow → submitQueuedLabel over HTTP on loopback until it gets null: first with zero think time (saturation: throughput, duplicates, lost rows), then on a second project as people, thinking ${fmt(think.minMs)}–${fmt(think.maxMs)} ms (uniform) between getting a row and submitting it (paced: the latency a labeler sees; the p99 < 50 ms goal is judged here). Baseline: the same reservation statements (reserve; finish + label insert + row transition in one transaction) issued directly on the database by as many concurrent workers, on a third project of the saturation size.`,
    ratios,
    checks,
    notes,
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
