import {
  groupAnnotations,
  parseNdjsonAnnotation,
  readNdjsonEnvelope,
  relationshipUtil,
  type Annotation,
  type FeatureResolver,
  type FieldError,
  type LabelDocument,
} from '@labelyard/schema';
import { randomUUID } from 'node:crypto';
import { AppError, invalid } from '../../errors.ts';
import type { DataRowRow } from '../../repositories/data-row.repository.ts';
import { storeMasks, type MaskStore } from '../annotation-import.masks.ts';
import { mediaMismatch, mediaOf } from '../annotation-import.status.ts';
import { withoutConfidence } from '../label.content.ts';

/** Annotations per submission and bytes of one draft: a label is one data row's work, not a bulk import. */
export const MAX_ANNOTATIONS = 5_000;
export const MAX_DRAFT_BYTES = 4 * 1024 * 1024;

export type AnnotationError = { index: number; uuid: string | null; path: string; message: string };

/**
 * Checks a queue submission exactly as an import checks its lines (the same reader, ontology resolver, media and
 * mask checks, unique uuids and relationship ends) and returns the label document. Any failing annotation fails
 * the whole submission with MALFORMED_REQUEST listing every error by annotation index and `uuid`.
 */
export async function parseSubmission(
  annotations: readonly unknown[],
  ctx: { dataRow: DataRowRow; features: FeatureResolver; masks: MaskStore },
): Promise<LabelDocument> {
  if (annotations.length > MAX_ANNOTATIONS)
    throw invalid('data.annotations', `at most ${MAX_ANNOTATIONS} annotations, got ${annotations.length}`);
  const errors: AnnotationError[] = [];
  const parsed: Array<{ index: number; annotation: Annotation }> = [];
  const media = mediaOf(ctx.dataRow);
  for (const [index, raw] of annotations.entries()) {
    const uuid = uuidOf(raw);
    const fail = (list: readonly FieldError[]) =>
      errors.push(...list.map((e) => ({ index, uuid, path: e.path, message: e.message })));
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      fail([{ path: '', message: 'must be a JSON object shaped like an NDJSON import line' }]);
      continue;
    }
    if ('dataRow' in raw) {
      fail([{ path: 'dataRow', message: 'must be left out: the reservation names the data row' }]);
      continue;
    }
    const envelope = readNdjsonEnvelope({ ...raw, dataRow: { id: ctx.dataRow.id } });
    if (!envelope.ok) {
      fail(envelope.errors);
      continue;
    }
    const result = parseNdjsonAnnotation(envelope.value, {
      features: ctx.features,
      newUuid: randomUUID,
      ...(media && { media }),
    });
    if (!result.ok) {
      fail(result.errors);
      continue;
    }
    const read = result.annotations.map(withoutConfidence);
    const mismatch = mediaMismatch(read[0]!, ctx.dataRow);
    if (mismatch) {
      fail([mismatch]);
      continue;
    }
    const stored = await storeMasks(ctx.masks, read, media);
    if (!stored.ok) {
      fail(stored.errors);
      continue;
    }
    for (const annotation of stored.annotations) parsed.push({ index, annotation });
  }
  errors.push(...wholeLabelErrors(parsed));
  if (errors.length > 0) throw annotationErrors(errors);
  return groupAnnotations(parsed.map((p) => p.annotation));
}

/** What depends on the whole label: unique uuids and relationships between objects of the label. */
function wholeLabelErrors(
  parsed: ReadonlyArray<{ index: number; annotation: Annotation }>,
): AnnotationError[] {
  const errors: AnnotationError[] = [];
  const uuids = new Set<string>();
  const objects = new Set<string>();
  for (const { annotation: a } of parsed)
    if (a.kind !== 'relationship' && a.kind !== 'radio' && a.kind !== 'checklist' && a.kind !== 'text')
      objects.add(a.uuid);
  for (const { index, annotation: a } of parsed) {
    const at = (e: FieldError) => ({ index, uuid: a.uuid, path: e.path, message: e.message });
    if (uuids.has(a.uuid))
      errors.push(
        at({ path: 'uuid', message: `uuid "${a.uuid}" is used by another annotation of this label` }),
      );
    uuids.add(a.uuid);
    if (a.kind === 'relationship') errors.push(...relationshipUtil.validate(a, objects).map(at));
  }
  return errors;
}

function uuidOf(raw: unknown): string | null {
  if (raw && typeof raw === 'object' && 'uuid' in raw && typeof raw.uuid === 'string') return raw.uuid;
  return null;
}

function annotationErrors(errors: readonly AnnotationError[]): AppError {
  const first = errors[0]!;
  const where = first.uuid === null ? `annotation ${first.index}` : `annotation ${first.uuid}`;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return new AppError(
    'MALFORMED_REQUEST',
    `Invalid data.annotations: ${where}: ${first.path ? `${first.path} ` : ''}${first.message}${more}`,
    { field: `data.annotations.${first.index}`, details: { annotationErrors: errors } },
  );
}
