import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../auth/actor.ts';
import { AppError } from '../../errors.ts';
import type { AppContext } from '../../http/app-context.ts';
import { MAX_BULK_TASKS } from '../../services/label-studio/annotation-bulk.service.ts';
import { parseDmSelection, parseTaskIds } from '../../services/label-studio/dm-query.ts';
import { lsValidation } from '../../services/label-studio/project.service.ts';
import { pathId, projectField } from './envelope.ts';
import { annotationJson, predictionJson, taskJson } from './mappers.ts';
import { actorOf, bodyOf, lsIdsFor, lsRoute, queryOf } from './routes.ts';

const idOf = (params: unknown, entity: string) => pathId((params as { id: string }).id, entity);

/** Annotations (our labels) and predictions (our pre-labels) with Label Studio result items. */
export function registerLsAnnotationRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { tasks, annotations } = ctx.services.labelStudio;

  lsRoute(app, 'GET', '/api/tasks/:id/annotations', async (request) => {
    const actor = actorOf(request);
    const { project, task } = await tasks.get(actor, idOf(request.params, 'Task'));
    const ids = await lsIdsFor(ctx, actor, [task]);
    return task.annotations.map((a) => annotationJson(project, task, a, ids));
  });
  /** The annotation's JSON with its task's, as the routes answer and ANNOTATION_* payloads carry them. */
  const annotationPayload = async (
    actor: Actor,
    found: Awaited<ReturnType<typeof annotations.get>>,
  ): Promise<{ annotation: ReturnType<typeof annotationJson>; task: ReturnType<typeof taskJson> }> => {
    const { project, task, record } = found;
    const ids = await lsIdsFor(ctx, actor, [task]);
    return {
      annotation: annotationJson(project, task, record as (typeof task.annotations)[number], ids),
      task: taskJson(project, task, ids),
    };
  };
  lsRoute(app, 'POST', '/api/tasks/:id/annotations', async (request, reply) => {
    const actor = actorOf(request);
    const found = await annotations.create(
      actor,
      idOf(request.params, 'Task'),
      bodyOf(request),
      'annotation',
    );
    const payload = await annotationPayload(actor, found);
    // One event source for both faces: Labelbox's LABEL_CREATED and, through its listener, ANNOTATION_CREATED.
    await ctx.services.labels.emit(actor, 'LABEL_CREATED', [
      (found.record as (typeof found.task.annotations)[number]).row,
    ]);
    return reply.code(201).send(payload.annotation);
  });
  lsRoute(app, 'GET', '/api/annotations/:id', async (request) => {
    const actor = actorOf(request);
    const found = await annotations.get(actor, idOf(request.params, 'Annotation'), 'annotation');
    return (await annotationPayload(actor, found)).annotation;
  });
  lsRoute(app, ['PATCH', 'PUT'], '/api/annotations/:id', async (request) => {
    const actor = actorOf(request);
    const found = await annotations.update(
      actor,
      idOf(request.params, 'Annotation'),
      bodyOf(request),
      'annotation',
    );
    const payload = await annotationPayload(actor, found);
    await ctx.services.labels.emit(actor, 'LABEL_UPDATED', [
      (found.record as (typeof found.task.annotations)[number]).row,
    ]);
    return payload.annotation;
  });
  lsRoute(app, 'DELETE', '/api/annotations/:id', async (request, reply) => {
    const actor = actorOf(request);
    // ANNOTATIONS_DELETED goes out from the label service's LABEL_DELETED, as for deletions on the other face.
    await annotations.delete(actor, idOf(request.params, 'Annotation'), 'annotation');
    return reply.code(204).send();
  });

  /** The project a bulk request names in its body (required: the tasks and annotations must be its). */
  const bodyProject = (actor: Actor, body: Record<string, unknown>) =>
    ctx.services.labelStudio.projects.get(actor, projectField(body.project));

  // SDK 2.x `annotations.create_bulk(project=, tasks=[…] | selected_items={…}, result=[…])`: the same annotation on
  // many tasks; the answer is `[{"id"}]` in task id order. docs/label-studio.md.
  lsRoute(app, 'POST', '/api/annotations/bulk', async (request, reply) => {
    const actor = actorOf(request);
    const body = bodyOf(request);
    const project = await bodyProject(actor, body);
    const selection =
      body.tasks !== undefined && body.tasks !== null
        ? { all: false as const, included: [...new Set(parseTaskIds(body.tasks, 'tasks', MAX_BULK_TASKS))] }
        : parseDmSelection(body.selected_items, 'selected_items');
    if (!selection) throw lsValidation('tasks', 'Either tasks or selected_items is required.');
    const { ids, created } = await ctx.services.labelStudio.bulkAnnotations.create(
      actor,
      project,
      selection,
      body,
    );
    if (created.length > 0) await ctx.services.labels.emit(actor, 'LABEL_CREATED', created);
    return reply.code(201).send(ids.map((id) => ({ id })));
  });

  // SDK 2.x `annotations.delete_bulk(ids=[…], project=)`: at most 100; the answer is `{"deleted_count"}`.
  lsRoute(app, 'POST', '/api/annotations/bulk-delete', async (request) => {
    const actor = actorOf(request);
    const body = bodyOf(request);
    const project = await bodyProject(actor, body);
    if (body.ids === undefined || body.ids === null) throw lsValidation('ids', 'This field is required.');
    const ids = parseTaskIds(body.ids, 'ids', Infinity, 'annotation ids');
    const deleted = await ctx.services.labelStudio.bulkAnnotations.delete(actor, project, ids);
    return { deleted_count: deleted };
  });

  lsRoute(app, 'GET', '/api/predictions', async (request) => {
    const actor = actorOf(request);
    const q = queryOf(request);
    if (q.task !== undefined) {
      const { project, task } = await tasks.get(actor, pathId(q.task, 'Task'));
      return task.predictions.map((p) => predictionJson(project, task, p));
    }
    if (q.project === undefined)
      throw new AppError('MALFORMED_REQUEST', 'Give task or project.', { field: 'task' });
    const project = await ctx.services.labelStudio.projects.get(actor, pathId(q.project, 'Project'));
    const out = [];
    for await (const page of tasks.all(actor, project))
      for (const task of page) out.push(...task.predictions.map((p) => predictionJson(project, task, p)));
    return out;
  });
  lsRoute(app, 'POST', '/api/predictions', async (request, reply) => {
    const body = bodyOf(request);
    if (body.task === undefined)
      throw new AppError('MALFORMED_REQUEST', 'This field is required.', { field: 'task' });
    const { project, task, record } = await annotations.create(
      actorOf(request),
      pathId(body.task, 'Task'),
      body,
      'prediction',
    );
    return reply.code(201).send(predictionJson(project, task, record as (typeof task.predictions)[number]));
  });
  lsRoute(app, 'POST', '/api/projects/:id/import/predictions', async (request, reply) => {
    const actor = actorOf(request);
    const project = await ctx.services.labelStudio.projects.get(actor, idOf(request.params, 'Project'));
    const created = await annotations.importPredictions(actor, project, request.body);
    return reply.code(201).send({ created });
  });
  lsRoute(app, 'GET', '/api/predictions/:id', async (request) => {
    const { project, task, record } = await annotations.get(
      actorOf(request),
      idOf(request.params, 'Prediction'),
      'prediction',
    );
    return predictionJson(project, task, record as (typeof task.predictions)[number]);
  });
  lsRoute(app, ['PATCH', 'PUT'], '/api/predictions/:id', async (request) => {
    const { project, task, record } = await annotations.update(
      actorOf(request),
      idOf(request.params, 'Prediction'),
      bodyOf(request),
      'prediction',
    );
    return predictionJson(project, task, record as (typeof task.predictions)[number]);
  });
  lsRoute(app, 'DELETE', '/api/predictions/:id', async (request, reply) => {
    await annotations.delete(actorOf(request), idOf(request.params, 'Prediction'), 'prediction');
    return reply.code(204).send();
  });
}
