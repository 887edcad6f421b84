/**
 * `npm run bench:queue [-- --rows N] [-- --labelers N] [-- --database-url postgres://…] [-- --quick]`: N labelers
 * (separate users and API keys) reserve and submit over HTTP on loopback until a project of 10,000 rows is labeled
 * (issue 7); on SQLite, and on PostgreSQL when a URL is given (`--database-url` or BENCH_DATABASE_URL).
 *
 * Ours: the compiled server (`dist/server/main.js`) in its own process; each labeler loops `reserveNextDataRow`
 * → `submitQueuedLabel` (one box, checked against the ontology) until it gets null. Reported: duplicates (a row
 * handed to two labelers, or labeled twice: must be 0), lost rows (rows not in review at the end: must be 0), p50 and
 * p99 latency of reserve and submit as the client sees them, and rows per second.
 * Baseline, in this process after the server stopped, on a second project of the same size: the same reservation
 * statements (QueueRepository.reserve, the conditional finish, the label insert and the row transition in one
 * transaction) issued directly on the database by the same number of concurrent workers: no HTTP, GraphQL, access
 * checks or annotation validation.
 * QUEUE_BENCH_SERVER_FLAGS adds Node flags to the server (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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
import { compiledServer, freePort, waitFor } from '../lib/server.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RESERVE = `mutation Reserve($data: ReserveNextDataRowInput!) { reserveNextDataRow(data: $data) { id dataRow { id } } }`;
const SUBMIT = `mutation Submit($data: SubmitQueuedLabelInput!) { submitQueuedLabel(data: $data) { id } }`;

type Seeded = { projects: [string, string]; labelers: Array<{ key: string; actor: Actor }> };
type Run = {
  seconds: number;
  reserveMs: number[];
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

/** Two identical projects of `rows` image rows in one batch each, an ontology with a box, and the labelers' keys. */
async function seed(database: DatabaseHandle, dir: string, rows: number, labelers: number): Promise<Seeded> {
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
  for (const name of ['queue over HTTP', 'queue baseline']) {
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
  return { projects: [projects[0]!, projects[1]!], labelers: out };
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

/** The labelers over HTTP: reserve → submit until each gets null. */
async function runHttp(base: string, projectId: string, keys: string[]): Promise<Run> {
  const run: Run = { seconds: 0, reserveMs: [], submitMs: [], handedTwice: 0, errors: [] };
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
  const started = performance.now();
  let done = 0;
  await Promise.all(
    keys.map(async (key, n) => {
      for (;;) {
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
        if (!reserved) return;
        if (handed.has(reserved.dataRow.id)) run.handedTwice++;
        handed.add(reserved.dataRow.id);
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
  const run: Run = { seconds: 0, reserveMs: [], submitMs: [], handedTwice: 0, errors: [] };
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

async function benchDialect(url: string | undefined, rows: number, labelers: number) {
  const dialect: Dialect = url ? 'postgres' : 'sqlite';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labelyard-bench-queue-'));
  const database = await freshDatabase(dir, url);
  let server: ChildProcess | undefined;
  try {
    console.log(`[${dialect}] seeding ${rows} rows × 2 projects, ${labelers} labelers`);
    const seeded = await seed(database.open(), dir, rows, labelers);
    const port = Number(process.env.QUEUE_BENCH_PORT ?? (await freePort()));
    server = spawn(
      process.execPath,
      [
        ...(process.env.QUEUE_BENCH_SERVER_FLAGS ?? '').split(' ').filter(Boolean),
        '--max-semi-space-size=4',
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
    const ours = await runHttp(
      base,
      seeded.projects[0],
      seeded.labelers.map((l) => l.key),
    );
    server.kill('SIGTERM');
    await new Promise((resolve) => server!.once('exit', resolve));
    server = undefined;
    const handle = database.open();
    const baseline = await runBaseline(
      handle.db,
      dialect,
      seeded.projects[1],
      seeded.labelers.map((l) => l.actor),
    );
    const oursAudit = await audit(handle.db, seeded.projects[0]);
    const baseAudit = await audit(handle.db, seeded.projects[1]);
    await handle.close();
    if (ours.errors.length > 0) console.log(`[${dialect}] errors: ${ours.errors.slice(0, 3).join(' | ')}`);
    return { dialect, ours, baseline, oursAudit, baseAudit };
  } finally {
    if (server) server.kill('SIGKILL');
    await database.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const rows = sizeArg('--rows', 10_000, 1_000);
  const labelers = sizeArg('--labelers', 100, 20);
  const pgUrl = argValue('--database-url') ?? process.env.BENCH_DATABASE_URL;
  compiledServer();
  const results = [await benchDialect(undefined, rows, labelers)];
  if (pgUrl) results.push(await benchDialect(pgUrl, rows, labelers));

  const ratios: Ratio[] = [];
  const checks: Check[] = [];
  const notes: string[] = [];
  for (const r of results) {
    const rate = (run: Run) => run.submitMs.length / run.seconds;
    ratios.push({
      name: `${r.dialect}: rows labeled per second, ${labelers} labelers`,
      ours: rate(r.ours),
      baseline: rate(r.baseline),
      unit: 'rows/s',
      baselineName: 'the same statements on the database',
    });
    checks.push(
      {
        name: `${r.dialect}: duplicates (rows handed out or labeled twice)`,
        value: r.ours.handedTwice + r.oursAudit.duplicates,
        unit: 'rows',
        max: 1,
      },
      {
        name: `${r.dialect}: lost rows (not in review at the end)`,
        value: r.oursAudit.lost,
        unit: 'rows',
        max: 1,
      },
      { name: `${r.dialect}: request errors`, value: r.ours.errors.length, unit: 'requests', max: 1 },
      {
        name: `${r.dialect}: reserve p99`,
        value: percentile(r.ours.reserveMs, 99),
        unit: 'ms',
        ...(r.dialect === 'sqlite' ? { max: 50 } : {}),
      },
      { name: `${r.dialect}: submit p99`, value: percentile(r.ours.submitMs, 99), unit: 'ms' },
    );
    notes.push(
      `${r.dialect}: ${r.oursAudit.labels} labels in ${fmt(r.ours.seconds)} s; reserve p50 ${fmt(percentile(r.ours.reserveMs, 50))} ms / p99 ${fmt(percentile(r.ours.reserveMs, 99))} ms, submit p50 ${fmt(percentile(r.ours.submitMs, 50))} ms / p99 ${fmt(percentile(r.ours.submitMs, 99))} ms; baseline reserve p50 ${fmt(percentile(r.baseline.reserveMs, 50))} ms / p99 ${fmt(percentile(r.baseline.reserveMs, 99))} ms, ${r.baseAudit.duplicates} duplicates, ${r.baseAudit.lost} lost`,
    );
  }
  report({
    title: `Labeling queue: ${labelers} labelers × ${rows.toLocaleString('en-US')} rows${quick ? ' (quick)' : ''}`,
    method:
      'Ours: the compiled server in its own process; each labeler (own user and API key) loops reserveNextDataRow → submitQueuedLabel over HTTP on loopback until it gets null. Baseline: the same reservation statements (reserve; finish + label insert + row transition in one transaction) issued directly on the database by as many concurrent workers, on a second project of the same size.',
    ratios,
    checks,
    notes,
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
