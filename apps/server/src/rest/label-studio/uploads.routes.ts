import type { FastifyInstance } from 'fastify';
import { notFound } from '../../errors.ts';
import type { AppContext } from '../../http/app-context.ts';
import { servedFileHeaders } from '../../http/served-file.ts';
import { pathId } from './envelope.ts';
import { UPLOAD_NAME, uploadKey } from '../../services/label-studio/uploads.ts';
import { actorOf, lsRoute } from './routes.ts';

/**
 * `GET /data/upload/<project>/<file>`: media uploaded through an import, served to callers who may read the project
 * (API key, token or the web app's session), as Label Studio serves them.
 */
export function registerLsUploadRoutes(app: FastifyInstance, ctx: AppContext): void {
  lsRoute(app, 'GET', '/data/upload/:project/:file', async (request, reply) => {
    const actor = actorOf(request);
    const params = request.params as { project: string; file: string };
    const project = await ctx.services.labelStudio.projects.get(actor, pathId(params.project, 'Project'));
    if (!UPLOAD_NAME.test(params.file)) throw notFound('File', params.file);
    const key = uploadKey(actor.organizationId, project.lsId, params.file);
    // One request to the store: its download answers the size too.
    const download = await ctx.blobs.download(key);
    if (!download) throw notFound('File', params.file);
    return servedFileHeaders(reply, key).header('content-length', download.length).send(download.body);
  });
}
