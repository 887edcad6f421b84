#!/usr/bin/env node
// `npm run build:server` (run by `npm install` through `prepare`): bundles the server and the workspace packages it
// imports into dist/server/main.js so `npm start` runs plain JavaScript — no TypeScript loader, one file to parse.
// `--if-stale` (npm's prestart) rebuilds only when a source is newer than the bundle, so a `git pull` is never
// served from an old build.
// npm dependencies stay external (native addons, worker-thread transports); the GraphQL SDL is copied beside the
// bundle because build-schema.ts reads ./schema next to itself. Local only: esbuild needs no network.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const outDir = path.join(root, 'dist', 'server');
const outFile = path.join(outDir, 'main.js');
const readJson = (file) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));
const workspaces = readJson('package.json').workspaces ?? [];

if (process.argv.includes('--if-stale') && !isStale()) process.exit(0);
const { build } = await import('esbuild');

// Every npm dependency of every workspace stays an import; only our own @labelyard/* sources are bundled.
const external = new Set();
for (const dir of ['.', ...workspaces]) {
  const pkg = readJson(path.join(dir, 'package.json'));
  for (const name of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) {
    if (!name.startsWith('@labelyard/')) external.add(name);
  }
}

fs.rmSync(outDir, { recursive: true, force: true });
await build({
  entryPoints: [path.join(root, 'apps/server/src/main.ts')],
  outfile: outFile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: [...external],
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
});
const schemaSrc = path.join(root, 'apps/server/src/graphql/schema');
fs.mkdirSync(path.join(outDir, 'schema'));
for (const file of fs.readdirSync(schemaSrc)) {
  if (file.endsWith('.graphql'))
    fs.copyFileSync(path.join(schemaSrc, file), path.join(outDir, 'schema', file));
}
console.log(`built ${path.relative(root, outFile)}`);

function isStale() {
  if (!fs.existsSync(outFile)) return true;
  const builtAt = fs.statSync(outFile).mtimeMs;
  const newer = (dir) =>
    fs.readdirSync(dir, { withFileTypes: true }).some((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return entry.name !== 'node_modules' && newer(full);
      return fs.statSync(full).mtimeMs > builtAt;
    });
  return ['.', ...workspaces].some(
    (dir) =>
      fs.statSync(path.join(root, dir, 'package.json')).mtimeMs > builtAt ||
      (fs.existsSync(path.join(root, dir, 'src')) && newer(path.join(root, dir, 'src'))),
  );
}
