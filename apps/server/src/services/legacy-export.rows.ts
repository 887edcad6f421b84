import { toV1Label, type MaskAnnotation } from '@labelyard/schema';
import type { ExportLegacyRecord } from '../repositories/legacy-export.repository.ts';
import { guessMediaType, guessMimeType } from './data-row.media.ts';
import { parseJsonObject, parseLabelContent, type ExportRowError } from './export-v2.rows.ts';
import { legacyReviews, type ReviewsByLabel } from './export-reviews.ts';
import { parseStoredMetadata } from './metadata.values.ts';

/** What every row of one legacy export shares. */
export type LegacyRowContext = {
  readonly projectId: string;
  readonly projectName: string;
  /** Ontology colour of a tool, for v1 `color`. */
  readonly color: (featureSchemaId: string) => string | null | undefined;
  readonly maskUrl: (labelId: string, mask: MaskAnnotation) => string | undefined;
  /** Where clients download a stored PNG as it is (video mask frames). */
  readonly maskFileUrl?: (source: MaskAnnotation['source']) => string | undefined;
  /** Where a person opens the label (`View Label`). */
  readonly viewUrl: (labelId: string) => string;
};

/**
 * One row of the `exportLabels` file, Labelbox's legacy v1 shape (§3.12): one row per label, keys spelled as
 * Labelbox did (`DataRow ID`, `Labeled Data`, …), `Agreement` -1 when not computed.
 */
export function buildLegacyRow(
  l: ExportLegacyRecord,
  ctx: LegacyRowContext,
  reviews?: ReviewsByLabel,
): { json: string } | { error: ExportRowError } {
  const doc = parseLabelContent(l.content);
  if (typeof doc === 'string') return { error: { data_row_id: l.data_row_id, label_id: l.id, message: doc } };
  const mimeType = guessMimeType(l.row_data);
  const row = {
    ID: l.id,
    'DataRow ID': l.data_row_id,
    'Labeled Data': l.row_data,
    Label: toV1Label(doc, {
      color: ctx.color,
      maskUrl: (mask) => ctx.maskUrl(l.id, mask),
      maskFileUrl: ctx.maskFileUrl,
    }),
    'Created By': l.created_by_email,
    'Project Name': ctx.projectName,
    'Created At': l.created_at,
    'Updated At': l.updated_at,
    'Seconds to Label': l.seconds_to_label ?? 0,
    'External ID': l.external_id,
    'Global Key': l.global_key,
    Agreement: l.agreement ?? -1,
    'Benchmark Agreement': l.benchmark_agreement ?? -1,
    'Benchmark ID': l.is_benchmark_reference ? l.id : null,
    'Dataset Name': l.dataset_name,
    Reviews: legacyReviews(reviews?.get(l.id)),
    'View Label': ctx.viewUrl(l.id),
    'Has Open Issues': 0,
    Skipped: l.type === 'SKIPPED',
    'DataRow Metadata': parseStoredMetadata(l.metadata),
    'Media Attributes': { ...(mimeType ? { mimeType } : {}), ...parseJsonObject(l.media_attributes) },
    'Data Split': null,
    media_type: l.media_type ?? guessMediaType(l.row_data),
  };
  return { json: JSON.stringify(row) };
}
