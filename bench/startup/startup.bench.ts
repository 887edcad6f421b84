/**
 * `npm run bench -- --only startup [-- --rounds N]`: how fast the server a user starts with `npm start` is ready,
 * and what it holds at idle (issue 11: "the server runs compiled JavaScript in production; measure the RSS at idle
 * and the cold start before and after").
 *
 * Ours: the compiled server (`dist/server/main.js` with `npm start`'s Node flags) on SQLite, timed from spawn to the
 * first 200 from `/health`: on a fresh data directory (the migrations run) and restarted on that directory (what
 * every later `npm start` does). Before: the same sources through the tsx loader (`npm run dev`'s command), restarted
 * on an existing directory. Baseline: a Fastify hello-world process, spawn to its first 200 — the cost of starting
 * Node and an HTTP server at all. Also each process's CPU time until ready (from /proc, steady on a busy machine)
 * and its resident memory 1 s after it answered (0.3 s with --quick). Rounds alternate so machine load hits all alike; medians count.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuMs, rssBytes } from '../lib/proc.ts';
import { fmt, quick, report, sizeArg } from '../lib/report.ts';
import { compiledServer, freePort, SERVER_NODE_FLAGS, stopAll } from '../lib/server.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const HELLO = `
import Fastify from 'fastify';
const app = Fastify();
app.get('/', async () => ({ hello: 'world' }));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
`;

type Start = { ms: number; cpuMs: number; rssMb: number };

/** Spawns `args`, polls `url` every 5 ms until it answers 200, then reads CPU time and (1 s later) RSS. */
async function timeStart(args: string[], url: string, env: NodeJS.ProcessEnv): Promise<Start> {
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`);
      if (Date.now() > deadline) throw new Error(`${url} did not come up`);
      const ok = await fetch(url).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const ms = performance.now() - started;
    const cpu = cpuMs(child.pid!) ?? NaN;
    await new Promise((resolve) => setTimeout(resolve, quick ? 300 : 1_000));
    return { ms, cpuMs: cpu, rssMb: (rssBytes(child.pid!) ?? NaN) / 2 ** 20 };
  } finally {
    await stopAll([child]);
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

async function main(): Promise<void> {
  const rounds = sizeArg('--rounds', 5, 1);
  const main = compiledServer();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labelyard-bench-startup-'));
  const results = { hello: [] as Start[], fresh: [] as Start[], compiled: [] as Start[], tsx: [] as Start[] };
  try {
    for (let r = 0; r < rounds; r++) {
      const port = await freePort();
      const dataDir = path.join(dir, `round-${r}`);
      const env = { PORT: String(port), DATA_DIR: dataDir, HOST: '127.0.0.1' };
      const health = `http://127.0.0.1:${port}/health`;
      results.hello.push(
        await timeStart(['--input-type=module', '-e', HELLO], `http://127.0.0.1:${port}/`, env),
      );
      results.fresh.push(await timeStart([...SERVER_NODE_FLAGS, main], health, env));
      results.compiled.push(await timeStart([...SERVER_NODE_FLAGS, main], health, env));
      results.tsx.push(
        await timeStart(
          [...SERVER_NODE_FLAGS, '--import', 'tsx', path.join(root, 'apps/server/src/main.ts')],
          health,
          env,
        ),
      );
      console.log(
        `round ${r + 1}: hello ${results.hello[r]!.ms.toFixed(0)} ms, compiled fresh ${results.fresh[r]!.ms.toFixed(0)} ms, compiled restart ${results.compiled[r]!.ms.toFixed(0)} ms, tsx restart ${results.tsx[r]!.ms.toFixed(0)} ms`,
      );
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const m = (xs: Start[], k: keyof Start) => median(xs.map((x) => x[k]));
  const startsPerMinute = (xs: Start[]) => 60_000 / m(xs, 'ms');
  const hello = startsPerMinute(results.hello);
  const line = (name: string, xs: Start[]) =>
    `${name}: ready in ${fmt(m(xs, 'ms'))} ms (median of ${xs.length}), ${fmt(m(xs, 'cpuMs'))} ms CPU until ready, ${fmt(m(xs, 'rssMb'))} MB RSS at idle`;
  report({
    title: 'Server start and idle memory',
    method: `Spawn to the first 200 (\`/health\` for ours, \`/\` for the baseline), polled every 5 ms, ${rounds} alternating rounds, medians. Ours: \`dist/server/main.js\` with npm start's flags (${SERVER_NODE_FLAGS.join(' ')}), SQLite, LOG_LEVEL=warn; "before": the same sources through the tsx loader. Baseline: a Fastify hello-world process. RSS read from /proc ${quick ? '0.3' : '1'} s after the first 200.`,
    ratios: [
      {
        name: 'compiled server, restart on an existing data directory',
        ours: startsPerMinute(results.compiled),
        baseline: hello,
        unit: 'starts/min',
        baselineName: 'Fastify hello-world',
      },
      {
        name: 'compiled server, first start (migrations on a fresh directory)',
        ours: startsPerMinute(results.fresh),
        baseline: hello,
        unit: 'starts/min',
        baselineName: 'Fastify hello-world',
      },
      {
        name: 'before: the sources through tsx, restart',
        ours: startsPerMinute(results.tsx),
        baseline: hello,
        unit: 'starts/min',
        baselineName: 'Fastify hello-world',
      },
    ],
    checks: [
      {
        name: 'compiled server ready after a restart',
        value: m(results.compiled, 'ms'),
        unit: 'ms',
        max: 1_500,
      },
      {
        name: 'compiled server ready on a fresh directory',
        value: m(results.fresh, 'ms'),
        unit: 'ms',
        max: 1_500,
      },
      { name: 'compiled server RSS at idle', value: m(results.compiled, 'rssMb'), unit: 'MB', max: 256 },
    ],
    notes: [
      line('Fastify hello-world', results.hello),
      line('compiled, first start', results.fresh),
      line('compiled, restart', results.compiled),
      line('tsx, restart (before)', results.tsx),
    ],
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
