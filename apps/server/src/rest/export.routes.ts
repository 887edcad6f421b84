import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../http/app-context.ts';
import { sendRestError } from './labelbox-v1.routes.ts';

/**
 * Standard-format downloads, streamed: `GET /api/v1/projects/:id/exports/:format` with format coco (JSON), conll
 * (text), yolo, voc or masks (ZIP). Authenticated like every `/api/v1` route (Bearer or `?token=`). Everything that
 * can fail is checked before the first byte; the body is produced while it is sent.
 */
export function registerExportRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.register(
    async (scope) => {
      scope.addHook('preHandler', async (request, reply) => {
        if (!request.actor) return reply.code(401).send({ message: 'Invalid API key' });
        return undefined;
      });
      scope.setErrorHandler((error, request, reply) => sendRestError(error, reply, request.log));
      scope.get('/projects/:id/exports/:format', async (request, reply) => {
        const { id, format } = request.params as { id: string; format: string };
        await ctx.services.access.check(request.actor!, {
          permission: 'manage',
          projectId: id,
          action: 'download project exports',
        });
        const download = await ctx.services.formatExports.open(request.actor!, id, format);
        return reply
          .header('content-type', download.contentType)
          .header('content-disposition', `attachment; filename="${download.fileName}"`)
          .send(download.body);
      });
    },
    { prefix: '/api/v1' },
  );
}
