import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../auth/actor.ts';
import { AppError, notFound } from '../../errors.ts';
import type { AppContext } from '../../http/app-context.ts';
import type { JobContext, JobOutcome } from '../../jobs/job-queue.ts';
import { newId } from '../../ids.ts';
import { LabelStudioRepository, type LsRef } from '../../repositories/label-studio.repository.ts';
import { parseDmFilters, parseViewId } from '../../services/label-studio/dm-query.ts';
import { lsValidation, type LsProject } from '../../services/label-studio/project.service.ts';
import { nowIso } from '../../time.ts';
import { pathId } from './envelope.ts';
import { extensionOf, pagesOf, type LsFormat } from './export-formats.ts';
import {
  contentTypeOf,
  exportFileName,
  formatBody,
  requestedFormat,
  taskJsonPages,
} from './export.routes.ts';
import { jsonItems } from './json-items.ts';
import { actorOf, bodyOf, lsIdsFor, lsRoute } from './routes.ts';

export const LS_SNAPSHOT_JOB = 'label-studio-export-snapshot';
/** How long a download waits for its snapshot or conversion to finish (SDK 2.x downloads right after `convert`). */
const DOWNLOAD_WAIT_MS = 10 * 60 * 1000;
const LIST_LIMIT = 100;

type Status = 'created' | 'in_progress' | 'failed' | 'completed';
type SnapshotState = {
  title: string;
  status: Status;
  created_by: string;
  created_at: string;
  finished_at: string | null;
  md5: string | null;
  counters: { task_number: number };
  only_with_annotations: boolean;
  /** The Data Manager filters of the view the export was made through (`task_filter_options.view`), as it was then. */
  filters?: unknown;
  /** That view's id, answered back in `task_filter_options`. */
  view?: number;
  key: string;
  error?: string;
};
type FormatState = { export_type: LsFormat; status: Status; key: string; traceback: string | null };
type JobPayload = { project: number; export: number; format?: LsFormat };

const stateOf = <T>(ref: LsRef): T => JSON.parse(ref.data ?? '{}') as T;
const formatRefId = (snapshot: LsRef, format: LsFormat) => `${snapshot.ref_id}:${format}`;

/** Counts bytes into an MD5 as they pass (the snapshot's `md5`). */
function md5Tap(digest: ReturnType<typeof createHash>): Transform {
  return new Transform({
    transform(chunk: Buffer | string, _e, done) {
      digest.update(chunk);
      done(null, chunk);
    },
  });
}

/**
 * Export snapshots (`/api/projects/{id}/exports/`): each is a job that writes the project's tasks as Label Studio
 * JSON into the blob store; `convert` is a job that writes another format of the same snapshot (the JSON family
 * from the stored file, the file formats through the shared converters); `download` waits for either to finish.
 * Small projects are written within the create call (as Label Studio Community does); larger ones in the
 * background, so no request times out.
 */
export function registerLsSnapshotRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { projects, views } = ctx.services.labelStudio;
  const repo = new LabelStudioRepository(ctx.database.db);
  ctx.jobs.register(LS_SNAPSHOT_JOB, (job) => runSnapshotJob(ctx, job));

  const projectOf = (request: { params: unknown }, actor: Actor) =>
    projects.get(actor, pathId((request.params as { id: string }).id, 'Project'));
  const snapshotOf = async (actor: Actor, project: LsProject, pk: unknown) => {
    const ref = await repo.findByLsId(actor.organizationId, 'export', pathId(pk, 'Export'));
    if (!ref || ref.project_id !== project.row.id) throw notFound('Export', String(pk));
    return ref;
  };
  const json = async (actor: Actor, ref: LsRef) => {
    const s = stateOf<SnapshotState>(ref);
    const formats = await repo.findByRefs(
      'export_format',
      ref.project_id,
      // Every format a snapshot may have: cheap, and no second index.
      ['JSON_MIN', 'CSV', 'TSV', 'COCO', 'YOLO', 'VOC', 'CONLL2003', 'BRUSH_TO_PNG'].map(
        (f) => `${ref.ref_id}:${f}`,
      ),
    );
    const ids = await lsIdsFor(ctx, actor, [], [s.created_by]);
    const [user] = await ctx.services.identity.usersByIds(actor, [s.created_by]);
    return {
      id: ref.ls_id,
      title: s.title,
      created_by: {
        id: ids.users.get(s.created_by) ?? null,
        first_name: '',
        last_name: '',
        email: user?.email ?? '',
        avatar: null,
      },
      created_at: s.created_at,
      finished_at: s.finished_at,
      status: s.status,
      md5: s.md5,
      counters: s.counters,
      converted_formats: [
        { id: ref.ls_id, export_type: 'JSON', status: s.status, traceback: s.error ?? null },
        ...formats.map((f) => {
          const fs = stateOf<FormatState>(f);
          return { id: f.ls_id, export_type: fs.export_type, status: fs.status, traceback: fs.traceback };
        }),
      ],
      task_filter_options: {
        only_with_annotations: s.only_with_annotations,
        ...(s.view !== undefined && { view: s.view }),
      },
      annotation_filter_options: { usual: true, ground_truth: false, skipped: false },
      serialization_options: {},
    };
  };
  /** Runs the job in this request when the project is small, else starts it in the background. */
  const start = async (actor: Actor, project: LsProject, payload: JobPayload) => {
    const job = await ctx.jobs.enqueue(actor, {
      type: LS_SNAPSHOT_JOB,
      name: `Label Studio export ${payload.export}${payload.format ? ` ${payload.format}` : ''}`,
      payload,
    });
    const counts = await projects.counts(actor, [project.row.id], new Set(['task_number']));
    if (counts.taskCount(project.row.id) <= ctx.config.inlineJobMaxItems) await ctx.jobs.runNow(job.id);
    else ctx.jobs.runSoon(job.id);
  };

  lsRoute(app, 'GET', '/api/projects/:id/exports', async (request) => {
    const actor = actorOf(request);
    const project = await projectOf(request, actor);
    const refs = await repo.listOfKind('export', project.row.id, LIST_LIMIT);
    return Promise.all(refs.map((r) => json(actor, r)));
  });

  lsRoute(app, 'POST', '/api/projects/:id/exports', async (request, reply) => {
    const actor = actorOf(request);
    const project = await projectOf(request, actor);
    const body = bodyOf(request);
    if (body.title !== undefined && body.title !== null && typeof body.title !== 'string')
      throw lsValidation('title', 'Not a valid string.');
    if (typeof body.title === 'string' && body.title.length > 2048)
      throw lsValidation('title', 'Ensure this field has no more than 2048 characters.');
    const filter = body.task_filter_options;
    if (filter !== undefined && filter !== null && (typeof filter !== 'object' || Array.isArray(filter)))
      throw lsValidation('task_filter_options', 'Expected a dictionary of items.');
    // Through a view (the legacy `export(filters=)` makes one, exports through it, then deletes it): its filters
    // as they are now, so deleting the view afterwards changes nothing.
    const id = parseViewId((filter as { view?: unknown } | null)?.view, 'task_filter_options.view');
    let view: { id: number; filters: unknown } | undefined;
    if (id !== undefined) {
      const found = await views.ofProject(actor, id, project, 'task_filter_options.view');
      view = { id, filters: found.data.filters ?? null };
    }
    const now = nowIso();
    const refId = newId();
    const state: SnapshotState = {
      title: typeof body.title === 'string' ? body.title : '',
      status: 'created',
      created_by: actor.userId,
      created_at: now,
      finished_at: null,
      md5: null,
      counters: { task_number: 0 },
      only_with_annotations:
        (filter as { only_with_annotations?: unknown } | null)?.only_with_annotations === true,
      ...(view && { view: view.id, filters: view.filters }),
      key: `${actor.organizationId}/ls-exports/${project.lsId}/${refId}`,
    };
    const ids = await repo.insert([
      {
        kind: 'export',
        ref_id: refId,
        organization_id: actor.organizationId,
        project_id: project.row.id,
        data: JSON.stringify(state),
        created_at: now,
      },
    ]);
    const lsId = ids.get(refId)!;
    await start(actor, project, { project: project.lsId, export: lsId });
    const ref = (await repo.findByLsId(actor.organizationId, 'export', lsId))!;
    return reply.code(201).send(await json(actor, ref));
  });

  lsRoute(app, 'GET', '/api/projects/:id/exports/:pk', async (request) => {
    const actor = actorOf(request);
    const project = await projectOf(request, actor);
    return json(actor, await snapshotOf(actor, project, (request.params as { pk: string }).pk));
  });

  lsRoute(app, 'DELETE', '/api/projects/:id/exports/:pk', async (request, reply) => {
    const actor = actorOf(request);
    const project = await projectOf(request, actor);
    const ref = await snapshotOf(actor, project, (request.params as { pk: string }).pk);
    const s = stateOf<SnapshotState>(ref);
    const formats = await repo.findByRefs(
      'export_format',
      ref.project_id,
      ['JSON_MIN', 'CSV', 'TSV', 'COCO', 'YOLO', 'VOC', 'CONLL2003', 'BRUSH_TO_PNG'].map(
        (f) => `${ref.ref_id}:${f}`,
      ),
    );
    await repo.deleteByLsIds([ref.ls_id, ...formats.map((f) => f.ls_id)]);
    for (const key of [s.key, ...formats.map((f) => stateOf<FormatState>(f).key)])
      await ctx.blobs.delete(key).catch(() => undefined);
    return reply.code(204).send();
  });

  lsRoute(app, 'POST', '/api/projects/:id/exports/:pk/convert', async (request) => {
    const actor = actorOf(request);
    const project = await projectOf(request, actor);
    const ref = await snapshotOf(actor, project, (request.params as { pk: string }).pk);
    const body = bodyOf(request);
    if (body.export_type === undefined) throw lsValidation('export_type', 'This field is required.');
    const format = requestedFormat(project, body.export_type, 'export_type');
    if (format === 'JSON') return { export_type: format, converted_format: ref.ls_id };
    const s = stateOf<SnapshotState>(ref);
    if (s.status === 'failed') throw lsValidation('export_type', 'The export failed: it cannot be converted');
    const state: FormatState = {
      export_type: format,
      status: 'created',
      key: `${s.key}.${format.toLowerCase()}.${extensionOf(format)}`,
      traceback: null,
    };
    const refId = formatRefId(ref, format);
    const existing = (await repo.findByRefs('export_format', ref.project_id, [refId]))[0];
    if (existing && stateOf<FormatState>(existing).status !== 'failed')
      return { export_type: format, converted_format: existing.ls_id };
    if (existing) await repo.updateData(existing.ls_id, JSON.stringify(state));
    else await repo.ensure('export_format', actor.organizationId, ref.project_id, [refId], nowIso());
    const [formatRef] = await repo.findByRefs('export_format', ref.project_id, [refId]);
    if (!existing) await repo.updateData(formatRef!.ls_id, JSON.stringify(state));
    await start(actor, project, { project: project.lsId, export: ref.ls_id, format });
    return { export_type: format, converted_format: formatRef!.ls_id };
  });

  lsRoute(app, 'GET', '/api/projects/:id/exports/:pk/download', async (request, reply) => {
    const actor = actorOf(request);
    const project = await projectOf(request, actor);
    const pk = (request.params as { pk: string }).pk;
    const q = request.query as Record<string, unknown>;
    const format = requestedFormat(project, q.exportType ?? q.export_type, 'exportType');
    const deadline = Date.now() + DOWNLOAD_WAIT_MS;
    for (;;) {
      const ref = await snapshotOf(actor, project, pk);
      const s = stateOf<SnapshotState>(ref);
      let status = s.status;
      let key = s.key;
      if (format !== 'JSON' && status === 'completed') {
        const [f] = await repo.findByRefs('export_format', ref.project_id, [formatRefId(ref, format)]);
        if (!f) throw notFound(`${format} format is not converted yet`, String(ref.ls_id));
        ({ status, key } = stateOf<FormatState>(f));
      }
      if (status === 'failed')
        throw new AppError(
          'RESOURCE_NOT_FOUND',
          `Export ${ref.ls_id} failed: ${s.error ?? 'conversion failed'}`,
        );
      if (status === 'completed') {
        const info = await ctx.blobs.stat(key);
        if (!info) throw notFound('Export file', String(ref.ls_id));
        const fileName = exportFileName(project, format, ref.ref_id);
        return reply
          .header('content-type', contentTypeOf(format))
          .header('content-length', info.size)
          .header('content-disposition', `attachment; filename="${fileName}"`)
          .header('filename', fileName)
          .send(await ctx.blobs.read(key));
      }
      if (Date.now() > deadline) throw new AppError('RESOURCE_NOT_FOUND', 'Export is not completed');
      await new Promise((r) => setTimeout(r, 200));
    }
  });
}

/** The job: writes the snapshot (or one conversion of it) into the blob store and records the outcome. */
async function runSnapshotJob(ctx: AppContext, job: JobContext): Promise<JobOutcome> {
  const payload = job.payload as JobPayload;
  const actor: Actor = {
    organizationId: job.job.organization_id,
    userId: job.job.created_by,
    role: 'ADMIN',
    email: '',
  };
  const repo = new LabelStudioRepository(ctx.database.db);
  const ref = await repo.findByLsId(actor.organizationId, 'export', payload.export);
  if (!ref) return { status: 'FAILED', errors: [{ message: 'export deleted' }] };
  const snapshot = stateOf<SnapshotState>(ref);
  const target = payload.format
    ? (await repo.findByRefs('export_format', ref.project_id, [formatRefId(ref, payload.format)]))[0]
    : ref;
  if (!target) return { status: 'FAILED', errors: [{ message: 'conversion deleted' }] };
  const save = (patch: Record<string, unknown>) =>
    repo.updateData(target.ls_id, JSON.stringify({ ...stateOf<Record<string, unknown>>(target), ...patch }));
  await save({ status: 'in_progress' });
  try {
    const project = await ctx.services.labelStudio.projects.get(actor, payload.project);
    const filters = parseDmFilters(snapshot.filters, 'task_filter_options.view');
    const query = filters && { filters };
    if (!payload.format) {
      const digest = createHash('md5');
      let count = 0;
      const pages = async function* () {
        for await (const page of taskJsonPages(
          ctx,
          actor,
          project,
          (t) => !snapshot.only_with_annotations || t.annotations.length > 0,
          query,
        )) {
          count += page.length;
          await job.progress(0);
          yield page;
        }
      };
      const body = await formatBody(ctx, actor, project, 'JSON', pages());
      const tap = md5Tap(digest);
      const stored = ctx.blobs.put(snapshot.key, tap);
      await pipeline(body, tap);
      await stored;
      await save({
        status: 'completed',
        md5: digest.digest('hex'),
        counters: { task_number: count },
        finished_at: nowIso(),
      });
      return { status: 'DONE', result: { tasks: count } };
    }
    const state = stateOf<FormatState>(target);
    // A conversion asked for while its snapshot is still being written waits for it.
    const deadline = Date.now() + DOWNLOAD_WAIT_MS;
    for (;;) {
      const base = await repo.findByLsId(actor.organizationId, 'export', payload.export);
      const status = base ? stateOf<SnapshotState>(base).status : 'failed';
      if (status === 'completed') break;
      if (status === 'failed' || Date.now() > deadline) throw new Error('the export did not complete');
      await job.progress(0);
      await new Promise((r) => setTimeout(r, 200));
    }
    // The JSON family is converted from the stored snapshot; file formats from the same tasks' labels.
    const tasks = pagesOf(jsonItems(await ctx.blobs.read(snapshot.key)).items) as AsyncIterable<
      Record<string, unknown>[]
    >;
    let dataRowIds: Set<string> | undefined;
    if (snapshot.only_with_annotations || query) {
      dataRowIds = new Set();
      for await (const page of ctx.services.labelStudio.tasks.all(actor, project, 500, query))
        for (const t of page)
          if (!snapshot.only_with_annotations || t.annotations.length > 0) dataRowIds.add(t.dataRowId);
    }
    const body = await formatBody(ctx, actor, project, payload.format, tasks, dataRowIds);
    await ctx.blobs.put(state.key, body);
    await save({ status: 'completed' });
    return { status: 'DONE' };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await save({ status: 'failed', ...(payload.format ? { traceback: message } : { error: message }) });
    return { status: 'FAILED', errors: [{ message }] };
  }
}
