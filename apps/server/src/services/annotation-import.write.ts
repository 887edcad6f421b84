import type { LabelDocument } from '@labelyard/schema';
import type { Db, Dialect } from '../db/database.ts';
import { newId } from '../ids.ts';
import {
  AnnotationImportRepository,
  type PrelabelRow,
} from '../repositories/annotation-import.repository.ts';
import { LabelRepository, type LabelRow } from '../repositories/label.repository.ts';
import {
  MeaPredictionRepository,
  type ModelRunPredictionRow,
} from '../repositories/mea-prediction.repository.ts';
import { ProjectRepository } from '../repositories/project.repository.ts';
import { WorkflowRepository, type WorkflowHistoryRow } from '../repositories/workflow.repository.ts';
import { nowIso } from '../time.ts';
import { indexRowsOf, serializeLabel } from './label.content.ts';

export type ImportKind = 'GROUND_TRUTH' | 'MAL';
/** What an import wrote for a data row earlier (a label, a pre-label for MAL, a model-run prediction for MEA). */
export type StoredLabel = { id: string; data_row_id: string; content: string };
/** Where an import writes: a project (labels or MAL pre-labels) or a model run (MEA predictions). */
export type ImportTarget = { importId: string; organizationId: string; userId: string } & (
  { kind: ImportKind; projectId: string } | { kind: 'MEA'; modelRunId: string }
);

/** The import's existing labels (or pre-labels) for these data rows: their lines may span chunks. */
export function existingOfImport(
  db: Db,
  dialect: Dialect,
  target: ImportTarget,
  dataRowIds: string[],
): Promise<StoredLabel[]> {
  if (target.kind === 'MEA')
    return new MeaPredictionRepository(db, dialect).byImport(target.importId, dataRowIds);
  return target.kind === 'GROUND_TRUTH'
    ? new LabelRepository(db, dialect).byImport(target.importId, dataRowIds)
    : new AnnotationImportRepository(db, dialect).prelabelsByImport(target.importId, dataRowIds);
}

/**
 * Writes one chunk's documents (data row → whole label document) in ONE transaction: new labels with their
 * `annotations` / `label_features` index rows, or the rewritten content and indexes of labels this import wrote
 * before. MAL imports write pre-labels instead, which nothing indexes and project.labels never shows; MEA imports
 * write model-run predictions.
 */
export async function writeImportedLabels(
  db: Db,
  dialect: Dialect,
  target: ImportTarget,
  docs: ReadonlyMap<string, LabelDocument>,
  existing: ReadonlyMap<string, StoredLabel>,
): Promise<{ created: LabelRow[]; updated: LabelRow[]; steps: WorkflowHistoryRow[] }> {
  const now = nowIso();
  const created: LabelRow[] = [];
  const updated: LabelRow[] = [];
  const steps: WorkflowHistoryRow[] = [];
  if (docs.size === 0) return { created, updated, steps };
  await db.transaction().execute(async (trx) => {
    if (target.kind === 'MEA') return writePredictions(trx, dialect, target, docs, existing, now);
    if (target.kind === 'MAL') return writePrelabels(trx, dialect, target, docs, existing, now);
    const labels = new LabelRepository(trx, dialect);
    const index: ReturnType<typeof indexRowsOf> = { annotations: [], features: [] };
    for (const [dataRowId, doc] of docs) {
      const before = existing.get(dataRowId) as LabelRow | undefined;
      const content = serializeLabel(doc);
      const label = before
        ? { ...before, content, updated_at: now }
        : newLabel(target, dataRowId, content, now);
      if (before) {
        await labels.updateContent(before.id, content, now);
        updated.push(label);
      } else created.push(label);
      const rows = indexRowsOf(target.organizationId, label.id, doc);
      index.annotations.push(...rows.annotations);
      index.features.push(...rows.features);
    }
    await labels.insert(created);
    await labels.replaceIndexes(
      [...created, ...updated].map((l) => l.id),
      index.annotations,
      index.features,
    );
    await new ProjectRepository(trx).touch(target.projectId, now);
    // Ground truth finishes its rows (docs/queue.md): TO_LABEL rows with a new label move to DONE.
    steps.push(
      ...(await new WorkflowRepository(trx).markLabeledOutsideQueue(
        target.projectId,
        created.map((l) => l.data_row_id),
        now,
        { organizationId: target.organizationId, userId: target.userId, action: 'IMPORTED', newId },
      )),
    );
  });
  return { created, updated, steps };
}

function newLabel(
  target: ImportTarget & { projectId: string },
  dataRowId: string,
  content: string,
  now: string,
): LabelRow {
  return {
    id: newId(),
    organization_id: target.organizationId,
    project_id: target.projectId,
    data_row_id: dataRowId,
    created_by: target.userId,
    type: 'SUBMITTED',
    content,
    // Imported labels took no labeling time, as in Labelbox.
    seconds_to_label: 0,
    seconds_to_review: null,
    agreement: null,
    benchmark_agreement: null,
    is_benchmark_reference: 0,
    review_state: 'UNREVIEWED',
    import_id: target.importId,
    created_at: now,
    updated_at: now,
  };
}

async function writePrelabels(
  trx: Db,
  dialect: Dialect,
  target: ImportTarget & { projectId: string },
  docs: ReadonlyMap<string, LabelDocument>,
  existing: ReadonlyMap<string, StoredLabel>,
  now: string,
): Promise<void> {
  const repo = new AnnotationImportRepository(trx, dialect);
  const fresh: PrelabelRow[] = [];
  for (const [dataRowId, doc] of docs) {
    const before = existing.get(dataRowId);
    if (before) await repo.updatePrelabel(before.id, serializeLabel(doc), now);
    else
      fresh.push({
        id: newId(),
        organization_id: target.organizationId,
        project_id: target.projectId,
        data_row_id: dataRowId,
        import_id: target.importId,
        content: serializeLabel(doc),
        created_at: now,
        updated_at: now,
      });
  }
  await repo.insertPrelabels(fresh);
}

/** One prediction document per (import, data row), as pre-labels are; confidence values are kept. */
async function writePredictions(
  trx: Db,
  dialect: Dialect,
  target: ImportTarget & { modelRunId: string },
  docs: ReadonlyMap<string, LabelDocument>,
  existing: ReadonlyMap<string, StoredLabel>,
  now: string,
): Promise<void> {
  const repo = new MeaPredictionRepository(trx, dialect);
  const fresh: ModelRunPredictionRow[] = [];
  for (const [dataRowId, doc] of docs) {
    const before = existing.get(dataRowId);
    if (before) await repo.updatePrediction(before.id, serializeLabel(doc), now);
    else
      fresh.push({
        id: newId(),
        organization_id: target.organizationId,
        model_run_id: target.modelRunId,
        data_row_id: dataRowId,
        import_id: target.importId,
        content: serializeLabel(doc),
        created_at: now,
        updated_at: now,
      });
  }
  await repo.insertPredictions(fresh);
}
