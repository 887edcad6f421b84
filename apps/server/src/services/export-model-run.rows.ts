import { toV2Annotations, type LabelDocument, type RowMetrics } from '@labelyard/schema';
import type { Actor } from '../auth/actor.ts';
import type { ExportRepository, ExportModelRunRowRecord } from '../repositories/export.repository.ts';
import { buildV2Row, type ExportRowError, type V2RowContext } from './export-v2.rows.ts';
import type { ExportParams } from './export.filters.ts';
import type { ExportRunInfo, V2Payload } from './export.runner.ts';
import type { ServiceDeps } from './index.ts';
import { exportEmbeddings } from './embedding/embedding.service.ts';
import { MASK_URL_TTL_SECONDS, MaskService } from './mask.service.ts';
import { MetadataService } from './metadata.service.ts';
import { evaluateRows } from './model/model-run.metrics.ts';
import { ModelRunRepository } from '../repositories/model-run.repository.ts';

type RunInfo = ExportRunInfo;
type RowEvaluation = Awaited<ReturnType<typeof evaluateRows>>[number];

/** Export v2 split names, as Labelbox writes them. */
const SPLITS: Record<string, string | null> = {
  TRAINING: 'training',
  VALIDATION: 'validation',
  TEST: 'test',
  UNASSIGNED: null,
};

/** v2 annotations of the predictions, each with its metrics (`iou` with the ground truth it matched). */
function predictionAnnotations(doc: LabelDocument, metrics: RowMetrics) {
  const byUuid = new Map(metrics.predictions.map((p) => [p.uuid, p]));
  const withMetrics = <T extends { feature_id?: unknown }>(a: T) => {
    const m = byUuid.get(String(a.feature_id));
    return m ? { ...a, metrics: { iou: m.iou, matched_feature_id: m.matchedUuid } } : a;
  };
  const v2 = toV2Annotations(doc);
  return {
    objects: v2.objects.map(withMetrics),
    classifications: v2.classifications.map(withMetrics),
    relationships: v2.relationships,
  };
}

/**
 * `exportDataRowsInModelRun` lines: the run's data rows by id, page by page, each with
 * `experiments[model_id].runs[run_id]` holding the ground truth (`labels`), the predictions (`predictions`, with
 * per-annotation metrics) and the row's metrics per feature when `includePredictions` is on, and the data `split`
 * when `includeModelRunDetails` is on. Three queries per page besides the rows (one more each for attachments and
 * embeddings when asked for).
 */
export async function* modelRunPages(
  deps: ServiceDeps,
  repo: ExportRepository,
  pageSize: number,
  actor: Actor,
  payload: V2Payload,
  run: RunInfo,
): AsyncGenerator<{ lines: string[]; errors: ExportRowError[] }> {
  const org = actor.organizationId;
  const masks = new MaskService(deps);
  const ctx: V2RowContext = {
    params: payload.params,
    projects: new Map(),
    metadata: payload.params.metadata ? await new MetadataService(deps).index(actor) : undefined,
    maskUrl: (labelId, mask) => masks.signedUrl(payload.origin, org, labelId, mask.uuid),
    maskFileUrl: (source) => masks.sourceUrl(payload.origin, org, source, MASK_URL_TTL_SECONDS),
  };
  let after: string | null = null;
  for (;;) {
    const page: ExportModelRunRowRecord[] = await repo.modelRunPage(org, run.id, after, pageSize);
    if (page.length === 0) return;
    const evaluations = await evaluateRows(
      deps,
      org,
      run.id,
      page.map((r) => ({
        id: r.run_data_row_id,
        organization_id: org,
        model_run_id: run.id,
        data_row_id: r.id,
        label_id: r.label_id,
        data_split: r.data_split,
        created_at: r.run_created_at,
      })),
    );
    const ids = page.map((r) => r.id);
    const attachments = new Map<string, Awaited<ReturnType<ExportRepository['attachmentsFor']>>>();
    if (payload.params.attachments)
      for (const a of await repo.attachmentsFor(org, ids))
        attachments.set(a.data_row_id, [...(attachments.get(a.data_row_id) ?? []), a]);
    const embeddings = payload.params.embeddings ? await exportEmbeddings(deps.db, org, ids) : undefined;
    const lines: string[] = [];
    const errors: ExportRowError[] = [];
    page.forEach((row, i) => {
      const runBlock = runBlockOf(
        run,
        row.run_data_row_id,
        row.label_id,
        row.data_split,
        evaluations[i]!,
        payload.params,
      );
      const built = buildV2Row(
        {
          row,
          projectIds: [],
          labels: [],
          memberships: new Map(),
          attachments: attachments.get(row.id) ?? [],
          embeddings: embeddings?.get(row.id),
          experiments: { [run.modelId]: { name: run.modelName, runs: { [run.id]: runBlock } } },
          experimentsOnly: true,
        },
        ctx,
      );
      lines.push(built.json);
      errors.push(...built.errors);
    });
    yield { lines, errors };
    after = page[page.length - 1]!.id;
  }
}

/**
 * One run's block of a row's `experiments`: the ground truth (`labels`); with `includePredictions` the predictions
 * (with per-annotation metrics) and the row's metrics; with `includeModelRunDetails` the data `split`.
 */
function runBlockOf(
  run: RunInfo,
  runDataRowId: string,
  labelId: string | null,
  split: string,
  e: RowEvaluation,
  params: ExportParams,
): Record<string, unknown> {
  const block: Record<string, unknown> = {
    name: run.name,
    run_data_row_id: runDataRowId,
    labels: e.groundTruth
      ? [
          {
            label_kind: 'Default',
            version: '1.0.0',
            id: labelId,
            annotations: toV2Annotations(e.groundTruth),
          },
        ]
      : [],
  };
  if (params.predictions) {
    block.predictions = e.prediction
      ? [
          {
            label_kind: 'Default',
            version: '1.0.0',
            id: runDataRowId,
            annotations: predictionAnnotations(e.prediction, e.metrics),
          },
        ]
      : [];
    block.metrics = {
      iou: e.metrics.iou,
      features: e.metrics.features,
      confusion_matrix: e.metrics.confusion,
    };
  }
  if (params.modelRunDetails) block.split = SPLITS[split] ?? null;
  return block;
}

/**
 * Catalog exports with `modelRunIds` / `allModelRuns`: each data row's `experiments` (by model id, then run id) for
 * the runs it is in, as a model-run export writes them. Two queries per run per page (the run's rows among the
 * page, then their labels and predictions).
 */
export async function catalogExperiments(
  deps: ServiceDeps,
  organizationId: string,
  runs: readonly RunInfo[],
  dataRowIds: readonly string[],
  params: ExportParams,
): Promise<Map<string, Record<string, { name: string; runs: Record<string, unknown> }>>> {
  const out = new Map<string, Record<string, { name: string; runs: Record<string, unknown> }>>();
  const repo = new ModelRunRepository(deps.db);
  for (const run of runs) {
    const rows = await repo.rowsOf(run.id, dataRowIds);
    if (rows.length === 0) continue;
    const evaluations = await evaluateRows(deps, organizationId, run.id, rows);
    rows.forEach((row, i) => {
      let experiments = out.get(row.data_row_id);
      if (!experiments) out.set(row.data_row_id, (experiments = {}));
      const model = (experiments[run.modelId] ??= { name: run.modelName, runs: {} });
      model.runs[run.id] = runBlockOf(run, row.id, row.label_id, row.data_split, evaluations[i]!, params);
    });
  }
  return out;
}
