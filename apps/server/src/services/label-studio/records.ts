import {
  emptyLabelDocument,
  lsResultsToLabel,
  type BinaryMask,
  type LabelDocument,
  type LsContext,
  type MaskAnnotation,
} from '@labelyard/schema';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../auth/actor.ts';
import type { Db, Dialect } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { newId } from '../../ids.ts';
import {
  AnnotationImportRepository,
  type PrelabelRow,
} from '../../repositories/annotation-import.repository.ts';
import { WorkflowRepository, type WorkflowHistoryRow } from '../../repositories/workflow.repository.ts';
import { LabelRepository, type LabelRow } from '../../repositories/label.repository.ts';
import { LabelStudioRepository } from '../../repositories/label-studio.repository.ts';
import { indexRowsOf, serializeLabel } from '../label.content.ts';
import { lsValidation, type LsProject } from './project.service.ts';

/** What an LS annotation carries besides its result. */
export type AnnotationFields = {
  wasCancelled: boolean;
  groundTruth: boolean;
  leadTime: number | null;
  /** The prediction (its Label Studio id) the annotation was made from (`parent_prediction`). */
  parentPrediction?: number | null;
};
/** What an annotation's `ls_refs` row keeps (null when nothing). */
export type AnnotationRefData = { parentPrediction?: number };
export type PredictionFields = { modelVersion: string; score: number | null };

/** DRF's field checks on the scalar fields of an annotation or prediction: a wrong type is a 400 naming it. */
function checked(raw: Record<string, unknown>, prefix: string) {
  const of = (key: string, type: 'boolean' | 'number' | 'string') => {
    const v = raw[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === type && (type !== 'number' || Number.isFinite(v))) return v;
    const message =
      type === 'boolean'
        ? 'Must be a valid boolean.'
        : type === 'number'
          ? 'A valid number is required.'
          : 'Not a valid string.';
    throw lsValidation(`${prefix}${key}`, message);
  };
  return of;
}

export function annotationFieldsOf(raw: Record<string, unknown>, prefix = ''): AnnotationFields {
  const of = checked(raw, prefix);
  return {
    wasCancelled: of('was_cancelled', 'boolean') === true,
    groundTruth: of('ground_truth', 'boolean') === true,
    leadTime: (of('lead_time', 'number') as number | undefined) ?? null,
    parentPrediction: (of('parent_prediction', 'number') as number | undefined) ?? null,
  };
}

export function predictionFieldsOf(
  raw: Record<string, unknown>,
  fallbackVersion = '',
  prefix = '',
): PredictionFields {
  const of = checked(raw, prefix);
  return {
    modelVersion: (of('model_version', 'string') as string | undefined) ?? fallbackVersion,
    score: (of('score', 'number') as number | undefined) ?? null,
  };
}

/** The converter context for one task: the project's ontology, the task's texts and image size. */
export function lsContextFor(
  project: LsProject,
  data: Readonly<Record<string, unknown>>,
  imageSize?: { width: number; height: number },
  maskPixels?: ReadonlyMap<MaskAnnotation, BinaryMask>,
): LsContext {
  return {
    ontology: project.ontology,
    imageSize,
    ...(maskPixels && { maskPixels: (mask: MaskAnnotation) => maskPixels.get(mask) }),
    text: (toName) => {
      const object = project.config.objects.find((o) => o.name === toName);
      const value = object?.dataKey === undefined ? undefined : data[object.dataKey];
      return typeof value === 'string' ? value : undefined;
    },
    newUuid: () => randomUUID(),
  };
}

/** Reads a result list or throws Label Studio's validation error naming the field. */
export function readResult(
  result: unknown,
  ctx: LsContext,
  field: string,
): { doc: LabelDocument; imageSize?: { width: number; height: number } } {
  if (result === undefined || result === null) return { doc: emptyLabelDocument };
  const parsed = lsResultsToLabel(result, ctx, field);
  if (!parsed.ok) {
    const messages = parsed.errors.map((e) => `${e.path}: ${e.message}`);
    throw new AppError('MALFORMED_REQUEST', messages[0]!, {
      field,
      details: { validation_errors: { [field.split(/[.[]/)[0]!]: messages } },
    });
  }
  return { doc: parsed.value, ...(parsed.imageSize && { imageSize: parsed.imageSize }) };
}

/**
 * Writes labels (LS annotations) with their indexes and integer ids; returns label id → LS id and the workflow steps
 * of the rows they finished (for WORKFLOW_ACTION once the transaction commits).
 */
export async function writeAnnotations(
  trx: Db,
  dialect: Dialect,
  actor: Actor,
  projectId: string,
  items: readonly { dataRowId: string; doc: LabelDocument; fields: AnnotationFields; createdAt?: string }[],
  now: string,
): Promise<{ rows: LabelRow[]; lsIds: Map<string, number>; steps: WorkflowHistoryRow[] }> {
  if (items.length === 0) return { rows: [], lsIds: new Map(), steps: [] };
  const labels = new LabelRepository(trx, dialect);
  const rows: LabelRow[] = items.map((item) => ({
    id: newId(),
    organization_id: actor.organizationId,
    project_id: projectId,
    data_row_id: item.dataRowId,
    created_by: actor.userId,
    type: item.fields.wasCancelled ? 'SKIPPED' : 'SUBMITTED',
    content: serializeLabel(item.doc),
    seconds_to_label: item.fields.leadTime,
    seconds_to_review: null,
    agreement: null,
    benchmark_agreement: null,
    is_benchmark_reference: item.fields.groundTruth ? 1 : 0,
    review_state: 'UNREVIEWED',
    import_id: null,
    created_at: item.createdAt ?? now,
    updated_at: now,
  }));
  await labels.insert(rows);
  // Annotations made on the Label Studio face finish their rows like imports (docs/queue.md).
  const steps = await new WorkflowRepository(trx).markLabeledOutsideQueue(
    projectId,
    rows.map((r) => r.data_row_id),
    now,
    { organizationId: actor.organizationId, userId: actor.userId, action: 'ANNOTATED', newId },
  );
  const annotations = [];
  const features = [];
  for (const [i, row] of rows.entries()) {
    const index = indexRowsOf(actor.organizationId, row.id, items[i]!.doc);
    annotations.push(...index.annotations);
    features.push(...index.features);
  }
  await labels.replaceIndexes(
    rows.map((r) => r.id),
    annotations,
    features,
  );
  const lsIds = await new LabelStudioRepository(trx).insert(
    rows.map((r, i) => {
      const parent = items[i]!.fields.parentPrediction;
      return {
        kind: 'annotation',
        ref_id: r.id,
        organization_id: actor.organizationId,
        project_id: projectId,
        data: parent ? JSON.stringify({ parentPrediction: parent } satisfies AnnotationRefData) : null,
        created_at: now,
      };
    }),
  );
  return { rows, lsIds, steps };
}

/** Writes pre-labels (LS predictions); each is its own import so a task can have several. */
export async function writePredictions(
  trx: Db,
  dialect: Dialect,
  actor: Actor,
  projectId: string,
  items: readonly { dataRowId: string; doc: LabelDocument; fields: PredictionFields }[],
  now: string,
): Promise<{ rows: PrelabelRow[]; lsIds: Map<string, number> }> {
  if (items.length === 0) return { rows: [], lsIds: new Map() };
  const rows: PrelabelRow[] = items.map((item) => {
    const id = newId();
    return {
      id,
      organization_id: actor.organizationId,
      project_id: projectId,
      data_row_id: item.dataRowId,
      import_id: `ls-prediction:${id}`,
      content: serializeLabel(item.doc),
      created_at: now,
      updated_at: now,
    };
  });
  await new AnnotationImportRepository(trx, dialect).insertPrelabels(rows);
  const lsIds = await new LabelStudioRepository(trx).insert(
    rows.map((r, i) => ({
      kind: 'prediction',
      ref_id: r.id,
      organization_id: actor.organizationId,
      project_id: projectId,
      data: JSON.stringify(items[i]!.fields),
      created_at: now,
    })),
  );
  return { rows, lsIds };
}
