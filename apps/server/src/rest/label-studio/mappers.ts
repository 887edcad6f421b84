import { labelToLsResults, type LabelDocument } from '@labelyard/schema';
import type { UserRow } from '../../repositories/identity.repository.ts';
import type { LsProjectCountJson } from '../../services/label-studio/project-counts.ts';
import type { LsProject } from '../../services/label-studio/project.service.ts';
import type { LsTaskRecord } from '../../services/label-studio/task.service.ts';
import { lsContextFor } from '../../services/label-studio/records.ts';

/** Integer ids of the users and the organization a response mentions (Label Studio's models type them as ints). */
export type LsIds = { users: ReadonlyMap<string, number>; organization: number };
const userId = (ids: LsIds, id: string): number | string => ids.users.get(id) ?? id;

/** Users a page of tasks mentions, to number before mapping. */
export const usersOfTasks = (tasks: readonly LsTaskRecord[]): string[] =>
  tasks.flatMap((t) => t.annotations.map((a) => a.row.created_by));

/** `parsed_label_config` as Label Studio computes it: control name → type, targets, inputs, labels. */
export function parsedLabelConfig(project: LsProject) {
  const out: Record<string, unknown> = {};
  for (const c of project.config.controls) {
    out[c.name] = {
      type: c.tag,
      to_name: c.toName,
      inputs: c.toName.flatMap((n) => {
        const o = project.config.objects.find((x) => x.name === n);
        return o ? [{ type: o.tag, value: o.dataKey ?? '' }] : [];
      }),
      labels: c.options.map((o) => o.value),
      labels_attrs: Object.fromEntries(
        c.options.map((o) => [
          o.value,
          { value: o.value, ...(o.background && { background: o.background }) },
        ]),
      ),
    };
  }
  return out;
}

/** A project as Label Studio's ProjectSerializer writes it, plus `graphql_id`: the same project on the GraphQL face. */
export function projectJson(project: LsProject, counts: LsProjectCountJson, ids: LsIds, creator?: UserRow) {
  const row = project.row;
  return {
    id: project.lsId,
    graphql_id: row.id,
    title: row.name,
    description: row.description,
    label_config: project.labelConfig,
    ...project.settings,
    organization: ids.organization,
    created_by: creator
      ? {
          id: userId(ids, creator.id),
          first_name: creator.name,
          last_name: '',
          email: creator.email,
          avatar: null,
        }
      : { id: userId(ids, row.created_by) },
    created_at: row.created_at,
    updated_at: row.updated_at,
    ...counts,
    queue_total: counts.task_number,
    queue_done: null,
    parsed_label_config: parsedLabelConfig(project),
    config_has_control_tags: project.config.controls.length > 0,
    config_suitable_for_bulk_annotation: false,
  };
}

const results = (project: LsProject, task: LsTaskRecord, doc: LabelDocument, prediction = false) =>
  labelToLsResults(doc, lsContextFor(project, task.data, task.imageSize, task.maskPixels), { prediction });

export function annotationJson(
  project: LsProject,
  task: LsTaskRecord,
  a: LsTaskRecord['annotations'][number],
  ids: LsIds,
) {
  return {
    id: a.lsId,
    result: results(project, task, a.doc),
    created_username: '',
    created_ago: '',
    completed_by: userId(ids, a.row.created_by),
    was_cancelled: a.row.type === 'SKIPPED',
    ground_truth: a.row.is_benchmark_reference === 1,
    created_at: a.row.created_at,
    updated_at: a.row.updated_at,
    draft_created_at: null,
    lead_time: a.row.seconds_to_label,
    import_id: null,
    last_action: null,
    bulk_created: false,
    task: task.lsId,
    project: project.lsId,
    updated_by: userId(ids, a.row.created_by),
    parent_prediction: a.parentPrediction,
    parent_annotation: null,
    last_created_by: null,
    unique_id: a.row.id,
    graphql_id: a.row.id,
  };
}

export function predictionJson(
  project: LsProject,
  task: LsTaskRecord,
  p: LsTaskRecord['predictions'][number],
) {
  return {
    id: p.lsId,
    result: results(project, task, p.doc, true),
    score: p.fields.score,
    model_version: p.fields.modelVersion || 'undefined',
    model: null,
    model_run: null,
    cluster: null,
    neighbors: null,
    mislabeling: 0,
    created_ago: '',
    created_at: p.row.created_at,
    updated_at: p.row.updated_at,
    task: task.lsId,
    project: project.lsId,
  };
}

/**
 * The Data Manager's task columns (`GET /api/tasks/`, as Label Studio's DataManagerTaskSerializer adds them): the
 * average prediction score and annotation lead time, the annotation ids and model versions as text, the results as
 * Label Studio's display text (Python's JSON of the list without its brackets, cut at 500 characters, quotes removed;
 * numbers written as JavaScript writes them), no drafts, and the key of the storage object the task was made from.
 */
export function dataManagerFields(project: LsProject, task: LsTaskRecord) {
  const average = (values: ReadonlyArray<number | null>) => {
    const known = values.filter((v): v is number => typeof v === 'number');
    return known.length === 0 ? null : known.reduce((a, b) => a + b, 0) / known.length;
  };
  return {
    annotations_results: prettyList(task.annotations.map((a) => results(project, task, a.doc))),
    predictions_results: prettyList(task.predictions.map((p) => results(project, task, p.doc, true))),
    predictions_score: average(task.predictions.map((p) => p.fields.score)),
    avg_lead_time: average(task.annotations.map((a) => a.row.seconds_to_label)),
    annotations_ids: [...new Set(task.annotations.map((a) => a.lsId))].sort((a, b) => a - b).join(', '),
    predictions_model_versions: [
      ...new Set(task.predictions.map((p) => p.fields.modelVersion || 'undefined')),
    ]
      .sort()
      .join(', '),
    draft_exists: false,
    storage_filename: task.storageFilename,
  };
}

/** Label Studio's `_pretty_results` of a list of values. */
function prettyList(values: readonly unknown[]): string {
  if (values.length === 0) return '';
  return pythonJson(values)
    .slice(1, -1)
    .slice(0, 500)
    .replaceAll(',"', ', "')
    .replaceAll('],[', '] [')
    .replaceAll('"', '');
}

/** JSON as Python's `json.dumps` writes it: `, ` between items and `: ` after keys; floats rounded to 2 places. */
function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (typeof value === 'object' && value !== null)
    return `{${Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}: ${pythonJson(v)}`)
      .join(', ')}}`;
  if (typeof value === 'number')
    return Number.isFinite(value) ? String(Math.round(value * 100) / 100) : 'NaN';
  return JSON.stringify(value) ?? 'null';
}

/** When the task was finished: its newest annotation that is not skipped (null while it has none). */
function completedAt(task: LsTaskRecord): string | null {
  let at: string | null = null;
  for (const a of task.annotations)
    if (a.row.type !== 'SKIPPED' && (at === null || a.row.created_at > at)) at = a.row.created_at;
  return at;
}

/** A task with everything (`fields=all`): annotations, predictions and Label Studio's counters. */
export function taskJson(project: LsProject, task: LsTaskRecord, ids: LsIds, withLabels = true) {
  const annotations = task.annotations.map((a) => annotationJson(project, task, a, ids));
  return {
    id: task.lsId,
    data: task.data,
    meta: task.meta,
    created_at: task.createdAt,
    updated_at: task.updatedAt,
    is_labeled: task.annotations.some((a) => a.row.type !== 'SKIPPED'),
    completed_at: completedAt(task),
    overlap: 1,
    inner_id: task.lsId,
    total_annotations: task.annotations.filter((a) => a.row.type !== 'SKIPPED').length,
    cancelled_annotations: task.annotations.filter((a) => a.row.type === 'SKIPPED').length,
    total_predictions: task.predictions.length,
    comment_count: 0,
    unresolved_comment_count: 0,
    last_comment_updated_at: null,
    project: project.lsId,
    updated_by: [],
    file_upload: task.fileUpload,
    comment_authors: [],
    ...(withLabels && {
      annotations,
      predictions: task.predictions.map((p) => predictionJson(project, task, p)),
      drafts: [],
    }),
    annotators: [...new Set(task.annotations.map((a) => userId(ids, a.row.created_by)))],
    graphql_id: task.dataRowId,
  };
}
