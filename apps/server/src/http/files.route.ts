import type { FastifyInstance } from 'fastify';
import { isActiveContent } from '../storage/content-types.ts';
import type { AppContext } from './app-context.ts';
import { servedFileHeaders } from './served-file.ts';

/** Signed downloads: `/files/<key>?expires=…&sig=…[&range=start-end]`, no Authorization header needed. */
export function registerFileRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/files/*', { config: { public: true } }, async (request, reply) => {
    // The path exactly as sent: canonical keys need no escaping, so an escaped spelling (`%2F`, `%252F`) is
    // refused rather than decoded once or twice into another key.
    const raw = request.url.slice('/files/'.length).split('?')[0]!;
    const grant = ctx.signer.verify(raw, request.query as Record<string, string>);
    if (typeof grant === 'string') return reply.code(403).send({ message: `Forbidden: ${grant}` });
    const range =
      grant.start !== undefined && grant.end !== undefined
        ? { start: grant.start, end: grant.end }
        : undefined;
    // One request to the store: with S3, its GetObject answers the sizes too (no HeadObject first).
    const download = await ctx.blobs.download(grant.key, range);
    if (!download) return reply.code(404).send({ message: 'File not found' });
    servedFileHeaders(reply, grant.key).header('content-length', download.length);
    // Types a browser would render as a page (and run script in) are downloads, never inline documents.
    if (isActiveContent(grant.key)) reply.header('content-disposition', 'attachment');
    if (download.length === 0) {
      download.body.destroy();
      return reply.send('');
    }
    return reply.send(download.body);
  });
}
