import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../http/app-context.ts';
import { LS_DM_ACTIONS, parseDmActionRequest } from '../../services/label-studio/action.service.ts';
import { projectField } from './envelope.ts';
import { emitLsAction, WEBHOOK_BATCH_SIZE } from './webhooks.routes.ts';
import { actorOf, bodyOf, lsRoute, queryOf } from './routes.ts';

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * Data Manager actions: `GET /api/dm/actions?project=` lists them, `POST /api/dm/actions?id=&project=` runs one over
 * `selectedItems` narrowed by `filters` or a `view` (the legacy `Project.delete_tasks`, `delete_all_tasks`, `create_annotations_from_predictions`
 * and SDK 2.x `actions.create` call it). docs/label-studio.md.
 */
export function registerLsActionRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { projects, actions, views } = ctx.services.labelStudio;

  lsRoute(app, 'GET', '/api/dm/actions', async (request) => {
    const actor = actorOf(request);
    await projects.get(actor, projectField(first(queryOf(request).project)));
    return LS_DM_ACTIONS.map((a) => ({
      ...a,
      permission: a.id === 'predictions_to_annotations' ? 'tasks.change' : 'tasks.delete',
      experimental: false,
      dialog: a.id.startsWith('delete')
        ? {
            title: a.title,
            text: 'You are going to delete the selected items. Please confirm your action.',
            type: 'confirm',
          }
        : null,
    }));
  });

  lsRoute(app, 'POST', '/api/dm/actions', async (request) => {
    const actor = actorOf(request);
    const q = queryOf(request);
    const body = bodyOf(request);
    const project = await projects.get(actor, projectField(first(q.project) ?? body.project));
    const parsed = parseDmActionRequest(first(q.id), body, first(q.view));
    if (parsed.viewId !== undefined)
      parsed.filters = (await views.queryOf(actor, parsed.viewId, project)).filters;
    const result = await actions.run(actor, project, parsed);
    const deleted = result.deletedTasks;
    if (deleted.length > 0)
      await emitLsAction(ctx, actor, project, 'TASKS_DELETED', async () => {
        const messages = [];
        for (let i = 0; i < deleted.length; i += WEBHOOK_BATCH_SIZE)
          messages.push({ tasks: deleted.slice(i, i + WEBHOOK_BATCH_SIZE).map((id) => ({ id })) });
        return messages;
      });
    // Deleted annotations announce themselves through the label service (LABEL_DELETED → ANNOTATIONS_DELETED).
    if (result.createdLabels.length > 0)
      await ctx.services.labels.emit(actor, 'LABEL_CREATED', result.createdLabels);
    return result.body;
  });
}
