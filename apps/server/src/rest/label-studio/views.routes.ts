import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../auth/actor.ts';
import type { AppContext } from '../../http/app-context.ts';
import { parseTaskIds } from '../../services/label-studio/dm-query.ts';
import { lsValidation } from '../../services/label-studio/project.service.ts';
import type { LsView } from '../../services/label-studio/view.service.ts';
import { pathId } from './envelope.ts';
import { actorOf, bodyOf, lsRoute, queryOf } from './routes.ts';

const first = (v: unknown) => (Array.isArray(v) ? (v[0] as unknown) : v);

function projectId(raw: unknown): number {
  if (raw === undefined || raw === null || raw === '')
    throw lsValidation('project', 'This field is required.');
  if (typeof raw !== 'string' && typeof raw !== 'number')
    throw lsValidation('project', 'A valid integer is required.');
  return pathId(raw, 'Project');
}

/**
 * Data Manager views (`/api/dm/views/`), as the legacy SDK's `get_views`, `create_view`, `delete_view` and its
 * filtered export, and SDK 2.x `views.*`, call them. A task list with `?view=<id>` applies the view's filters and
 * ordering (docs/label-studio.md).
 */
export function registerLsViewRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { views, projects } = ctx.services.labelStudio;
  const json = async (actor: Actor, view: LsView) => ({
    id: view.lsId,
    project: view.project.lsId,
    user: (await projects.userLsIds(actor, [view.user])).get(view.user) ?? null,
    order: view.order,
    data: view.data,
    filter_group: null,
    ordering: null,
    selected_items: null,
    is_locked: false,
    locked_at: null,
    locked_by: null,
  });
  const viewParam = (params: unknown) => pathId((params as { id: string }).id, 'View');

  lsRoute(app, 'GET', '/api/dm/views', async (request) => {
    const actor = actorOf(request);
    const raw = first(queryOf(request).project);
    const list = await views.list(actor, raw === undefined || raw === '' ? undefined : projectId(raw));
    return Promise.all(list.map((v) => json(actor, v)));
  });

  lsRoute(app, 'POST', '/api/dm/views', async (request, reply) => {
    const actor = actorOf(request);
    const body = bodyOf(request);
    const view = await views.create(actor, projectId(body.project), body.data);
    return reply.code(201).send(await json(actor, view));
  });

  lsRoute(app, 'DELETE', '/api/dm/views/reset', async (request, reply) => {
    const actor = actorOf(request);
    const q = queryOf(request);
    await views.reset(actor, projectId(first(q.project) ?? bodyOf(request).project));
    return reply.code(204).send();
  });

  lsRoute(app, 'POST', '/api/dm/views/order', async (request) => {
    const actor = actorOf(request);
    const body = bodyOf(request);
    await views.reorder(actor, projectId(body.project), parseTaskIds(body.ids, 'ids', 1_000, 'view ids'));
    return {};
  });

  lsRoute(app, 'GET', '/api/dm/views/:id', async (request) => {
    const actor = actorOf(request);
    return json(actor, await views.get(actor, viewParam(request.params)));
  });

  lsRoute(app, ['PATCH', 'PUT'], '/api/dm/views/:id', async (request) => {
    const actor = actorOf(request);
    const body = bodyOf(request);
    const view = await views.update(actor, viewParam(request.params), {
      data: body.data,
      project: body.project,
    });
    return json(actor, view);
  });

  lsRoute(app, 'DELETE', '/api/dm/views/:id', async (request, reply) => {
    const actor = actorOf(request);
    await views.delete(actor, viewParam(request.params));
    return reply.code(204).send();
  });
}
