import {
  v2LabelKind,
  v2Layout,
  type ConvertContext,
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
  ExportV2LabelRecord,
} from '../repositories/export.repository.ts';
import type { LabelRender } from '../repositories/label-render.repository.ts';
import { parseLabelContent, renderV2Annotations } from './export-v2.render.ts';
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
  /** Labels with their content, or with a current stored render (`rendered`) and no content. */
  readonly labels: readonly (ExportLabelRecord | ExportV2LabelRecord)[];
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
  /** The `experiments` block: a model-run export's, or a catalog export's with model runs asked for. */
  readonly experiments?: Record<string, unknown>;
  /** Model-run exports: `experiments` is written instead of `projects`. */
  readonly experimentsOnly?: boolean;
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

export { parseLabelContent } from './export-v2.render.ts';

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

/** JSON text of a value that is never undefined here (an object, array, string, number, boolean or null). */
const json = (value: unknown): string => JSON.stringify(value);

/** A row's `media_attributes` JSON, reused while rows share their attributes (the conversion reuses its object). */
let lastAttributesJson: { value: Record<string, unknown>; json: string } | undefined;
function mediaAttributesJson(row: ExportDataRowRecord): string {
  const value = v2MediaAttributes(row);
  if (lastAttributesJson?.value !== value) lastAttributesJson = { value, json: json(value) };
  return lastAttributesJson.json;
}

/**
 * One export v2 line (§3.10 of the wire reference): `data_row`, `media_attributes`, the included optional blocks,
 * then `projects → {name, labels, project_details}`. Labels whose content cannot be read are left out and reported.
 * The line is written as JSON text piece by piece in the order `JSON.stringify` of the whole row would give, so a
 * label's stored render (`rendered`) is spliced in as it is; labels rendered here whose annotations do not depend on
 * this export come back in `renders`, to be stored.
 */
export function buildV2Row(
  input: V2RowInput,
  ctx: V2RowContext,
): { json: string; errors: ExportRowError[]; renders: LabelRender[] } {
  const { row } = input;
  const { params } = ctx;
  const errors: ExportRowError[] = [];
  const renders: LabelRender[] = [];
  const text = input.text ?? inlineText(row);
  // One conversion context per row; the label whose masks it links is set before each conversion.
  let labelId = '';
  const convert: ConvertContext = {
    text,
    maskUrl: (mask) => ctx.maskUrl(labelId, mask),
    maskFileUrl: ctx.maskFileUrl,
  };
  let lastActivity = row.updated_at;
  // Keyed as JSON.stringify keys an object (integer-like keys first, a repeated id once, in its first place).
  const projects: Record<string, string> = {};
  for (const projectId of input.projectIds) {
    const project = ctx.projects.get(projectId);
    const labels: string[] = [];
    for (const l of input.labels) {
      if (l.project_id !== projectId) continue;
      if (l.updated_at > lastActivity) lastActivity = l.updated_at;
      const rendered = 'rendered' in l ? l.rendered : null;
      let kind = 'Default';
      let annotations: string;
      if (rendered !== null) annotations = rendered;
      else {
        const doc = parseLabelContent(l.content ?? '');
        if (typeof doc === 'string') {
          errors.push({ data_row_id: row.id, label_id: l.id, message: doc });
          continue;
        }
        labelId = l.id;
        const layout = v2Layout(row.media_type, doc);
        kind = v2LabelKind(layout);
        const out = renderV2Annotations(doc, layout, convert, params.interpolatedFrames);
        annotations = out.json;
        if (out.portable)
          renders.push({
            label_id: l.id,
            media_type: row.media_type,
            label_updated_at: l.updated_at,
            annotations,
          });
      }
      labels.push(v2Label(l, kind, annotations, ctx, input.reviews?.get(l.id) ?? []));
    }
    let block = `{"name":${json(project?.name ?? null)},"labels":[${labels.join(',')}]`;
    if (params.projectDetails)
      block += `,"project_details":${json(
        projectDetails(
          project,
          input.memberships.get(projectId),
          (input.history ?? []).filter((h) => h.project_id === projectId),
        ),
      )}`;
    projects[projectId] = `${block}}`;
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
  let line = `{"data_row":${json(dataRow)},"media_attributes":${mediaAttributesJson(row)}`;
  if (params.attachments)
    line += `,"attachments":${json(input.attachments.map((a) => ({ type: a.type, value: a.value, name: a.name ?? '' })))}`;
  if (params.metadata)
    line += `,"metadata_fields":${json(ctx.metadata ? v2Metadata(ctx.metadata, row.metadata) : [])}`;
  if (params.embeddings) line += `,"embeddings":${json(input.embeddings ?? [])}`;
  if (!input.experimentsOnly) {
    const parts: string[] = [];
    for (const projectId of Object.keys(projects)) parts.push(`${json(projectId)}:${projects[projectId]!}`);
    line += `,"projects":{${parts.join(',')}}`;
  }
  if (input.experiments) line += `,"experiments":${json(input.experiments)}`;
  return { json: `${line}}`, errors, renders };
}

/** One label: `{label_kind, version, id, label_details?, performance_details?, annotations}`. */
function v2Label(
  l: ExportLabelRecord | ExportV2LabelRecord,
  kind: string,
  annotations: string,
  ctx: V2RowContext,
  reviews: readonly ExportReviewRecord[],
): string {
  let out = `{"label_kind":${json(kind)},"version":"1.0.0","id":${json(l.id)}`;
  if (ctx.params.labelDetails) {
    out += `,"label_details":${json({
      created_at: l.created_at,
      updated_at: l.updated_at,
      created_by: l.created_by_email,
      content_last_updated_at: l.updated_at,
      reviews: reviews.map((r) => ({
        reviewer: r.reviewer_email,
        reviewed_at: r.created_at,
        review_action: r.verdict === 'APPROVE' ? 'Approve' : 'Reject',
      })),
    })}`;
  }
  if (ctx.params.performanceDetails) {
    out += `,"performance_details":${json({
      seconds_to_create: l.seconds_to_label,
      seconds_to_review: l.seconds_to_review ?? 0,
      skipped: l.type === 'SKIPPED',
      consensus_score: l.agreement,
      benchmark_score: l.benchmark_agreement,
    })}`;
  }
  return `${out},"annotations":${annotations}}`;
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
