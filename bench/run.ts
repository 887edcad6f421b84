/**
 * `npm run bench [-- --quick] [-- --only <substring>]`: runs every `bench/<area>/<name>.bench.ts` (discovered, not
 * listed) in its own process, one after another so they do not compete for the CPUs, then writes the results with a
 * description of the machine to docs/benchmarks.md and one chart per benchmark to docs/benchmarks/<name>.svg.
 * With `--only`, the page keeps the other benchmarks' sections from its last run and replaces only those re-run.
 *
 * A benchmark may declare Node options in a `// bench-node-options: …` line near its top. It reports through
 * bench/lib/report.ts; one that prints only text still appears in the page with its output and any `ratio:` lines.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchChart } from './lib/chart-svg.ts';
import { writeBenchmarksPage, type BenchRun } from './lib/markdown.ts';
import type { BenchResult } from './lib/report.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.join(root, 'bench');
const quick = process.argv.includes('--quick');
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined;

function discover(): string[] {
  const files: string[] = [];
  for (const area of fs.readdirSync(benchDir, { withFileTypes: true })) {
    if (!area.isDirectory() || area.name === 'lib' || area.name === 'out') continue;
    for (const file of fs.readdirSync(path.join(benchDir, area.name))) {
      if (file.endsWith('.bench.ts')) files.push(path.join(benchDir, area.name, file));
    }
  }
  return files.sort().filter((f) => only === undefined || path.relative(benchDir, f).includes(only));
}

function nodeOptions(file: string): string[] {
  const head = fs.readFileSync(file, 'utf8').split('\n').slice(0, 40);
  const line = head.find((l) => l.includes('bench-node-options:'));
  return line ? line.split('bench-node-options:')[1]!.trim().split(/\s+/).filter(Boolean) : [];
}

async function runOne(file: string): Promise<BenchRun> {
  const name = path.basename(file, '.bench.ts');
  const resultFile = path.join(os.tmpdir(), `labelyard-bench-${process.pid}-${name}.json`);
  fs.rmSync(resultFile, { force: true });
  const args = [...nodeOptions(file), '--import', 'tsx', file, ...(quick ? ['--quick'] : [])];
  console.log(`\n== ${path.relative(root, file)}${quick ? ' (quick)' : ''}`);
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, BENCH_RESULT_FILE: resultFile, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => {
    process.stdout.write(d);
    output += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    process.stderr.write(d);
    output += d.toString();
  });
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  const seconds = (performance.now() - started) / 1000;
  let result: BenchResult | undefined;
  if (fs.existsSync(resultFile)) {
    result = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as BenchResult;
    fs.rmSync(resultFile);
  }
  // Progress lines end in \r; keep what a terminal would finally show.
  const text = output
    .split('\n')
    .map((l) => l.split('\r').at(-1)!)
    .join('\n');
  return { file: path.relative(root, file), name, code, seconds, result, output: text };
}

async function main(): Promise<void> {
  const files = discover();
  if (files.length === 0) throw new Error(`no bench/*/*.bench.ts matched${only ? ` "${only}"` : ''}`);
  const loadBefore = os.loadavg();
  const started = new Date();
  const runs: BenchRun[] = [];
  for (const file of files) runs.push(await runOne(file));
  const chartDir = path.join(root, 'docs', 'benchmarks');
  fs.mkdirSync(chartDir, { recursive: true });
  for (const run of runs) {
    const chart = run.result && benchChart(run.result);
    if (chart) fs.writeFileSync(path.join(chartDir, `${run.name}.svg`), chart);
  }
  const pageFile = path.join(root, 'docs', 'benchmarks.md');
  const previous = fs.existsSync(pageFile) ? fs.readFileSync(pageFile, 'utf8') : undefined;
  const page = writeBenchmarksPage({
    runs,
    quick,
    started,
    loadBefore,
    loadAfter: os.loadavg(),
    only,
    previous,
  });
  fs.writeFileSync(pageFile, page);
  const total = runs.reduce((s, r) => s + r.seconds, 0);
  console.log(`\n${runs.length} benchmarks in ${total.toFixed(0)} s → docs/benchmarks.md`);
  for (const run of runs.filter((r) => r.code !== 0)) console.error(`FAILED: ${run.file} (exit ${run.code})`);
  process.exitCode = runs.some((r) => r.code !== 0) ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
