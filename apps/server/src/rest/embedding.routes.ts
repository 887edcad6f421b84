import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../http/app-context.ts';
import { MAX_IMPORT_BYTES, toEmbeddingView } from '../services/embedding/embedding.service.ts';
import { restAccessHook } from './rest-access.ts';
import { sendRestError } from './labelbox-v1.routes.ts';

type IdParams = { id: string };

/**
 * Labelbox's custom-embeddings REST API (the SDK's AdvClient). The SDK takes `<scheme>://<host of rest_endpoint>/adv`
 * as its base and then requests `/adv/v1/embeddings…`, so its calls arrive under `/adv/adv/v1/embeddings`; the
 * single-`/adv` form is served too. Success is always HTTP 200 with a JSON body (the SDK checks for exactly 200);
 * errors carry `message`.
 */
export function registerEmbeddingRoutes(app: FastifyInstance, ctx: AppContext): void {
  for (const prefix of ['/adv/adv/v1/embeddings', '/adv/v1/embeddings']) {
    app.register(
      async (scope) => {
        scope.addHook('preHandler', restAccessHook(ctx));
        scope.setErrorHandler((error, request, reply) => sendRestError(error, reply, request.log));
        scope.addContentTypeParser(
          ['application/x-ndjson', 'application/ndjson', 'text/plain'],
          { parseAs: 'buffer', bodyLimit: MAX_IMPORT_BYTES },
          (_req, body, done) => done(null, body),
        );
        const services = ctx.services;
        const actorOf = (r: FastifyRequest) => r.actor!;

        scope.post('/', async (request) =>
          toEmbeddingView(await services.embeddings.create(actorOf(request), request.body)),
        );
        scope.get('/', async (request) => ({
          results: (await services.embeddings.list(actorOf(request))).map(toEmbeddingView),
        }));
        scope.get<{ Params: IdParams }>('/:id', async (request) =>
          toEmbeddingView(await services.embeddings.get(actorOf(request), request.params.id)),
        );
        scope.delete<{ Params: IdParams }>('/:id', async (request) => {
          await services.embeddings.delete(actorOf(request), request.params.id);
          return { id: request.params.id, deleted: true };
        });
        scope.put<{ Params: IdParams }>('/:id/_import_ndjson', async (request) => {
          const body = Buffer.isBuffer(request.body)
            ? request.body
            : Buffer.from(JSON.stringify(request.body ?? ''));
          const lines = request.headers['x-content-lines'];
          return services.embeddings.importNdjson(
            actorOf(request),
            request.params.id,
            body,
            Array.isArray(lines) ? lines[0] : lines,
          );
        });
        scope.get<{ Params: IdParams }>('/:id/vectors/_count', async (request) => ({
          count: await services.embeddings.count(actorOf(request), request.params.id),
        }));
      },
      { prefix },
    );
  }
}
