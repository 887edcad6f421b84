import type { Actor } from '../auth/actor.ts';
import type { JobContext, JobOutcome } from '../jobs/job-queue.ts';
import type { TaskPresentation } from '../graphql/resolvers/task.resolvers.ts';
import { ExportFileRepository } from '../repositories/export-file.repository.ts';
import {
  ExportRepository,
  type ExportDataRowRecord,
  type ExportMembershipRecord,
  type ExportProjectRowRecord,
  type ExportRowFilter,
  type TimeRange,
} from '../repositories/export.repository.ts';
import { LabelRenderRepository, type LabelRender } from '../repositories/label-render.repository.ts';
import { LegacyExportRepository } from '../repositories/legacy-export.repository.ts';
import { BlobSink, NdjsonStreamWriter } from './export-stream.ts';
import {
  buildV2Row,
  type ExportProjectInfo,
  type ExportRowError,
  type V2RowContext,
} from './export-v2.rows.ts';
import type { ExportParams } from './export.filters.ts';
import type { ServiceDeps } from './index.ts';
import { groupReviews } from './export-reviews.ts';
import { buildLegacyRow, type LegacyRowContext } from './legacy-export.rows.ts';
import { ExportRowText } from './export-row-text.ts';
import { exportEmbeddings } from './embedding/embedding.service.ts';
import { catalogExperiments, modelRunPages } from './export-model-run.rows.ts';
import { MASK_URL_TTL_SECONDS, MaskService } from './mask.service.ts';
import { MetadataService } from './metadata.service.ts';
import { OntologyService } from './ontology.service.ts';

/** Sizes an export works in; tests shrink `chunkBytes` to get many chunks from a few rows. */
export type ExportTuning = { chunkBytes: number; pageSize: number };

export type ExportRunInfo = { id: string; name: string; modelId: string; modelName: string };

export type V2Payload = {
  scope: 'project' | 'catalog' | 'model-run';
  /** Model-run exports: the run and its model. */
  modelRun?: ExportRunInfo;
  /** Catalog exports: the model runs whose `experiments` blocks each row carries (`modelRunIds`, `allModelRuns`). */
  runs?: ExportRunInfo[];
  projectId: string | null;
  filter: ExportRowFilter;
  params: ExportParams;
  /** Catalog: projects whose labels are listed; `allProjects` lists every project. */
  projectIds: string[];
  allProjects: boolean;
  /** Origin of absolute URLs written into the file (mask URLs). */
  origin: string;
};

export type LegacyPayload = {
  projectId: string;
  filters: { createdAt?: TimeRange; lastActivityAt?: TimeRange };
  key: string;
  downloadPath: string;
  origin: string;
};

const PROGRESS_EVERY_MS = 2_000;
const actorOf = (ctx: JobContext): Actor => ({
  organizationId: ctx.job.organization_id,
  userId: ctx.job.created_by,
  role: 'ADMIN',
  email: '',
});

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

const membershipOf = (projectId: string, r: ExportProjectRowRecord): ExportMembershipRecord => ({
  project_id: projectId,
  data_row_id: r.id,
  batch_id: r.batch_id,
  batch_name: r.batch_name,
  priority: r.priority,
  workflow_status: r.workflow_status,
  labels_needed: r.labels_needed,
});

/**
 * Throttled progress: the job lease is extended at most every two seconds. The total is counted at the first
 * report, after the first pages are out, so counting never delays the first byte.
 */
function progressReporter(ctx: JobContext, countTotal: () => Promise<number>) {
  let last = Date.now();
  let total: number | undefined;
  return async (done: number) => {
    if (Date.now() - last < PROGRESS_EVERY_MS) return;
    total ??= await countTotal();
    last = Date.now();
    await ctx.progress(total > 0 ? Math.min(0.99, done / total) : 0);
  };
}

/**
 * The export jobs. Both read page by page (keyset, ~1,000 rows, relations by one query per page) and write as they
 * read, so memory stays flat: v2 writes NDJSON with a chunk index; the legacy export writes a JSON array.
 */
export class ExportRunner {
  private readonly repo: ExportRepository;
  private readonly files: ExportFileRepository;
  private readonly legacy: LegacyExportRepository;
  private readonly masks: MaskService;
  private readonly ontologies: OntologyService;
  private readonly metadata: MetadataService;
  private readonly rowText: ExportRowText;
  private readonly renders: LabelRenderRepository;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly tuning: ExportTuning,
  ) {
    this.repo = new ExportRepository(deps.db, deps.dialect);
    this.files = new ExportFileRepository(deps.db, deps.dialect);
    this.legacy = new LegacyExportRepository(deps.db, deps.dialect);
    this.masks = new MaskService(deps);
    this.ontologies = new OntologyService(deps.db, deps.dialect);
    this.metadata = new MetadataService(deps);
    this.rowText = new ExportRowText(deps);
    this.renders = new LabelRenderRepository(deps.db);
  }

  async runV2(ctx: JobContext, options: { onFirstByte?: () => void } = {}): Promise<JobOutcome> {
    const payload = ctx.payload as V2Payload;
    const org = ctx.job.organization_id;
    const result = new NdjsonStreamWriter(
      this.deps.blobs,
      `${org}/exports/${ctx.job.id}/result.ndjson`,
      this.tuning.chunkBytes,
      options.onFirstByte,
    );
    const errors = new NdjsonStreamWriter(
      this.deps.blobs,
      `${org}/exports/${ctx.job.id}/errors.ndjson`,
      this.tuning.chunkBytes,
    );
    let rows = 0;
    try {
      const report = progressReporter(ctx, () =>
        payload.modelRun
          ? this.repo.modelRunRowCount(payload.modelRun.id)
          : payload.scope === 'project' && payload.projectId
            ? this.repo.projectRowCount(payload.projectId)
            : this.repo.catalogRowCount(org, payload.filter),
      );
      const pages = payload.modelRun
        ? modelRunPages(this.deps, this.repo, this.tuning.pageSize, actorOf(ctx), payload, payload.modelRun)
        : this.v2Pages(actorOf(ctx), payload);
      for await (const page of pages) {
        await result.writeLines(page.lines);
        await errors.writeLines(page.errors.map((e) => JSON.stringify(e)));
        rows += page.lines.length;
        await report(rows);
      }
    } catch (error) {
      result.abort(error as Error);
      errors.abort(error as Error);
      throw error;
    }
    const [r, e] = [await result.close(), await errors.close()];
    await this.files.replaceChunks(ctx.job.id, 'RESULT', r.chunks);
    await this.files.replaceChunks(ctx.job.id, 'ERRORS', e.chunks);
    const presentation: TaskPresentation = {
      ...(r.totalSize > 0 ? { resultFile: result.key } : {}),
      ...(e.totalSize > 0 ? { errorsFile: errors.key } : {}),
      metadata: { rows: r.totalLines, bytes: r.totalSize, errors: e.totalLines },
    };
    return { status: 'DONE', result: presentation };
  }

  /** Pages of v2 lines: one line per data row, error lines for labels that could not be read. */
  async *v2Pages(
    actor: Actor,
    payload: V2Payload,
  ): AsyncGenerator<{ lines: string[]; errors: ExportRowError[] }> {
    const org = actor.organizationId;
    const projectRows = await this.repo.projects(
      org,
      payload.scope === 'project'
        ? [payload.projectId ?? '']
        : payload.allProjects
          ? null
          : payload.projectIds,
    );
    const projects = new Map<string, ExportProjectInfo>(
      projectRows.map((p) => [p.id, { id: p.id, name: p.name, ontologyId: p.ontology_id }]),
    );
    const included = [...projects.keys()];
    const ctx: V2RowContext = {
      params: payload.params,
      projects,
      metadata: payload.params.metadata ? await this.metadata.index(actor) : undefined,
      maskUrl: (labelId, mask) => this.masks.signedUrl(payload.origin, org, labelId, mask.uuid),
      maskFileUrl: (source) => this.masks.sourceUrl(payload.origin, org, source, MASK_URL_TTL_SECONDS),
    };
    let after: string | null = null;
    for (;;) {
      const page: ExportDataRowRecord[] =
        payload.scope === 'project'
          ? await this.repo.projectPage(org, included[0] ?? '', payload.filter, after, this.tuning.pageSize)
          : await this.repo.catalogPage(org, payload.filter, null, after, this.tuning.pageSize);
      if (page.length === 0) return;
      const ids = page.map((r) => r.id);
      const runs = payload.scope === 'catalog' ? (payload.runs ?? []) : [];
      const [labels, attachments, memberships, embeddings, experiments] = await Promise.all([
        this.repo.labelsForExport(org, included, ids, payload.filter.labeledAt),
        payload.params.attachments ? this.repo.attachmentsFor(org, ids) : Promise.resolve([]),
        payload.scope === 'project'
          ? Promise.resolve((page as ExportProjectRowRecord[]).map((r) => membershipOf(included[0]!, r)))
          : this.repo.membershipsFor(included, ids),
        payload.params.embeddings ? exportEmbeddings(this.deps.db, org, ids) : Promise.resolve(undefined),
        runs.length > 0
          ? catalogExperiments(this.deps, org, runs, ids, payload.params)
          : Promise.resolve(undefined),
      ]);
      // Workflow history and reviews, one query per page each, only when their blocks are asked for.
      const [history, reviews] = await Promise.all([
        payload.params.projectDetails ? this.repo.historyFor(included, ids) : Promise.resolve([]),
        payload.params.labelDetails ? this.repo.reviewsFor(labels.map((l) => l.id)) : Promise.resolve([]),
      ]);
      const historyByRow = groupBy(history, (h) => h.data_row_id);
      const reviewsByLabel = groupBy(reviews, (r) => r.label_id);
      const labelsByRow = groupBy(labels, (l) => l.data_row_id);
      const attachmentsByRow = groupBy(attachments, (a) => a.data_row_id);
      const membersByRow = groupBy(memberships, (m) => m.data_row_id);
      const lines: string[] = [];
      const errors: ExportRowError[] = [];
      const renders: LabelRender[] = [];
      for (const row of page) {
        const rowLabels = labelsByRow.get(row.id) ?? [];
        const text = ExportRowText.wanted(row, rowLabels)
          ? await this.rowText.load(org, row.row_data)
          : undefined;
        const rowMembers = new Map((membersByRow.get(row.id) ?? []).map((m) => [m.project_id, m]));
        // Catalog rows list the included projects they belong to or are labeled in.
        const projectIds =
          payload.scope === 'project'
            ? included
            : included.filter((p) => rowMembers.has(p) || rowLabels.some((l) => l.project_id === p));
        const built = buildV2Row(
          {
            row,
            projectIds,
            labels: rowLabels,
            memberships: rowMembers,
            history: historyByRow.get(row.id) ?? [],
            reviews: reviewsByLabel,
            attachments: attachmentsByRow.get(row.id) ?? [],
            embeddings: embeddings?.get(row.id),
            text,
            ...(experiments && { experiments: experiments.get(row.id) ?? {} }),
          },
          ctx,
        );
        lines.push(built.json);
        errors.push(...built.errors);
        renders.push(...built.renders);
      }
      yield { lines, errors };
      await this.storeRenders(renders);
      after = page[page.length - 1]!.id;
    }
  }

  /**
   * Keeps the renders this export had to make, so the next export splices them. A render only serves while its
   * label is unchanged (see LabelRenderRepository); failing to store one costs only speed, so it never fails the export.
   */
  private async storeRenders(renders: readonly LabelRender[]): Promise<void> {
    if (renders.length === 0) return;
    try {
      await this.renders.store(renders);
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'export: could not store label renders');
    }
  }

  /** The legacy `exportLabels` file: a JSON array of v1 rows, written as `[`, rows joined by `,`, `]`. */
  async runLegacy(ctx: JobContext): Promise<JobOutcome> {
    const payload = ctx.payload as LegacyPayload;
    const actor = actorOf(ctx);
    const org = actor.organizationId;
    const [project] = await this.repo.projects(org, [payload.projectId]);
    const colors = new Map<string, string>();
    if (project?.ontology_id) {
      const ontology = await this.ontologies.get(actor, project.ontology_id);
      for (const tool of ontology.full.tools) colors.set(tool.featureSchemaId, tool.color);
    }
    const rowCtx: LegacyRowContext = {
      projectId: payload.projectId,
      projectName: project?.name ?? '',
      color: (id) => colors.get(id) ?? null,
      maskUrl: (labelId, mask) => this.masks.signedUrl(payload.origin, org, labelId, mask.uuid),
      maskFileUrl: (source) => this.masks.sourceUrl(payload.origin, org, source, MASK_URL_TTL_SECONDS),
      viewUrl: (labelId) => `${payload.origin}/projects/${payload.projectId}/labels/${labelId}`,
    };
    const report = progressReporter(ctx, () => this.repo.projectLabelCount(payload.projectId));
    const sink = new BlobSink(this.deps.blobs, payload.key);
    let written = 0;
    let skipped = 0;
    try {
      await sink.write('[');
      let after: string | null = null;
      while (project) {
        const page = await this.legacy.legacyPage(
          org,
          payload.projectId,
          payload.filters,
          after,
          this.tuning.pageSize,
        );
        if (page.length === 0) break;
        const parts: string[] = [];
        const reviews = groupReviews(await this.repo.reviewsFor(page.map((l) => l.id)));
        for (const label of page) {
          const built = buildLegacyRow(label, rowCtx, reviews);
          if ('error' in built) skipped++;
          else parts.push(built.json);
        }
        if (parts.length > 0) await sink.write((written > 0 ? ',' : '') + parts.join(','));
        written += parts.length;
        after = page[page.length - 1]!.id;
        await report(written + skipped);
      }
      await sink.write(']');
    } catch (error) {
      sink.abort(error as Error);
      throw error;
    }
    await sink.end();
    const presentation: TaskPresentation = {
      resultFile: payload.key,
      metadata: { labels: written, skipped },
    };
    return { status: 'DONE', result: presentation };
  }
}
