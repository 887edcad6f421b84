import type { WorkflowHistoryRow } from '../repositories/workflow.repository.ts';
import { WebhookService } from './webhook.service.ts';
import { featureResolver } from '@labelyard/schema';
import type { Actor } from '../auth/actor.ts';
import type { JobContext, JobOutcome } from '../jobs/job-queue.ts';
import {
  AnnotationImportRepository,
  type AnnotationImportRow,
} from '../repositories/annotation-import.repository.ts';
import { LabelRepository, type LabelRow } from '../repositories/label.repository.ts';
import { ProjectRepository } from '../repositories/project.repository.ts';
import { nowIso } from '../time.ts';
import { ImportChunk, readLine, type ImportKind, type ReadLine } from './annotation-import.chunk.ts';
import type { ImportTarget } from './annotation-import.write.ts';
import { BlobWriter, ndjsonLines } from './annotation-import.lines.ts';
import { MaskStore } from './annotation-import.masks.ts';
import type { AnnotationImportJobPayload } from './annotation-import.service.ts';
import { downloadToBlob, InputFetchError, MAX_INPUT_BYTES } from './annotation-import.source.ts';
import { lineFailure, statusRecord } from './annotation-import.status.ts';
import type { ServiceDeps } from './index.ts';
import { LabelService } from './label.service.ts';
import { OntologyService } from './ontology.service.ts';

/** A chunk is written in one transaction: at most this many data rows, lines or bytes of input. */
const CHUNK_ROWS = 500;
const CHUNK_LINES = 5_000;
const CHUNK_BYTES = 16 * 1024 * 1024;
const MAX_LINE_BYTES = 64 * 1024 * 1024;

/** One import as the shared NDJSON loop sees it: label, MAL pre-label or model-run prediction import. */
export type NdjsonImport = {
  row: { id: string; organization_id: string; input_key: string; created_by: string };
  sourceUrl?: string | undefined;
  /** Where lines go, and the ontology they are checked against (null: the target is gone). */
  target: ImportTarget;
  ontologyId: () => Promise<string | null>;
  /** Removes what an interrupted earlier attempt wrote. */
  discardPartial: () => Promise<void>;
  /** After each chunk's transaction (label events, agreement). */
  afterChunk?: (created: LabelRow[], updated: LabelRow[], steps: WorkflowHistoryRow[]) => Promise<void>;
  update: (patch: {
    state?: 'FINISHED' | 'FAILED';
    progress?: number;
    status_key?: string;
    error_key?: string;
    updated_at: string;
  }) => Promise<void>;
};

/**
 * The import job: streams the input line by line (never the whole file), writes chunk after chunk, and streams
 * the status file (every line) and the error file (failures only; empty when none) into the blob store. A retry
 * after a crash first removes what the previous attempt wrote, so lines never land twice.
 */
export async function runAnnotationImport(deps: ServiceDeps, ctx: JobContext): Promise<JobOutcome> {
  const payload = ctx.payload as AnnotationImportJobPayload;
  const repo = new AnnotationImportRepository(deps.db, deps.dialect);
  const row = await repo.find(ctx.job.organization_id, payload.importId);
  if (!row || row.state !== 'RUNNING') return { result: { skipped: true } };
  const kind = row.kind as ImportKind;
  const actor = importActor(row);
  const labels = new LabelService(deps);
  return runNdjsonImport(deps, ctx, {
    row,
    sourceUrl: payload.sourceUrl,
    target: {
      importId: row.id,
      organizationId: row.organization_id,
      userId: row.created_by,
      projectId: row.project_id,
      kind,
    },
    ontologyId: async () =>
      (await new ProjectRepository(deps.db).find(row.organization_id, row.project_id))?.ontology_id ?? null,
    discardPartial: () => discardPartial(deps, row),
    afterChunk: async (created, updated, steps) => {
      if (kind !== 'GROUND_TRUTH') return;
      await labels.rescore(row.organization_id, [...created, ...updated]);
      await labels.emit(actor, 'LABEL_CREATED', created);
      await labels.emit(actor, 'LABEL_UPDATED', updated);
      // Rows the ground truth finished (TO_LABEL → DONE) fire WORKFLOW_ACTION, as queue steps do.
      await new WebhookService(deps).emitWorkflowEvents(actor, row.project_id, steps);
    },
    update: (patch) => repo.update(row.id, patch),
  });
}

/** The import's author, with the rights the import was checked for when it was created. */
function importActor(row: { organization_id: string; created_by: string }): Actor {
  return { organizationId: row.organization_id, userId: row.created_by, role: 'ADMIN', email: '' };
}

/** Runs one import to FINISHED (or FAILED, with the reason in both files once retries are used up). */
export async function runNdjsonImport(
  deps: ServiceDeps,
  ctx: JobContext,
  spec: NdjsonImport,
): Promise<JobOutcome> {
  try {
    return await importFile(deps, ctx, spec);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!(error instanceof InputFetchError) && ctx.job.attempts < ctx.job.max_attempts) throw error;
    await failImport(deps, spec, message);
    return { status: 'FAILED', errors: [{ message }] };
  }
}

async function importFile(deps: ServiceDeps, ctx: JobContext, spec: NdjsonImport) {
  const { row } = spec;
  const guard = { allowPrivate: deps.config.allowPrivateUrls };
  if (spec.sourceUrl && !(await deps.blobs.stat(row.input_key))) {
    const fetched = await downloadToBlob(deps.blobs, spec.sourceUrl, row.input_key, {
      ...guard,
      maxBytes: MAX_INPUT_BYTES,
      timeoutMs: 60_000,
    });
    if (!fetched.complete)
      throw new InputFetchError(`fileUrl ${spec.sourceUrl} is larger than ${MAX_INPUT_BYTES} bytes`);
  }
  if (!(await deps.blobs.stat(row.input_key))) throw new InputFetchError('the input file no longer exists');
  if (ctx.job.attempts > 1) await spec.discardPartial();
  const ontologyId = await spec.ontologyId();
  if (!ontologyId) throw new InputFetchError('the import target is gone or has no ontology');
  const features = featureResolver(
    await new OntologyService(deps.db, deps.dialect).index(importActor(row), ontologyId),
  );
  const masks = new MaskStore(deps.blobs, deps.signer, row.organization_id, guard, deps.config.maskMaxPixels);
  const statusKey = `${row.organization_id}/imports/${row.id}/status.ndjson`;
  const errorKey = `${row.organization_id}/imports/${row.id}/errors.ndjson`;
  const total = (await deps.blobs.stat(row.input_key))?.size ?? 0;
  const input = await deps.blobs.read(row.input_key);
  const statusFile = new BlobWriter(deps.blobs, statusKey);
  const errorFile = new BlobWriter(deps.blobs, errorKey);
  let read = 0;

  const flush = async (lines: ReadLine[]) => {
    const chunk = new ImportChunk(deps.db, deps.dialect, { ...spec.target, features, masks });
    const { statuses, created, updated, steps } = await chunk.run(lines);
    for (const s of statuses) {
      await statusFile.writeLine(statusRecord(s));
      if (s.status === 'FAILURE') await errorFile.writeLine(statusRecord(s));
    }
    await spec.afterChunk?.(created, updated, steps);
    const fraction = total > 0 ? Math.min(0.99, read / total) : 0;
    await spec.update({ progress: fraction, updated_at: nowIso() });
    await ctx.progress(fraction);
  };

  try {
    let pending: ReadLine[] = [];
    let rows = new Set<string>();
    let bytes = 0;
    for await (const raw of ndjsonLines(input, MAX_LINE_BYTES)) {
      const line = readLine(raw, MAX_LINE_BYTES);
      const rowKey = 'envelope' in line ? JSON.stringify(line.envelope.dataRow) : undefined;
      const full = pending.length >= CHUNK_LINES || rows.size >= CHUNK_ROWS || bytes >= CHUNK_BYTES;
      // Cut between data rows when possible, so a row's consecutive lines make one label write; hard cap at 2×.
      const overfull = pending.length >= 2 * CHUNK_LINES || bytes >= 2 * CHUNK_BYTES;
      if (full && (rowKey === undefined || !rows.has(rowKey) || overfull)) {
        await flush(pending);
        pending = [];
        rows = new Set();
        bytes = 0;
      }
      pending.push(line);
      if (rowKey !== undefined) rows.add(rowKey);
      bytes += raw.bytes;
      read += raw.bytes + 1;
    }
    if (pending.length > 0) await flush(pending);
    await statusFile.close();
    await errorFile.close();
  } catch (error) {
    input.destroy();
    statusFile.abort(error as Error);
    errorFile.abort(error as Error);
    throw error;
  }
  await spec.update({
    state: 'FINISHED',
    progress: 1,
    status_key: statusKey,
    error_key: errorKey,
    updated_at: nowIso(),
  });
  return { result: { statusFile: statusKey, errorsFile: errorKey } };
}

/** What an earlier, interrupted attempt wrote (its status files are rewritten from scratch). */
async function discardPartial(deps: ServiceDeps, row: AnnotationImportRow): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const labels = new LabelRepository(trx, deps.dialect);
    await labels.delete(await labels.idsByImport(row.id));
    await new AnnotationImportRepository(trx, deps.dialect).deletePrelabelsOfImport(row.id);
  });
}

/** FAILED, with the reason in both files so `errorFileUrl` always explains it (Labelbox leaves users guessing). */
async function failImport(deps: ServiceDeps, spec: NdjsonImport, message: string): Promise<void> {
  const { row } = spec;
  const statusKey = `${row.organization_id}/imports/${row.id}/status.ndjson`;
  const errorKey = `${row.organization_id}/imports/${row.id}/errors.ndjson`;
  const line = `${JSON.stringify(statusRecord(lineFailure(0, 'ImportFailed', [{ path: '', message }])))}\n`;
  await deps.blobs.put(statusKey, line);
  await deps.blobs.put(errorKey, line);
  await spec.update({ state: 'FAILED', status_key: statusKey, error_key: errorKey, updated_at: nowIso() });
}
