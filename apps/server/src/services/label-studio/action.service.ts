import type { Actor } from '../../auth/actor.ts';
import type { Db, Dialect } from '../../db/database.ts';
import type { LabelRow } from '../../repositories/label.repository.ts';
import { LabelStudioRepository } from '../../repositories/label-studio.repository.ts';
import { nowIso } from '../../time.ts';
import type { DataRowService } from '../data-row.service.ts';
import { serializeLabel } from '../label.content.ts';
import type { LabelService } from '../label.service.ts';
import {
  isRecord,
  parseDmFilters,
  parseDmSelection,
  parseViewId,
  type DmFilters,
  type DmSelection,
} from './dm-query.ts';
import { lsValidation, type LsProject } from './project.service.ts';
import { writeAnnotations } from './records.ts';
import type { LabelStudioTaskService } from './task.service.ts';

/** Tasks handled per step (each step its own transaction, so a retry finishes what a failure left). */
const CHUNK = 1_000;
/** Most labels one `LabelService.delete` call takes. */
const LABEL_DELETE_CHUNK = 10_000;

/** The Data Manager actions served (`GET /api/dm/actions`), in Label Studio's ids, titles and order. */
export const LS_DM_ACTIONS = [
  { id: 'predictions_to_annotations', title: 'Create Annotations From Predictions', order: 91 },
  { id: 'delete_tasks', title: 'Delete Tasks', order: 100 },
  { id: 'delete_tasks_annotations', title: 'Delete Annotations', order: 101 },
  { id: 'delete_tasks_predictions', title: 'Delete Predictions', order: 102 },
] as const;
export type LsDmActionId = (typeof LS_DM_ACTIONS)[number]['id'];

export type LsDmActionResult = {
  body: Record<string, unknown>;
  /** Label Studio ids of the deleted tasks (TASKS_DELETED). */
  deletedTasks: number[];
  /** Labels made from predictions (LABEL_CREATED / ANNOTATION_CREATED). */
  createdLabels: LabelRow[];
};

/**
 * The request of `POST /api/dm/actions`: `selectedItems` (`{"all": false, "included": [...]}` or `{"all": true,
 * "excluded": [...]}`) is required without a view, so an empty body never selects every task. Data Manager
 * `filters` narrow the selection (as Label Studio applies them); a `view` applies its filters instead, with
 * `selectedItems` optional (none: all of the view's tasks).
 */
export function parseDmActionRequest(
  id: unknown,
  body: unknown,
  view: unknown,
): {
  action: LsDmActionId;
  selection: DmSelection;
  filters: DmFilters | undefined;
  /** The view whose filters apply (then `filters` is undefined). */
  viewId: number | undefined;
  modelVersions: string[] | null;
} {
  const action = LS_DM_ACTIONS.find((a) => a.id === id)?.id;
  if (!action)
    throw lsValidation(
      'id',
      `"${String(id)}" is not one of ${LS_DM_ACTIONS.map((a) => a.id).join(', ')} (the actions served here).`,
    );
  const b = isRecord(body) ? body : {};
  const viewId = parseViewId(view ?? b.view, 'view');
  const filters = viewId === undefined ? parseDmFilters(b.filters, 'filters') : undefined;
  if (viewId === undefined && !isRecord(b.selectedItems))
    throw lsValidation('selectedItems', 'This field is required.');
  const selection = parseDmSelection(b.selectedItems, 'selectedItems') ?? { all: true, excluded: new Set() };
  let modelVersions: string[] | null = null;
  const mv = b.model_version;
  if (typeof mv === 'string') modelVersions = [mv];
  else if (Array.isArray(mv)) {
    modelVersions = mv.map((v, i) => {
      if (typeof v !== 'string') throw lsValidation(`model_version.${i}`, 'Not a valid string.');
      return v;
    });
  } else if (mv !== undefined && mv !== null)
    throw lsValidation('model_version', 'Expected a string or a list of strings.');
  return { action, selection, filters, viewId, modelVersions };
}

/** Data Manager actions (`/api/dm/actions`) over a selection of a project's tasks, a chunk at a time. */
export class LabelStudioActionService {
  private readonly repo: LabelStudioRepository;

  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
    private readonly tasks: LabelStudioTaskService,
    private readonly dataRows: DataRowService,
    private readonly labels: LabelService,
  ) {
    this.repo = new LabelStudioRepository(db);
  }

  /**
   * The selected tasks of the project (those not in it are ignored, as Label Studio does) that the filters keep, in
   * id order.
   */
  async *selectedRows(actor: Actor, project: LsProject, selection: DmSelection, filters?: DmFilters) {
    await this.repo.ensureTasks(actor.organizationId, project.row.id, nowIso());
    const query = this.tasks.querySql(project, filters && { filters }, false, false);
    if (!selection.all) {
      const ids = [...selection.included].sort((a, b) => a - b);
      for (let i = 0; i < ids.length; i += CHUNK) {
        const part = ids.slice(i, i + CHUNK);
        const rows = await this.repo.taskPage(project.row.id, 0, part.length, part, undefined, query);
        if (rows.length > 0) yield rows;
      }
      return;
    }
    let after = 0;
    for (;;) {
      const rows = await this.repo.taskPage(project.row.id, 0, CHUNK, undefined, after, query);
      if (rows.length === 0) return;
      after = rows[rows.length - 1]!.ls_id;
      const kept = rows.filter((r) => !selection.excluded.has(r.ls_id));
      if (kept.length > 0) yield kept;
      if (rows.length < CHUNK) return;
    }
  }

  async run(
    actor: Actor,
    project: LsProject,
    request: ReturnType<typeof parseDmActionRequest>,
  ): Promise<LsDmActionResult> {
    const { action, selection, filters } = request;
    const result: LsDmActionResult = { body: {}, deletedTasks: [], createdLabels: [] };
    let count = 0;
    if (action === 'delete_tasks') {
      // Deleting while paging by id is safe: the cursor moves past what was deleted.
      for await (const rows of this.selectedRows(actor, project, selection, filters)) {
        const dataRowIds = rows.map((r) => r.data_row_id);
        await this.dataRows.delete(actor, dataRowIds);
        await this.repo.deleteRefs('task', project.row.id, dataRowIds);
        result.deletedTasks.push(...rows.map((r) => r.ls_id));
      }
      count = result.deletedTasks.length;
      result.body = { processed_items: count, reload: true, detail: `Deleted ${count} tasks` };
    } else if (action === 'delete_tasks_annotations') {
      for await (const rows of this.selectedRows(actor, project, selection, filters)) {
        const labels = await this.repo.labelsOf(
          project.row.id,
          rows.map((r) => r.data_row_id),
        );
        for (let i = 0; i < labels.length; i += LABEL_DELETE_CHUNK) {
          const ids = labels.slice(i, i + LABEL_DELETE_CHUNK).map((l) => l.id);
          const deleted = await this.labels.delete(actor, ids);
          await this.repo.deleteRefs('annotation', project.row.id, ids);
          count += deleted.length;
        }
      }
      result.body = { processed_items: count, detail: `Deleted ${count} annotations` };
    } else if (action === 'delete_tasks_predictions') {
      for await (const rows of this.selectedRows(actor, project, selection, filters)) {
        const prelabels = await this.repo.prelabelsOf(
          project.row.id,
          rows.map((r) => r.data_row_id),
        );
        const ids = prelabels.map((p) => p.id);
        await this.db.transaction().execute(async (trx) => {
          const repo = new LabelStudioRepository(trx);
          await repo.deletePrelabels(ids);
          await repo.deleteRefs('prediction', project.row.id, ids);
        });
        count += ids.length;
      }
      result.body = { processed_items: count, detail: `Deleted ${count} predictions` };
    } else {
      count = await this.predictionsToAnnotations(actor, project, request, result.createdLabels);
      result.body = { response_code: 200, detail: `Created ${count} annotations` };
    }
    return result;
  }

  /**
   * Every selected prediction (of the given model versions, or all) becomes an annotation by the caller, as Label
   * Studio's action does. A prediction the caller already has an identical annotation of is skipped, so a retried
   * request (the SDK re-POSTs on 5xx) creates nothing twice.
   */
  private async predictionsToAnnotations(
    actor: Actor,
    project: LsProject,
    request: ReturnType<typeof parseDmActionRequest>,
    created: LabelRow[],
  ): Promise<number> {
    const versions = request.modelVersions ? new Set(request.modelVersions) : null;
    let count = 0;
    for await (const rows of this.selectedRows(actor, project, request.selection, request.filters)) {
      const { tasks } = await this.tasks.page(actor, project, 1, rows.length, {
        ids: rows.map((r) => r.ls_id),
      });
      const items: Array<Parameters<typeof writeAnnotations>[4][number]> = [];
      for (const task of tasks) {
        const mine = new Set(
          task.annotations.filter((a) => a.row.created_by === actor.userId).map((a) => serializeLabel(a.doc)),
        );
        for (const p of task.predictions) {
          if (versions && !versions.has(p.fields.modelVersion)) continue;
          const content = serializeLabel(p.doc);
          if (mine.has(content)) continue;
          mine.add(content);
          items.push({
            dataRowId: task.dataRowId,
            doc: p.doc,
            fields: { wasCancelled: false, groundTruth: false, leadTime: null, parentPrediction: p.lsId },
          });
        }
      }
      if (items.length === 0) continue;
      const now = nowIso();
      const { rows: labels, steps } = await this.db
        .transaction()
        .execute((trx) => writeAnnotations(trx, this.dialect, actor, project.row.id, items, now));
      await this.labels.rescore(actor.organizationId, labels);
      // The rows these annotations finished: WORKFLOW_ACTION, as for annotations made one at a time.
      await this.labels.emitWorkflow(actor, project.row.id, steps);
      created.push(...labels);
      count += labels.length;
    }
    return count;
  }
}
