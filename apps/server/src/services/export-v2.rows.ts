import {
  toV2Annotations,
  toV2DicomAnnotations,
  toV2VideoAnnotations,
  v2LabelKind,
  v2Layout,
  type ConvertContext,
  type LabelDocument,
  type MaskAnnotation,
  type MaskSource,
} from '@labelyard/schema';
import type {
  ExportAttachmentRecord,
  ExportDataRowRecord,
  ExportLabelRecord,
  ExportHistoryRecord,
  ExportMembershipRecord,
  ExportReviewRecord,
} from '../repositories/export.repository.ts';
import { guessMimeType } from './data-row.media.ts';
import type { ExportParams } from './export.filters.ts';
import { metadataFields, parseStoredMetadata, type MetadataIndex } from './metadata.values.ts';
import { actionName, taskName } from './queue/workflow-names.ts';

export type ExportProjectInfo = { id: string; name: string; ontologyId: string | null };

/** What every row of one v2 export shares. */
export type V2RowContext = {
  readonly params: ExportParams;
  readonly projects: ReadonlyMap<string, ExportProjectInfo>;
  /** Needed when `params.metadata` is on. */
  readonly metadata?: MetadataIndex | undefined;
  /** Where clients download a mask (signed; fetched without auth). */
  readonly maskUrl: (labelId: string, mask: MaskAnnotation) => string | undefined;
  /** Where clients download a stored PNG as it is (video mask frames; signed, fetched without auth). */
  readonly maskFileUrl: (source: MaskSource) => string | undefined;
};

/** One data row with what the page read for it. */
export type V2RowInput = {
  readonly row: ExportDataRowRecord;
  /** Projects to list under `projects`, in order. */
  readonly projectIds: readonly string[];
  readonly labels: readonly ExportLabelRecord[];
  readonly memberships: ReadonlyMap<string, ExportMembershipRecord>;
  /** The row's workflow transitions in the listed projects, oldest first. */
  readonly history?: readonly ExportHistoryRecord[];
  /** Reviews by label id. */
  readonly reviews?: ReadonlyMap<string, readonly ExportReviewRecord[]>;
  readonly attachments: readonly ExportAttachmentRecord[];
  /** The row's text when its row data is a URL to one (for text-entity `token`s); inline texts are read here. */
  readonly text?: string | undefined;
  /** The row's vectors (`embeddings`, when `includeEmbeddings` is on). */
  readonly embeddings?: readonly ExportEmbedding[];
  /** Model-run exports: the `experiments` block, written instead of `projects`. */
  readonly experiments?: Record<string, unknown>;
};

/** One embedding of a data row as export v2 writes it. */
export type ExportEmbedding = {
  id: string;
  name: string;
  dimensions: number;
  is_custom: boolean;
  values: Array<{ value: number[] }>;
};

export type ExportRowError = { data_row_id: string; label_id?: string; message: string };

/** A stored label document; problems are reported, not thrown, so one bad label cannot stop an export. */
export function parseLabelContent(text: string): LabelDocument | string {
  try {
    const doc = JSON.parse(text) as Partial<LabelDocument> | null;
    if (doc === null || typeof doc !== 'object') return 'label content is not a JSON object';
    return {
      objects: doc.objects ?? [],
      classifications: doc.classifications ?? [],
      relationships: doc.relationships ?? [],
    };
  } catch (error) {
    return `label content is not valid JSON: ${(error as Error).message}`;
  }
}

export function parseJsonObject(text: string | null): Record<string, unknown> {
  if (!text) return {};
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const snakeNames = new Map<string, string>();
const snake = (key: string): string => {
  let name = snakeNames.get(key);
  if (name === undefined) {
    name = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    if (snakeNames.size < 1_000) snakeNames.set(key, name);
  }
  return name;
};

/** Media attributes as export v2 names them (snake case), with a guessed `mime_type` when none is stored. */
let lastAttributes: { text: string | null; value: Record<string, unknown> } | undefined;

export function v2MediaAttributes(
  row: Pick<ExportDataRowRecord, 'row_data' | 'media_attributes'>,
): Record<string, unknown> {
  // Rows of one dataset often share their attributes (same camera, same size): reuse the last conversion.
  if (row.media_attributes !== null && lastAttributes?.text === row.media_attributes)
    return lastAttributes.value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(parseJsonObject(row.media_attributes))) out[snake(k)] = v;
  if (out.mime_type === undefined) out.mime_type = guessMimeType(row.row_data);
  else lastAttributes = { text: row.media_attributes, value: out };
  return out;
}

/** Inline text rows carry their text in `row_data`; entity tokens are cut from it. */
export function inlineText(row: Pick<ExportDataRowRecord, 'row_data' | 'media_type'>): string | undefined {
  // Cheap checks first: this runs for every exported row, and URL rows are by far the most common.
  if (row.media_type !== null && row.media_type !== 'TEXT') return undefined;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(row.row_data)) return undefined;
  return guessMimeType(row.row_data) === 'text/plain' ? row.row_data : undefined;
}

/** `metadata_fields`: `{schema_id, schema_name, value}`; an enum's value is its option `{schema_id, schema_name}`. */
function v2Metadata(index: MetadataIndex, text: string | null) {
  const entries = parseStoredMetadata(text);
  return metadataFields(index, entries).map((f) => {
    if (f.kind !== 'CustomMetadataEnum')
      return { schema_id: f.schemaId, schema_name: f.name, value: f.value };
    const option = entries.map((e) => index.byId.get(e.schemaId)).find((s) => s?.parentId === f.schemaId);
    return {
      schema_id: f.schemaId,
      schema_name: f.name,
      value: option ? { schema_id: option.id, schema_name: option.name } : null,
    };
  });
}

/**
 * One export v2 line (§3.10 of the wire reference): `data_row`, `media_attributes`, the included optional blocks,
 * then `projects → {name, labels, project_details}`. Labels whose content cannot be read are left out and reported.
 */
export function buildV2Row(input: V2RowInput, ctx: V2RowContext): { json: string; errors: ExportRowError[] } {
  const { row } = input;
  const { params } = ctx;
  const errors: ExportRowError[] = [];
  const text = input.text ?? inlineText(row);
  // One conversion context per row; the label whose masks it links is set before each conversion.
  let labelId = '';
  const convert: ConvertContext = {
    text,
    maskUrl: (mask) => ctx.maskUrl(labelId, mask),
    maskFileUrl: ctx.maskFileUrl,
  };
  let lastActivity = row.updated_at;
  const projects: Record<string, unknown> = {};
  for (const projectId of input.projectIds) {
    const project = ctx.projects.get(projectId);
    const labels: unknown[] = [];
    for (const l of input.labels) {
      if (l.project_id !== projectId) continue;
      if (l.updated_at > lastActivity) lastActivity = l.updated_at;
      const doc = parseLabelContent(l.content);
      if (typeof doc === 'string') {
        errors.push({ data_row_id: row.id, label_id: l.id, message: doc });
        continue;
      }
      labelId = l.id;
      labels.push(v2Label(l, doc, row.media_type, ctx, convert, input.reviews?.get(l.id) ?? []));
    }
    const block: Record<string, unknown> = { name: project?.name ?? null, labels };
    if (params.projectDetails)
      block.project_details = projectDetails(
        project,
        input.memberships.get(projectId),
        (input.history ?? []).filter((h) => h.project_id === projectId),
      );
    projects[projectId] = block;
  }
  const dataRow: Record<string, unknown> = {
    id: row.id,
    global_key: row.global_key,
    external_id: row.external_id,
    row_data: row.row_data,
  };
  if (params.dataRowDetails) {
    dataRow.details = {
      dataset_id: row.dataset_id,
      dataset_name: row.dataset_name,
      created_at: row.created_at,
      updated_at: row.updated_at,
      last_activity_at: lastActivity,
      created_by: row.created_by_email,
    };
  }
  const out: Record<string, unknown> = { data_row: dataRow, media_attributes: v2MediaAttributes(row) };
  if (params.attachments)
    out.attachments = input.attachments.map((a) => ({ type: a.type, value: a.value, name: a.name ?? '' }));
  if (params.metadata) out.metadata_fields = ctx.metadata ? v2Metadata(ctx.metadata, row.metadata) : [];
  if (params.embeddings) out.embeddings = input.embeddings ?? [];
  if (input.experiments) out.experiments = input.experiments;
  else out.projects = projects;
  return { json: JSON.stringify(out), errors };
}

function v2Label(
  l: ExportLabelRecord,
  doc: LabelDocument,
  mediaType: string | null,
  ctx: V2RowContext,
  convert: ConvertContext,
  reviews: readonly ExportReviewRecord[],
) {
  const layout = v2Layout(mediaType, doc);
  const label: Record<string, unknown> = { label_kind: v2LabelKind(layout), version: '1.0.0', id: l.id };
  if (ctx.params.labelDetails) {
    label.label_details = {
      created_at: l.created_at,
      updated_at: l.updated_at,
      created_by: l.created_by_email,
      content_last_updated_at: l.updated_at,
      reviews: reviews.map((r) => ({
        reviewer: r.reviewer_email,
        reviewed_at: r.created_at,
        review_action: r.verdict === 'APPROVE' ? 'Approve' : 'Reject',
      })),
    };
  }
  if (ctx.params.performanceDetails) {
    label.performance_details = {
      seconds_to_create: l.seconds_to_label,
      seconds_to_review: l.seconds_to_review ?? 0,
      skipped: l.type === 'SKIPPED',
      consensus_score: l.agreement,
      benchmark_score: l.benchmark_agreement,
    };
  }
  const frames = { interpolatedFrames: ctx.params.interpolatedFrames, maskFileUrl: ctx.maskFileUrl };
  label.annotations =
    layout === 'video'
      ? toV2VideoAnnotations(doc, frames)
      : layout === 'dicom'
        ? toV2DicomAnnotations(doc, frames)
        : toV2Annotations(doc, convert);
  return label;
}

function projectDetails(
  project: ExportProjectInfo | undefined,
  member: ExportMembershipRecord | undefined,
  history: readonly ExportHistoryRecord[],
) {
  const status = member?.workflow_status ?? null;
  return {
    ontology_id: project?.ontologyId ?? null,
    task_id: null,
    task_name: status ? taskName(status) : null,
    batch_id: member?.batch_id ?? null,
    batch_name: member?.batch_name ?? null,
    workflow_status: status,
    priority: member?.priority ?? null,
    consensus_expected_label_count: member?.labels_needed ?? 1,
    workflow_history: history.map((h) => ({
      action: actionName(h.action),
      created_at: h.created_at,
      created_by: h.created_by_email,
      previous_task_name: taskName(h.from_status),
      next_task_name: taskName(h.to_status),
    })),
  };
}
