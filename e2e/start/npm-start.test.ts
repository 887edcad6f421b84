import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';

const root = path.resolve(import.meta.dirname, '../..');

/** What `npm start`'s prestart does: builds dist/server (the server and CLI bundles) when a source is newer. */
function buildIfStale(): void {
  const build = spawnSync(process.execPath, ['scripts/build-server.mjs', '--if-stale'], {
    cwd: root,
    encoding: 'utf8',
  });
  assert.equal(build.status, 0, build.stderr);
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * `npm start` runs the compiled bundle (dist/server/main.js), whose npm dependencies stay imports resolved from
 * the repository root: a dependency installed only under a workspace (nested node_modules) passes every source test
 * but stops `npm start` at its first import. This starts the bundle exactly as `npm start` does.
 */
describe('npm start: the compiled server', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'labelyard-start-'));
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it(
    'builds if stale, starts, answers /health and the web app, and stops on SIGTERM',
    { timeout: 120_000 },
    async () => {
      buildIfStale();
      const port = await freePort();
      const started = Date.now();
      const child = spawn(
        process.execPath,
        ['--max-semi-space-size=16', '--heap-growing-percent=100', 'dist/server/main.js'],
        {
          cwd: root,
          env: {
            ...process.env,
            DATA_DIR: dataDir,
            PORT: String(port),
            HOST: '127.0.0.1',
            LOG_LEVEL: 'warn',
            DATABASE_URL: '',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let output = '';
      child.stdout.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      try {
        let health: Response | undefined;
        for (let i = 0; i < 400 && child.exitCode === null; i++) {
          health = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
          if (health?.ok) break;
          await new Promise((r) => setTimeout(r, 50));
        }
        assert.ok(health?.ok, `the server did not answer /health:\n${output}`);
        assert.deepEqual(await health.json(), { status: 'UP' });
        console.log(`# cold start of the compiled server: ${Date.now() - started} ms (fresh data directory)`);
        if (fs.existsSync(path.join(root, 'apps/web/dist/index.html'))) {
          const page = await fetch(`http://127.0.0.1:${port}/`);
          assert.equal(page.status, 200);
          assert.match(await page.text(), /<div id="root">|<!doctype html>/i);
        }
      } finally {
        child.kill('SIGTERM');
      }
      assert.equal(await exited, 0, output);
    },
  );

  it(
    'the labelyard command runs the bundled CLI beside it while the bundle is fresh',
    { timeout: 120_000 },
    async () => {
      buildIfStale();
      const { isStale } = (await import(path.join(root, 'scripts/bundle-staleness.mjs'))) as {
        isStale: (root: string, file: string) => boolean;
      };
      // What packages/cli/bin/labelyard.js decides on: fresh, so it imports dist/server/cli.js, not the sources.
      assert.equal(isStale(root, path.join(root, 'dist/server/cli.js')), false);
      const cli = spawnSync(
        process.execPath,
        [
          'packages/cli/bin/labelyard.js',
          'keys',
          'create',
          '--email',
          'bundle@example.com',
          '--org',
          'bundled',
        ],
        { cwd: root, encoding: 'utf8', env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' } },
      );
      assert.equal(cli.status, 0, cli.stderr);
      assert.match(cli.stdout.trim().split('\n').at(-1)!, /^lyk_/);
    },
  );
});
