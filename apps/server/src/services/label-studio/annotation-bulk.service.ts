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
/** Most result items one bulk request writes in all (tasks × the result's items). */
export const MAX_BULK_RESULTS = 1_000_000;
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

/** One task of a bulk request: the caller's same annotation already there, or the one to write. */
type BulkStep =
  | { existing: number }
  | {
      task: Pick<LsTaskRecord, 'dataRowId' | 'imageSize'>;
      read: Awaited<ReturnType<LabelStudioAnnotationService['readSized']>>;
    };

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
    // Tasks, and results written in all (every task gets the whole result), are bounded before anything is read.
    const tasksAllowed = Math.min(MAX_BULK_TASKS, Math.floor(MAX_BULK_RESULTS / Math.max(1, result.length)));
    const selected: number[] = [];
    for await (const rows of this.actions.selectedRows(actor, project, selection)) {
      for (const r of rows) selected.push(r.ls_id);
      if (selected.length > tasksAllowed)
        throw lsValidation(
          'selected_items',
          `At most ${tasksAllowed} tasks per request with a result of ${result.length} items (${MAX_BULK_TASKS} tasks, ${MAX_BULK_RESULTS} result items in all): select fewer and send several`,
        );
    }
    // Every task's result is read first (a result that does not fit one task refuses the whole request), keeping
    // per task only what the write needs: the caller's same annotation, or the new one.
    const probes = { left: MAX_PROBES_PER_REQUEST };
    const type = fields.wasCancelled ? 'SKIPPED' : 'SUBMITTED';
    const plans: BulkStep[][] = [];
    for (let i = 0; i < selected.length; i += CHUNK) {
      const part = selected.slice(i, i + CHUNK);
      const { tasks } = await this.tasks.page(actor, project, 1, part.length, { ids: part });
      const steps: BulkStep[] = [];
      for (const task of tasks) {
        const parent = fields.parentPrediction;
        if (parent !== null && parent !== undefined && !task.predictions.some((p) => p.lsId === parent))
          throw lsValidation('parent_prediction', `Prediction ${parent} is not one of task ${task.lsId}'s.`);
        const read = await this.annotations.readSized(
          actor,
          project,
          task,
          result,
          'result',
          undefined,
          probes,
        );
        const shape = shapeOf(read.doc);
        const same = task.annotations.find(
          (a) =>
            a.row.created_by === actor.userId &&
            a.row.type === type &&
            (a.row.is_benchmark_reference === 1) === fields.groundTruth &&
            shapeOf(a.doc) === shape,
        );
        steps.push(
          same
            ? { existing: same.lsId }
            : { task: { dataRowId: task.dataRowId, imageSize: task.imageSize }, read },
        );
      }
      plans.push(steps);
    }
    const ids: number[] = [];
    const created: LabelRow[] = [];
    for (const steps of plans) {
      const items: Parameters<typeof writeAnnotations>[4][number][] = [];
      const made = steps.map((step) =>
        'existing' in step
          ? -1
          : items.push({ dataRowId: step.task.dataRowId, doc: step.read.doc, fields }) - 1,
      );
      const now = nowIso();
      const written = await this.db.transaction().execute(async (trx) => {
        for (const step of steps)
          if (!('existing' in step))
            await this.annotations.rememberSize(trx, actor, step.task, step.read.imageSize);
        return writeAnnotations(trx, this.dialect, actor, project.row.id, items, now);
      });
      steps.forEach((step, i) =>
        ids.push('existing' in step ? step.existing : written.lsIds.get(written.rows[made[i]!]!.id)!),
      );
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
    const labelIds = (await this.repo.findByLsIds('annotation', project.row.id, [...new Set(ids)])).map(
      (ref) => ref.ref_id,
    );
    if (labelIds.length === 0) return 0;
    const deleted = await this.labels.delete(actor, labelIds);
    await this.repo.deleteRefs('annotation', project.row.id, labelIds);
    return deleted.length;
  }
}
