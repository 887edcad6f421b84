/**
 * HTTP load for the API benchmark: wrk (`apt-get install wrk`) with one thread and 10 connections, as the issue
 * measures; without wrk, a Node keep-alive client with the same 10 connections (slower, but it loads both sides
 * alike). Also reads the target process's CPU time (Linux /proc), so a ratio can be taken per request of CPU, which
 * stays meaningful when other work shares the machine.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { cpuMs } from './proc.ts';

export type LoadRequest = {
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
};
export type LoadResult = {
  requests: number;
  seconds: number;
  perSecond: number;
  errors: number;
  cpuMsPerRequest?: number;
};

export const hasWrk = spawnSync('wrk', ['--version']).error === undefined;

export async function load(request: LoadRequest, seconds: number, pid?: number): Promise<LoadResult> {
  const cpuBefore = pid === undefined ? undefined : cpuMs(pid);
  const result = hasWrk ? runWrk(request, seconds) : await runNode(request, seconds);
  const cpuAfter = pid === undefined ? undefined : cpuMs(pid);
  return cpuBefore !== undefined && cpuAfter !== undefined && result.requests > 0
    ? { ...result, cpuMsPerRequest: (cpuAfter - cpuBefore) / result.requests }
    : result;
}

/**
 * Unmeasured requests before a measurement, so JIT warm-up does not count against whichever figure runs first: a
 * second of wrk, or under `--quick` a third of a second from the Node client (enough to leave the interpreter; the
 * quick figures are indicative).
 */
export async function warmUp(request: LoadRequest, quick: boolean): Promise<void> {
  if (quick) await runNode(request, 0.3);
  else await load(request, 1);
}

function runWrk(request: LoadRequest, seconds: number): LoadResult {
  const script = path.join(os.tmpdir(), `labelyard-wrk-${process.pid}.lua`);
  const lua = [
    `wrk.method = ${JSON.stringify(request.method)}`,
    ...Object.entries(request.headers ?? {}).map(
      ([k, v]) => `wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}`,
    ),
    request.body === undefined ? '' : `wrk.body = ${luaString(request.body)}`,
  ];
  fs.writeFileSync(script, lua.join('\n'));
  const out = spawnSync('wrk', ['-t1', '-c10', `-d${seconds}s`, '-s', script, request.url], {
    encoding: 'utf8',
  });
  fs.rmSync(script, { force: true });
  if (out.status !== 0) throw new Error(`wrk failed: ${out.stderr}`);
  const requests = Number(/(\d+) requests in ([\d.]+)(m?s)/.exec(out.stdout)?.[1] ?? 0);
  const perSecond = Number(/Requests\/sec:\s+([\d.]+)/.exec(out.stdout)?.[1] ?? 0);
  const errors = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out.stdout)?.[1] ?? 0);
  return { requests, seconds, perSecond, errors };
}

const luaString = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

async function runNode(request: LoadRequest, seconds: number): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 10 });
  const url = new URL(request.url);
  let requests = 0;
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  const one = () =>
    new Promise<void>((resolve) => {
      const req = http.request(
        {
          agent,
          hostname: url.hostname,
          port: url.port,
          path: url.pathname,
          method: request.method,
          headers: request.headers,
        },
        (res) => {
          if ((res.statusCode ?? 500) >= 400) errors++;
          res.resume();
          res.on('end', resolve);
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(request.body);
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (performance.now() < end) {
        await one();
        requests++;
      }
    }),
  );
  agent.destroy();
  const elapsed = (performance.now() - started) / 1000;
  return { requests, seconds: elapsed, perSecond: requests / elapsed, errors };
}
