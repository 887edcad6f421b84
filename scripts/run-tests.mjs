#!/usr/bin/env node
// `npm test`: the web app's Vitest tests (apps/web), then every *.test.ts under apps/, packages/ and e2e/ run by
// node's test runner through tsx. Pass paths or substrings to run a subset: `npm test -- ontology`
// (a filter that matches apps/web files runs only those through Vitest).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const roots = ['apps', 'packages', 'e2e'];
const WEB = path.join('apps', 'web');
const files = [];
const webFiles = [];
const walk = (dir) => {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (full.startsWith(WEB + path.sep)) {
      if (/\.test\.tsx?$/.test(entry.name)) webFiles.push(full);
    } else if (entry.name.endsWith('.test.ts')) files.push(full);
  }
};
for (const root of roots) if (fs.existsSync(root)) walk(root);
const filters = process.argv.slice(2);
const matches = (f) => filters.length === 0 || filters.some((x) => f.includes(x));
const selected = files.sort().filter(matches);
const selectedWeb = webFiles.sort().filter(matches);
if (selected.length === 0 && selectedWeb.length === 0) {
  console.error('No test files matched');
  process.exit(1);
}

let status = 0;
if (selectedWeb.length > 0) {
  // Vitest runs the React component and state tests in jsdom; its summary comes before node's.
  const vitest = path.resolve('node_modules/vitest/vitest.mjs');
  const args = ['run', '--reporter=dot', ...selectedWeb.map((f) => path.relative(WEB, f))];
  const result = spawnSync(process.execPath, [vitest, ...args], { cwd: WEB, stdio: 'inherit' });
  status = result.status ?? 1;
}
if (selected.length === 0) process.exit(status);

if (!process.env.TEST_DATABASE_URL) {
  console.log(
    '# PostgreSQL tests skipped: TEST_DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/postgres)',
  );
}
if (!process.env.TEST_REDIS_URL) {
  console.log('# Redis tests skipped: TEST_REDIS_URL is not set (e.g. redis://127.0.0.1:6379)');
}
const concurrency = process.env.TEST_CONCURRENCY ?? '3';
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...selected],
  { stdio: 'inherit', env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' } },
);
process.exit(status !== 0 ? status : (result.status ?? 1));
