import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Paths the web app never answers, even for a browser: the APIs keep their own 404s. */
export const API_PREFIXES = [
  '/graphql',
  '/_gql',
  '/api/',
  '/adv/',
  '/auth/',
  '/files/',
  '/masks/',
  '/health',
];
const IMMUTABLE = 'public, max-age=31536000, immutable';
const MAX_FILE_BYTES = 8 * 1024 * 1024;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

type Asset = { body: Buffer; type: string; gzip?: Buffer };

/** The built web app (apps/web/dist), found by walking up from here: it works from src/ and from a compiled dist/. */
export function findWebDist(start = import.meta.dirname): string | null {
  let dir = start;
  for (;;) {
    const candidate = path.join(dir, 'apps/web/dist');
    if (fs.existsSync(path.join(candidate, 'index.html'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

function isApiPath(url: string): boolean {
  return API_PREFIXES.some((p) => url === p.replace(/\/$/, '') || url.startsWith(p));
}

/**
 * Serves the web app at `/`: hashed files under /assets/ cached for a year, every other GET that a browser sends
 * for a page answered with index.html (no-cache) so client routes survive a reload. Files are read once and kept
 * in memory (the build is well under a megabyte); gzip is made on first request.
 */
export function registerWebAppRoutes(app: FastifyInstance, distDir: string | null): void {
  const assets = new Map<string, Asset>();
  if (distDir) {
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (fs.statSync(full).size <= MAX_FILE_BYTES) {
          const url = '/' + path.relative(distDir, full).split(path.sep).join('/');
          assets.set(url, {
            body: fs.readFileSync(full),
            type: TYPES[path.extname(entry.name)] ?? 'application/octet-stream',
          });
        }
      }
    };
    walk(distDir);
  }
  const index = assets.get('/index.html');

  const send = (request: FastifyRequest, reply: FastifyReply, asset: Asset, cache: string) => {
    reply.header('cache-control', cache).header('content-type', asset.type).header('vary', 'accept-encoding');
    reply.header('x-content-type-options', 'nosniff');
    const compressible = /^(text\/|application\/json|image\/svg)/.test(asset.type);
    if (compressible && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) {
      asset.gzip ??= gzipSync(asset.body, { level: 9 });
      return reply.header('content-encoding', 'gzip').send(asset.gzip);
    }
    return reply.send(asset.body);
  };

  const page = (request: FastifyRequest, reply: FastifyReply) => {
    if (!index) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The web app is not built: run `npm install` (or `npm run build:web`) and restart.\n');
    }
    reply.header('content-security-policy', CSP).header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    return send(request, reply, index, 'no-cache');
  };

  app.get('/', { config: { public: true } }, page);
  app.get('/*', { config: { public: true } }, (request, reply) => {
    const url = request.url.split('?')[0]!;
    if (isApiPath(url)) {
      return reply.code(404).send({ message: `Route GET ${url} not found`, errors: [] });
    }
    const asset = assets.get(url);
    if (asset && url !== '/index.html') {
      return send(request, reply, asset, url.startsWith('/assets/') ? IMMUTABLE : 'public, max-age=300');
    }
    if (url.startsWith('/assets/')) return reply.code(404).type('text/plain').send('Not found\n');
    return page(request, reply);
  });
}

/** Scripts and styles only from us; images also from anywhere (data rows point at external storage). */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  'img-src * data: blob:',
  'media-src * data: blob:',
  "connect-src 'self' https: http:",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');
