import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';
import type { AppContext } from './app-context.ts';

/**
 * `GET /masks/feature/:id`: the PNG of one segmentation annotation (Labelbox's v1 `instanceURI`). The API key comes
 * as `Authorization: Bearer` or `?token=` (the app hook sets `request.actor`); mask URLs written into exports are
 * signed instead and need no key. Other organizations' features are not found.
 */
export function registerMaskRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/masks/feature/:id', { config: { signedAccess: true } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const query = request.query as Record<string, string | undefined>;
    const grant = request.actor
      ? { organizationId: request.actor.organizationId, labelId: undefined }
      : ctx.services.masks.verify(id, query);
    if (!grant) {
      return reply
        .code(401)
        .send({ message: 'Unauthorized: send Authorization: Bearer <API key> or ?token=<API key>' });
    }
    try {
      if (request.actor) {
        await ctx.services.access.check(request.actor, { permission: 'read', action: 'read masks' });
      }
      const mask = await ctx.services.masks.png(grant.organizationId, id, grant.labelId);
      if (mask.type === 'redirect') return reply.redirect(mask.url, 302);
      return reply
        .header('content-type', 'image/png')
        .header('cache-control', 'private, max-age=300')
        .send(Buffer.from(mask.bytes.buffer, mask.bytes.byteOffset, mask.bytes.byteLength));
    } catch (error) {
      if (error instanceof AppError)
        return reply.code(error.status).send({ message: error.message, code: error.code });
      throw error;
    }
  });
}
