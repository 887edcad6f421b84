import type { Actor } from '../../auth/actor.ts';
import type { Db, Dialect } from '../../db/database.ts';
import { AppError, notFound } from '../../errors.ts';
import { AnnotationImportRepository } from '../../repositories/annotation-import.repository.ts';
import { DataRowRepository } from '../../repositories/data-row.repository.ts';
import { LabelRepository } from '../../repositories/label.repository.ts';
import { LabelStudioRepository, type LsKind } from '../../repositories/label-studio.repository.ts';
import { nowIso } from '../../time.ts';
import { indexRowsOf, serializeLabel } from '../label.content.ts';
import type { LabelService } from '../label.service.ts';
import type { WorkflowHistoryRow } from '../../repositories/workflow.repository.ts';
import { imageUrlOf, type ImageProbe } from './image-probe.ts';
import { isSizeUnknown, withReason } from './import-image-sizes.ts';
import { lsValidation, type LsProject } from './project.service.ts';
import {
  annotationFieldsOf,
  lsContextFor,
  predictionFieldsOf,
  readResult,
  writeAnnotations,
  writePredictions,
} from './records.ts';
import type { LabelStudioTaskService, LsTaskRecord } from './task.service.ts';

/** Predictions one `import/predictions` request may carry (its body is a JSON body, capped in bytes too). */
const MAX_PREDICTIONS_PER_REQUEST = 100_000;
/** Images of unknown size one request reads to place regions sent without `original_width`/`original_height`. */
export const MAX_PROBES_PER_REQUEST = 100;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** LS annotations (our labels) and predictions (our pre-labels) of one task: create, read, edit, delete. */
export class LabelStudioAnnotationService {
  private readonly repo: LabelStudioRepository;

  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
    private readonly tasks: LabelStudioTaskService,
    private readonly labels: LabelService,
    private readonly probe: ImageProbe,
  ) {
    this.repo = new LabelStudioRepository(db);
  }

  async create(
    actor: Actor,
    taskLsId: number,
    body: Record<string, unknown>,
    kind: 'annotation' | 'prediction',
  ) {
    const { project, task } = await this.tasks.get(actor, taskLsId);
    if (kind === 'annotation') {
      // `parent_prediction` (the front end sends it when an annotator starts from a prediction): one of this task's.
      const parent = annotationFieldsOf(body).parentPrediction;
      if (parent !== null && parent !== undefined && !task.predictions.some((p) => p.lsId === parent))
        throw lsValidation('parent_prediction', `Invalid pk "${parent}" - object does not exist.`);
    } else predictionFieldsOf(body);
    const read = await this.readSized(actor, project, task, body.result ?? [], 'result');
    const now = nowIso();
    const steps: WorkflowHistoryRow[] = [];
    const lsId = await this.db.transaction().execute(async (trx) => {
      await this.rememberSize(trx, actor, task, read.imageSize);
      if (kind === 'annotation') {
        const {
          rows,
          lsIds,
          steps: moved,
        } = await writeAnnotations(
          trx,
          this.dialect,
          actor,
          project.row.id,
          [{ dataRowId: task.dataRowId, doc: read.doc, fields: annotationFieldsOf(body) }],
          now,
        );
        steps.push(...moved);
        return lsIds.get(rows[0]!.id)!;
      }
      const { rows, lsIds } = await writePredictions(
        trx,
        this.dialect,
        actor,
        project.row.id,
        [
          {
            dataRowId: task.dataRowId,
            doc: read.doc,
            fields: predictionFieldsOf(body, project.settings.model_version as string),
          },
        ],
        now,
      );
      return lsIds.get(rows[0]!.id)!;
    });
    if (kind === 'annotation') {
      await this.labels.rescore(actor.organizationId, [
        { project_id: project.row.id, data_row_id: task.dataRowId },
      ]);
      await this.labels.emitWorkflow(actor, project.row.id, steps);
    }
    return this.get(actor, lsId, kind);
  }

  /**
   * `POST /api/projects/{id}/import/predictions`: `[{task, result, score?, model_version?}]`, every task checked to be
   * in the project and every result read before anything is written; all written in one transaction.
   */
  async importPredictions(actor: Actor, project: LsProject, body: unknown): Promise<number> {
    if (!Array.isArray(body)) throw lsValidation('non_field_errors', 'Expected a list of predictions.');
    if (body.length > MAX_PREDICTIONS_PER_REQUEST)
      throw lsValidation(
        'non_field_errors',
        `At most ${MAX_PREDICTIONS_PER_REQUEST} predictions per request (got ${body.length})`,
      );
    const ids = new Set<number>();
    body.forEach((p, i) => {
      if (!isRecord(p)) throw lsValidation(`${i}`, 'Expected a dictionary of items.');
      const task = Number(p.task);
      if (!Number.isSafeInteger(task) || task <= 0)
        throw lsValidation(`${i}.task`, 'A valid integer is required.');
      ids.add(task);
      predictionFieldsOf(p, '', `${i}.`);
    });
    const byId = new Map<number, LsTaskRecord>();
    const list = [...ids];
    for (let i = 0; i < list.length; i += 1000) {
      const chunk = list.slice(i, i + 1000);
      const { tasks } = await this.tasks.page(actor, project, 1, chunk.length, {
        ids: chunk,
        withLabels: false,
      });
      for (const t of tasks) byId.set(t.lsId, t);
    }
    const missing = list.filter((id) => !byId.has(id));
    if (missing.length > 0)
      throw lsValidation(
        'task',
        `Tasks ${missing.slice(0, 20).join(', ')} are not in project ${project.lsId}`,
      );
    const sizes = new Map<LsTaskRecord, { width: number; height: number }>();
    const probes = { left: MAX_PROBES_PER_REQUEST };
    const items: Parameters<typeof writePredictions>[4][number][] = [];
    for (const [i, p] of (body as Record<string, unknown>[]).entries()) {
      const task = byId.get(Number(p.task))!;
      let read: ReturnType<typeof readResult>;
      try {
        read = await this.readSized(
          actor,
          project,
          task,
          p.result ?? [],
          `${i}.result`,
          sizes.get(task),
          probes,
        );
      } catch (error) {
        // Named by the item's index, as DRF names errors of list items.
        throw error instanceof AppError ? lsValidation(`${i}.result`, error.message) : error;
      }
      if (read.imageSize && !sizes.has(task)) sizes.set(task, read.imageSize);
      items.push({
        dataRowId: task.dataRowId,
        doc: read.doc,
        fields: predictionFieldsOf(p, project.settings.model_version as string),
      });
    }
    // Our records are in pixels: the size the results carried is what turns them back into percent.
    await this.db.transaction().execute(async (trx) => {
      for (const [task, size] of sizes) await this.rememberSize(trx, actor, task, size);
      await writePredictions(trx, this.dialect, actor, project.row.id, items, nowIso());
    });
    return items.length;
  }

  /**
   * Reads a result with the task's image size. A region that needs the size when neither the task nor the result
   * has it gets it from the image itself (ImageProbe; `probes.left` bounds how many images one request reads); the
   * size read is returned as `imageSize`, to be kept on the row. When the image cannot be read the region is refused
   * as before, with the reason.
   */
  async readSized(
    actor: Actor,
    project: LsProject,
    task: LsTaskRecord,
    result: unknown,
    field: string,
    known?: { width: number; height: number },
    probes: { left: number } = { left: 1 },
  ): Promise<ReturnType<typeof readResult>> {
    const size = task.imageSize ?? known;
    try {
      return readResult(result, lsContextFor(project, task.data, size), field);
    } catch (error) {
      if (size || !isSizeUnknown(error)) throw error;
      if (probes.left <= 0)
        throw withReason(error, `more than ${MAX_PROBES_PER_REQUEST} images of unknown size in one request`);
      probes.left--;
      const probe = await this.probe.sizeOf(actor, project, imageUrlOf(project, task.data));
      if (!('size' in probe)) throw withReason(error, probe.reason);
      const read = readResult(result, lsContextFor(project, task.data, probe.size), field);
      return { ...read, imageSize: read.imageSize ?? probe.size };
    }
  }

  /**
   * The image size a result carried (`original_width/height`), kept on the data row when it had none: our records
   * are in pixels, and this is what turns them back into percent.
   */
  async rememberSize(
    trx: Db,
    actor: Actor,
    task: Pick<LsTaskRecord, 'dataRowId' | 'imageSize'>,
    size: { width: number; height: number } | undefined,
  ) {
    if (!size || task.imageSize) return;
    await new DataRowRepository(trx, this.dialect).update(actor.organizationId, task.dataRowId, {
      media_attributes: JSON.stringify(size),
      updated_at: nowIso(),
    });
  }

  /** The record with its task (which holds the converted annotations and predictions). */
  async get(actor: Actor, lsId: number, kind: 'annotation' | 'prediction') {
    const ref = await this.repo.findByLsId(actor.organizationId, kind as LsKind, lsId);
    if (!ref) throw notFound(kind === 'annotation' ? 'Annotation' : 'Prediction', String(lsId));
    const [taskRef] = await this.taskRefOf(ref.project_id, ref.ref_id, kind);
    if (taskRef === undefined)
      throw notFound(kind === 'annotation' ? 'Annotation' : 'Prediction', String(lsId));
    const { project, task } = await this.tasks.get(actor, taskRef);
    const list: LsTaskRecord['annotations'] | LsTaskRecord['predictions'] =
      kind === 'annotation' ? task.annotations : task.predictions;
    const record = list.find((r) => r.lsId === lsId);
    if (!record) throw notFound(kind === 'annotation' ? 'Annotation' : 'Prediction', String(lsId));
    return { project, task, record };
  }

  private async taskRefOf(
    projectId: string,
    refId: string,
    kind: 'annotation' | 'prediction',
  ): Promise<number[]> {
    const dataRowId = await this.repo.dataRowOf(kind, refId);
    if (!dataRowId) return [];
    const refs = await this.repo.findByRefs('task', projectId, [dataRowId]);
    return refs.map((r) => r.ls_id);
  }

  async update(actor: Actor, lsId: number, body: Record<string, unknown>, kind: 'annotation' | 'prediction') {
    const { project, task, record } = await this.get(actor, lsId, kind);
    if (body.result !== undefined && !Array.isArray(body.result))
      throw lsValidation('result', 'Expected a list of items.');
    if (kind === 'annotation') annotationFieldsOf(body);
    else predictionFieldsOf(body);
    const read =
      body.result === undefined
        ? undefined
        : await this.readSized(actor, project, task, body.result, 'result');
    const doc = read ? read.doc : record.doc;
    const now = nowIso();
    await this.db.transaction().execute(async (trx) => {
      await this.rememberSize(trx, actor, task, read?.imageSize);
      if (kind === 'annotation') {
        const labels = new LabelRepository(trx, this.dialect);
        await labels.updateContent(record.row.id, serializeLabel(doc), now);
        const index = indexRowsOf(actor.organizationId, record.row.id, doc);
        await labels.replaceIndexes([record.row.id], index.annotations, index.features);
        const fields = { ...annotationFieldsOf(body) };
        const patch: Parameters<LabelStudioRepository['updateLabelFields']>[1] = {};
        if (body.was_cancelled !== undefined) patch.type = fields.wasCancelled ? 'SKIPPED' : 'SUBMITTED';
        if (body.ground_truth !== undefined) patch.is_benchmark_reference = fields.groundTruth ? 1 : 0;
        if (body.lead_time !== undefined) patch.seconds_to_label = fields.leadTime;
        if (Object.keys(patch).length > 0)
          await trx.updateTable('labels').set(patch).where('id', '=', record.row.id).execute();
      } else {
        await new AnnotationImportRepository(trx, this.dialect).updatePrelabel(
          record.row.id,
          serializeLabel(doc),
          now,
        );
        const before = 'fields' in record ? record.fields : { modelVersion: '', score: null };
        const given = predictionFieldsOf(body);
        const fields = {
          modelVersion: body.model_version === undefined ? before.modelVersion : given.modelVersion,
          score: body.score === undefined ? before.score : given.score,
        };
        await new LabelStudioRepository(trx).updateData(lsId, JSON.stringify(fields));
      }
    });
    if (kind === 'annotation') await this.labels.rescore(actor.organizationId, [record.row]);
    return this.get(actor, lsId, kind);
  }

  async delete(actor: Actor, lsId: number, kind: 'annotation' | 'prediction'): Promise<void> {
    const { record, task } = await this.get(actor, lsId, kind);
    if (kind === 'annotation') await this.labels.delete(actor, [record.row.id]);
    else await this.repo.deletePrelabel(record.row.id);
    await this.repo.deleteRefs(kind, task.projectId, [record.row.id]);
  }

  isBody(body: unknown): body is Record<string, unknown> {
    return isRecord(body);
  }
}
