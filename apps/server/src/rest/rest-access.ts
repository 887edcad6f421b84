import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../http/app-context.ts';
import { sendRestError } from './labelbox-v1.routes.ts';

/**
 * The preHandler of REST scopes whose routes are organization resources (ontologies, feature schemas,
 * embeddings): a key is required; reads need an org role (`read`), writes need `manage` (admins, team managers).
 */
export function restAccessHook(ctx: AppContext) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.actor) return reply.code(401).send({ message: 'Invalid API key' });
    const permission = request.method === 'GET' || request.method === 'HEAD' ? 'read' : 'manage';
    try {
      await ctx.services.access.check(request.actor, {
        permission,
        action: `${request.method} ${request.routeOptions.url ?? request.url}`,
      });
    } catch (error) {
      return sendRestError(error, reply, request.log);
    }
    return undefined;
  };
}
