#!/usr/bin/env node
// `npm install` runs this (the root `prepare` script): builds the web app into apps/web/dist with Vite, offline.
// The server serves that folder at `/`. Set LABELYARD_SKIP_WEB_BUILD=1 to skip (e.g. a server-only image).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const web = path.join(root, 'apps/web');
if (process.env.LABELYARD_SKIP_WEB_BUILD === '1') process.exit(0);
const vite = path.join(root, 'node_modules/vite/bin/vite.js');
if (!fs.existsSync(vite)) {
  console.log(
    'labelyard: web app not built (Vite is not installed; run `npm install` with dev dependencies)',
  );
  process.exit(0);
}
const started = Date.now();
const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'error'], {
  cwd: web,
  stdio: 'inherit',
});
if (result.status !== 0) {
  console.error('labelyard: building the web app failed (see above)');
  process.exit(result.status ?? 1);
}
console.log(`labelyard: web app built in ${((Date.now() - started) / 1000).toFixed(1)} s (apps/web/dist)`);
