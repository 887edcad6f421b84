import { toV2Annotations, type LabelDocument, type RowMetrics } from '@labelyard/schema';
import type { Actor } from '../auth/actor.ts';
import type { ExportRepository, ExportModelRunRowRecord } from '../repositories/export.repository.ts';
import { buildV2Row, type ExportRowError, type V2RowContext } from './export-v2.rows.ts';
import type { V2Payload } from './export.runner.ts';
import type { ServiceDeps } from './index.ts';
import { exportEmbeddings } from './embedding/embedding.service.ts';
import { MASK_URL_TTL_SECONDS, MaskService } from './mask.service.ts';
import { MetadataService } from './metadata.service.ts';
import { evaluateRows } from './model/model-run.metrics.ts';

type RunInfo = NonNullable<V2Payload['modelRun']>;

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
      const e = evaluations[i]!;
      const runBlock: Record<string, unknown> = {
        name: run.name,
        run_data_row_id: row.run_data_row_id,
        labels: e.groundTruth
          ? [
              {
                label_kind: 'Default',
                version: '1.0.0',
                id: row.label_id,
                annotations: toV2Annotations(e.groundTruth),
              },
            ]
          : [],
      };
      if (payload.params.predictions) {
        runBlock.predictions = e.prediction
          ? [
              {
                label_kind: 'Default',
                version: '1.0.0',
                id: row.run_data_row_id,
                annotations: predictionAnnotations(e.prediction, e.metrics),
              },
            ]
          : [];
        runBlock.metrics = {
          iou: e.metrics.iou,
          features: e.metrics.features,
          confusion_matrix: e.metrics.confusion,
        };
      }
      if (payload.params.modelRunDetails) runBlock.split = SPLITS[row.data_split] ?? null;
      const built = buildV2Row(
        {
          row,
          projectIds: [],
          labels: [],
          memberships: new Map(),
          attachments: attachments.get(row.id) ?? [],
          embeddings: embeddings?.get(row.id),
          experiments: { [run.modelId]: { name: run.modelName, runs: { [run.id]: runBlock } } },
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
