/**
 * `npm run bench -- --only label-studio [-- --tasks N]`: the Label Studio face over HTTP against raw baselines
 * measured in the same run (issue 10: 100,000 tasks in one import request, then exported as JSON and CSV).
 *
 * Ours: the compiled server (`dist/server/main.js`, as `npm start` runs it) on SQLite in its own process.
 * `POST /api/projects/{id}/import` with every task in one streamed JSON body (each task carries a prediction with a
 * rectangle, so the results converter runs), then the easy export `GET /api/projects/{id}/export` as JSON and CSV
 * with `download_all_tasks=true`, read to the end by the client. The server's peak resident memory is its VmHWM.
 * Baselines, in this process: the same body parsed with one `JSON.parse` and its tasks' data inserted with a
 * prepared better-sqlite3 statement in 10,000-row transactions into a lean `task (id integer primary key, data)`
 * table (WAL, synchronous=NORMAL); the export baselines read that table back, parse each task and `JSON.stringify`
 * it into a JSON list, or write one CSV line per task. No HTTP, no data rows, batches, integer ids or label
 * conversion: the physical floor.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import pino from 'pino';
import { closeAppContext, createAppContext } from '../../apps/server/src/bootstrap.ts';
import { loadConfig } from '../../apps/server/src/config.ts';
import { connectSqlite } from '../../apps/server/src/db/connect.ts';
import { report, sizeArg } from '../lib/report.ts';
import { compiledServer, freePort, SERVER_NODE_FLAGS, waitFor } from '../lib/server.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CONFIG = `<View><Image name="image" value="$image"/>
<RectangleLabels name="label" toName="image"><Label value="Cat"/><Label value="Dog"/></RectangleLabels></View>`;
const BATCH = 10_000;

const task = (i: number) => ({
  data: { image: `https://storage.example.com/bench/images/${i}.jpg`, index: i },
  predictions: [
    {
      model_version: 'bench',
      score: 0.5,
      result: [
        {
          from_name: 'label',
          to_name: 'image',
          type: 'rectanglelabels',
          original_width: 1920,
          original_height: 1080,
          value: { x: i % 90, y: 5, width: 10, height: 20, rotation: 0, rectanglelabels: ['Cat'] },
        },
      ],
    },
  ],
});

/** The import body as chunks of JSON text (a client streaming it, as an SDK would send a big list). */
function* bodyChunks(tasks: number): Generator<string> {
  yield '[';
  let chunk = '';
  for (let i = 0; i < tasks; i++) {
    chunk += (i === 0 ? '' : ',') + JSON.stringify(task(i));
    if (chunk.length > 1 << 16) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk + ']';
}

/** Peak resident memory of a process (Linux VmHWM), in MB. */
function peakRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

async function drain(response: Response): Promise<number> {
  let bytes = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
  return bytes;
}

async function main(): Promise<void> {
  const tasks = sizeArg('--tasks', 100_000, 5_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labelyard-bench-ls-'));
  let server: ChildProcess | undefined;
  try {
    const ctx = await createAppContext({
      config: { ...loadConfig({ LOG_LEVEL: 'silent' }), dataDir: dir, workerConcurrency: 0 },
      database: connectSqlite(path.join(dir, 'labelyard.db')),
      logger: pino({ level: 'silent' }),
    });
    const { user, organization } = await ctx.services.identity.ensureUser({
      email: 'bench@example.com',
      org: 'bench',
    });
    const { key } = await ctx.services.identity.createApiKey(user.id, organization.id, 'bench');
    await closeAppContext(ctx);

    compiledServer();
    const port = await freePort();
    server = spawn(process.execPath, [...SERVER_NODE_FLAGS, path.join(root, 'dist/server/main.js')], {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(port),
        DATA_DIR: dir,
        RATE_LIMIT_PER_MINUTE: '1000000000',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const base = `http://127.0.0.1:${port}`;
    await waitFor(`${base}/health`, server);
    const headers = { authorization: `Token ${key}` };
    const created = await fetch(`${base}/api/projects/`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'bench', label_config: CONFIG }),
    });
    const project = ((await created.json()) as { id: number }).id;
    const rssBefore = peakRssMb(server.pid!);

    // Ours: one import request, streamed.
    let t = performance.now();
    const imported = await fetch(`${base}/api/projects/${project}/import`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: Readable.from(bodyChunks(tasks)) as unknown as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    const importResult = (await imported.json()) as { task_count?: number; prediction_count?: number };
    const importMs = performance.now() - t;
    if (importResult.task_count !== tasks) throw new Error(`import answered ${JSON.stringify(importResult)}`);
    const rssAfterImport = peakRssMb(server.pid!);
    const exportOurs = async (format: 'JSON' | 'CSV') => {
      const start = performance.now();
      const res = await fetch(
        `${base}/api/projects/${project}/export?exportType=${format}&download_all_tasks=true`,
        { headers },
      );
      if (res.status !== 200) throw new Error(`export ${format}: HTTP ${res.status}`);
      const bytes = await drain(res);
      return { ms: performance.now() - start, bytes };
    };
    const json = await exportOurs('JSON');
    const csv = await exportOurs('CSV');
    const rssPeak = peakRssMb(server.pid!);

    // Baselines: parse + lean inserts; read back + stringify.
    const raw = new SQLite(path.join(dir, 'raw.db'));
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.exec('create table task (id integer primary key, data text not null)');
    const insert = raw.prepare('insert into task (data) values (?)');
    const insertBatch = raw.transaction((batch: string[]) => {
      for (const d of batch) insert.run(d);
    });
    const text = [...bodyChunks(tasks)].join('');
    t = performance.now();
    const parsed = JSON.parse(text) as unknown[];
    for (let i = 0; i < parsed.length; i += BATCH)
      insertBatch(parsed.slice(i, i + BATCH).map((x) => JSON.stringify(x)));
    const rawImportMs = performance.now() - t;
    t = performance.now();
    let rawJsonBytes = 1;
    let first = true;
    for (const row of raw.prepare('select id, data from task order by id').iterate() as Iterable<{
      id: number;
      data: string;
    }>) {
      const stored = JSON.parse(row.data) as Record<string, unknown>;
      rawJsonBytes += (first ? 1 : 2) + JSON.stringify({ id: row.id, ...stored }).length;
      first = false;
    }
    const rawJsonMs = performance.now() - t;
    t = performance.now();
    let rawCsvBytes = 0;
    for (const row of raw.prepare('select id, data from task order by id').iterate() as Iterable<{
      id: number;
      data: string;
    }>) {
      const stored = JSON.parse(row.data) as { data: { image: string; index: number }; predictions: unknown };
      rawCsvBytes +=
        `${row.id},${stored.data.image},${stored.data.index},${JSON.stringify(stored.predictions)}\n`.length;
    }
    const rawCsvMs = performance.now() - t;
    raw.close();

    const perSecond = (ms: number) => tasks / (ms / 1000);
    const fmtN = (n: number) => Math.round(n).toLocaleString('en-US');
    report({
      title: 'Label Studio face: import and export (SQLite)',
      method: `${fmtN(tasks)} tasks (each with a rectangle prediction) in one streamed POST /api/projects/{id}/import to the compiled server, then GET /api/projects/{id}/export as JSON and CSV read to the end; baselines in the same run: JSON.parse + prepared inserts of each task's JSON into a lean table, and reading it back with JSON.parse + JSON.stringify per task / one CSV line per task.`,
      ratios: [
        {
          name: 'import over HTTP vs parse + lean inserts',
          ours: perSecond(importMs),
          baseline: perSecond(rawImportMs),
          unit: 'tasks/s',
          baselineName: `JSON.parse + better-sqlite3 ${fmtN(BATCH)}-row transactions`,
          target: 0.1,
        },
        {
          name: 'JSON export over HTTP vs read + JSON.stringify',
          ours: perSecond(json.ms),
          baseline: perSecond(rawJsonMs),
          unit: 'tasks/s',
          baselineName: 'lean table read + JSON.stringify',
          target: 0.1,
        },
        {
          name: 'CSV export over HTTP vs read + CSV lines',
          ours: perSecond(csv.ms),
          baseline: perSecond(rawCsvMs),
          unit: 'tasks/s',
          baselineName: 'lean table read + one CSV line per task',
          target: 0.1,
        },
      ],
      checks: [
        { name: 'import time', value: importMs / 1000, unit: 's' },
        { name: 'JSON export time', value: json.ms / 1000, unit: 's' },
        { name: 'CSV export time', value: csv.ms / 1000, unit: 's' },
        { name: 'server peak RSS (VmHWM) after import', value: rssAfterImport, unit: 'MB', max: 1024 },
        { name: 'server peak RSS (VmHWM) after exports', value: rssPeak, unit: 'MB', max: 1024 },
      ],
      notes: [
        `import: ${fmtN(importResult.prediction_count ?? 0)} predictions; server RSS peak before the import ${fmtN(rssBefore)} MB; body ${fmtN(text.length / 1e6)} MB.`,
        `exports: JSON ${fmtN(json.bytes / 1e6)} MB (baseline ${fmtN(rawJsonBytes / 1e6)} MB), CSV ${fmtN(csv.bytes / 1e6)} MB (baseline ${fmtN(rawCsvBytes / 1e6)} MB).`,
      ],
    });
  } finally {
    server?.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
