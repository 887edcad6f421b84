import { once } from 'node:events';
import type { Actor } from '../auth/actor.ts';
import { AppError, invalid } from '../errors.ts';
import { newId } from '../ids.ts';
import type { JobContext } from '../jobs/job-queue.ts';
import type { JobRow } from '../repositories/job.repository.ts';
import {
  ExportFileRepository,
  type StreamHeader,
  type StreamName,
} from '../repositories/export-file.repository.ts';
import { ExportRepository, type TimeRange } from '../repositories/export.repository.ts';
import { ExportRunner, type ExportTuning, type LegacyPayload, type V2Payload } from './export.runner.ts';
import { MAX_MODEL_RUN_IDS, parseExportInput, zonedTimeToIso, type ExportInput } from './export.filters.ts';
import type { ServiceDeps } from './index.ts';
import type { ModelRunService } from './model/model-run.service.ts';
import type { ModelService } from './model/model.service.ts';
import { ProjectService } from './project.service.ts';

export const EXPORT_V2_JOB = 'export-data-rows';
export const LEGACY_EXPORT_JOB = 'export-labels';
const LEGACY_KIND = 'LEGACY_JSON';
const V2_KIND = 'V2_NDJSON';
/** Labelbox generates a new `exportLabels` file at most every 30 minutes; calls in between get the same one. */
export const LEGACY_REUSE_MS = 30 * 60_000;

export type LegacyExportInput = {
  projectId: string;
  filters?: { labelCreatedAt?: RangeInput | null; lastActivityAt?: RangeInput | null } | null;
};
type RangeInput = { start?: string | null; end?: string | null };

export type LegacyExportState = { downloadUrl: string | null; createdAt: string; shouldPoll: boolean };
export type StreamChunk = {
  offsets: { start: number; end: number };
  lines: { start: number; end: number };
  key: string;
};

/**
 * Export errors carry an `errors` list: for export calls the Labelbox SDK raises
 * `MalformedQueryException(error["errors"])` and a missing member would be a KeyError.
 */
function exportError(error: unknown): unknown {
  if (
    !(error instanceof AppError) ||
    (error.code !== 'MALFORMED_REQUEST' && error.code !== 'RESOURCE_NOT_FOUND')
  )
    return error;
  return new AppError('MALFORMED_REQUEST', error.message, {
    ...(error.field ? { field: error.field } : {}),
    details: {
      ...error.details,
      errors: [{ message: error.message, ...(error.field ? { field: error.field } : {}) }],
    },
  });
}

async function asExportCall<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw exportError(error);
  }
}

/**
 * Exports: Labelbox export v2 (`exportDataRowsInProject` / `…InCatalog` → a task whose NDJSON streams are read by
 * byte offset) and the legacy `exportLabels` JSON file. Work runs as jobs (`ExportRunner`); small exports finish
 * inside the request so clients need no polls.
 */
export class ExportService {
  readonly tuning: ExportTuning = { chunkBytes: 4 * 1024 * 1024, pageSize: 250 };
  readonly runner: ExportRunner;
  private readonly repo: ExportRepository;
  private readonly files: ExportFileRepository;
  private readonly projects: ProjectService;

  constructor(private readonly deps: ServiceDeps) {
    this.runner = new ExportRunner(deps, this.tuning);
    this.repo = new ExportRepository(deps.db, deps.dialect);
    this.files = new ExportFileRepository(deps.db, deps.dialect);
    this.projects = new ProjectService(deps.db, deps.dialect);
  }

  startProjectExport(actor: Actor, input: ExportInput, origin: string) {
    return asExportCall(async () => {
      const projectId = input.filters?.projectId;
      if (!projectId) throw invalid('input.filters.projectId', 'is required');
      const parsed = parseExportInput(input, 'UTC');
      const project = await this.projects.get(actor, projectId).catch((error: unknown) => {
        throw error instanceof AppError && error.code === 'RESOURCE_NOT_FOUND'
          ? invalid('input.filters.projectId', `project not found: ${projectId}`)
          : error;
      });
      const payload: V2Payload = { scope: 'project', projectId, origin, ...parsed };
      const rows = await this.repo.projectRowCount(projectId);
      return this.startV2(actor, payload, input.taskName ?? `Export v2: project - ${project.name}`, rows);
    });
  }

  startCatalogExport(actor: Actor, input: ExportInput, origin: string) {
    return asExportCall(async () => {
      const parsed = parseExportInput(input, 'UTC');
      const datasets = parsed.filter.datasetIds;
      if (datasets) {
        const found = new Set(await this.repo.existingDatasets(actor.organizationId, datasets));
        const missing = datasets.find((id) => !found.has(id));
        if (missing) throw invalid('input.filters.searchQuery.query', `dataset not found: ${missing}`);
      }
      const runs = await this.modelRunsOf(actor, parsed.modelRunIds, parsed.allModelRuns);
      const payload: V2Payload = { scope: 'catalog', projectId: null, origin, ...parsed, runs };
      const rows = await this.repo.catalogRowCount(actor.organizationId, parsed.filter);
      return this.startV2(actor, payload, input.taskName ?? 'Export v2: catalog', rows);
    });
  }

  /**
   * The model runs a catalog export writes `experiments` for: those named (each must be the organization's), or
   * every run with `allModelRuns` (at most MAX_MODEL_RUN_IDS; more must be named).
   */
  private async modelRunsOf(actor: Actor, ids: readonly string[], all: boolean) {
    if (!all && ids.length === 0) return [];
    const runs = await this.repo.modelRuns(actor.organizationId, all ? null : ids, MAX_MODEL_RUN_IDS + 1);
    if (all && runs.length > MAX_MODEL_RUN_IDS)
      throw invalid(
        'input.params.allModelRuns',
        `the organization has more than ${MAX_MODEL_RUN_IDS} model runs: name them in modelRunIds`,
      );
    const found = new Set(runs.map((r) => r.id));
    const missing = ids.find((id) => !found.has(id));
    if (!all && missing) throw invalid('input.params.modelRunIds', `model run not found: ${missing}`);
    return runs;
  }

  /** `exportDataRowsInModelRun` (`model_run.export()`): the run's rows with ground truth, predictions, metrics. */
  startModelRunExport(
    actor: Actor,
    input: ExportInput & { filters?: { modelRunId?: string | null } | null },
    origin: string,
    runs: ModelRunService,
    models: ModelService,
  ) {
    return asExportCall(async () => {
      const modelRunId = input.filters?.modelRunId;
      if (!modelRunId) throw invalid('input.filters.modelRunId', 'is required');
      const parsed = parseExportInput({ ...input, filters: {} }, 'UTC');
      const run = await runs.get(actor, modelRunId).catch((error: unknown) => {
        throw error instanceof AppError && error.code === 'RESOURCE_NOT_FOUND'
          ? invalid('input.filters.modelRunId', `model run not found: ${modelRunId}`)
          : error;
      });
      const model = await models.get(actor, run.model_id);
      const payload: V2Payload = {
        scope: 'model-run',
        projectId: null,
        origin,
        ...parsed,
        modelRun: { id: run.id, name: run.name, modelId: model.id, modelName: model.name },
      };
      const rows = await this.repo.modelRunRowCount(run.id);
      return this.startV2(actor, payload, input.taskName ?? `Export v2: model run - ${run.name}`, rows);
    });
  }

  private async startV2(actor: Actor, payload: V2Payload, name: string, rows: number) {
    let job = await this.deps.jobs.enqueue(actor, { type: EXPORT_V2_JOB, name, payload });
    await this.files.insert({
      id: newId(),
      organization_id: actor.organizationId,
      project_id: payload.projectId,
      kind: V2_KIND,
      job_id: job.id,
      blob_key: `${actor.organizationId}/exports/${job.id}/result.ndjson`,
      created_by: actor.userId,
      created_at: job.created_at,
      filter_key: null,
    });
    if (rows <= this.deps.config.inlineJobMaxItems) job = (await this.deps.jobs.runNow(job.id)) ?? job;
    return { taskId: job.id, isStreamable: true };
  }

  /** `exportMetadataHeader`: null for an empty stream, for a running task and for tasks that are not exports. */
  streamHeader(actor: Actor, taskId: string, stream: StreamName): Promise<StreamHeader | null> {
    return asExportCall(async () => {
      const job = await this.finishedExport(actor, taskId);
      return job ? this.files.header(job.id, stream) : null;
    });
  }

  /** `exportFileFromOffset`: from `offset` to the end of the chunk holding it (chunks end at line ends). */
  streamChunk(actor: Actor, taskId: string, stream: StreamName, offset: number): Promise<StreamChunk | null> {
    return asExportCall(async () => {
      const job = await this.finishedExport(actor, taskId);
      const header = job && (await this.files.header(job.id, stream));
      if (!job || !header) return null;
      if (offset >= header.totalSize)
        throw invalid('offset', `${offset} is out of range, max offset is ${header.totalSize - 1}`);
      const chunk = await this.files.chunkAt(job.id, stream, offset);
      if (!chunk) throw invalid('offset', `${offset} is not in the ${stream} stream`);
      const lineStart =
        offset === chunk.byteStart
          ? chunk.lineStart
          : chunk.lineStart + (await this.countNewlines(chunk.blobKey, chunk.byteStart, offset - 1));
      return {
        offsets: { start: offset, end: chunk.byteEnd },
        lines: { start: lineStart, end: chunk.lineEnd },
        key: chunk.blobKey,
      };
    });
  }

  private async finishedExport(actor: Actor, taskId: string): Promise<JobRow | undefined> {
    const job = await this.deps.jobs.get(actor.organizationId, taskId);
    return job?.type === EXPORT_V2_JOB && job.status === 'DONE' ? job : undefined;
  }

  /** Lines that end inside `start..end` of a blob (an offset inside a chunk: rare, the SDK asks chunk starts). */
  private async countNewlines(key: string, start: number, end: number): Promise<number> {
    let count = 0;
    const stream = await this.deps.blobs.read(key, { start, end });
    stream.on('data', (chunk: Buffer) => {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) count++;
    });
    await once(stream, 'end');
    return count;
  }

  /**
   * `exportLabels`: the project's labels as a legacy JSON file. A file made in the last 30 minutes with the same
   * filters is handed out again (same `downloadUrl`, same `createdAt`); otherwise a new one is started, and finished
   * in the request when the project is small. `shouldPoll` stays true until the file exists.
   */
  async exportLabels(actor: Actor, input: LegacyExportInput, origin: string): Promise<LegacyExportState> {
    const project = await this.projects.get(actor, input.projectId);
    const filters = {
      ...rangeOf(input.filters?.labelCreatedAt, 'data.filters.labelCreatedAt', 'createdAt'),
      ...rangeOf(input.filters?.lastActivityAt, 'data.filters.lastActivityAt', 'lastActivityAt'),
    };
    // The file holds absolute URLs made with the caller's origin (the request's Host when PUBLIC_URL is unset):
    // a file is handed out again only to callers of the same origin, never one another Host poisoned.
    const filterKey = JSON.stringify({ ...filters, origin });
    const since = new Date(Date.now() - LEGACY_REUSE_MS).toISOString();
    const recent = await this.files.findRecent(
      actor.organizationId,
      project.id,
      LEGACY_KIND,
      filterKey,
      since,
    );
    if (recent) {
      const { downloadPath } = JSON.parse(recent.payload) as LegacyPayload;
      return legacyState(recent.status, recent.created_at, origin + downloadPath);
    }
    const id = newId();
    const key = `${actor.organizationId}/exports/${id}/export.json`;
    // Signed once, so every call in the next 30 minutes hands out the very same URL; valid a TTL past that.
    const downloadPath = this.deps.signer.sign(
      { key },
      this.deps.config.signedUrlTtlSeconds + LEGACY_REUSE_MS / 1000,
    );
    const payload: LegacyPayload = { projectId: project.id, filters, key, downloadPath, origin };
    let job = await this.deps.jobs.enqueue(actor, {
      type: LEGACY_EXPORT_JOB,
      name: `Export labels: ${project.name}`,
      payload,
    });
    await this.files.insert({
      id,
      organization_id: actor.organizationId,
      project_id: project.id,
      kind: LEGACY_KIND,
      job_id: job.id,
      blob_key: key,
      created_by: actor.userId,
      created_at: job.created_at,
      filter_key: filterKey,
    });
    if ((await this.repo.projectLabelCount(project.id)) <= this.deps.config.inlineJobMaxItems) {
      job = (await this.deps.jobs.runNow(job.id)) ?? job;
    }
    return legacyState(job.status, job.created_at, origin + downloadPath);
  }

  runV2Job(ctx: JobContext) {
    return this.runner.runV2(ctx);
  }

  runLegacyJob(ctx: JobContext) {
    return this.runner.runLegacy(ctx);
  }
}

const legacyState = (status: string, createdAt: string, url: string): LegacyExportState =>
  status === 'DONE'
    ? { downloadUrl: url, createdAt, shouldPoll: false }
    : { downloadUrl: null, createdAt, shouldPoll: true };

function rangeOf(
  input: RangeInput | null | undefined,
  path: string,
  key: 'createdAt' | 'lastActivityAt',
): Record<string, TimeRange> {
  if (!input) return {};
  const range: TimeRange = {};
  if (input.start) range.min = zonedTimeToIso(input.start, 'UTC', `${path}.start`);
  if (input.end) range.max = zonedTimeToIso(input.end, 'UTC', `${path}.end`);
  return range.min || range.max ? { [key]: range } : {};
}
