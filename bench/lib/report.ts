/**
 * What a benchmark reports to `npm run bench`: figures measured side by side with their baseline, and checks with
 * absolute targets (peak RSS, latency). Printed for a person; written as JSON to `BENCH_RESULT_FILE` when the runner
 * set it, so docs/benchmarks.md and its charts come from the same numbers.
 */
import fs from 'node:fs';

export type Ratio = {
  /** What was measured, e.g. `{ user { id } }`. */
  name: string;
  ours: number;
  baseline: number;
  /** Unit of `ours` and `baseline`, e.g. `req/s`, `rows/s`. */
  unit: string;
  /** The baseline's name, e.g. `Fastify hello-world`. */
  baselineName: string;
  /** ours ÷ baseline (higher is better) must be at least this. */
  target?: number;
};

export type Check = { name: string; value: number; unit: string; max?: number; min?: number };

export type BenchResult = {
  title: string;
  /** How ours and the baseline were measured, in a sentence or two. */
  method: string;
  ratios: Ratio[];
  checks?: Check[];
  notes?: string[];
};

export const quick = process.argv.includes('--quick');

/** `--name N` from the command line, else `full` (or `quickValue` under `--quick`). */
export function sizeArg(name: string, full: number, quickValue: number): number {
  const i = process.argv.indexOf(name);
  const value = i >= 0 ? Number(process.argv[i + 1]) : quick ? quickValue : full;
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

export const fmt = (n: number) =>
  n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 2 });

export function ratioPasses(r: Ratio): boolean | undefined {
  return r.target === undefined ? undefined : r.ours / r.baseline >= r.target;
}

export function checkPasses(c: Check): boolean {
  return (c.max === undefined || c.value < c.max) && (c.min === undefined || c.value >= c.min);
}

export function report(result: BenchResult): void {
  console.log(`\n${result.title}`);
  for (const r of result.ratios) {
    const ratio = r.ours / r.baseline;
    const verdict =
      r.target === undefined ? '' : ` (target ≥ ${r.target}: ${ratioPasses(r) ? 'met' : 'NOT met'})`;
    console.log(
      `  ${r.name}: ${fmt(r.ours)} ${r.unit} vs ${r.baselineName} ${fmt(r.baseline)} ${r.unit} → ratio ${ratio.toFixed(3)}${verdict}`,
    );
  }
  for (const c of result.checks ?? []) {
    const bound =
      c.max !== undefined
        ? ` (target < ${fmt(c.max)})`
        : c.min !== undefined
          ? ` (target ≥ ${fmt(c.min)})`
          : '';
    console.log(
      `  ${c.name}: ${fmt(c.value)} ${c.unit}${bound}${bound ? (checkPasses(c) ? ' met' : ' NOT met') : ''}`,
    );
  }
  for (const note of result.notes ?? []) console.log(`  ${note}`);
  const file = process.env.BENCH_RESULT_FILE;
  if (file) fs.writeFileSync(file, JSON.stringify(result, null, 2));
}
