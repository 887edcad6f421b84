#!/usr/bin/env node
// The `labelyard` command: the bundled CLI (dist/server/cli.js, built by `npm install` and `npm start`) while it is
// newer than every source, as `npm start` runs the bundled server; otherwise the TypeScript sources through tsx.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '../../..');
const bundled = path.join(root, 'dist/server/cli.js');
const { isStale } = await import(pathToFileURL(path.join(root, 'scripts/bundle-staleness.mjs')).href);
let main;
if (isStale(root, bundled)) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/main.ts'));
} else {
  process.env.NODE_ENV ??= 'production';
  ({ main } = await import(pathToFileURL(bundled).href));
}
process.exitCode = await main(process.argv.slice(2));
