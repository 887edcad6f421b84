import type { LabelService } from '../label.service.ts';
import type { WorkflowHistoryRow } from '../../repositories/workflow.repository.ts';
import {
  dataKeysOf,
  decodePng,
  imageToMask,
  type BinaryMask,
  type DecodedImage,
  type LabelDocument,
  type MaskAnnotation,
} from '@labelyard/schema';
import type { BlobStore } from '../../storage/blob-store.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Db, Dialect } from '../../db/database.ts';
import { AppError, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import type { PrelabelRow } from '../../repositories/annotation-import.repository.ts';
import { BatchRepository } from '../../repositories/batch.repository.ts';
import { DataRowRepository } from '../../repositories/data-row.repository.ts';
import { DatasetRepository } from '../../repositories/dataset.repository.ts';
import type { LabelRow } from '../../repositories/label.repository.ts';
import { LabelStudioRepository } from '../../repositories/label-studio.repository.ts';
import { taskQuerySql, type TaskQuerySql } from '../../repositories/label-studio-task-query.ts';
import { nowIso } from '../../time.ts';
import { parseStoredLabel } from '../label.content.ts';
import type { DataRowService } from '../data-row.service.ts';
import type { DatasetService } from '../dataset.service.ts';
import { newIdBlock } from '../id-block.ts';
import type { DmQuery } from './dm-query.ts';
import { imageUrlOf, type ImageProbe } from './image-probe.ts';
import {
  imagesToRead,
  isSizeUnknown,
  readImageSizes,
  taskParts,
  withReason,
  type ImageSizes,
} from './import-image-sizes.ts';
import type { LabelStudioProjectService, LsProject } from './project.service.ts';
import { lsValidation } from './project.service.ts';
import type { UploadedFile } from './uploads.ts';
import { decodeReceipt, encodeReceipt, ReplayedImport } from './import-receipts.ts';
import { recordUploads, taskRefRows } from './task-sources.ts';
import { servedRowData, storageObjectOf } from './storage/storage-objects.ts';
import {
  annotationFieldsOf,
  lsContextFor,
  predictionFieldsOf,
  readResult,
  writeAnnotations,
  writePredictions,
  type AnnotationRefData,
  type PredictionFields,
} from './records.ts';

export const MAX_TASKS_PER_IMPORT = 1_000_000;
const CHUNK = 1_000;

export type LsTaskRecord = {
  lsId: number;
  projectId: string;
  dataRowId: string;
  data: Record<string, unknown>;
  meta: Record<string, unknown>;
  imageSize: { width: number; height: number } | undefined;
  /** The served name of the uploaded file the task was made from (Label Studio's `file_upload`), if any. */
  fileUpload: string | null;
  /** The key of the import storage object the task was made from (Label Studio's `storage_filename`), if any. */
  storageFilename: string | null;
  createdAt: string;
  updatedAt: string;
  annotations: { lsId: number; row: LabelRow; doc: LabelDocument; parentPrediction: number | null }[];
  predictions: { lsId: number; row: PrelabelRow; doc: LabelDocument; fields: PredictionFields }[];
  /** Pixels of masks stored as files (made through the other face), read for brush results. */
  maskPixels?: ReadonlyMap<MaskAnnotation, BinaryMask>;
};

/** The most mask files one page of tasks reads for brush results (each decoded at most once). */
const MAX_MASK_FILES_PER_PAGE = 500;
/** Tasks deleted per transaction by `deleteAll`. */
const DELETE_CHUNK = 5_000;

/** The tasks of one import request. */
export type ImportInput = {
  /** Read as they stream in. */
  items: AsyncIterable<unknown>;
  /** The SHA-256 of the body once read (the retry receipt's key). */
  hash: () => string;
  /** The same tasks from the start, if the body can be read again (else undefined: too large to keep). */
  again?: () => Promise<{ items: AsyncIterable<unknown>; hash: () => string } | undefined>;
  /** The files the tasks come from: recorded as uploads in the import's transaction (their `id` set then). */
  uploads?: readonly UploadedFile[];
};

export type ImportResult = {
  taskIds: number[];
  /** The uploads the import recorded (Label Studio's `file_upload_ids`). */
  fileUploadIds: number[];
  annotationCount: number;
  predictionCount: number;
  duration: number;
};

type TaskRow = Awaited<ReturnType<LabelStudioRepository['taskPage']>>[number];

/** The data key a task made through the other face shows its row data under. */
const mainDataKey = (project: LsProject): string =>
  dataKeysOf(project.config)[0] ?? (project.row.media_type === 'TEXT' ? 'text' : 'image');

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function parseSize(media: string | null): { width: number; height: number } | undefined {
  if (!media) return undefined;
  const m = JSON.parse(media) as { width?: unknown; height?: unknown };
  return typeof m.width === 'number' && typeof m.height === 'number'
    ? { width: m.width, height: m.height }
    : undefined;
}

/**
 * Label Studio tasks are data rows of the project's dataset, queued in the project by a batch per import.
 * Imports are read as a stream and written in one transaction (all or nothing); a retry of the same body is
 * answered from its receipt and creates nothing twice.
 */
export class LabelStudioTaskService {
  private readonly repo: LabelStudioRepository;

  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
    private readonly projects: LabelStudioProjectService,
    private readonly datasets: DatasetService,
    private readonly dataRows: DataRowService,
    private readonly labels: LabelService,
    private readonly blobs?: BlobStore,
    private readonly probe?: ImageProbe,
  ) {
    this.repo = new LabelStudioRepository(db);
  }

  private async datasetFor(actor: Actor, project: LsProject): Promise<string> {
    const ref = (await this.repo.findByLsId(actor.organizationId, 'project', project.lsId))!;
    const stored = ref.data ? (JSON.parse(ref.data) as { dataset_id?: string }) : {};
    if (stored.dataset_id) {
      const live = await this.datasets.get(actor, stored.dataset_id).catch(() => undefined);
      if (live) return stored.dataset_id;
    }
    const dataset = await this.datasets.create(actor, {
      name: `${project.row.name} (Label Studio project ${project.lsId})`,
    });
    await this.repo.updateData(ref.ls_id, JSON.stringify({ ...stored, dataset_id: dataset.id }));
    return dataset.id;
  }

  /**
   * Imports the tasks of `input` in one transaction. A region whose image size is known neither from its task nor
   * from its result rolls the first run back; when the body can be read again (`input.again`), the sizes are read
   * from the images (readImageSizes) and the import runs once more with them.
   */
  async importTasks(
    actor: Actor,
    project: LsProject,
    input: ImportInput,
  ): Promise<ImportResult & { replayed: boolean }> {
    try {
      return await this.importOnce(actor, project, input.items, input.hash, input.uploads);
    } catch (error) {
      if (!isSizeUnknown(error) || !this.probe || !input.again) throw error;
      const first = await input.again();
      if (!first)
        throw withReason(error, 'an import body this large is not read twice to find image sizes: split it');
      const wanted = await imagesToRead(project, first.items);
      // A retried request whose first run did import: its receipt answers, and no image is read.
      const receipt = await this.repo.findImport(project.row.id, first.hash());
      if (receipt) return { ...decodeReceipt(receipt.result), replayed: true };
      const sizes = await readImageSizes(this.probe, actor, project, wanted);
      const second = (await input.again())!;
      return await this.importOnce(actor, project, second.items, second.hash, input.uploads, sizes);
    }
  }

  private async importOnce(
    actor: Actor,
    project: LsProject,
    items: AsyncIterable<unknown>,
    bodyHash: () => string,
    uploads: readonly UploadedFile[] = [],
    sizes?: ImageSizes,
  ): Promise<ImportResult & { replayed: boolean }> {
    const started = Date.now();
    const datasetId = await this.datasetFor(actor, project);
    const keys = dataKeysOf(project.config);
    const mediaType = project.row.media_type;
    // Rows finished by the tasks' annotations (TO_LABEL → DONE), announced once the import commits.
    const steps: WorkflowHistoryRow[] = [];
    try {
      const result = await this.db.transaction().execute(async (trx) => {
        const now = nowIso();
        const batchId = newId();
        const batches = new BatchRepository(trx);
        await batches.insert([
          {
            id: batchId,
            organization_id: actor.organizationId,
            project_id: project.row.id,
            name: `Label Studio import ${now} ${batchId.slice(-6)}`,
            priority: 5,
            consensus_settings: null,
            size: 0,
            created_by: actor.userId,
            created_at: now,
            updated_at: now,
          },
        ]);
        const rows = new DataRowRepository(trx, this.dialect);
        const refs = new LabelStudioRepository(trx);
        const fileUploadIds = await recordUploads(refs, actor, project, uploads, now);
        const taskIds: number[] = [];
        let annotationCount = 0;
        let predictionCount = 0;
        let count = 0;
        let buffer: unknown[] = [];
        const flush = async () => {
          const items = buffer;
          const parts = items.map((item, i) => taskParts(item, count - items.length + i));
          buffer = [];
          const ids = newIdBlock(parts.length);
          const annotations: Parameters<typeof writeAnnotations>[4][number][] = [];
          const predictions: Parameters<typeof writePredictions>[4][number][] = [];
          const tuples = parts.map((p, i) => {
            const task = count - parts.length + i + 1;
            for (const key of keys)
              if (!Object.hasOwn(p.data, key))
                throw lsValidation(
                  'non_field_errors',
                  `"${key}" key is expected in task data (task #${task})`,
                );
            let size = sizes?.get(imageUrlOf(project, p.data) ?? '');
            p.annotations.forEach((a, j) => {
              if (!isRecord(a))
                throw lsValidation('annotations', `Task #${task}: annotation ${j} must be an object`);
              const read = readResult(
                a.result,
                lsContextFor(project, p.data, size),
                `annotations[${j}].result`,
              );
              size ??= read.imageSize;
              annotations.push({
                dataRowId: ids[i]!,
                doc: read.doc,
                // A prediction id names one made before this import: not one of this task's, so not kept.
                fields: { ...annotationFieldsOf(a, `annotations[${j}].`), parentPrediction: null },
                ...(typeof a.created_at === 'string' && { createdAt: a.created_at }),
              });
            });
            p.predictions.forEach((a, j) => {
              if (!isRecord(a))
                throw lsValidation('predictions', `Task #${task}: prediction ${j} must be an object`);
              const read = readResult(
                a.result,
                lsContextFor(project, p.data, size),
                `predictions[${j}].result`,
              );
              size ??= read.imageSize;
              predictions.push({
                dataRowId: ids[i]!,
                doc: read.doc,
                fields: predictionFieldsOf(a, '', `predictions[${j}].`),
              });
            });
            const main = keys[0] === undefined ? undefined : p.data[keys[0]];
            return [
              ids[i],
              actor.organizationId,
              datasetId,
              typeof main === 'string'
                ? servedRowData(main, storageObjectOf(items[i]))
                : JSON.stringify(p.data),
              null,
              null,
              mediaType,
              size ? JSON.stringify(size) : null,
              null,
              actor.userId,
              now,
              now,
            ];
          });
          await rows.insertMany(tuples);
          await batches.insertMembers(
            ids.map((id) => ({
              project_id: project.row.id,
              data_row_id: id,
              batch_id: batchId,
              priority: 5,
              created_at: now,
            })),
          );
          const made = taskRefRows(items, parts, ids, actor, project.row.id, now);
          const lsIds = await refs.insert(made.tasks);
          for (const id of ids) taskIds.push(lsIds.get(id)!);
          // A key linked twice (a concurrent sync of the same storage) breaks the unique index and rolls this back.
          if (made.links.length > 0) await refs.insert(made.links);
          const written = await writeAnnotations(trx, this.dialect, actor, project.row.id, annotations, now);
          annotationCount += written.rows.length;
          steps.push(...written.steps);
          predictionCount += (
            await writePredictions(trx, this.dialect, actor, project.row.id, predictions, now)
          ).rows.length;
        };
        for await (const item of items) {
          count++;
          if (count > MAX_TASKS_PER_IMPORT)
            throw lsValidation(
              'non_field_errors',
              `Maximum task number is ${MAX_TASKS_PER_IMPORT}, current task number is more`,
            );
          buffer.push(item);
          if (buffer.length >= CHUNK) await flush();
        }
        if (buffer.length > 0) await flush();
        const hash = bodyHash();
        const before = await refs.findImport(project.row.id, hash);
        if (before) throw new ReplayedImport(decodeReceipt(before.result));
        const result: ImportResult = {
          taskIds,
          fileUploadIds,
          annotationCount,
          predictionCount,
          duration: (Date.now() - started) / 1000,
        };
        await refs.insertImport({
          id: newId(),
          project_id: project.row.id,
          body_hash: hash,
          result: encodeReceipt(result),
          created_at: now,
        });
        await batches.refreshSize(batchId, now);
        await new DatasetRepository(trx, this.dialect).addRowCount(datasetId, count, now);
        return result;
      });
      await this.labels.emitWorkflow(actor, project.row.id, steps);
      return { ...result, replayed: false };
    } catch (error) {
      if (error instanceof ReplayedImport) return { ...error.result, replayed: true };
      // A concurrent identical request won the receipt: answer with its result.
      const again = await this.repo.findImport(project.row.id, bodyHash()).catch(() => undefined);
      if (again && !(error instanceof AppError)) return { ...decodeReceipt(again.result), replayed: true };
      throw error;
    }
  }

  private async records(
    actor: Actor,
    project: LsProject,
    rows: TaskRow[],
    withLabels: boolean,
  ): Promise<LsTaskRecord[]> {
    const dataRowIds = rows.map((r) => r.data_row_id);
    const now = nowIso();
    const labels = withLabels ? await this.repo.labelsOf(project.row.id, dataRowIds) : [];
    const prelabels = withLabels ? await this.repo.prelabelsOf(project.row.id, dataRowIds) : [];
    // Integer ids (and what LS keeps beside them) for every annotation and prediction, made for those the other
    // face created: one batch per kind.
    const annotationRefs = await this.repo.ensureRefs(
      'annotation',
      actor.organizationId,
      project.row.id,
      labels.map((l) => l.id),
      now,
    );
    const predictionRefs = await this.repo.ensureRefs(
      'prediction',
      actor.organizationId,
      project.row.id,
      prelabels.map((p) => p.id),
      now,
    );
    const byRow = new Map<string, LsTaskRecord>();
    const key = mainDataKey(project);
    const out = rows.map((r) => {
      const stored = r.data
        ? (JSON.parse(r.data) as {
            data: Record<string, unknown>;
            meta?: Record<string, unknown>;
            storage_filename?: string;
          })
        : undefined;
      const record: LsTaskRecord = {
        lsId: r.ls_id,
        projectId: project.row.id,
        dataRowId: r.data_row_id,
        data: stored?.data ?? { [key]: r.row_data },
        meta: stored?.meta ?? {},
        imageSize: parseSize(r.media_attributes),
        fileUpload: r.file_upload ?? null,
        storageFilename: stored?.storage_filename ?? null,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
        annotations: [],
        predictions: [],
      };
      byRow.set(r.data_row_id, record);
      return record;
    });
    for (const l of labels) {
      const ref = annotationRefs.get(l.id)!;
      const data = ref.data ? (JSON.parse(ref.data) as AnnotationRefData) : undefined;
      byRow.get(l.data_row_id)?.annotations.push({
        lsId: ref.ls_id,
        row: l,
        doc: parseStoredLabel(l.content),
        parentPrediction: data?.parentPrediction ?? null,
      });
    }
    for (const p of prelabels) {
      const ref = predictionRefs.get(p.id)!;
      const fields = ref.data
        ? (JSON.parse(ref.data) as PredictionFields)
        : { modelVersion: '', score: null };
      byRow
        .get(p.data_row_id)
        ?.predictions.push({ lsId: ref.ls_id, row: p, doc: parseStoredLabel(p.content), fields });
    }
    await this.loadMaskFiles(actor, out);
    return out;
  }

  /** Decodes the organization's stored mask PNGs the page's labels point at (external URLs are not fetched). */
  private async loadMaskFiles(actor: Actor, records: LsTaskRecord[]): Promise<void> {
    if (!this.blobs) return;
    const images = new Map<string, DecodedImage | null>();
    for (const record of records) {
      const pixels = new Map<MaskAnnotation, BinaryMask>();
      for (const { doc } of [...record.annotations, ...record.predictions])
        for (const o of doc.objects) {
          if (o.kind !== 'mask' || o.source.type !== 'blob') continue;
          const { key } = o.source;
          if (!key.startsWith(`${actor.organizationId}/`)) continue;
          if (!images.has(key)) {
            if (images.size >= MAX_MASK_FILES_PER_PAGE) continue;
            const bytes = await this.blobs.readBuffer(key).catch(() => undefined);
            const decoded = bytes ? decodePng(bytes) : undefined;
            images.set(key, decoded?.ok ? decoded.value : null);
          }
          const image = images.get(key);
          if (image) pixels.set(o, imageToMask(image, o.colorRGB));
        }
      if (pixels.size > 0) record.maskPixels = pixels;
    }
  }

  /**
   * One page of a project's tasks with their annotations and predictions: in id order, or as a Data Manager query
   * (dm-query.ts) filters, selects and orders them. `total` counts the tasks the query selects; with a query, the
   * annotation and prediction totals are those of the selected tasks (the list envelope's), else undefined.
   */
  async page(
    actor: Actor,
    project: LsProject,
    page: number,
    pageSize: number,
    options: { ids?: number[]; withLabels?: boolean; query?: DmQuery; onlyAnnotated?: boolean } = {},
  ) {
    await this.repo.ensureTasks(actor.organizationId, project.row.id, nowIso());
    const query = this.querySql(project, options.query, options.onlyAnnotated);
    const [totals, count, rows] = await Promise.all([
      query.where ? this.repo.filteredCounts(project.row.id, query.where) : undefined,
      query.where ? undefined : this.repo.countTasks(project.row.id),
      this.repo.taskPage(project.row.id, (page - 1) * pageSize, pageSize, options.ids, undefined, query),
    ]);
    const total = totals?.tasks ?? count ?? 0;
    return { total, totals, tasks: await this.records(actor, project, rows, options.withLabels ?? true) };
  }

  /** Every task of the project (or those a Data Manager filter selects), a page at a time in id order (exports). */
  async *all(
    actor: Actor,
    project: LsProject,
    pageSize = 500,
    query?: DmQuery,
  ): AsyncGenerator<LsTaskRecord[]> {
    await this.repo.ensureTasks(actor.organizationId, project.row.id, nowIso());
    // Keyset paging goes by id: a query's ordering does not apply here.
    const { where } = this.querySql(project, query, false, false);
    let after = 0;
    for (;;) {
      const rows = await this.repo.taskPage(project.row.id, 0, pageSize, undefined, after, { where });
      if (rows.length === 0) return;
      after = rows[rows.length - 1]!.ls_id;
      yield await this.records(actor, project, rows, true);
      if (rows.length < pageSize) return;
    }
  }

  /** A Data Manager query as SQL for this project (its main data key is the row data of tasks made elsewhere). */
  querySql(
    project: LsProject,
    query: DmQuery | undefined,
    onlyAnnotated = false,
    ordered = true,
  ): TaskQuerySql {
    return taskQuerySql(query ?? {}, this.dialect, mainDataKey(project), { onlyAnnotated, ordered });
  }

  async get(actor: Actor, lsId: number): Promise<{ project: LsProject; task: LsTaskRecord }> {
    const ref = await this.repo.findByLsId(actor.organizationId, 'task', lsId);
    if (!ref) throw notFound('Task', String(lsId));
    const project = await this.projects.ofProject(actor, ref.project_id);
    const [row] = await this.repo.taskPage(ref.project_id, 0, 1, [lsId]);
    if (!row) throw notFound('Task', String(lsId));
    const [task] = await this.records(actor, project, [row], true);
    return { project, task: task! };
  }

  async update(actor: Actor, lsId: number, input: { data?: unknown; meta?: unknown }) {
    const { project, task } = await this.get(actor, lsId);
    if (input.data !== undefined && !isRecord(input.data))
      throw lsValidation('data', 'Value must be valid JSON.');
    if (input.meta !== undefined && !isRecord(input.meta))
      throw lsValidation('meta', 'Value must be valid JSON.');
    const data = (input.data as Record<string, unknown> | undefined) ?? task.data;
    for (const key of dataKeysOf(project.config))
      if (!Object.hasOwn(data, key)) throw lsValidation('data', `"${key}" key is expected in task data`);
    // The storage object the task came from stays named (`storage_filename`).
    const ref = await this.repo.findByLsId(actor.organizationId, 'task', lsId);
    const { storage, storage_filename } = (ref?.data ? JSON.parse(ref.data) : {}) as {
      storage?: number;
      storage_filename?: string;
    };
    await this.repo.updateData(
      lsId,
      JSON.stringify({
        data,
        meta: (input.meta as Record<string, unknown> | undefined) ?? task.meta,
        ...(storage_filename !== undefined && { storage, storage_filename }),
      }),
    );
    const main = dataKeysOf(project.config)[0];
    if (input.data !== undefined && main !== undefined && typeof data[main] === 'string')
      await this.dataRows.update(actor, task.dataRowId, { rowData: data[main] });
    return this.get(actor, lsId);
  }

  /**
   * `DELETE /api/projects/{id}/tasks/`: every task of the project, 5,000 at a time (each chunk atomic; a retry
   * deletes what is left). Returns the deleted task ids.
   */
  async deleteAll(actor: Actor, project: LsProject): Promise<number[]> {
    await this.repo.ensureTasks(actor.organizationId, project.row.id, nowIso());
    const deleted: number[] = [];
    for (;;) {
      const rows = await this.repo.taskPage(project.row.id, 0, DELETE_CHUNK);
      if (rows.length === 0) return deleted;
      await this.deleteTasks(
        actor,
        project,
        rows.map((r) => ({ ref_id: r.data_row_id })),
      );
      deleted.push(...rows.map((r) => r.ls_id));
    }
  }

  /** Deletes these tasks of the project (their data rows and refs), 5,000 per statement. */
  async deleteTasks(actor: Actor, project: LsProject, refs: readonly { ref_id: string }[]): Promise<void> {
    for (let i = 0; i < refs.length; i += DELETE_CHUNK) {
      const dataRowIds = refs.slice(i, i + DELETE_CHUNK).map((r) => r.ref_id);
      await this.dataRows.delete(actor, dataRowIds);
      await this.repo.deleteRefs('task', project.row.id, dataRowIds);
    }
  }

  async delete(actor: Actor, lsId: number): Promise<void> {
    const { task } = await this.get(actor, lsId);
    await this.dataRows.delete(actor, [task.dataRowId]);
    await this.repo.deleteRefs('task', task.projectId, [task.dataRowId]);
  }
}
