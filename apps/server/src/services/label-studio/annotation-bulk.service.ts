import type { LabelDocument } from '@labelyard/schema';
import type { Actor } from '../../auth/actor.ts';
import type { Db, Dialect } from '../../db/database.ts';
import type { LabelRow } from '../../repositories/label.repository.ts';
import { LabelStudioRepository } from '../../repositories/label-studio.repository.ts';
import { nowIso } from '../../time.ts';
import { serializeLabel } from '../label.content.ts';
import type { LabelService } from '../label.service.ts';
import type { LabelStudioActionService } from './action.service.ts';
import { MAX_PROBES_PER_REQUEST, type LabelStudioAnnotationService } from './annotation.service.ts';
import type { DmSelection } from './dm-query.ts';
import { lsValidation, type LsProject } from './project.service.ts';
import { annotationFieldsOf, writeAnnotations } from './records.ts';
import type { LabelStudioTaskService, LsTaskRecord } from './task.service.ts';

/** Most tasks one `POST /api/annotations/bulk/` annotates. */
export const MAX_BULK_TASKS = 100_000;
/** Most annotations one `POST /api/annotations/bulk-delete/` deletes, as Label Studio caps it. */
export const MAX_BULK_DELETE = 100;
/** Tasks written per transaction. */
const CHUNK = 1_000;

/**
 * A label's content with its object and answer uuids numbered in order of appearance (relationships name them too):
 * a result read again gets new uuids for regions sent without ids, and is still the same annotation.
 */
function shapeOf(doc: LabelDocument): string {
  const numbers = new Map<string, string>();
  return JSON.stringify(JSON.parse(serializeLabel(doc)), (key, value: unknown) => {
    if (typeof value !== 'string') return value;
    if (key === 'uuid' && !numbers.has(value)) numbers.set(value, `#${numbers.size}`);
    return numbers.get(value) ?? value;
  });
}

/** Label Studio's bulk annotation routes: the same result on many tasks, and deleting up to 100 annotations. */
export class LabelStudioBulkAnnotationService {
  private readonly repo: LabelStudioRepository;

  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
    private readonly tasks: LabelStudioTaskService,
    private readonly annotations: LabelStudioAnnotationService,
    private readonly actions: LabelStudioActionService,
    private readonly labels: LabelService,
  ) {
    this.repo = new LabelStudioRepository(db);
  }

  /**
   * The caller's annotation with `body.result` (and `was_cancelled`, `ground_truth`, `lead_time`) on every selected
   * task of the project, in task id order; the answer is their ids. Every task's result is read (and the selection
   * counted) before anything is written; then a transaction per 1,000 tasks. A task on which the caller already has
   * the same annotation gets none: its id is answered instead, so a retried request (the SDK re-POSTs on 5xx)
   * creates nothing twice and finishes what a failed one left.
   */
  async create(
    actor: Actor,
    project: LsProject,
    selection: DmSelection,
    body: Record<string, unknown>,
  ): Promise<{ ids: number[]; created: LabelRow[] }> {
    const fields = annotationFieldsOf(body);
    const result = body.result ?? [];
    if (!Array.isArray(result)) throw lsValidation('result', 'Expected a list of items.');
    const selected: number[] = [];
    for await (const rows of this.actions.selectedRows(actor, project, selection)) {
      for (const r of rows) selected.push(r.ls_id);
      if (selected.length > MAX_BULK_TASKS)
        throw lsValidation(
          'selected_items',
          `At most ${MAX_BULK_TASKS} tasks per request: select fewer (by ids or filters) and send several`,
        );
    }
    // Read every task's result first: a result that does not fit one task refuses the whole request.
    const probes = { left: MAX_PROBES_PER_REQUEST };
    const chunks: Array<{
      tasks: LsTaskRecord[];
      docs: Awaited<ReturnType<LabelStudioAnnotationService['readSized']>>[];
    }> = [];
    for (let i = 0; i < selected.length; i += CHUNK) {
      const part = selected.slice(i, i + CHUNK);
      const { tasks } = await this.tasks.page(actor, project, 1, part.length, { ids: part });
      const docs = [];
      for (const task of tasks) {
        const parent = fields.parentPrediction;
        if (parent !== null && parent !== undefined && !task.predictions.some((p) => p.lsId === parent))
          throw lsValidation('parent_prediction', `Prediction ${parent} is not one of task ${task.lsId}'s.`);
        docs.push(
          await this.annotations.readSized(actor, project, task, result, 'result', undefined, probes),
        );
      }
      chunks.push({ tasks, docs });
    }
    const ids: number[] = [];
    const created: LabelRow[] = [];
    const type = fields.wasCancelled ? 'SKIPPED' : 'SUBMITTED';
    for (const { tasks, docs } of chunks) {
      const items: Parameters<typeof writeAnnotations>[4][number][] = [];
      const order: Array<number | { item: number }> = [];
      for (const [i, task] of tasks.entries()) {
        const content = shapeOf(docs[i]!.doc);
        const same = task.annotations.find(
          (a) =>
            a.row.created_by === actor.userId &&
            a.row.type === type &&
            (a.row.is_benchmark_reference === 1) === fields.groundTruth &&
            shapeOf(a.doc) === content,
        );
        if (same) order.push(same.lsId);
        else order.push({ item: items.push({ dataRowId: task.dataRowId, doc: docs[i]!.doc, fields }) - 1 });
      }
      const now = nowIso();
      const written = await this.db.transaction().execute(async (trx) => {
        for (const [i, task] of tasks.entries())
          await this.annotations.rememberSize(trx, actor, task, docs[i]!.imageSize);
        return writeAnnotations(trx, this.dialect, actor, project.row.id, items, now);
      });
      for (const o of order)
        ids.push(typeof o === 'number' ? o : written.lsIds.get(written.rows[o.item]!.id)!);
      if (written.rows.length > 0) {
        await this.labels.rescore(actor.organizationId, written.rows);
        await this.labels.emitWorkflow(actor, project.row.id, written.steps);
        created.push(...written.rows);
      }
    }
    return { ids, created };
  }

  /**
   * Deletes the project's annotations among `ids` (at most 100; ids of other projects or of no annotation are left
   * alone, as Label Studio filters them) and answers how many went.
   */
  async delete(actor: Actor, project: LsProject, ids: readonly number[]): Promise<number> {
    if (ids.length > MAX_BULK_DELETE)
      throw lsValidation('ids', `At most ${MAX_BULK_DELETE} annotation ids per request (got ${ids.length})`);
    const labelIds: string[] = [];
    for (const id of new Set(ids)) {
      const ref = await this.repo.findByLsId(actor.organizationId, 'annotation', id);
      if (ref && ref.project_id === project.row.id) labelIds.push(ref.ref_id);
    }
    if (labelIds.length === 0) return 0;
    const deleted = await this.labels.delete(actor, labelIds);
    await this.repo.deleteRefs('annotation', project.row.id, labelIds);
    return deleted.length;
  }
}
