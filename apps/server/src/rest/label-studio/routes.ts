import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import type { Actor } from '../../auth/actor.ts';
import type { Permission } from '../../services/access.service.ts';
import type { AppContext } from '../../http/app-context.ts';
import type { LsTaskRecord } from '../../services/label-studio/task.service.ts';
import { AppError } from '../../errors.ts';
import { NUL_MESSAGE, nulPath } from '../../nul-text.ts';
import { lsValidation } from '../../services/label-studio/project.service.ts';
import { notAuthenticated, sendLsError } from './envelope.ts';
import { usersOfTasks, type LsIds } from './mappers.ts';

export type LsHandler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * Registers a route under both spellings, with and without the trailing slash: Label Studio answers both
 * without redirecting (a redirect would lose a POST body), and its SDKs use both.
 */
export function lsRoute(
  app: FastifyInstance,
  method: Method | Method[],
  path: string,
  handler: LsHandler,
  options: RouteShorthandOptions & { public?: boolean } = {},
): void {
  const bare = path.replace(/\/$/, '');
  const { public: isPublic, ...rest } = options;
  for (const url of [bare, `${bare}/`])
    app.route({
      ...rest,
      method,
      url,
      config: { labelStudio: true, ...(isPublic && { public: true }) },
      handler,
    });
}

/** The caller, or Label Studio's 401. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw notAuthenticated();
  return request.actor;
}

/**
 * The permission a route needs (issue 7's access table): reading is `read`; writing annotations is `label`;
 * tokens and the current user are `self`; saving Data Manager views is `label` too; every other write is `manage`.
 */
export function permissionOf(method: string, url: string): Permission {
  if (url.startsWith('/api/token') || url.startsWith('/api/current-user') || url.startsWith('/api/version'))
    return 'self';
  if (method === 'GET' || method === 'HEAD') return 'read';
  if (url.startsWith('/api/annotations') || /^\/api\/tasks\/:id\/annotations/.test(url)) return 'label';
  // Data Manager tabs: whoever labels in the project may save their filters.
  if (url.startsWith('/api/dm/views')) return 'label';
  return 'manage';
}

/** The LS face's error handling for every route registered inside `register`. */
export async function withLsErrors(
  app: FastifyInstance,
  ctx: AppContext,
  register: (app: FastifyInstance) => void | Promise<void>,
) {
  await app.register(async (scope) => {
    scope.addHook('preHandler', async (request) => {
      if (request.routeOptions.config.public) return;
      const actor = actorOf(request);
      await ctx.services.access.check(actor, {
        permission: permissionOf(request.method, request.routeOptions.url ?? request.url),
        action: `${request.method} ${request.routeOptions.url ?? request.url}`,
      });
    });
    scope.setErrorHandler((error: Error & { statusCode?: number }, request, reply) =>
      sendLsError(error, request, reply),
    );
    scope.setNotFoundHandler((request, reply) =>
      sendLsError(Object.assign(new Error('Not found.'), { statusCode: 404 }), request, reply),
    );
    await register(scope);
    // Any other `/api/...` path is Label Studio's 404 envelope, whatever the method and credentials (Django
    // resolves the URL before it authenticates). The Labelbox REST face keeps `/api/v1/` for itself.
    scope.route({
      method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      url: '/api/*',
      config: { labelStudio: true, public: true },
      handler: async (request, reply) =>
        sendLsError(Object.assign(new Error('Not found.'), { statusCode: 404 }), request, reply),
    });
  });
}

const pythonType = (v: unknown) =>
  v === null
    ? 'NoneType'
    : Array.isArray(v)
      ? 'list'
      : typeof v === 'string'
        ? 'str'
        : typeof v === 'number'
          ? Number.isInteger(v)
            ? 'int'
            : 'float'
          : typeof v === 'boolean'
            ? 'bool'
            : typeof v;

/** The JSON object body (none is `{}`); anything else is DRF's "Expected a dictionary" 400. */
export const bodyOf = (request: FastifyRequest): Record<string, unknown> => {
  const b = request.body;
  if (b === undefined || b === '') return {};
  if (typeof b === 'object' && b !== null && !Array.isArray(b)) {
    const nul = nulPath(b, '');
    if (nul) throw lsValidation(nul, `Text ${NUL_MESSAGE}.`);
    return b as Record<string, unknown>;
  }
  throw new AppError('MALFORMED_REQUEST', `Invalid data. Expected a dictionary, but got ${pythonType(b)}.`, {
    field: 'non_field_errors',
  });
};
export const queryOf = (request: FastifyRequest): Record<string, string | string[] | undefined> =>
  (request.query ?? {}) as Record<string, string | string[] | undefined>;

/** Integer ids for the users these tasks mention and for the caller's organization. */
export async function lsIdsFor(
  ctx: AppContext,
  actor: Actor,
  tasks: readonly LsTaskRecord[],
  extraUsers: readonly string[] = [],
): Promise<LsIds> {
  const projects = ctx.services.labelStudio.projects;
  const [users, organization] = await Promise.all([
    projects.userLsIds(actor, [...usersOfTasks(tasks), ...extraUsers]),
    projects.organizationLsId(actor),
  ]);
  return { users, organization };
}
