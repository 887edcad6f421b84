import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseLabelConfig } from '@labelyard/schema';
import type { Actor } from '../../auth/actor.ts';
import type { AppContext } from '../../http/app-context.ts';
import {
  LS_PROJECT_SETTINGS,
  lsValidation,
  parseConfigOrThrow,
  type LsProject,
  type LsSettings,
} from '../../services/label-studio/project.service.ts';
import { LabelStudioRepository, type LsProjectFilter } from '../../repositories/label-studio.repository.ts';
import { parseCountInclude, type LsProjectCountField } from '../../services/label-studio/project-counts.ts';
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

/** Project JSON with its counts (those `include` names, or all) and integer user ids, for a page of projects. */
export async function projectsJson(
  ctx: AppContext,
  actor: Actor,
  list: LsProject[],
  include?: ReadonlySet<LsProjectCountField>,
) {
  const projects = ctx.services.labelStudio.projects;
  const counts = await projects.counts(
    actor,
    list.map((p) => p.row.id),
    include,
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
  return list.map((p) => projectJson(p, counts.json(p.row.id), ids, creators.get(p.row.created_by)));
}

const ORDERING_COLUMNS = {
  id: 'id',
  title: 'name',
  created_at: 'created_at',
  updated_at: 'updated_at',
} as const;

/**
 * The query of a project list (`GET /api/projects/` and `/api/projects/counts/`): `ids` (a comma list), `title`
 * (part of it, any case), `search` (part of the title or the description), `ordering` (`title`, `-created_at`, …), `filter` (only `all`: projects are not pinned here).
 */
function projectFilterOf(q: Record<string, unknown>): LsProjectFilter {
  const filter: LsProjectFilter = {};
  // A repeated parameter (`ids=1&ids=2`) comes as a list.
  const text = (name: string): string | undefined => {
    const v = q[name];
    return Array.isArray(v) ? v.join(',') : typeof v === 'string' && v !== '' ? v : undefined;
  };
  const ids = text('ids');
  if (ids !== undefined) {
    filter.ids = ids.split(',').map((part) => {
      const id = Number(part.trim());
      if (!Number.isSafeInteger(id) || part.trim() === '')
        throw lsValidation(
          'ids',
          `"${part}" is not a project id; expected a comma-separated list of integers`,
        );
      return id;
    });
    if (filter.ids.length > MAX_IDS)
      throw lsValidation('ids', `At most ${MAX_IDS} ids (got ${filter.ids.length})`);
  }
  const title = text('title');
  if (title !== undefined) filter.title = title;
  const search = text('search');
  if (search !== undefined) filter.search = search;
  const ordering = text('ordering');
  if (ordering !== undefined) {
    filter.ordering = ordering.split(',').map((part) => {
      const name = part.trim().replace(/^-/, '');
      const column = ORDERING_COLUMNS[name as keyof typeof ORDERING_COLUMNS];
      if (!Object.hasOwn(ORDERING_COLUMNS, name))
        throw lsValidation(
          'ordering',
          `"${part}" is not an ordering; expected ${Object.keys(ORDERING_COLUMNS).join(', ')}, each optionally with a leading "-"`,
        );
      return { column, direction: part.trim().startsWith('-') ? 'desc' : 'asc' };
    });
  }
  const pinned = text('filter');
  if (pinned !== undefined && pinned !== 'all')
    throw lsValidation('filter', `"${pinned}" is not served here: projects are not pinned (use "all")`);
  return filter;
}
const MAX_IDS = 1_000;

/** Projects: the DRF-paginated list, CRUD and label-config validation. */
export function registerLsProjectRoutes(app: FastifyInstance, ctx: AppContext): void {
  const projects = ctx.services.labelStudio.projects;
  const withCounts = (actor: Actor, list: LsProject[]) => projectsJson(ctx, actor, list);
  const one = async (actor: Actor, p: LsProject) => (await withCounts(actor, [p]))[0]!;

  /** One page of the organization's projects as Label Studio's DRF pagination answers it (404 past the end). */
  const listPage = async <T>(
    request: FastifyRequest,
    results: (actor: Actor, list: LsProject[], include: ReadonlySet<LsProjectCountField>) => Promise<T[]>,
  ) => {
    const actor = actorOf(request);
    const q = queryOf(request);
    const page = lsInt(q.page, 'page', 1);
    const pageSize = Math.min(Math.max(lsInt(q.page_size, 'page_size', 30), 1), 10_000_000);
    if (page < 1) throw invalidPage();
    const include = parseCountInclude(q.include);
    const size = Math.min(pageSize, 1000);
    const { count, projects: list } = await projects.page(actor, page, size, projectFilterOf(q));
    if (page > 1 && list.length === 0) throw invalidPage();
    const url = new URL(request.url, 'http://x');
    const link = (p: number) => {
      url.searchParams.set('page', String(p));
      return `${request.protocol}://${request.host}${url.pathname}${url.search}`;
    };
    return {
      count,
      next: page * size < count ? link(page + 1) : null,
      previous: page > 1 ? link(page - 1) : null,
      results: await results(actor, list, include),
    };
  };

  lsRoute(app, 'GET', '/api/projects', (request) =>
    listPage(request, (actor, list, include) => projectsJson(ctx, actor, list, include)),
  );

  // The same list with only each project's id and counts (SDK 2.x `projects.list_counts()`).
  lsRoute(app, 'GET', '/api/projects/counts', (request) =>
    listPage(request, async (actor, list, include) => {
      const counts = await projects.counts(
        actor,
        list.map((p) => p.row.id),
        include,
      );
      return list.map((p) => ({ id: p.lsId, ...counts.json(p.row.id) }));
    }),
  );

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
