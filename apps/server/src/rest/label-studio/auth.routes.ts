import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors.ts';
import type { AppContext } from '../../http/app-context.ts';
import { presentedKey } from '../../http/auth.ts';
import { looksLikeJwt } from '../../services/label-studio/token.service.ts';
import { LS_VERSION } from './envelope.ts';
import { actorOf, bodyOf, lsIdsFor, lsRoute } from './routes.ts';
import { lsRenamed } from './users.routes.ts';

/** Version, current user, legacy tokens and personal access tokens (JWT refresh tokens). */
export function registerLsAuthRoutes(app: FastifyInstance, ctx: AppContext): void {
  const tokens = ctx.services.labelStudio.tokens;
  lsRoute(
    app,
    'GET',
    '/api/version',
    async () => ({
      release: LS_VERSION,
      'label-studio-os-package': {
        version: LS_VERSION,
        short_version: LS_VERSION.split('.').slice(0, 2).join('.'),
      },
      'label-studio-os-backend': { message: 'Labelyard', version: LS_VERSION },
      // Community: SDK 2.x then uses the synchronous, streamed export (`/api/projects/{id}/export`).
      edition: 'Community',
      lsf: {},
      backend: { product: 'labelyard' },
    }),
    { public: true },
  );

  const whoami = async (request: Parameters<Parameters<typeof lsRoute>[3]>[0]) => {
    const actor = actorOf(request);
    const user = await ctx.services.identity.getUser(actor);
    const org = await ctx.services.identity.getOrganization(actor);
    const [first, ...rest] = user.name.split(' ');
    const ids = await lsIdsFor(ctx, actor, [], [user.id]);
    return {
      id: ids.users.get(user.id),
      graphql_id: user.id,
      username: user.email,
      email: user.email,
      first_name: first ?? '',
      last_name: rest.join(' '),
      avatar: null,
      initials: user.name.slice(0, 2).toUpperCase(),
      phone: '',
      active_organization: ids.organization,
      active_organization_meta: { title: org.name },
      allow_newsletters: false,
      date_joined: user.created_at,
      last_activity: user.updated_at,
      org_membership: [{ role: actor.role, active: true, organization_id: ids.organization }],
      permissions: [],
      role: actor.role,
    };
  };
  lsRoute(app, 'GET', '/api/current-user/whoami', whoami);
  lsRoute(app, 'GET', '/api/current-user', whoami);
  lsRoute(app, ['PATCH', 'PUT'], '/api/current-user', async (request) => {
    const actor = actorOf(request);
    const user = await ctx.services.identity.getUser(actor);
    const name = lsRenamed(bodyOf(request), user);
    if (name !== null) await ctx.services.members.rename(actor, user.id, name);
    return whoami(request);
  });

  // The legacy token is an ordinary API key. Keys are stored hashed, so the one shown is the key the caller used,
  // or a new key when the caller came with a PAT.
  lsRoute(app, 'GET', '/api/current-user/token', async (request) => {
    const actor = actorOf(request);
    const key = presentedKey(request);
    if (key && !looksLikeJwt(key)) return { token: key };
    return {
      token: (
        await ctx.services.identity.createApiKey(
          actor.userId,
          actor.organizationId,
          'Label Studio legacy token',
        )
      ).key,
    };
  });
  lsRoute(app, 'POST', '/api/current-user/reset-token', async (request) => {
    const actor = actorOf(request);
    const keyId = (request.actor as { keyId?: string } | null)?.keyId;
    const created = await ctx.services.identity.createApiKey(
      actor.userId,
      actor.organizationId,
      'Label Studio legacy token',
    );
    if (keyId) await ctx.services.identity.revokeApiKey(keyId);
    return { token: created.key };
  });

  // The organization's token settings (SDK 2.x `jwt_settings.get()` / `update()`); changing them is for admins.
  const jwtSettings = ctx.services.labelStudio.jwtSettings;
  lsRoute(app, 'GET', '/api/jwt/settings', async (request) =>
    jwtSettings.get(actorOf(request).organizationId),
  );
  lsRoute(app, 'POST', '/api/jwt/settings', async (request) =>
    jwtSettings.update(actorOf(request), bodyOf(request)),
  );

  lsRoute(app, 'GET', '/api/token', async (request) => tokens.list(actorOf(request)));
  lsRoute(app, 'POST', '/api/token', async (request, reply) =>
    reply.code(201).send({ token: await tokens.createPat(actorOf(request)) }),
  );
  lsRoute(
    app,
    'POST',
    '/api/token/refresh',
    async (request) => ({ access: await tokens.refresh(bodyOf(request).refresh) }),
    { public: true },
  );
  lsRoute(
    app,
    'POST',
    '/api/token/rotate',
    async (request) => ({ refresh: await tokens.rotate(bodyOf(request).refresh) }),
    { public: true },
  );
  lsRoute(app, 'POST', '/api/token/blacklist', async (request, reply) => {
    if (!(await tokens.blacklist(actorOf(request), bodyOf(request).refresh)))
      throw new AppError('RESOURCE_NOT_FOUND', 'Token is invalid or already blacklisted.');
    return reply.code(204).send();
  });
}
