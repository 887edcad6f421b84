import fs from 'node:fs';
import path from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { findWebDist } from './web-app.route.ts';

/** A browser opening `GET /graphql` (HTML accepted, no `query` parameter) gets GraphiQL instead of a 400. */
export function wantsExplorer(request: FastifyRequest): boolean {
  if (request.method !== 'GET') return false;
  const query = request.query as Record<string, unknown> | undefined;
  if (query && typeof query.query === 'string') return false;
  return /\btext\/html\b/.test(String(request.headers.accept ?? ''));
}

const EXPLORER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/**
 * GraphiQL, bundled by the web build from the `graphiql` npm package (apps/web/graphiql.html; no CDN). The page
 * holds no data: queries run with the signed-in session or a key pasted in its Headers tab.
 */
export function explorerPage(distDir: string | null = findWebDist()) {
  const file = distDir ? path.join(distDir, 'graphiql.html') : null;
  const html = file && fs.existsSync(file) ? fs.readFileSync(file) : null;
  return (reply: FastifyReply) => {
    if (!html) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('GraphiQL is not built: run `npm install` (or `npm run build:web`) and restart.\n');
    }
    return reply
      .header('content-security-policy', EXPLORER_CSP)
      .header('x-frame-options', 'DENY')
      .header('referrer-policy', 'same-origin')
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(html);
  };
}
