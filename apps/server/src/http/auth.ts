import type { FastifyRequest } from 'fastify';

/** The API key of a request: `Authorization: Bearer <key>` (or `Token <key>`), else `?token=<key>`. */
export function presentedKey(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header) {
    const match = /^(?:Bearer|Token)\s+(.+)$/i.exec(header.trim());
    if (match) return match[1]!.trim();
  }
  const token = (request.query as Record<string, unknown> | undefined)?.token;
  return typeof token === 'string' && token.length > 0 ? token : undefined;
}
