import multipart from '@fastify/multipart';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Actor } from '../auth/actor.ts';
import { hashApiKey } from '../auth/api-keys.ts';
import { buildSchema } from '../graphql/build-schema.ts';
import { registerEmbeddingRoutes } from '../rest/embedding.routes.ts';
import { csrfMatches } from '../services/web-session.service.ts';
import { registerExportRoutes } from '../rest/export.routes.ts';
import { registerLabelboxRestRoutes } from '../rest/labelbox-v1.routes.ts';
import type { AppContext } from './app-context.ts';
import { presentedKey } from './auth.ts';
import { registerFileRoutes } from './files.route.ts';
import { registerGraphQLRoutes } from './graphql.route.ts';
import { registerMaskRoutes } from './masks.route.ts';
import { createRateLimiter } from './rate-limit.ts';
import { CSRF_HEADER, sessionToken } from './session-cookie.ts';
import { registerSessionRoutes } from './session.routes.ts';
import { findWebDist, registerWebAppRoutes } from './web-app.route.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** Routes that need no API key (health, signed files). */
    public?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Sign-in attempts per minute per email and per client address. */
const LOGIN_ATTEMPTS_PER_MINUTE = 10;
const MAX_UPLOAD_BYTES = 2 * 1024 ** 3;

/** The HTTP server: rate limit and authentication for every API route, then the API faces. */
export async function buildApp(ctx: AppContext): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.logger as FastifyBaseLogger,
    bodyLimit: 256 * 1024 * 1024,
  });
  await app.register(multipart, {
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 100, fieldSize: 16 * 1024 * 1024 },
  });
  // Some Labelbox SDK calls are GETs with a JSON body; others send an empty body with a JSON content type.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      const error = Object.assign(new Error('Request body is not valid JSON'), { statusCode: 400 });
      done(error, undefined);
    }
  });

  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.config.public) return;
    const key = presentedKey(request);
    const cookie = key ? undefined : sessionToken(request);
    const decision = await ctx.rateLimiter.consume(
      key
        ? `k:${hashApiKey(key).slice(0, 24)}`
        : cookie
          ? `s:${hashApiKey(cookie).slice(0, 24)}`
          : `ip:${request.ip}`,
    );
    if (!decision.allowed) {
      const message = `You have exceeded the rate limit of ${ctx.rateLimiter.limitPerMinute} requests per minute; retry after ${decision.retryAfterSeconds} s`;
      return reply
        .code(429)
        .header('retry-after', String(decision.retryAfterSeconds))
        .send({ message, errors: [{ message, extensions: { code: 'RATE_LIMITED' } }] });
    }
    if (key) request.actor = await ctx.services.identity.authenticate(key);
    else if (cookie) {
      const session = await ctx.services.webSessions.authenticate(cookie);
      if (
        session &&
        !SAFE_METHODS.has(request.method) &&
        !csrfMatches(request.headers[CSRF_HEADER], session.csrfToken)
      ) {
        const message = `Missing or wrong ${CSRF_HEADER} header: reload the page and try again`;
        return reply
          .code(403)
          .send({ message, errors: [{ message, extensions: { code: 'AUTHORIZATION_ERROR' } }] });
      }
      request.actor = session?.actor ?? null;
    }
    return undefined;
  });

  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error({ err: error }, 'unhandled error');
    const message = status === 500 ? 'Internal server error' : error.message;
    const code = status === 500 ? 'INTERNAL_SERVER_ERROR' : 'MALFORMED_REQUEST';
    return reply.code(status).send({ message, errors: [{ message, extensions: { code } }] });
  });

  app.get('/health', { config: { public: true } }, async () => ({ status: 'UP' }));
  registerFileRoutes(app, ctx);
  registerGraphQLRoutes(app, buildSchema(), ctx);
  registerLabelboxRestRoutes(app, ctx);
  registerMaskRoutes(app, ctx);
  registerExportRoutes(app, ctx);
  registerEmbeddingRoutes(app, ctx);
  const loginLimiter = await createRateLimiter({
    perMinute: LOGIN_ATTEMPTS_PER_MINUTE,
    redisUrl: ctx.config.redisUrl,
    keyPrefix: 'labelyard:login',
  });
  app.addHook('onClose', () => loginLimiter.close());
  registerSessionRoutes(app, ctx, loginLimiter);
  registerWebAppRoutes(app, findWebDist());
  return app;
}
