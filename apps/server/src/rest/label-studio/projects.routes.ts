import type { FastifyInstance } from 'fastify';
import { parseLabelConfig } from '@labelyard/schema';
import type { Actor } from '../../auth/actor.ts';
import type { AppContext } from '../../http/app-context.ts';
import {
  LS_PROJECT_SETTINGS,
  parseConfigOrThrow,
  type LsProject,
  type LsSettings,
} from '../../services/label-studio/project.service.ts';
import { LabelStudioRepository } from '../../repositories/label-studio.repository.ts';
import { invalidPage, lsInt, pathId } from './envelope.ts';
import { projectJson } from './mappers.ts';
import { emitLsAction } from './webhooks.routes.ts';
import { actorOf, bodyOf, lsIdsFor, lsRoute, queryOf } from './routes.ts';

const settingsOf = (body: Record<string, unknown>): Partial<LsSettings> => {
  const out: Partial<LsSettings> = {};
  for (const key of Object.keys(LS_PROJECT_SETTINGS) as (keyof LsSettings)[])
    if (Object.hasOwn(body, key)) out[key] = body[key];
  return out;
};

/** Project JSON with its counts and integer user ids, for a page of projects. */
export async function projectsJson(ctx: AppContext, actor: Actor, list: LsProject[]) {
  const projects = ctx.services.labelStudio.projects;
  const counts = await projects.counts(
    actor,
    list.map((p) => p.row.id),
  );
  const ids = await lsIdsFor(
    ctx,
    actor,
    [],
    list.map((p) => p.row.created_by),
  );
  const creators = new Map(
    (await ctx.services.identity.usersByIds(actor, [...new Set(list.map((p) => p.row.created_by))])).map(
      (u) => [u.id, u],
    ),
  );
  return list.map((p) =>
    projectJson(
      p,
      {
        tasks: counts.tasks.get(p.row.id) ?? 0,
        annotations: counts.labels.get(p.row.id) ?? 0,
        predictions: counts.predictions.get(p.row.id) ?? 0,
      },
      ids,
      creators.get(p.row.created_by),
    ),
  );
}

/** Projects: the DRF-paginated list, CRUD and label-config validation. */
export function registerLsProjectRoutes(app: FastifyInstance, ctx: AppContext): void {
  const projects = ctx.services.labelStudio.projects;
  const withCounts = (actor: Actor, list: LsProject[]) => projectsJson(ctx, actor, list);
  const one = async (actor: Actor, p: LsProject) => (await withCounts(actor, [p]))[0]!;

  lsRoute(app, 'GET', '/api/projects', async (request) => {
    const actor = actorOf(request);
    const q = queryOf(request);
    const page = lsInt(q.page, 'page', 1);
    const pageSize = Math.min(Math.max(lsInt(q.page_size, 'page_size', 30), 1), 10_000_000);
    if (page < 1) throw invalidPage();
    const { count, projects: list } = await projects.page(actor, page, Math.min(pageSize, 1000));
    if (page > 1 && list.length === 0) throw invalidPage();
    const url = new URL(request.url, 'http://x');
    const link = (p: number) => {
      url.searchParams.set('page', String(p));
      return `${request.protocol}://${request.host}${url.pathname}${url.search}`;
    };
    const size = Math.min(pageSize, 1000);
    return {
      count,
      next: page * size < count ? link(page + 1) : null,
      previous: page > 1 ? link(page - 1) : null,
      results: await withCounts(actor, list),
    };
  });

  lsRoute(app, 'POST', '/api/projects', async (request, reply) => {
    const actor = actorOf(request);
    const body = bodyOf(request);
    const project = await projects.create(actor, {
      title: body.title,
      description: body.description,
      label_config: body.label_config,
      settings: settingsOf(body),
    });
    await emitLsAction(ctx, actor, project, 'PROJECT_CREATED', async () => [{}]);
    return reply.code(201).send(await one(actor, project));
  });

  // Label Studio answers this one with DRF's stock body, not its envelope.
  lsRoute(
    app,
    'POST',
    '/api/projects/validate',
    async (request, reply) => {
      const parsed = parseLabelConfig(bodyOf(request).label_config);
      if (!parsed.ok) return reply.code(400).send({ label_config: [parsed.message] });
      return reply.code(204).send();
    },
    { public: true },
  );

  lsRoute(app, 'GET', '/api/projects/:id', async (request) => {
    const actor = actorOf(request);
    return one(actor, await projects.get(actor, pathId((request.params as { id: string }).id, 'Project')));
  });

  // `{"<model version>": <predictions>}` as Label Studio answers (legacy `Project.get_model_versions()`).
  lsRoute(app, 'GET', '/api/projects/:id/model-versions', async (request) => {
    const actor = actorOf(request);
    const project = await projects.get(actor, pathId((request.params as { id: string }).id, 'Project'));
    const counts = await new LabelStudioRepository(ctx.database.db).predictionModelVersions(
      project.row.id,
      ctx.database.dialect,
    );
    return Object.fromEntries(counts);
  });

  lsRoute(app, ['PATCH', 'PUT'], '/api/projects/:id', async (request) => {
    const actor = actorOf(request);
    const body = bodyOf(request);
    const lsId = pathId((request.params as { id: string }).id, 'Project');
    const project = await projects.update(actor, lsId, {
      title: body.title,
      description: body.description,
      label_config: body.label_config,
      settings: settingsOf(body),
    });
    await emitLsAction(ctx, actor, project, 'PROJECT_UPDATED', async () => [{}]);
    return one(actor, project);
  });

  lsRoute(app, 'DELETE', '/api/projects/:id', async (request, reply) => {
    const actor = actorOf(request);
    const project = await projects.get(actor, pathId((request.params as { id: string }).id, 'Project'));
    await projects.delete(actor, project.lsId);
    await emitLsAction(ctx, actor, project, 'PROJECT_DELETED', async () => [
      { project: { id: project.lsId } },
    ]);
    return reply.code(204).send();
  });

  lsRoute(app, 'POST', '/api/projects/:id/validate', async (request) => {
    const actor = actorOf(request);
    const project = await projects.get(actor, pathId((request.params as { id: string }).id, 'Project'));
    const config = parseConfigOrThrow(bodyOf(request).label_config);
    await projects.checkCompatible(actor, project, config);
    const before = new Set(project.config.objects.map((o) => o.dataKey));
    const after = new Set(config.objects.map((o) => o.dataKey));
    return {
      config_essential_data_has_changed: before.size !== after.size || [...before].some((k) => !after.has(k)),
    };
  });
}
