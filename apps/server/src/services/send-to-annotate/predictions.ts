import type { LabelDocument } from '@labelyard/schema';
import type { Db, Dialect } from '../../db/database.ts';
import { newId } from '../../ids.ts';
import { AnnotationImportRepository } from '../../repositories/annotation-import.repository.ts';
import { MeaPredictionRepository } from '../../repositories/mea-prediction.repository.ts';
import { SendToAnnotateRepository } from '../../repositories/send-to-annotate.repository.ts';
import { mergeLabels, parseStoredLabel, serializeLabel } from '../label.content.ts';
import type { SendOutcome, SendPayload } from './apply.ts';
import { remapDocument } from './remap.ts';

/** What `predictionsInput` asks for: a run's predictions, mapped into the destination ontology, within a band. */
export type PredictionsPayload = {
  modelRunId: string;
  mapping: Record<string, string>;
  features: Record<string, { name: string; value?: string }>;
  minConfidence: number;
  maxConfidence: number;
};

/** Top-level annotations whose confidence is outside [min, max] are left out; those without one stay. */
function withinConfidence(doc: LabelDocument, min: number, max: number): LabelDocument {
  const keep = (a: { confidence?: number }) =>
    a.confidence === undefined || (a.confidence >= min && a.confidence <= max);
  const objects = doc.objects.filter(keep);
  const uuids = new Set(objects.map((o) => o.uuid));
  return {
    objects,
    classifications: doc.classifications.filter(keep),
    relationships: doc.relationships.filter((r) => uuids.has(r.source) && uuids.has(r.target)),
  };
}

/**
 * Carries the rows' predictions in the source model run (all its imports together) into the destination as
 * pre-labels (what the editor starts a labeler from), features mapped into the destination ontology. A row that
 * already has a label or a pre-label there keeps it under KEEP_EXISTING; OVERRIDE_WITH_PREDICTIONS replaces its
 * pre-labels (labels people submitted are never replaced by predictions).
 */
export async function carryPredictions(
  trx: Db,
  dialect: Dialect,
  owner: { organizationId: string },
  payload: SendPayload,
  destinationId: string,
  rows: readonly string[],
  outcome: SendOutcome,
  now: string,
): Promise<void> {
  const source = payload.predictions!;
  const names = new Map(Object.entries(source.features));
  const incoming = new Map<string, LabelDocument>();
  for (const p of await new MeaPredictionRepository(trx, dialect).ofRows(source.modelRunId, rows)) {
    const doc = parseStoredLabel(p.content);
    const before = incoming.get(p.data_row_id);
    incoming.set(p.data_row_id, before ? mergeLabels(before, doc) : doc);
  }
  const reads = new SendToAnnotateRepository(trx);
  const labelled = new Set((await reads.labels(destinationId, rows)).map((l) => l.data_row_id));
  const prelabelled = new Set((await reads.prelabels(destinationId, rows)).map((p) => p.data_row_id));
  const importId = `send-to-annotate-${newId()}`;
  const created: Array<{ dataRowId: string; content: string }> = [];
  const replaced: string[] = [];
  for (const dataRowId of rows) {
    const prediction = incoming.get(dataRowId);
    if (prediction === undefined) continue;
    const banded = withinConfidence(prediction, source.minConfidence, source.maxConfidence);
    const { doc, dropped } = remapDocument(banded, source.mapping, names);
    if (dropped > 0)
      outcome.errors.push({
        dataRowId,
        error: `${dropped} prediction(s) left out: their features are not mapped into the destination ontology`,
      });
    if (doc.objects.length + doc.classifications.length + doc.relationships.length === 0) continue;
    const hasPrelabel = prelabelled.has(dataRowId);
    if ((labelled.has(dataRowId) || hasPrelabel) && !payload.overridePrelabels) {
      outcome.prelabelsKept = (outcome.prelabelsKept ?? 0) + 1;
      continue;
    }
    if (hasPrelabel) replaced.push(dataRowId);
    created.push({ dataRowId, content: serializeLabel(doc) });
  }
  await reads.deletePrelabels(destinationId, replaced);
  await new AnnotationImportRepository(trx, dialect).insertPrelabels(
    created.map((c) => ({
      id: newId(),
      organization_id: owner.organizationId,
      project_id: destinationId,
      data_row_id: c.dataRowId,
      import_id: importId,
      content: c.content,
      created_at: now,
      updated_at: now,
    })),
  );
  outcome.prelabelsCreated = (outcome.prelabelsCreated ?? 0) + created.length - replaced.length;
  outcome.prelabelsOverridden = (outcome.prelabelsOverridden ?? 0) + replaced.length;
}
