import type { FastifyInstance } from 'fastify';
import { renderOpenApi } from '../rest/openapi/render-openapi.ts';

/** `GET /openapi.json`: the REST faces' OpenAPI document (the same text as the committed api/openapi.json). */
export function registerOpenApiRoute(app: FastifyInstance): void {
  const body = renderOpenApi();
  app.get('/openapi.json', { config: { public: true } }, async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=300').type('application/json; charset=utf-8').send(body),
  );
}
