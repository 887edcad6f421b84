import {
  aggregateMetrics,
  DEFAULT_IOU_THRESHOLD,
  predictionMetrics,
  type LabelDocument,
  type RowMetrics,
} from '@labelyard/schema';
import type { Actor } from '../../auth/actor.ts';
import { invalid } from '../../errors.ts';
import { LabelRepository } from '../../repositories/label.repository.ts';
import { MeaPredictionRepository } from '../../repositories/mea-prediction.repository.ts';
import { ModelRunRepository, type ModelRunDataRowRow } from '../../repositories/model-run.repository.ts';
import { mergeLabels, parseStoredLabel } from '../label.content.ts';
import type { ServiceDeps } from '../index.ts';
import { loadMaskPixels } from '../quality/mask-pixels.ts';
import type { ModelRunService } from './model-run.service.ts';

const EMPTY: LabelDocument = { objects: [], classifications: [], relationships: [] };
const PAGE = 500;

/** One row of a model run with its ground truth (the label upsert_labels attached), predictions and metrics. */
export type RowEvaluation = {
  row: ModelRunDataRowRow;
  groundTruth: LabelDocument | null;
  prediction: LabelDocument | null;
  metrics: RowMetrics;
};

export type MetricsDeps = Pick<ServiceDeps, 'db' | 'dialect' | 'blobs' | 'config'>;

/**
 * Ground truth, predictions and metrics of these rows of a run: three queries per call, whatever the count. Masks
 * are decoded with the consensus scorer's pixel reader (inline PNGs and this organization's blobs), so a mask
 * prediction scores by pixel IoU.
 */
export async function evaluateRows(
  deps: MetricsDeps,
  organizationId: string,
  modelRunId: string,
  rows: readonly ModelRunDataRowRow[],
  iouThreshold = DEFAULT_IOU_THRESHOLD,
): Promise<RowEvaluation[]> {
  const labelIds = rows.flatMap((r) => (r.label_id ? [r.label_id] : []));
  const labels = new Map(
    (await new LabelRepository(deps.db, deps.dialect).findMany(organizationId, labelIds)).map((l) => [
      l.id,
      parseStoredLabel(l.content),
    ]),
  );
  const predictions = new Map<string, LabelDocument>();
  const stored = await new MeaPredictionRepository(deps.db, deps.dialect).ofRows(
    modelRunId,
    rows.map((r) => r.data_row_id),
  );
  for (const p of stored) {
    const doc = parseStoredLabel(p.content);
    const before = predictions.get(p.data_row_id);
    predictions.set(p.data_row_id, before ? mergeLabels(before, doc) : doc);
  }
  const pairs = rows.map((row) => ({
    row,
    groundTruth: (row.label_id && labels.get(row.label_id)) || null,
    prediction: predictions.get(row.data_row_id) ?? null,
  }));
  const maskPixels = await loadMaskPixels(
    deps.blobs,
    organizationId,
    pairs.flatMap((p) => [p.groundTruth ?? EMPTY, p.prediction ?? EMPTY]),
    deps.config.maskMaxPixels,
  );
  return pairs.map((p) => ({
    ...p,
    metrics: predictionMetrics(p.groundTruth ?? EMPTY, p.prediction ?? EMPTY, { iouThreshold, maskPixels }),
  }));
}

/** A run's metrics as last computed: every row's metrics (by data row id) and the totals. */
type CachedRun = {
  fingerprint: string;
  rows: ReadonlyArray<{ row: ModelRunDataRowRow; metrics: RowMetrics }>;
  totals: Omit<RowMetrics, 'predictions'>;
};
/** Runs (× thresholds) kept; a run larger than MAX_CACHED_ROWS is recomputed each time. */
const MAX_CACHED_RUNS = 16;
const MAX_CACHED_ROWS = 200_000;

/**
 * Model-run metrics, computed from the stored ground truth and predictions, per data row and feature and for the
 * whole run (counts summed over rows, pages of 500 rows at a time). A row without ground truth or without
 * predictions scores against an empty document. Results are kept per run and threshold and reused while the run's
 * fingerprint (its write counter, raised by every row and prediction write, and its ground-truth labels' count and
 * latest edit) is unchanged: one aggregate query instead of reading every document again.
 */
export class ModelRunMetricsService {
  private readonly cache = new Map<string, CachedRun>();

  constructor(
    private readonly deps: MetricsDeps,
    private readonly runs: ModelRunService,
  ) {}

  /** `modelRunMetrics`: the run's totals, and one page of rows (after a data row id, by id). */
  async summary(
    actor: Actor,
    modelRunId: string,
    options: { iouThreshold?: number | null; first?: number | null; after?: string | null } = {},
  ) {
    const threshold = options.iouThreshold ?? DEFAULT_IOU_THRESHOLD;
    if (!(threshold > 0 && threshold <= 1)) throw invalid('iouThreshold', 'must be in (0, 1]');
    const first = Math.min(Math.max(options.first ?? 100, 0), 1000);
    const run = await this.runs.get(actor, modelRunId);
    const computed = await this.compute(actor.organizationId, run.id, threshold);
    const after = options.after ?? null;
    const page = computed.rows.filter((r) => after === null || r.row.data_row_id > after).slice(0, first);
    return { iouThreshold: threshold, ...computed.totals, rows: page };
  }

  private async compute(organizationId: string, runId: string, threshold: number): Promise<CachedRun> {
    const repo = new ModelRunRepository(this.deps.db);
    const key = `${runId}@${threshold}`;
    const fingerprint = await repo.metricsFingerprint(runId);
    const hit = this.cache.get(key);
    if (hit && hit.fingerprint === fingerprint) {
      // Most recently used last.
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const rows: Array<{ row: ModelRunDataRowRow; metrics: RowMetrics }> = [];
    let cursor: string | null = null;
    for (;;) {
      const page = await repo.page(runId, cursor, PAGE);
      if (page.length === 0) break;
      for (const e of await evaluateRows(this.deps, organizationId, runId, page, threshold))
        rows.push({ row: e.row, metrics: e.metrics });
      cursor = page[page.length - 1]!.id;
    }
    rows.sort((x, y) => (x.row.data_row_id < y.row.data_row_id ? -1 : 1));
    const computed: CachedRun = {
      fingerprint,
      rows,
      totals: aggregateMetrics(rows.map((r) => r.metrics)),
    };
    this.cache.delete(key);
    if (rows.length <= MAX_CACHED_ROWS) {
      this.cache.set(key, computed);
      while (this.cache.size > MAX_CACHED_RUNS) this.cache.delete(this.cache.keys().next().value!);
    }
    return computed;
  }
}
