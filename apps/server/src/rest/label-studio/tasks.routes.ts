import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors.ts';
import type { AppContext } from '../../http/app-context.ts';
import { parsePreannotatedFields, withPreannotations } from '../../services/label-studio/preannotations.ts';
import { lsValidation, type LsProject } from '../../services/label-studio/project.service.ts';
import type { ImportInput } from '../../services/label-studio/task.service.ts';
import type { UploadedFile } from '../../services/label-studio/uploads.ts';
import { invalidPage, lsBool, lsInt, pathId } from './envelope.ts';
import { formatsOf } from './file-uploads.routes.ts';
import { discard, readMultipartImport, readUrlImport, tasksOfFiles } from './import-files.ts';
import { jsonItems } from './json-items.ts';
import { KeptBody } from './kept-body.ts';
import {
  isRecord,
  parseDmQuery,
  parseDmSelection,
  type DmQuery,
} from '../../services/label-studio/dm-query.ts';
import { emitLsAction, WEBHOOK_BATCH_SIZE } from './webhooks.routes.ts';
import { dataManagerFields, taskJson } from './mappers.ts';
import { resolveStorageUrls } from '../../services/label-studio/storage/storage-objects.ts';
import { actorOf, bodyOf, lsIdsFor, lsRoute, queryOf } from './routes.ts';

/** Task fields made from its annotations and predictions: `include` naming none of them reads no labels. */
const LABEL_FIELDS = [
  'annotations',
  'predictions',
  'drafts',
  'is_labeled',
  'total_annotations',
  'cancelled_annotations',
  'total_predictions',
  'annotators',
  'completed_at',
  'annotations_results',
  'predictions_results',
  'predictions_score',
  'avg_lead_time',
  'annotations_ids',
  'predictions_model_versions',
];

/** `include=id,data`: the task fields to answer (`id` always); undefined is all. */
function includeOf(raw: string | string[] | undefined): Set<string> | undefined {
  const text = Array.isArray(raw) ? raw.join(',') : raw;
  if (text === undefined || text.trim() === '') return undefined;
  return new Set(['id', ...text.split(',').map((f) => f.trim())]);
}

const pick = (task: Record<string, unknown>, include: Set<string> | undefined) =>
  include ? Object.fromEntries(Object.entries(task).filter(([k]) => include.has(k))) : task;

/** A query parameter holding JSON (`query`, `selectedItems`; undefined when absent), or 400 naming it. */
function jsonParam(raw: string | string[] | undefined, field: string): unknown {
  const text = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  if (text === undefined || text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw lsValidation(field, 'Value must be valid JSON.');
  }
}

const projectParam = (params: unknown) => pathId((params as { id: string }).id, 'Project');

/** Tasks: the three list envelopes, one task's CRUD, and the streamed import. */
export function registerLsTaskRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { projects, tasks, views } = ctx.services.labelStudio;

  // `/api/tasks/`: `{total, total_annotations, total_predictions, tasks}`, 404 past the last page. A view's or the
  // `query` parameter's Data Manager filters, ordering and selectedItems select and order the tasks (dm-query.ts).
  lsRoute(app, 'GET', '/api/tasks', async (request) => {
    const actor = actorOf(request);
    const q = queryOf(request);
    if (q.project === undefined)
      throw new AppError('MALFORMED_REQUEST', 'This field is required.', { field: 'project' });
    const project = await projects.get(actor, projectParam({ id: q.project }));
    const page = lsInt(q.page, 'page', 1);
    const pageSize = Math.min(Math.max(lsInt(q.page_size, 'page_size', 100), 1), 10_000);
    if (page < 1) throw invalidPage();
    const viewId = lsInt(q.view, 'view', 0);
    let query: DmQuery;
    if (viewId > 0) query = await views.queryOf(actor, viewId, project);
    else {
      const raw = jsonParam(q.query, 'query') ?? {};
      if (!isRecord(raw)) throw lsValidation('query', 'Expected a dictionary of items.');
      query = parseDmQuery(raw, 'query');
      const selection = parseDmSelection(jsonParam(q.selectedItems, 'selectedItems'), 'selectedItems');
      if (selection && !(selection.all && selection.excluded.size === 0)) query.selection = selection;
    }
    const include = includeOf(q.include);
    const withLabels =
      include === undefined
        ? q.fields === 'all' || q.fields === undefined
          ? true
          : q.fields !== 'task_only'
        : LABEL_FIELDS.some((f) => include.has(f));
    const {
      total,
      totals,
      tasks: list,
    } = await tasks.page(actor, project, page, pageSize, {
      withLabels,
      query,
      onlyAnnotated: lsBool(q.only_annotated, false),
    });
    if (page > 1 && list.length === 0) throw invalidPage();
    const counts = totals
      ? undefined
      : await projects.counts(
          actor,
          [project.row.id],
          new Set(['total_annotations_number', 'total_predictions_number']),
        );
    const ids = await lsIdsFor(ctx, actor, list);
    // `resolve_uri=true`: storage URLs become URLs this server serves, as Label Studio's Data Manager asks.
    const buckets = lsBool(q.resolve_uri, false)
      ? await ctx.services.labelStudio.s3Storages.bucketsOf(project)
      : new Set<string>();
    return {
      total,
      total_annotations: totals?.annotations ?? counts?.annotationCount(project.row.id) ?? 0,
      total_predictions: totals?.predictions ?? counts?.predictionCount(project.row.id) ?? 0,
      tasks: list.map((t) => {
        const json = {
          ...taskJson(project, t, ids, withLabels),
          ...(withLabels && dataManagerFields(project, t)),
        };
        return pick({ ...json, data: resolveStorageUrls(t.lsId, t.data, buckets) }, include);
      }),
    };
  });

  // The legacy list: a bare array; `page_size=-1` is everything (capped), past the end is a 404.
  lsRoute(app, 'GET', '/api/projects/:id/tasks', async (request) => {
    const actor = actorOf(request);
    const project = await projects.get(actor, projectParam(request.params));
    const q = queryOf(request);
    const page = lsInt(q.page, 'page', 1);
    const raw = lsInt(q.page_size, 'page_size', 50);
    const pageSize = raw === -1 ? 10_000 : Math.min(Math.max(raw, 1), 10_000);
    if (page < 1) throw invalidPage();
    const { tasks: list } = await tasks.page(actor, project, page, pageSize);
    if (page > 1 && list.length === 0) throw invalidPage();
    const ids = await lsIdsFor(ctx, actor, list);
    return list.map((t) => taskJson(project, t, ids));
  });

  lsRoute(app, 'DELETE', '/api/projects/:id/tasks', async (request, reply) => {
    const actor = actorOf(request);
    const project = await projects.get(actor, projectParam(request.params));
    const deleted = await tasks.deleteAll(actor, project);
    if (deleted.length > 0)
      await emitLsAction(ctx, actor, project, 'TASKS_DELETED', async () => {
        const messages = [];
        for (let i = 0; i < deleted.length; i += WEBHOOK_BATCH_SIZE)
          messages.push({ tasks: deleted.slice(i, i + WEBHOOK_BATCH_SIZE).map((id) => ({ id })) });
        return messages;
      });
    return reply.code(204).send();
  });

  lsRoute(app, 'POST', '/api/tasks', async (request, reply) => {
    const actor = actorOf(request);
    const body = bodyOf(request);
    if (body.project === undefined)
      throw new AppError('MALFORMED_REQUEST', 'This field is required.', { field: 'project' });
    const project = await projects.get(actor, projectParam({ id: body.project }));
    if (body.meta !== undefined && (typeof body.meta !== 'object' || Array.isArray(body.meta)))
      throw lsValidation('meta', 'Value must be a JSON object.');
    const item = { data: body.data, meta: body.meta ?? {} };
    const read = () =>
      jsonItems(
        (async function* () {
          yield Buffer.from(JSON.stringify(item));
        })(),
      ).items;
    // Each POST /api/tasks makes a task: no retry receipt applies, so the receipt key is unique.
    const key = `single-task:${randomUUID()}`;
    const hash = () => key;
    const result = await tasks.importTasks(actor, project, {
      items: read(),
      hash,
      again: async () => ({ items: read(), hash }),
    });
    const { task } = await tasks.get(actor, result.taskIds[0]!);
    const json = taskJson(project, task, await lsIdsFor(ctx, actor, [task]));
    await emitLsAction(ctx, actor, project, 'TASKS_CREATED', async () => [{ tasks: [json] }]);
    return reply.code(201).send(json);
  });

  lsRoute(app, 'GET', '/api/tasks/:id', async (request) => {
    const actor = actorOf(request);
    const { project, task } = await tasks.get(actor, pathId((request.params as { id: string }).id, 'Task'));
    return taskJson(project, task, await lsIdsFor(ctx, actor, [task]));
  });

  lsRoute(app, ['PATCH', 'PUT'], '/api/tasks/:id', async (request) => {
    const actor = actorOf(request);
    const body = bodyOf(request);
    const { project, task } = await tasks.update(
      actor,
      pathId((request.params as { id: string }).id, 'Task'),
      { data: body.data, meta: body.meta },
    );
    return taskJson(project, task, await lsIdsFor(ctx, actor, [task]));
  });

  lsRoute(app, 'DELETE', '/api/tasks/:id', async (request, reply) => {
    const actor = actorOf(request);
    const id = pathId((request.params as { id: string }).id, 'Task');
    const { project } = await tasks.get(actor, id);
    await tasks.delete(actor, id);
    await emitLsAction(ctx, actor, project, 'TASKS_DELETED', async () => [{ tasks: [{ id }] }]);
    return reply.code(204).send();
  });
}

/**
 * `POST /api/projects/{id}/import` (and `/tasks/bulk`): the body is never buffered; it is split into tasks as
 * it arrives and written in one transaction. Registered in a scope of its own so no body parser runs first.
 */
export async function registerLsImportRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const { projects, tasks, fileUploads } = ctx.services.labelStudio;
  await app.register(async (scope) => {
    // JSON and form bodies arrive as the raw stream; multipart keeps the root's parser (request.parts()).
    scope.removeContentTypeParser(['application/json', 'text/plain']);
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    const handler = async (
      request: Parameters<Parameters<typeof lsRoute>[3]>[0],
      reply: Parameters<Parameters<typeof lsRoute>[3]>[1],
    ) => {
      const actor = actorOf(request);
      const project: LsProject = await projects.get(actor, projectParam(request.params));
      const type = String(request.headers['content-type'] ?? 'application/json')
        .split(';')[0]!
        .trim()
        .toLowerCase();
      const body = request.body as AsyncIterable<Buffer> | undefined;
      const q = request.query as Record<string, string | string[] | undefined>;
      const commit = lsBool(q.commit_to_project, true);
      const preannotated = parsePreannotatedFields(q.preannotated_from_fields);
      const run = (input: ImportInput) =>
        tasks.importTasks(
          actor,
          project,
          preannotated ? withPreannotations(input, preannotated, project) : input,
        );
      let result: Awaited<ReturnType<typeof tasks.importTasks>>;
      let formats: string[] = [];
      if (type === 'multipart/form-data' || type === 'application/x-www-form-urlencoded') {
        const input =
          type === 'multipart/form-data'
            ? await readMultipartImport(request, ctx, actor, project)
            : await readUrlImport(ctx, actor, project, (await formFields(body)).get('url'));
        formats = formatsOf(input.files);
        const uploads = input.files.filter((f): f is UploadedFile => f.kind !== 'url-task');
        const items = () => tasksOfFiles(ctx.blobs, project, input.files);
        if (!commit) {
          // Label Studio's two-step import: the files become uploads, listed and imported later by /reimport.
          const staged = await fileUploads
            .stage(actor, project, uploads, items, input.hash)
            .catch(async (error: unknown) => {
              await discard(ctx.blobs, input.stored);
              throw error;
            });
          if (staged.replayed) await discard(ctx.blobs, input.stored);
          return reply.code(201).send({
            task_count: staged.taskCount,
            annotation_count: null,
            prediction_count: null,
            duration: 0,
            file_upload_ids: staged.fileUploadIds,
            could_be_tasks_list: uploads.some(
              (f) => f.kind === 'csv' || f.kind === 'tsv' || f.kind === 'txt',
            ),
            found_formats: formats,
            data_columns: staged.dataColumns,
          });
        }
        try {
          const hash = () => input.hash;
          result = await run({
            items: items(),
            hash,
            again: async () => ({ items: items(), hash }),
            uploads,
          });
        } catch (error) {
          await discard(ctx.blobs, input.stored);
          throw error;
        }
        // The files are the uploads the import recorded; a retried request's are the first request's.
        if (result.replayed) await discard(ctx.blobs, input.stored);
      } else if (type.includes('json')) {
        if (!commit)
          throw lsValidation(
            'commit_to_project',
            'commit_to_project=false keeps uploaded files for /reimport: send the tasks as files (multipart), or import them directly.',
          );
        const kept = new KeptBody(body ?? (async function* () {})());
        result = await run({
          ...jsonItems(kept.stream()),
          again: async () => {
            const again = await kept.again();
            return again && jsonItems(again);
          },
        });
      } else {
        throw new AppError(
          'MALFORMED_REQUEST',
          `Unsupported content type ${type}: send a JSON list of tasks, multipart files or a url form field`,
          { field: 'non_field_errors' },
        );
      }
      if (!result.replayed && result.taskIds.length > 0) {
        const ids = result.taskIds;
        await emitLsAction(ctx, actor, project, 'TASKS_CREATED', async () => {
          // One message per WEBHOOK_BATCH_SIZE tasks, as Label Studio splits bulk events.
          const messages = [];
          for (let i = 0; i < ids.length; i += WEBHOOK_BATCH_SIZE) {
            const chunk = ids.slice(i, i + WEBHOOK_BATCH_SIZE);
            const page = await tasks.page(actor, project, 1, chunk.length, { ids: chunk });
            const lsIds = await lsIdsFor(ctx, actor, page.tasks);
            messages.push({ tasks: page.tasks.map((t) => taskJson(project, t, lsIds)) });
          }
          return messages;
        });
      }
      return reply.code(201).send({
        task_count: result.taskIds.length,
        annotation_count: result.annotationCount,
        prediction_count: result.predictionCount,
        predictions_count: result.predictionCount,
        duration: result.duration,
        file_upload_ids: result.fileUploadIds,
        could_be_tasks_list: false,
        found_formats: formats,
        data_columns: [],
        ...(lsBool(q.return_task_ids, false) && { task_ids: result.taskIds }),
      });
    };
    lsRoute(scope, 'POST', '/api/projects/:id/import', handler);
    lsRoute(scope, 'POST', '/api/projects/:id/tasks/bulk', handler);
  });
}

/** The largest `application/x-www-form-urlencoded` import body (it only names a URL). */
const MAX_FORM_BYTES = 64 * 1024;

async function formFields(body: AsyncIterable<Buffer> | undefined): Promise<URLSearchParams> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of body ?? []) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES)
      throw lsValidation('url', `The form body is larger than ${MAX_FORM_BYTES} bytes`);
    parts.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(parts).toString('utf8'));
}
