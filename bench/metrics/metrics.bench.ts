/**
 * `npm run bench:metrics [-- --rows N] [-- --quick]`: model-run metrics (`modelRunMetrics`) on SQLite.
 *
 * Seeded: N data rows in a model run, each with a ground-truth label and a prediction (~1 KB documents with a box,
 * a polygon, a point and classifications; the prediction's shapes shifted a little).
 * Cold — ours: `ModelRunMetricsService.summary` with an empty cache (pages of run rows, their labels and predictions,
 * parse, score, aggregate). Baseline: the physical limit of the job — one raw SQL join returning every row's two
 * documents, `JSON.parse` and the same `predictionMetrics` + `aggregateMetrics`, nothing else.
 * Warm — ours: the same call again (the run's fingerprint query, then the cached result). Baseline: one raw indexed
 * `count(*)` of the run's rows (the least a database answer can cost).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { aggregateMetrics, predictionMetrics, type LabelDocument } from '@labelyard/schema';
import { closeAppContext } from '../../apps/server/src/bootstrap.ts';
import { benchContext } from '../lib/context.ts';
import { loadConfig } from '../../apps/server/src/config.ts';
import { connectSqlite } from '../../apps/server/src/db/connect.ts';
import { newId } from '../../apps/server/src/ids.ts';
import { fmt, report, sizeArg } from '../lib/report.ts';
import { createBenchOntology, labelContent } from '../lib/seed.ts';

const WARM_CALLS = 200;

/** The label document with every shape moved `d` pixels right (a near hit for the ground truth). */
function shifted(content: string, d: number): string {
  const doc = JSON.parse(content) as { objects: Array<Record<string, any>> };
  for (const o of doc.objects) {
    o.uuid = `p-${String(o.uuid)}`;
    if (o.bbox) o.bbox = { ...o.bbox, left: o.bbox.left + d };
    if (o.points) o.points = o.points.map((p: { x: number; y: number }) => ({ x: p.x + d, y: p.y }));
    if (o.point) o.point = { x: o.point.x + d, y: o.point.y };
  }
  return JSON.stringify(doc);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const rows = sizeArg('--rows', 20_000, 2_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labelyard-bench-metrics-'));
  try {
    const dbFile = path.join(dir, 'bench.db');
    const database = connectSqlite(dbFile);
    const config = { ...loadConfig({ LOG_LEVEL: 'silent' }), dataDir: dir, workerConcurrency: 0 };
    const { ctx, user, organization, actor } = await benchContext(config, database);
    const f = await createBenchOntology(ctx, actor);
    const project = await ctx.services.projects.create(actor, { name: 'bench', allowedMediaType: 'IMAGE' });
    await ctx.services.ontologies.connectOntology(actor, project.id, f.ontologyId);
    const dataset = await ctx.services.datasets.create(actor, { name: 'bench' });
    const model = await ctx.services.models.create(actor, { name: 'bench', ontologyId: f.ontologyId });
    const run = await ctx.services.modelRuns.create(actor, { modelId: model.id, name: 'bench' });

    // Seeding is not measured: rows, labels, run rows and predictions straight into the tables.
    const raw = new SQLite(dbFile);
    raw.pragma('journal_mode = WAL');
    const now = new Date().toISOString();
    const importId = newId();
    raw
      .prepare(
        'insert into mea_prediction_imports (id, organization_id, model_run_id, name, state, progress, input_key, created_by, created_at, updated_at) values (?,?,?,?,?,?,?,?,?,?)',
      )
      .run(importId, organization.id, run.id, 'bench', 'FINISHED', 1, 'none', user.id, now, now);
    const insRow = raw.prepare(
      'insert into data_rows (id, organization_id, dataset_id, row_data, external_id, global_key, media_type, media_attributes, metadata, created_by, created_at, updated_at) values (?,?,?,?,?,?,?,?,?,?,?,?)',
    );
    const insLabel = raw.prepare(
      'insert into labels (id, organization_id, project_id, data_row_id, created_by, type, content, seconds_to_label, seconds_to_review, agreement, benchmark_agreement, is_benchmark_reference, review_state, import_id, created_at, updated_at) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)',
    );
    const insRunRow = raw.prepare(
      'insert into model_run_data_rows (id, organization_id, model_run_id, data_row_id, label_id, data_split, created_at) values (?,?,?,?,?,?,?)',
    );
    const insPrediction = raw.prepare(
      'insert into model_run_predictions (id, organization_id, model_run_id, data_row_id, import_id, content, created_at, updated_at) values (?,?,?,?,?,?,?,?)',
    );
    raw.transaction(() => {
      for (let i = 0; i < rows; i++) {
        const rowId = newId();
        const labelId = newId();
        const content = labelContent(i, f);
        insRow.run(
          rowId,
          organization.id,
          dataset.id,
          `https://e.com/${i}.jpg`,
          null,
          null,
          'IMAGE',
          null,
          null,
          user.id,
          now,
          now,
        );
        insLabel.run(
          labelId,
          organization.id,
          project.id,
          rowId,
          user.id,
          'SUBMITTED',
          content,
          1,
          null,
          null,
          null,
          0,
          'UNREVIEWED',
          null,
          now,
          now,
        );
        insRunRow.run(newId(), organization.id, run.id, rowId, labelId, 'UNASSIGNED', now);
        insPrediction.run(
          newId(),
          organization.id,
          run.id,
          rowId,
          importId,
          shifted(content, 1 + (i % 5)),
          now,
          now,
        );
      }
    })();

    // Baseline (cold): one join, JSON.parse, score, aggregate. Run before and after ours; the faster counts.
    const selectJoined = raw.prepare(
      'select l.content as gt, p.content as pred from model_run_data_rows r join labels l on l.id = r.label_id join model_run_predictions p on p.model_run_id = r.model_run_id and p.data_row_id = r.data_row_id where r.model_run_id = ?',
    );
    const baseline = () => {
      const t0 = performance.now();
      const joined = selectJoined.all(run.id) as Array<{ gt: string; pred: string }>;
      const totals = aggregateMetrics(
        joined.map((j) =>
          predictionMetrics(JSON.parse(j.gt) as LabelDocument, JSON.parse(j.pred) as LabelDocument),
        ),
      );
      return { totals, ms: performance.now() - t0 };
    };
    const firstBase = baseline();

    // Ours (cold): the service with an empty cache.
    const o0 = performance.now();
    const cold = await ctx.services.modelRunMetrics.summary(actor, run.id, { first: 100 });
    const oursColdMs = performance.now() - o0;
    const secondBase = baseline();
    const baseColdMs = Math.min(firstBase.ms, secondBase.ms);
    if (Math.abs((cold.iou ?? 0) - (secondBase.totals.iou ?? 0)) > 1e-9)
      throw new Error(`ours and the baseline disagree: ${cold.iou} vs ${secondBase.totals.iou}`);

    // Warm: ours again (cached) vs one raw indexed count.
    const oursWarm: number[] = [];
    const baseWarm: number[] = [];
    const count = raw.prepare('select count(*) as n from model_run_data_rows where model_run_id = ?');
    for (let i = 0; i < WARM_CALLS; i++) {
      const t0 = performance.now();
      await ctx.services.modelRunMetrics.summary(actor, run.id, { first: 100 });
      oursWarm.push(performance.now() - t0);
      const t1 = performance.now();
      count.get(run.id);
      baseWarm.push(performance.now() - t1);
    }
    raw.close();
    await closeAppContext(ctx);

    const oursWarmMs = median(oursWarm);
    const baseWarmMs = median(baseWarm);
    report({
      title: 'Model-run metrics (SQLite)',
      method: `${fmt(rows)} data rows in a run, each with a ~1 KB ground-truth label and a prediction (box, polygon, point, classifications); modelRunMetrics through ModelRunMetricsService.summary, first call (cold) and ${WARM_CALLS} repeated calls (warm, median).`,
      ratios: [
        {
          name: 'cold summary vs raw join + parse + score',
          ours: rows / (oursColdMs / 1000),
          baseline: rows / (baseColdMs / 1000),
          unit: 'rows/s',
          baselineName: 'one SQL join, JSON.parse, predictionMetrics, aggregateMetrics',
          target: 0.5,
        },
        {
          name: 'warm (cached) summary vs raw count(*) of the run',
          ours: 1000 / oursWarmMs,
          baseline: 1000 / baseWarmMs,
          unit: 'calls/s',
          baselineName: 'one indexed count(*) through better-sqlite3',
        },
      ],
      checks: [
        { name: 'cold summary', value: oursColdMs, unit: 'ms' },
        { name: 'warm summary (median)', value: oursWarmMs, unit: 'ms', max: 0.1 * oursColdMs },
      ],
      notes: [
        `Warm is ${(oursColdMs / oursWarmMs).toFixed(0)}× faster than cold: the cache is checked with one aggregate query (run counter, ground-truth label count and latest edit).`,
      ],
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
