import type { FastifyInstance, FastifyReply } from 'fastify';
import { AppError } from '../errors.ts';
import type { AppContext } from '../http/app-context.ts';

/** Labelbox's REST routes beside the GraphQL API (`rest_endpoint` = `/api/v1`). Every error body is JSON with `message`. */
export function registerLabelboxRestRoutes(app: FastifyInstance, _ctx: AppContext): void {
  app.register(
    async (scope) => {
      scope.addHook('preHandler', async (request, reply) => {
        if (!request.actor) return reply.code(401).send({ message: 'Invalid API key' });
        return undefined;
      });
      scope.setErrorHandler((error, request, reply) => sendRestError(error, reply, request.log));
    },
    { prefix: '/api/v1' },
  );
}

export function sendRestError(error: unknown, reply: FastifyReply, log: { error: (o: object, m: string) => void }) {
  if (error instanceof AppError) return reply.code(error.status).send({ message: error.message, code: error.code });
  const e = error as { statusCode?: number; message?: string };
  if (e.statusCode && e.statusCode < 500) return reply.code(e.statusCode).send({ message: e.message ?? 'Bad request' });
  log.error({ err: error }, 'unhandled REST error');
  return reply.code(500).send({ message: 'Internal server error' });
}
