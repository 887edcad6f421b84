/**
 * `npm run bench:security [-- --root DIR --port P --seconds S] [-- --quick]`: the abuse benchmark of issue 14.
 * Starts a real server (the compiled one, as `npm start` runs it, from this checkout or from `--root`, e.g. an older
 * commit's worktree, to measure "before"; through tsx when that checkout cannot build it), then runs each attack for
 * at most S seconds (default 20, 8 with --quick) while it samples the server's RSS (/proc, every 50 ms) and times
 * `GET /health` every 100 ms. `--quick` shortens the waits (idle baseline, clean-up checks, the server's upload stall
 * timeout of 3 s → 1 s) and inflates a smaller PNG bomb; every attack still runs. Reports per attack: server peak RSS, /health p50 / max latency and failures, and
 * what the attacker got. Baseline: the same /health probe and RSS with no attack running, measured first.
 *
 * Attacks: a 100 MB JSON body with no key; a 4-level organization→projects nesting over 20 projects; 1,000
 * aliases in one request; a fragment bomb; 200 mutations in one request; a multipart `map` writing
 * `__proto__.public` (then: do valid keys still authenticate?); 20 multipart uploads cut off mid-file (open fds and
 * `.tmp` files after); 20 uploads that stall with the client connected (closed by UPLOAD_STALL_SECONDS?);
 * and, in the benchmark's own process, decoding a 40000×40000 PNG bomb with the checkout's PNG codec.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { quick, report, type Check } from '../lib/report.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const root = path.resolve(arg('--root', path.join(here, '../..')));
const port = Number(arg('--port', '8101'));
const seconds = Number(arg('--seconds', quick ? '8' : '20'));
/** How long the idle baseline runs and how long clean-up gets after clients leave. */
const settleMs = quick ? 1000 : 3000;
const base = `http://127.0.0.1:${port}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'labelyard-bench-security-'));
const env = {
  ...process.env,
  DATA_DIR: dataDir,
  PORT: String(port),
  HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
  RATE_LIMIT_PER_MINUTE: '1000000',
  UPLOAD_STALL_SECONDS: quick ? '1' : '3',
  DATABASE_URL: '',
};
const MB = 1024 * 1024;

type Sample = { peakRssMb: number; p50: number; max: number; failures: number; probes: number };

function rssMb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/**
 * POSTs `body` as JSON over a plain socket in slices of 1 MB (views, not copies; fetch given the whole buffer copied
 * it in this process first, which delayed the /health probe running beside it). The body follows the headers after
 * 50 ms or once the server has answered, so that an answer sent before the body is read is seen before the server
 * closes the connection on the rest.
 */
function postRaw(urlPath: string, body: Buffer, signal: AbortSignal): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    let status: string | undefined;
    let sent = 0;
    let finished = false;
    const done = (outcome: string) => {
      if (finished) return;
      finished = true;
      socket.destroy();
      resolve(outcome);
    };
    const sentMb = () => `${(sent / MB).toFixed(0)} MB of ${(body.length / MB).toFixed(0)} MB`;
    const ended = (how: string) =>
      done(
        status
          ? `answered ${status}, then ${how} after ${sentMb()} of the body`
          : `${how} without an answer after ${sentMb()}`,
      );
    signal.addEventListener('abort', () => done(`still running at the ${seconds} s cut-off`));
    const more = () => {
      while (sent < body.length && !socket.destroyed) {
        const slice = body.subarray(sent, sent + MB);
        sent += slice.length;
        if (!socket.write(slice)) return void socket.once('drain', more);
      }
    };
    const start = setTimeout(more, 50);
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1');
      status ??= /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1];
      if (status && sent === 0) {
        clearTimeout(start);
        more();
      }
    });
    socket.on('error', (e) => ended(`closed the connection (${e.message})`));
    socket.on('close', () => ended('closed the connection'));
    socket.write(
      `POST ${urlPath} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
  });
}

/** Runs `attack` (cut off after `seconds`) while probing the server; returns the probe figures and the outcome. */
async function during(pid: number, attack: (signal: AbortSignal) => Promise<string>) {
  const latencies: number[] = [];
  let failures = 0;
  let peak = rssMb(pid);
  let running = true;
  const rssTimer = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 50);
  const prober = (async () => {
    while (running) {
      const started = performance.now();
      try {
        const res = await fetch(`${base}/health`, { signal: AbortSignal.timeout(5000) });
        if (!res.ok) failures++;
        await res.arrayBuffer();
        latencies.push(performance.now() - started);
      } catch {
        failures++;
        latencies.push(performance.now() - started);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const controller = new AbortController();
  const cutoff = setTimeout(() => controller.abort(), seconds * 1000);
  const started = performance.now();
  let outcome: string;
  try {
    outcome = await attack(controller.signal);
  } catch (error) {
    outcome = controller.signal.aborted
      ? `still running at the ${seconds} s cut-off`
      : `client error: ${(error as Error).message}`;
  }
  const ms = performance.now() - started;
  clearTimeout(cutoff);
  running = false;
  await prober;
  clearInterval(rssTimer);
  latencies.sort((a, b) => a - b);
  const sample: Sample = {
    peakRssMb: peak,
    p50: latencies[Math.floor(latencies.length / 2)] ?? NaN,
    max: latencies[latencies.length - 1] ?? NaN,
    failures,
    probes: latencies.length,
  };
  return { sample, outcome, ms };
}

async function gql(key: string | null, query: string, variables: object = {}, signal?: AbortSignal) {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query, variables }),
    ...(signal ? { signal } : {}),
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function createKey(email: string, org: string): Promise<string> {
  const cli = spawn(
    process.execPath,
    [path.join(root, 'packages/cli/bin/labelyard.js'), 'keys', 'create', '--email', email, '--org', org],
    { env, cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  cli.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  cli.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const status = await new Promise<number | null>((resolve) => cli.on('close', resolve));
  const key = stdout.trim().split('\n').pop();
  if (status !== 0 || !key) throw new Error(`keys create failed: ${stderr}`);
  return key;
}

/** The compiled server of `root` (built first when stale, as `npm start` does), or its sources through tsx. */
function serverEntry(): string[] {
  const build = path.join(root, 'scripts/build-server.mjs');
  if (
    fs.existsSync(build) &&
    spawnSync(process.execPath, [build, '--if-stale'], { cwd: root }).status === 0
  ) {
    return [path.join(root, 'dist/server/main.js')];
  }
  return ['--import', 'tsx', path.join(root, 'apps/server/src/main.ts')];
}

async function startServer(): Promise<ChildProcess> {
  const server = spawn(process.execPath, ['--max-semi-space-size=4', ...serverEntry()], {
    env,
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/health`)).ok) return server;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start');
}

function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function pngBomb(width: number, height: number, inflated: number): Buffer {
  const chunk = (type: string, data: Uint8Array) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(inflated), { level: 9 })),
    chunk('IEND', new Uint8Array()),
  ]);
}

/** Raw socket: headers plus part of a body, then silence; resolves with what the server said within the time. */
function stalledRequest(
  head: string,
  body: Buffer,
  waitMs: number,
): Promise<{ answer: string; socket: net.Socket }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(head);
      socket.write(body);
    });
    let answer = '';
    socket.on('data', (c) => (answer += c.toString('utf8')));
    socket.on('error', () => undefined);
    setTimeout(() => resolve({ answer, socket }), waitMs);
  });
}

const UPLOAD =
  'mutation UploadFile($file: Upload!, $contentLength: Int!, $sign: Boolean) { uploadFile(file: $file, contentLength: $contentLength, sign: $sign) {url filename} }';

async function main() {
  // The first command migrates the new database; the second key and the server's start can then overlap.
  const key = await createKey('bench@example.com', 'bench-security');
  const [other, server] = await Promise.all([createKey('other@example.com', 'bench-other'), startServer()]);
  const pid = server.pid!;
  const results: Array<{ attack: string; sample: Sample; outcome: string; ms: number }> = [];
  const run = async (attack: string, fn: (signal: AbortSignal) => Promise<string>) => {
    const r = await during(pid, fn);
    results.push({ attack, ...r });
    console.log(
      `${attack.padEnd(44)} peak RSS ${r.sample.peakRssMb.toFixed(0).padStart(5)} MB | /health p50 ${r.sample.p50.toFixed(1).padStart(7)} ms, max ${r.sample.max.toFixed(0).padStart(6)} ms, ${r.sample.failures}/${r.sample.probes} failed | ${(r.ms / 1000).toFixed(1)} s: ${r.outcome}`,
    );
  };
  try {
    for (let i = 0; i < 20; i++) {
      await gql(key, 'mutation($name: String!){ createProject(data: {name: $name}) { id } }', {
        name: `p${i}`,
      });
    }
    console.log(`server: ${root} (pid ${pid}); each attack cut off after ${seconds} s\n`);
    await run('baseline (no attack)', async () => {
      await new Promise((r) => setTimeout(r, quick ? 1000 : 2000));
      return 'idle';
    });
    // Made before the attack starts: filling 100 MB blocks this process, which would delay its own /health probe.
    const body = Buffer.alloc(100 * MB, 0x20);
    body.write('{"query":"{user{id}}","pad":"', 0);
    body.write('"}', body.length - 2);
    await run('100 MB JSON body, no API key', (signal) => postRaw('/graphql', body, signal));
    const nest = (levels: number) => {
      let q = 'id name';
      for (let i = 0; i < levels; i++) q = `projects { id organization { ${q} } }`;
      return `{ organization { ${q} } }`;
    };
    for (const levels of [3, 4]) {
      await run(`${levels}-level organization/projects nesting`, async (signal) => {
        const res = await gql(key, nest(levels), {}, signal);
        return res.body.errors
          ? `error: ${res.body.errors[0].message}`
          : `data (${JSON.stringify(res.body).length} bytes)`;
      });
    }
    await run('1,000 aliases in one query', async (signal) => {
      const q = `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: projects { id name }`).join(' ')} }`;
      const res = await gql(key, q, {}, signal);
      return res.body.errors
        ? `error: ${res.body.errors[0].message}`
        : `data (${JSON.stringify(res.body).length} bytes)`;
    });
    await run('fragment bomb (10 levels of 10 spreads)', async (signal) => {
      const levels = Array.from(
        { length: 10 },
        (_, i) => `fragment F${i} on User { ${Array.from({ length: 10 }, () => `...F${i + 1}`).join(' ')} }`,
      );
      const q = `{ user { ...F0 } } ${levels.join(' ')} fragment F10 on User { id email }`;
      const res = await gql(key, q, {}, signal);
      return res.body.errors ? `error: ${res.body.errors[0].message}` : 'data';
    });
    await run('200 mutations in one request', async (signal) => {
      const q = `mutation { ${Array.from({ length: 200 }, (_, i) => `m${i}: createDataset(data: {name: "d${i}"}) { id }`).join(' ')} }`;
      const res = await gql(key, q, {}, signal);
      return res.body.errors
        ? `error: ${res.body.errors[0].message}`
        : `${Object.keys(res.body.data ?? {}).length} mutations ran`;
    });
    await run('multipart map "__proto__.public"', async (signal) => {
      const form = new FormData();
      form.append(
        'operations',
        JSON.stringify({ query: UPLOAD, variables: { file: null, contentLength: 2, sign: false } }),
      );
      form.append('map', JSON.stringify({ '1': ['variables.file', '__proto__.public'] }));
      form.append('1', new Blob(['{}']), 'a.json');
      const res = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}` },
        body: form,
        signal,
      });
      await res.arrayBuffer();
      const after = await gql(other, '{ user { id } }');
      return `answered ${res.status}; another organization's valid key then gets ${after.status}${after.body.errors ? ` ${after.body.errors[0].extensions.code}` : ' (authenticated)'}`;
    });
    await run('20 multipart uploads cut off mid-file', async () => {
      const boundary = 'benchboundary';
      const ops = JSON.stringify({
        query: UPLOAD,
        variables: { file: null, contentLength: 10 * MB, sign: false },
      });
      const partial = Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${ops}\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="map"\r\n\r\n{"1":["variables.file"]}\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="1"; filename="a.bin"\r\nContent-Type: application/octet-stream\r\n\r\n` +
          'x'.repeat(64 * 1024),
      );
      const head = `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${key}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${10 * MB + 1024}\r\n\r\n`;
      const fdsBefore = fs.readdirSync(`/proc/${pid}/fd`).length;
      const sockets = await Promise.all(
        Array.from({ length: 20 }, () => stalledRequest(head, partial, 1000)),
      );
      for (const s of sockets) s.socket.destroy(); // the clients go away mid-file
      await new Promise((r) => setTimeout(r, settleMs));
      const fds = fs.readdirSync(`/proc/${pid}/fd`).length - fdsBefore;
      const tmp = fs
        .readdirSync(path.join(dataDir, 'files'), { recursive: true })
        .filter((f) => String(f).endsWith('.tmp')).length;
      return `${settleMs / 1000} s after the clients left: ${fds} extra fds, ${tmp} .tmp files`;
    });
    await run('20 multipart uploads that stall (client stays)', async () => {
      const boundary = 'benchboundary';
      const ops = JSON.stringify({
        query: UPLOAD,
        variables: { file: null, contentLength: 10 * MB, sign: false },
      });
      const partial = Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${ops}\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="map"\r\n\r\n{"1":["variables.file"]}\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="1"; filename="a.bin"\r\nContent-Type: application/octet-stream\r\n\r\n` +
          'x'.repeat(64 * 1024),
      );
      const head = `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${key}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${10 * MB + 1024}\r\n\r\n`;
      const started = Date.now();
      const sockets = await Promise.all(
        Array.from({ length: 20 }, () => stalledRequest(head, partial, 1000)),
      );
      const closed = await Promise.all(
        sockets.map(
          (s) =>
            new Promise<boolean>((resolve) => {
              if (s.socket.destroyed) return resolve(true);
              s.socket.once('close', () => resolve(true));
              setTimeout(() => resolve(false), (seconds - 2) * 1000).unref();
            }),
        ),
      );
      for (const s of sockets) s.socket.destroy();
      await new Promise((r) => setTimeout(r, 1000)); // temp files are removed as the streams close
      const tmp = fs
        .readdirSync(path.join(dataDir, 'files'), { recursive: true })
        .filter((f) => String(f).endsWith('.tmp')).length;
      return `${closed.filter(Boolean).length}/20 closed by the server within ${((Date.now() - started) / 1000).toFixed(1)} s (UPLOAD_STALL_SECONDS=${env.UPLOAD_STALL_SECONDS}); ${tmp} .tmp files left`;
    });
    await run('40000×40000 PNG bomb, decoded in-process', async () => {
      const { decodePng } = (await import(path.join(root, 'packages/schema/src/png/decode.ts'))) as {
        decodePng: (b: Uint8Array) => { ok: boolean; error?: string };
      };
      const bomb = pngBomb(40_000, 40_000, (quick ? 8 : 64) * MB);
      const rss = process.memoryUsage().rss;
      const started = performance.now();
      const result = decodePng(bomb);
      return `${(bomb.length / MB).toFixed(1)} MB file → ${result.ok ? 'decoded' : `refused (${result.error})`} in ${(performance.now() - started).toFixed(0)} ms, bench RSS +${((process.memoryUsage().rss - rss) / MB).toFixed(0)} MB`;
    });
    // For `npm run bench`: the server's memory and its health probe during each attack (the PNG bomb runs in the
    // benchmark's own process, so its row says nothing about the server).
    const idle = results[0]!.sample.peakRssMb;
    const checks: Check[] = results.slice(1, -1).flatMap(({ attack, sample }) => [
      { name: `${attack}: server peak RSS above idle`, value: sample.peakRssMb - idle, unit: 'MB', max: 256 },
      { name: `${attack}: failed /health probes`, value: sample.failures, unit: '', max: 1 },
    ]);
    report({
      title: 'Abuse: the server under attack',
      method: `A real server (compiled, SQLite) attacked one way at a time, each cut off after ${seconds} s, while its RSS is sampled from /proc every 50 ms and GET /health is probed every 100 ms; idle baseline first (peak RSS ${idle.toFixed(0)} MB). What each attack got is in the output.`,
      ratios: [],
      checks,
    });
  } finally {
    server.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
