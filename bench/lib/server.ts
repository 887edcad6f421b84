/** Starting the compiled server (what `npm start` runs) and other processes for the HTTP benchmarks. */
import { spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The Node flags `npm start` gives the server (package.json's start script), for servers the benchmarks start. */
export const SERVER_NODE_FLAGS: readonly string[] = (() => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const words = pkg.scripts.start!.split(/\s+/);
  return words.slice(1, words.indexOf('dist/server/main.js')).filter((w) => w.startsWith('--'));
})();

/** dist/server/main.js, rebuilt first when a source is newer (as `npm start`'s prestart does). */
export function compiledServer(): string {
  const build = spawnSync(process.execPath, [path.join(root, 'scripts/build-server.mjs'), '--if-stale'], {
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('building dist/server failed');
  return path.join(root, 'dist/server/main.js');
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Resolves once `url` answers 2xx; throws if `child` exits first or after a minute. */
export async function waitFor(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: process exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${url} did not come up`);
}

/** Stops the children (SIGTERM) and waits for them to exit. */
export async function stopAll(children: readonly ChildProcess[]): Promise<void> {
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(
    children.map((c) =>
      c.exitCode === null && c.signalCode === null
        ? new Promise<void>((resolve) => c.on('exit', () => resolve()))
        : Promise.resolve(),
    ),
  );
}
