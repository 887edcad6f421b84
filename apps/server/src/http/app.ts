import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Actor } from '../auth/actor.ts';
import { buildSchema } from '../graphql/build-schema.ts';
import { registerEmbeddingRoutes } from '../rest/embedding.routes.ts';
import { registerExportRoutes } from '../rest/export.routes.ts';
import { registerLabelStudioRoutes } from '../rest/label-studio/index.ts';
import { registerLabelboxRestRoutes } from '../rest/labelbox-v1.routes.ts';
import type { AppContext } from './app-context.ts';
import { registerAuthentication } from './auth.ts';
import { registerFileRoutes } from './files.route.ts';
import { registerGraphQLRoutes } from './graphql.route.ts';
import { registerMaskRoutes } from './masks.route.ts';
import { createRateLimiter } from './rate-limit.ts';
import { OneLinePerRequest, requestChildLogger, requestLogger } from './request-log.ts';
import { registerOpenApiRoute } from './openapi.route.ts';
import { registerSessionRoutes } from './session.routes.ts';
import { findWebDist, registerWebAppRoutes } from './web-app.route.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyInstance {
    /** Every route registered (method and URL), for the OpenAPI coverage test. */
    routeTable: Array<{ method: string; url: string }>;
  }
  interface FastifyContextConfig {
    /** Routes that need no API key (health, signed files). */
    public?: boolean;
    /** GET routes that also accept a signed URL instead of a key (the handler checks the signature). */
    signedAccess?: boolean;
    /** Routes of the Label Studio face: their 401 is Label Studio's error envelope. */
    labelStudio?: boolean;
    /** `GET /graphql`: a browser asking for HTML gets GraphiQL without a key (the page holds no data). */
    apiExplorer?: boolean;
  }
}

/** Sign-in attempts per minute per email and per client address. */
const LOGIN_ATTEMPTS_PER_MINUTE = 10;

/** The HTTP server: rate limit and authentication for every API route, then the API faces. */
export async function buildApp(ctx: AppContext): Promise<FastifyInstance> {
  const { config } = ctx;
  const app = Fastify({
    loggerInstance: requestLogger(ctx.logger),
    logController: new OneLinePerRequest(),
    childLoggerFactory: requestChildLogger,
    // JSON bodies are small; files come through GraphQL multipart and are streamed to disk (limits below).
    bodyLimit: config.jsonBodyLimitBytes,
    // A request's headers and body must arrive within these; idle sockets are closed.
    requestTimeout: 30 * 60 * 1000,
    connectionTimeout: 5 * 60 * 1000,
  });
  const routeTable: Array<{ method: string; url: string }> = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routeTable.push({ method, url: route.url ?? route.path });
  });
  await app.register(multipart, {
    limits: {
      fileSize: config.uploadMaxBytes,
      files: 100,
      fields: 20,
      parts: 120,
      fieldSize: config.jsonBodyLimitBytes,
    },
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
  registerAuthentication(app, ctx);

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
  await registerLabelStudioRoutes(app, ctx);
  const loginLimiter = await createRateLimiter({
    perMinute: LOGIN_ATTEMPTS_PER_MINUTE,
    redisUrl: ctx.config.redisUrl,
    keyPrefix: 'labelyard:login',
  });
  app.addHook('onClose', () => loginLimiter.close());
  registerSessionRoutes(app, ctx, loginLimiter);
  registerOpenApiRoute(app);
  registerWebAppRoutes(app, findWebDist());
  return app;
}
