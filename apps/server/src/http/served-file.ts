import type { FastifyReply } from 'fastify';
import { contentTypeOf } from '../storage/content-types.ts';

/**
 * The headers of a stored file served on the web app's origin (signed downloads, Label Studio uploads, storage
 * objects): its type from the key's extension (never from whoever stored it), private caching, and a sandbox CSP
 * with nosniff, so an uploaded HTML or SVG never runs script there.
 */
export function servedFileHeaders(reply: FastifyReply, key: string): FastifyReply {
  return reply
    .header('content-type', contentTypeOf(key))
    .header('cache-control', 'private, max-age=60')
    .header('content-security-policy', "sandbox; default-src 'none'; img-src 'self' data:; media-src 'self'")
    .header('x-content-type-options', 'nosniff');
}
