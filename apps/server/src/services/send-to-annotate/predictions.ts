import type { LabelDocument } from '@labelyard/schema';
import type { Db, Dialect } from '../../db/database.ts';
import { newId } from '../../ids.ts';
import { AnnotationImportRepository } from '../../repositories/annotation-import.repository.ts';
import { MeaPredictionRepository } from '../../repositories/mea-prediction.repository.ts';
import { SendToAnnotateRepository } from '../../repositories/send-to-annotate.repository.ts';
import { mergeLabels, parseStoredLabel, serializeLabel } from '../label.content.ts';
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

export type CarryResult = {
  created: number;
  overridden: number;
  kept: number;
  /** Rows that received a pre-label. */
  written: string[];
  /** Rows without any prediction in the run. */
  missing: string[];
  errors: Array<{ dataRowId: string; error: string }>;
};

/**
 * Carries the rows' predictions in a model run (all its imports together) into a project as pre-labels (what the
 * editor starts a labeler from) under `importId`, features mapped into the project's ontology. `conflict`: `keep`
 * leaves a row that already has a label or a pre-label there alone (send-to-annotate's KEEP_EXISTING); `replace`
 * replaces its pre-labels (OVERRIDE_WITH_PREDICTIONS; labels people submitted are never replaced by predictions);
 * `add` writes beside them, as any model-assisted import does.
 */
export async function carryPredictions(
  trx: Db,
  dialect: Dialect,
  owner: { organizationId: string },
  source: PredictionsPayload,
  target: { projectId: string; importId: string; conflict: 'keep' | 'replace' | 'add' },
  rows: readonly string[],
  now: string,
): Promise<CarryResult> {
  const out: CarryResult = { created: 0, overridden: 0, kept: 0, written: [], missing: [], errors: [] };
  const names = new Map(Object.entries(source.features));
  const incoming = new Map<string, LabelDocument>();
  for (const p of await new MeaPredictionRepository(trx, dialect).ofRows(source.modelRunId, rows)) {
    const doc = parseStoredLabel(p.content);
    const before = incoming.get(p.data_row_id);
    incoming.set(p.data_row_id, before ? mergeLabels(before, doc) : doc);
  }
  const reads = new SendToAnnotateRepository(trx);
  const checkConflicts = target.conflict !== 'add';
  const labelled = checkConflicts
    ? new Set((await reads.labels(target.projectId, rows)).map((l) => l.data_row_id))
    : new Set<string>();
  const prelabelled = checkConflicts
    ? new Set((await reads.prelabels(target.projectId, rows)).map((p) => p.data_row_id))
    : new Set<string>();
  const created: Array<{ dataRowId: string; content: string }> = [];
  const replaced: string[] = [];
  for (const dataRowId of rows) {
    const prediction = incoming.get(dataRowId);
    if (prediction === undefined) {
      out.missing.push(dataRowId);
      continue;
    }
    const banded = withinConfidence(prediction, source.minConfidence, source.maxConfidence);
    const { doc, dropped } = remapDocument(banded, source.mapping, names);
    if (dropped > 0)
      out.errors.push({
        dataRowId,
        error: `${dropped} prediction(s) left out: their features are not mapped into the destination ontology`,
      });
    if (doc.objects.length + doc.classifications.length + doc.relationships.length === 0) continue;
    const hasPrelabel = prelabelled.has(dataRowId);
    if ((labelled.has(dataRowId) || hasPrelabel) && target.conflict === 'keep') {
      out.kept++;
      continue;
    }
    if (hasPrelabel) replaced.push(dataRowId);
    created.push({ dataRowId, content: serializeLabel(doc) });
  }
  await reads.deletePrelabels(target.projectId, replaced);
  await new AnnotationImportRepository(trx, dialect).insertPrelabels(
    created.map((c) => ({
      id: newId(),
      organization_id: owner.organizationId,
      project_id: target.projectId,
      data_row_id: c.dataRowId,
      import_id: target.importId,
      content: c.content,
      created_at: now,
      updated_at: now,
    })),
  );
  out.created = created.length - replaced.length;
  out.overridden = replaced.length;
  out.written = created.map((c) => c.dataRowId);
  return out;
}
