import type { LabelDocument } from '@labelyard/schema';
import type { Db, Dialect } from '../../db/database.ts';
import { newId } from '../../ids.ts';
import { BatchRepository, type BatchRow } from '../../repositories/batch.repository.ts';
import { DataRowRepository } from '../../repositories/data-row.repository.ts';
import { LabelRepository, type LabelRow } from '../../repositories/label.repository.ts';
import { ModelRunRepository } from '../../repositories/model-run.repository.ts';
import { QueueRepository, type WorkflowStatus } from '../../repositories/queue.repository.ts';
import { WorkflowRepository } from '../../repositories/workflow.repository.ts';
import { ProjectRepository } from '../../repositories/project.repository.ts';
import { SendToAnnotateRepository } from '../../repositories/send-to-annotate.repository.ts';
import { nowIso } from '../../time.ts';
import { MAX_BATCH_ROWS } from '../batch.input.ts';
import { commitRows } from '../batch.rows.ts';
import { indexRowsOf, parseStoredLabel, serializeLabel } from '../label.content.ts';
import { carryPredictions, type PredictionsPayload } from './predictions.ts';
import { remapDocument } from './remap.ts';

export type SendPayload = {
  destinationProjectId: string;
  batchName: string;
  priority: number;
  excludeInProject: boolean;
  rows: { kind: 'ids' | 'keys'; values: string[] };
  /** The source project, the feature mapping, and the destination ontology's features (id → name, value). */
  annotations: {
    projectId: string;
    mapping: Record<string, string>;
    features: Record<string, { name: string; value?: string }>;
  } | null;
  /** true: incoming annotations replace a row's label in the destination; false: rows keep theirs. */
  override: boolean;
  /** A model run's predictions to carry over as pre-labels (`predictionsInput`). */
  predictions?: PredictionsPayload | null;
  /** true (OVERRIDE_WITH_PREDICTIONS): predictions replace a row's pre-labels; false: labelled rows keep theirs. */
  overridePrelabels?: boolean;
  sourceModelRunId: string | null;
  /** Where the sent rows go in the destination's workflow (`destinationTaskQueue`; DONE when absent). */
  destinationStatus?: WorkflowStatus;
};

export type SendRowError = { dataRowId?: string; globalKey?: string; error: string };
export type SendOutcome = {
  ok: boolean;
  error?: string;
  batches: Array<{ id: string; name: string; size: number }>;
  addedCount: number;
  excludedCount: number;
  labelsCreated: number;
  labelsOverridden: number;
  labelsKept: number;
  /** Present when predictions were sent. */
  prelabelsCreated?: number;
  prelabelsOverridden?: number;
  prelabelsKept?: number;
  errors: SendRowError[];
};

/**
 * The `send-to-annotate` task body, in ONE transaction (a retried task starts over from nothing): resolves the rows,
 * leaves out rows already in the project when asked, adds the others as batches `name`, `name_1`, … of at most
 * 100,000 rows, then carries the source project's newest label of each row over (features mapped into the
 * destination ontology) as a submitted label, and a model run's predictions as pre-labels, under the conflict rule
 * for rows labelled (or pre-labelled) there already.
 */
export async function applySendToAnnotate(
  db: Db,
  dialect: Dialect,
  owner: { organizationId: string; userId: string },
  payload: SendPayload,
): Promise<SendOutcome> {
  const outcome: SendOutcome = {
    ok: true,
    batches: [],
    addedCount: 0,
    excludedCount: 0,
    labelsCreated: 0,
    labelsOverridden: 0,
    labelsKept: 0,
    errors: [],
  };
  return db.transaction().execute(async (trx) => {
    const now = nowIso();
    const destination = await new ProjectRepository(trx).find(
      owner.organizationId,
      payload.destinationProjectId,
    );
    if (!destination || destination.deleted === 1)
      return { ...outcome, ok: false, error: `Project ${payload.destinationProjectId} no longer exists` };
    const refField = payload.rows.kind === 'ids' ? 'dataRowId' : 'globalKey';
    const { found, failed } = await new DataRowRepository(trx, dialect).resolveDataRowIds(
      owner.organizationId,
      {
        ids: payload.rows.kind === 'ids' ? payload.rows.values : null,
        globalKeys: payload.rows.kind === 'keys' ? payload.rows.values : null,
      },
    );
    for (const ref of failed) outcome.errors.push({ [refField]: ref, error: 'Data row not found' });
    if (found.length === 0) return { ...outcome, ok: false, error: 'None of the data rows were found' };
    let rows = found;
    if (payload.sourceModelRunId !== null) {
      const inRun = new Set(
        (await new ModelRunRepository(trx).rowsOf(payload.sourceModelRunId, rows)).map((r) => r.data_row_id),
      );
      for (const id of rows.filter((r) => !inRun.has(r)))
        outcome.errors.push({
          dataRowId: id,
          error: `Data row is not in model run ${payload.sourceModelRunId}`,
        });
      rows = rows.filter((r) => inRun.has(r));
    }
    const batches = new BatchRepository(trx);
    const membership = await batches.membership(destination.id, rows);
    if (payload.excludeInProject) {
      outcome.excludedCount = rows.filter((r) => membership.has(r)).length;
      rows = rows.filter((r) => !membership.has(r));
    }
    const fresh = rows.filter((r) => !membership.has(r));
    for (let i = 0; i < fresh.length; i += MAX_BATCH_ROWS) {
      const part = fresh.slice(i, i + MAX_BATCH_ROWS);
      const batch = await newNamedBatch(batches, owner, destination.id, payload, now);
      const committed = await commitRows(
        trx,
        { unresolved: [], refOf: new Map(part.map((id) => [id, id])), membership: new Map() },
        batch,
        payload.priority,
        now,
      );
      outcome.addedCount += committed.added;
      outcome.batches.push({ id: batch.id, name: batch.name, size: committed.size });
    }
    if (payload.annotations && rows.length > 0)
      await carryAnnotations(trx, dialect, owner, payload, destination, rows, outcome, now);
    if (payload.predictions && rows.length > 0) {
      const carried = await carryPredictions(
        trx,
        dialect,
        owner,
        payload.predictions,
        {
          projectId: destination.id,
          importId: `send-to-annotate-${newId()}`,
          conflict: payload.overridePrelabels ? 'replace' : 'keep',
        },
        rows,
        now,
      );
      outcome.prelabelsCreated = carried.created;
      outcome.prelabelsOverridden = carried.overridden;
      outcome.prelabelsKept = carried.kept;
      // A row of the run without predictions is simply sent without a pre-label.
      outcome.errors.push(...carried.errors);
    }
    // The sent rows go to the destination task queue, or to Done (docs/queue.md).
    await new WorkflowRepository(trx).move(destination.id, rows, payload.destinationStatus ?? 'DONE', now);
    await new QueueRepository(trx, dialect).releaseRows(destination.id, rows, now);
    return outcome;
  });
}

/** `name`, or the first free `name_1`, `name_2`, … in the project. */
async function newNamedBatch(
  repo: BatchRepository,
  owner: { organizationId: string; userId: string },
  projectId: string,
  payload: SendPayload,
  now: string,
): Promise<BatchRow> {
  let name = payload.batchName;
  for (let n = 1; (await repo.findByNames(projectId, [name])).length > 0; n++)
    name = `${payload.batchName}_${n}`;
  const batch: BatchRow = {
    id: newId(),
    organization_id: owner.organizationId,
    project_id: projectId,
    name,
    priority: payload.priority,
    consensus_settings: null,
    size: 0,
    created_by: owner.userId,
    created_at: now,
    updated_at: now,
  };
  await repo.insert([batch]);
  return batch;
}

async function carryAnnotations(
  trx: Db,
  dialect: Dialect,
  owner: { organizationId: string; userId: string },
  payload: SendPayload,
  destination: { id: string },
  rows: readonly string[],
  outcome: SendOutcome,
  now: string,
): Promise<void> {
  const source = payload.annotations!;
  const names = new Map(Object.entries(source.features));
  const reads = new SendToAnnotateRepository(trx);
  const incoming = new Map<string, string>();
  for (const l of await reads.labels(source.projectId, rows)) incoming.set(l.data_row_id, l.content);
  const existing = new Map<string, LabelRow['id']>();
  for (const l of await reads.labels(destination.id, rows)) existing.set(l.data_row_id, l.id);
  const labels = new LabelRepository(trx, dialect);
  const created: LabelRow[] = [];
  const rewritten: Array<{ id: string; doc: LabelDocument }> = [];
  for (const dataRowId of rows) {
    const content = incoming.get(dataRowId);
    if (content === undefined) continue;
    const { doc, dropped } = remapDocument(parseStoredLabel(content), source.mapping, names);
    if (dropped > 0)
      outcome.errors.push({
        dataRowId,
        error: `${dropped} annotation(s) left out: their features are not mapped into the destination ontology`,
      });
    if (doc.objects.length + doc.classifications.length + doc.relationships.length === 0) continue;
    const current = existing.get(dataRowId);
    if (current !== undefined && !payload.override) {
      outcome.labelsKept++;
      continue;
    }
    if (current !== undefined) {
      await labels.updateContent(current, serializeLabel(doc), now);
      rewritten.push({ id: current, doc });
      outcome.labelsOverridden++;
    } else {
      const label: LabelRow = {
        id: newId(),
        organization_id: owner.organizationId,
        project_id: destination.id,
        data_row_id: dataRowId,
        created_by: owner.userId,
        type: 'SUBMITTED',
        content: serializeLabel(doc),
        seconds_to_label: 0,
        seconds_to_review: null,
        agreement: null,
        benchmark_agreement: null,
        is_benchmark_reference: 0,
        review_state: 'UNREVIEWED',
        import_id: null,
        created_at: now,
        updated_at: now,
      };
      created.push(label);
      rewritten.push({ id: label.id, doc });
      outcome.labelsCreated++;
    }
  }
  await labels.insert(created);
  const index = rewritten.map((r) => indexRowsOf(owner.organizationId, r.id, r.doc));
  await labels.replaceIndexes(
    rewritten.map((r) => r.id),
    index.flatMap((i) => i.annotations),
    index.flatMap((i) => i.features),
  );
  if (rewritten.length > 0) await new ProjectRepository(trx).touch(destination.id, now);
}
