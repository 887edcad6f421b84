/**
 * `npm run bench -- --only api` (or `node --import tsx bench/api/api.bench.ts [--quick] [--seconds N]
 * [--case <name part>] [--cpu-prof <dir>] [--seed-into <dir>]`): the API's
 * per-request cost as a user meets it — the compiled server (`npm start`'s dist/server/main.js, default logging, a
 * high RATE_LIMIT_PER_MINUTE) under `wrk -t1 -c10` over loopback — against a Fastify hello-world on the same machine
 * in the same run. Hello and ours alternate for several rounds so machine load hits both alike; each figure is the
 * sum of requests over the sum of time.
 *
 * Figures: `{ user { id } }` (target ≥ 0.25× hello: auth + a document + one row), and list pages of 100 —
 * labels with their creator and data row, datasets, a dataset's data rows, projects, a project's batches (target
 * ≥ 0.05× hello). Each figure twice: repeated as a client repeats it (the response cache may answer while the data
 * version is unchanged) and computed afresh (`Cache-Control: no-cache`, the full per-request work). Also the CPU
 * time per request of each server process, a ratio that holds up on a busy machine. The labels page is also served
 * by a hand-written route (RAW_LABELS), the same 157 KB answer done the plain way, measured in the same rounds.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { closeAppContext } from '../../apps/server/src/bootstrap.ts';
import { benchContext } from '../lib/context.ts';
import { loadConfig } from '../../apps/server/src/config.ts';
import { connectSqlite } from '../../apps/server/src/db/connect.ts';
import { RESPONSE_CACHE_HEADER } from '../../apps/server/src/http/graphql.route.ts';
import { hasWrk, load, warmUp, type LoadRequest, type LoadResult } from '../lib/load.ts';
import { quick, report, sizeArg, type Ratio } from '../lib/report.ts';
import { createBenchOntology } from '../lib/seed.ts';
import { insertBatch, insertLabeledRows } from '../lib/seed-rows.ts';
import { compiledServer, freePort, SERVER_NODE_FLAGS, waitFor } from '../lib/server.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PAGE = 100;

type Seeded = { key: string; projectId: string; datasetId: string };

async function seed(dir: string): Promise<Seeded> {
  const dbFile = path.join(dir, 'labelyard.db');
  const config = { ...loadConfig({ LOG_LEVEL: 'silent' }), dataDir: dir, workerConcurrency: 0 };
  const { ctx, user, organization, actor } = await benchContext(config, connectSqlite(dbFile));
  const { key } = await ctx.services.identity.createApiKey(user.id, organization.id, 'bench');
  const f = await createBenchOntology(ctx, actor);
  const project = await ctx.services.projects.create(actor, { name: 'bench api', allowedMediaType: 'IMAGE' });
  await ctx.services.ontologies.connectOntology(actor, project.id, f.ontologyId);
  const dataset = await ctx.services.datasets.create(actor, { name: 'bench api' });
  for (let i = 1; i < PAGE; i++) {
    await ctx.services.datasets.create(actor, { name: `dataset ${i}` });
    await ctx.services.projects.create(actor, { name: `project ${i}`, allowedMediaType: 'IMAGE' });
  }
  await closeAppContext(ctx);

  // Rows, batches and labels in bulk: 1,000 data rows in the dataset, 100 batches of 10, one label per row.
  const raw = new SQLite(dbFile);
  const target = {
    organizationId: organization.id,
    userId: user.id,
    projectId: project.id,
    datasetId: dataset.id,
    features: f,
  };
  const batches = Array.from({ length: PAGE }, (_, b) => insertBatch(raw, target, `batch ${b}`, 10));
  insertLabeledRows(raw, target, { from: 0, to: PAGE * 10 }, (i) => batches[Math.floor(i / 10)]!);
  raw.prepare('update datasets set row_count = ? where id = ?').run(PAGE * 10, dataset.id);
  raw.close();
  return { key, projectId: project.id, datasetId: dataset.id };
}

const HELLO = `
import Fastify from 'fastify';
const app = Fastify();
app.get('/', async () => ({ hello: 'world' }));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
`;

/**
 * The labels page done by hand: the same 100 labels with their creator and data row, answered by a hand-written
 * route (one SQL join on a read-only connection, JSON.stringify of the whole answer; no authentication, no GraphQL,
 * no render: the stored label text, about the size of the rendered one). It keeps nothing between requests; ours
 * keeps the escaped JSON of rendered labels, so ours can cost less than this route (and did on some machines). The
 * labels page's ratio is read beside this one's: what reading and writing the same 157 KB costs on this machine.
 */
const RAW_LABELS = `
import Fastify from 'fastify';
import SQLite from 'better-sqlite3';
const db = new SQLite(process.env.DB_FILE, { readonly: true });
const page = db.prepare(\`select l.id, l.content, l.created_at, u.id as user_id, u.email, d.id as row_id, d.external_id
  from labels l join users u on u.id = l.created_by join data_rows d on d.id = l.data_row_id
  where l.project_id = ? order by l.id desc limit 100\`);
const app = Fastify();
app.post('/', async (request, reply) => {
  const labels = page.all(request.body.variables.id).map((r) => ({
    id: r.id, label: r.content, createdAt: r.created_at,
    createdBy: { id: r.user_id, email: r.email }, dataRow: { id: r.row_id, externalId: r.external_id },
  }));
  return reply.type('application/json; charset=utf-8').send(JSON.stringify({ data: { project: { labels } } }));
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
`;

async function main(): Promise<void> {
  // `--seed-into <dir>`: only seed (for profiling by hand: DATA_DIR=<dir> npm start), print the key and ids.
  const seedInto = process.argv.indexOf('--seed-into');
  if (seedInto >= 0) return console.log(JSON.stringify(await seed(process.argv[seedInto + 1]!)));
  const seconds = sizeArg('--seconds', 5, 1);
  const rounds = quick ? 1 : 3;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labelyard-bench-api-'));
  const children: ChildProcess[] = [];
  try {
    const seeded = await seed(dir);
    compiledServer();

    const helloPort = await freePort();
    const hello = spawn(process.execPath, ['--input-type=module', '-e', HELLO], {
      cwd: root,
      env: { ...process.env, PORT: String(helloPort) },
      stdio: 'ignore',
    });
    children.push(hello);
    const rawPort = await freePort();
    const raw = spawn(process.execPath, ['--input-type=module', '-e', RAW_LABELS], {
      cwd: root,
      env: { ...process.env, PORT: String(rawPort), DB_FILE: path.join(dir, 'labelyard.db') },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(raw);
    const port = await freePort();
    // As `npm start` runs it (its Node flags, default log level); its log goes where a terminal's would not slow it.
    // `--cpu-prof <dir>`: profile the server (what guided every change; see the closing notes of issue 11).
    const profAt = process.argv.indexOf('--cpu-prof');
    const prof = profAt >= 0 ? ['--cpu-prof', `--cpu-prof-dir=${process.argv[profAt + 1]!}`] : [];
    const server = spawn(
      process.execPath,
      [...prof, ...SERVER_NODE_FLAGS, path.join(root, 'dist/server/main.js')],
      {
        cwd: root,
        env: {
          ...process.env,
          PORT: String(port),
          DATA_DIR: dir,
          RATE_LIMIT_PER_MINUTE: '1000000000',
          LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    children.push(server);
    await waitFor(`http://127.0.0.1:${helloPort}/`, hello);
    await waitFor(`http://127.0.0.1:${port}/health`, server);
    const rawLabels: LoadRequest = {
      url: `http://127.0.0.1:${rawPort}/`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ variables: { id: seeded.projectId } }),
    };
    const rawCheck = (await (await fetch(rawLabels.url, rawLabels)).json()) as any;
    if (rawCheck.data.project.labels.length !== PAGE)
      throw new Error('hand-written labels route: not a page');

    const gql = (query: string, variables: Record<string, unknown> = {}): LoadRequest => ({
      url: `http://127.0.0.1:${port}/graphql`,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${seeded.key}` },
      body: JSON.stringify({ query, variables }),
    });
    const cases: Array<{
      name: string;
      request: LoadRequest;
      target: number;
      expect: (body: any) => number;
      /** The same answer from a hand-written route, measured beside it. */
      floor?: LoadRequest;
    }> = [
      {
        name: '{ user { id } }',
        request: gql('{ user { id } }'),
        target: 0.25,
        expect: (b) => (b.data.user.id ? 1 : 0),
      },
      {
        name: 'labels page of 100 (creator, data row)',
        request: gql(
          'query($id: ID!) { project(where: {id: $id}) { labels(first: 100) { id label createdAt createdBy { id email } dataRow { id externalId } } } }',
          { id: seeded.projectId },
        ),
        target: 0.05,
        expect: (b) => b.data.project.labels.length,
        floor: rawLabels,
      },
      {
        name: 'datasets page of 100',
        request: gql('{ datasets(first: 100) { id name description rowCount createdAt } }'),
        target: 0.05,
        expect: (b) => b.data.datasets.length,
      },
      {
        name: 'dataRows page of 100',
        request: gql(
          'query($id: ID!) { datasetDataRows(id: $id, first: 100) { nodes { id externalId globalKey rowData createdAt } pageInfo { hasNextPage startCursor } } }',
          { id: seeded.datasetId },
        ),
        target: 0.05,
        expect: (b) => b.data.datasetDataRows.nodes.length,
      },
      {
        name: 'projects page of 100',
        request: gql('{ projects(first: 100) { id name description createdAt } }'),
        target: 0.05,
        expect: (b) => b.data.projects.length,
      },
      {
        name: 'batches page of 100',
        request: gql(
          'query($id: ID!) { project(where: {id: $id}) { batches(first: 100) { nodes { id name size createdAt } pageInfo { endCursor hasNextPage } } } }',
          { id: seeded.projectId },
        ),
        target: 0.05,
        expect: (b) => b.data.project.batches.nodes.length,
      },
    ];
    const helloRequest: LoadRequest = { url: `http://127.0.0.1:${helloPort}/`, method: 'GET' };

    const ratios: Ratio[] = [];
    const cpuNotes: string[] = [];
    const caseAt = process.argv.indexOf('--case');
    const selected = caseAt >= 0 ? cases.filter((c) => c.name.includes(process.argv[caseAt + 1]!)) : cases;
    for (const c of selected) {
      // A pooled keep-alive connection may be closed by the server just as it is reused after a long load run
      // ("other side closed"): that check is tried once more on a new connection.
      const check = () =>
        fetch(c.request.url, { method: 'POST', headers: c.request.headers, body: c.request.body });
      const res = await check().catch(() => check());
      const body = (await res.json()) as any;
      if (body.errors) throw new Error(`${c.name}: ${JSON.stringify(body.errors)}`);
      const n = c.expect(body);
      if (n !== 1 && n !== PAGE) throw new Error(`${c.name}: expected ${PAGE} items, got ${n}`);
      // The same request computed afresh every time: `Cache-Control: no-cache` bypasses the response cache.
      const fresh: LoadRequest = {
        ...c.request,
        headers: { ...c.request.headers, 'cache-control': 'no-cache' },
      };
      const cacheState = async (request: LoadRequest) =>
        (
          await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body })
        ).headers.get(RESPONSE_CACHE_HEADER);
      if ((await cacheState(c.request)) !== 'hit' || (await cacheState(fresh)) !== 'miss') {
        throw new Error(`${c.name}: expected a response-cache hit, and a miss with no-cache`);
      }
      // Unmeasured requests each first: JIT warm-up would otherwise count against whichever runs first. The
      // hello-world and the response cache's hit path are the same code for every case, so they warm up once.
      if (c === selected[0]) {
        await warmUp(helloRequest, quick);
        await warmUp(c.request, quick);
      }
      await warmUp(fresh, quick);
      if (c.floor) await warmUp(c.floor, quick);
      const sum = {
        hello: [] as LoadResult[],
        ours: [] as LoadResult[],
        fresh: [] as LoadResult[],
        floor: [] as LoadResult[],
      };
      for (let r = 0; r < rounds; r++) {
        sum.hello.push(await load(helloRequest, seconds, hello.pid));
        sum.ours.push(await load(c.request, seconds, server.pid));
        sum.fresh.push(await load(fresh, seconds, server.pid));
        if (c.floor) sum.floor.push(await load(c.floor, seconds, raw.pid));
      }
      const rate = (xs: LoadResult[]) =>
        xs.reduce((s, x) => s + x.requests, 0) / xs.reduce((s, x) => s + x.seconds, 0);
      const cpu = (xs: LoadResult[]) =>
        xs.reduce((s, x) => s + (x.cpuMsPerRequest ?? NaN) * x.requests, 0) /
        xs.reduce((s, x) => s + x.requests, 0);
      const errors = [...sum.ours, ...sum.fresh].reduce((s, x) => s + x.errors, 0);
      if (errors > 0) throw new Error(`${c.name}: ${errors} non-2xx responses`);
      const helloCpu = cpu(sum.hello);
      for (const [name, results] of [
        [`${c.name}, repeated (response cache)`, sum.ours],
        [`${c.name}, computed afresh (no-cache)`, sum.fresh],
      ] as const) {
        ratios.push({
          name,
          ours: rate(results),
          baseline: rate(sum.hello),
          unit: 'req/s',
          baselineName: 'Fastify hello-world',
          target: c.target,
        });
        const oursCpu = cpu(results);
        if (Number.isFinite(oursCpu)) {
          cpuNotes.push(
            `${name}: ${(oursCpu * 1000).toFixed(0)} µs of server CPU per request vs hello-world ${(helloCpu * 1000).toFixed(0)} µs → CPU ratio ${(helloCpu / oursCpu).toFixed(3)}`,
          );
        }
      }
      if (c.floor) {
        ratios.push({
          name: `${c.name}, by hand: a hand-written route (one SQL join, JSON.stringify; no auth, no GraphQL, nothing kept)`,
          ours: rate(sum.floor),
          baseline: rate(sum.hello),
          unit: 'req/s',
          baselineName: 'Fastify hello-world',
        });
        ratios.push({
          name: `${c.name}, computed afresh, against that hand-written route`,
          ours: rate(sum.fresh),
          baseline: rate(sum.floor),
          unit: 'req/s',
          baselineName: 'hand-written route',
        });
        cpuNotes.push(
          `${c.name}, hand-written route: ${(cpu(sum.floor) * 1000).toFixed(0)} µs of CPU per request (JSON.stringify of the whole answer on every request)`,
        );
      }
      console.log(
        `${c.name}: ours ${rate(sum.ours).toFixed(0)} req/s repeated, ${rate(sum.fresh).toFixed(0)} req/s afresh, hello ${rate(sum.hello).toFixed(0)} req/s`,
      );
    }
    report({
      title: 'API per-request cost',
      method: `Compiled server (dist/server/main.js, SQLite, LOG_LEVEL=info) vs a Fastify hello-world, ${hasWrk ? 'wrk -t1 -c10' : 'a Node keep-alive client with 10 connections (wrk not installed)'}, ${rounds} alternating rounds of ${seconds} s each per figure. "Repeated": the same request again and again, as a client polling a page sends it (the response cache answers while the data is unchanged); "computed afresh": the same request with \`Cache-Control: no-cache\`, so every request does the full work.`,
      ratios,
      notes: cpuNotes,
    });
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(
      children.map((c) =>
        c.exitCode === null
          ? new Promise<void>((resolve) => c.on('exit', () => resolve()))
          : Promise.resolve(),
      ),
    );
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
