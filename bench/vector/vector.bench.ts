/**
 * `npm run bench:vector [-- --rows N --dims D --queries Q]`: similarity search over a custom embedding on SQLite,
 * against a brute-force scan measured in the same run.
 *
 * Ours: vectors imported through `EmbeddingService.importNdjson` (the `_import_ndjson` route's body, 1,000 lines a
 * chunk), then `similar()` for top 10 by data row — the whole service path: the row's stored vector, the usearch HNSW
 * index (built from the database on the first search), the key → data-row lookup.
 * Baseline: the physical limit of exact search — one pass over all vectors held as one contiguous, pre-normalised
 * Float32Array (dot products), with a running top 10; no database.
 * Printed: import rate, index build time (the index is then saved to the data directory), the first search of a
 * restarted process (loading the saved index instead of building it), top-10 latency (median, p95) of both, their ratio, and recall@10 of ours
 * against the baseline's exact answers. Vectors are clustered (1,000 centres + noise), like real embeddings.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeAppContext } from '../../apps/server/src/bootstrap.ts';
import { benchContext } from '../lib/context.ts';
import { loadConfig } from '../../apps/server/src/config.ts';
import { connectSqlite } from '../../apps/server/src/db/connect.ts';
import { newId } from '../../apps/server/src/ids.ts';
import { EmbeddingService } from '../../apps/server/src/services/embedding/embedding.service.ts';
import { nowIso } from '../../apps/server/src/time.ts';
import { quick, report } from '../lib/report.ts';

function argValue(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

/** Exact top k by dot product over pre-normalised rows (the brute-force baseline). */
function bruteTopK(all: Float32Array, dims: number, query: Float32Array, k: number, skip: number): number[] {
  const best: Array<{ i: number; s: number }> = [];
  const n = all.length / dims;
  for (let r = 0; r < n; r++) {
    if (r === skip) continue;
    let s = 0;
    const o = r * dims;
    for (let d = 0; d < dims; d++) s += all[o + d]! * query[d]!;
    if (best.length < k) {
      best.push({ i: r, s });
      best.sort((a, b) => b.s - a.s);
    } else if (s > best[k - 1]!.s) {
      best[k - 1] = { i: r, s };
      best.sort((a, b) => b.s - a.s);
    }
  }
  return best.map((b) => b.i);
}

async function main(): Promise<void> {
  const rows = argValue('--rows', quick ? 4_000 : 100_000);
  const dims = argValue('--dims', 512);
  const queries = argValue('--queries', quick ? 50 : 200);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labelyard-bench-vector-'));
  try {
    const database = connectSqlite(path.join(dir, 'ours.db'));
    const config = { ...loadConfig({ LOG_LEVEL: 'silent' }), dataDir: dir, workerConcurrency: 0 };
    const { ctx, user, organization, actor } = await benchContext(config, database);
    const dataset = await ctx.services.datasets.create(actor, { name: 'bench' });

    // Data rows straight into the table (their import is bench:import's business).
    const ids: string[] = [];
    const now = nowIso();
    for (let i = 0; i < rows; i += 1000) {
      const values = Array.from({ length: Math.min(1000, rows - i) }, (_, j) => {
        const id = newId();
        ids.push(id);
        return {
          id,
          organization_id: organization.id,
          dataset_id: dataset.id,
          row_data: `https://example.com/${i + j}.jpg`,
          external_id: null,
          global_key: null,
          media_type: 'IMAGE',
          media_attributes: null,
          metadata: null,
          created_by: user.id,
          created_at: now,
          updated_at: now,
        };
      });
      await database.db.insertInto('data_rows').values(values).execute();
    }

    const random = rng(7);
    const gauss = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
    const centres = Array.from({ length: 1000 }, () => Float32Array.from({ length: dims }, gauss));
    const normalised = new Float32Array(rows * dims);
    const embedding = await ctx.services.embeddings.create(actor, { name: 'bench', dims });
    let importMs = 0;
    for (let i = 0; i < rows; i += 1000) {
      const lines: string[] = [];
      for (let r = i; r < Math.min(rows, i + 1000); r++) {
        const c = centres[r % centres.length]!;
        const v = Array.from(c, (x) => x + gauss() * 0.35);
        const norm = Math.hypot(...v);
        for (let d = 0; d < dims; d++) normalised[r * dims + d] = v[d]! / norm;
        lines.push(JSON.stringify({ id: ids[r], vector: v }));
      }
      const body = Buffer.from(lines.join('\n') + '\n');
      const t0 = performance.now();
      await ctx.services.embeddings.importNdjson(actor, embedding.id, body, String(lines.length));
      importMs += performance.now() - t0;
    }

    const buildStart = performance.now();
    await ctx.services.embeddings.similar(actor, {
      embeddingId: embedding.id,
      dataRowId: ids[0]!,
      first: 10,
    });
    const buildMs = performance.now() - buildStart;

    const ours: number[] = [];
    const brute: number[] = [];
    let hits = 0;
    const index = new Map(ids.map((id, i) => [id, i]));
    for (let q = 0; q < queries; q++) {
      const qi = Math.floor(random() * rows);
      const query = normalised.subarray(qi * dims, (qi + 1) * dims);
      const b0 = performance.now();
      const exact = bruteTopK(normalised, dims, query, 10, qi);
      brute.push(performance.now() - b0);
      const o0 = performance.now();
      const found = await ctx.services.embeddings.similar(actor, {
        embeddingId: embedding.id,
        dataRowId: ids[qi]!,
        first: 10,
      });
      ours.push(performance.now() - o0);
      const exactSet = new Set(exact);
      hits += found.filter((f) => exactSet.has(index.get(f.dataRowId)!)).length;
    }
    // A restarted process: the saved index is loaded (checksum + usearch load) instead of built again; one vector
    // imported meanwhile is read from the database on the first search.
    const indexDir = path.join(dir, 'vector-index');
    const savedBytes = fs
      .readdirSync(indexDir)
      .reduce((n, f) => n + fs.statSync(path.join(indexDir, f)).size, 0);
    const restarted = new EmbeddingService({ db: database.db, dialect: database.dialect, config });
    const reloadStart = performance.now();
    await restarted.similar(actor, { embeddingId: embedding.id, dataRowId: ids[0]!, first: 10 });
    const reloadMs = performance.now() - reloadStart;

    ours.sort((a, b) => a - b);
    brute.sort((a, b) => a - b);
    const fmt = (ms: number) => `${ms.toFixed(2)} ms`;
    console.log(`vectors: ${rows.toLocaleString('en-US')} × ${dims} dims, ${queries} top-10 queries`);
    console.log(
      `import (importNdjson, 1,000-line chunks): ${Math.round(rows / (importMs / 1000)).toLocaleString('en-US')} vectors/s`,
    );
    console.log(`index build from the database (first search, then saved): ${(buildMs / 1000).toFixed(1)} s`);
    console.log(
      `restarted process, first search (load the saved index, ${(savedBytes / 1e6).toFixed(0)} MB): ${(reloadMs / 1000).toFixed(2)} s — ${(buildMs / reloadMs).toFixed(0)}× faster than building`,
    );
    console.log(
      `ours  (service similar(), HNSW): median ${fmt(percentile(ours, 0.5))}, p95 ${fmt(percentile(ours, 0.95))}`,
    );
    console.log(
      `brute (exact scan, Float32Array): median ${fmt(percentile(brute, 0.5))}, p95 ${fmt(percentile(brute, 0.95))}`,
    );
    console.log(
      `speed-up (brute median / ours median): ${(percentile(brute, 0.5) / percentile(ours, 0.5)).toFixed(1)}×`,
    );
    console.log(`recall@10 vs exact: ${(hits / (queries * 10)).toFixed(4)}`);
    report({
      title: 'Similarity search (SQLite, custom embedding)',
      method: `${rows.toLocaleString('en-US')} clustered vectors × ${dims} dims imported through the service, then ${queries} top-10 searches by data row through similar() (stored vector, HNSW index, key → data row) against an exact scan of the same vectors held in one pre-normalised Float32Array, in the same run.`,
      ratios: [
        {
          name: 'top-10 search, median (ours vs exact scan)',
          ours: 1000 / percentile(ours, 0.5),
          baseline: 1000 / percentile(brute, 0.5),
          unit: 'searches/s',
          baselineName: 'exact scan of a Float32Array',
          target: 1,
        },
      ],
      checks: [
        { name: 'recall@10 against the exact answers', value: hits / (queries * 10), unit: '', min: 0.95 },
        { name: 'restarted process, first search (saved index)', value: reloadMs, unit: 'ms', max: buildMs },
      ],
    });
    await closeAppContext(ctx);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
