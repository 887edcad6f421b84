import type { FastifyInstance, FastifyReply } from 'fastify';
import { notFound } from '../../errors.ts';
import type { AppContext } from '../../http/app-context.ts';
import { servedFileHeaders } from '../../http/served-file.ts';
import { parseS3Url } from '../../services/label-studio/storage/storage-objects.ts';
import { pathId } from './envelope.ts';
import { actorOf, lsRoute, queryOf } from './routes.ts';

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[v.length - 1] : v);
/** `Range: bytes=a-b` passed on to S3 (media players seek with it); anything else is ignored. */
const RANGE = /^bytes=\d{0,15}-\d{0,15}$/;

/**
 * Objects of S3 import storages, for the project's users (API key, token or the web app's session):
 * `/data/storage/s3/<storage>?key=<key>` (what a synced task's data row points at) and Label Studio's
 * `/tasks/<id>/presign/?fileuri=<base64 s3:// URL>`. The bytes are streamed through the server with the storage's
 * credentials (the bucket need not be reachable from the browser), with the upload route's headers.
 */
export function registerLsStorageObjectRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { s3Storages: storages, tasks } = ctx.services.labelStudio;

  const send = async (
    reply: FastifyReply,
    opened: Awaited<ReturnType<typeof storages.object>>,
    key: string,
  ) => {
    const { download, done } = opened;
    download.body.once('close', done);
    download.body.once('error', done);
    // The type comes from the key's extension, never from the bucket (whose owner could say text/html).
    servedFileHeaders(reply, key)
      .code(download.contentRange ? 206 : 200)
      .header('accept-ranges', 'bytes');
    if (download.size !== undefined) reply.header('content-length', download.size);
    if (download.contentRange) reply.header('content-range', download.contentRange);
    return reply.send(download.body);
  };

  lsRoute(app, 'GET', '/data/storage/s3/:id', async (request, reply) => {
    const actor = actorOf(request);
    const id = pathId((request.params as { id: string }).id, 'Storage');
    const key = one(queryOf(request).key) ?? '';
    const range = request.headers.range;
    const opened = await storages.object(actor, id, key, range && RANGE.test(range) ? range : undefined);
    return send(reply, opened, key);
  });

  lsRoute(app, 'GET', '/tasks/:id/presign', async (request, reply) => {
    const actor = actorOf(request);
    const { project } = await tasks.get(actor, pathId((request.params as { id: string }).id, 'Task'));
    const raw = one(queryOf(request).fileuri) ?? '';
    const url = parseS3Url(Buffer.from(raw, 'base64').toString('utf8')) ?? parseS3Url(raw);
    if (!url) throw notFound('File', raw.slice(0, 100));
    const storage = await storages.forBucket(actor, project, url.bucket);
    if (!storage) throw notFound('Storage for bucket', url.bucket);
    const range = request.headers.range;
    const opened = await storages.object(
      actor,
      storage.ref.ls_id,
      url.key,
      range && RANGE.test(range) ? range : undefined,
    );
    return send(reply, opened, url.key);
  });
}
