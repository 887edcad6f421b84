import { wantsExplorer } from './api-explorer.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hashApiKey } from '../auth/api-keys.ts';
import { csrfMatches } from '../services/web-session.service.ts';
import { lsError } from '../rest/label-studio/envelope.ts';
import { looksLikeJwt } from '../services/label-studio/token.service.ts';
import type { AppContext } from './app-context.ts';
import type { RateLimitDecision } from './rate-limit.ts';
import { CSRF_HEADER, sessionToken } from './session-cookie.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The API key of a request: `X-API-Key: <key>` (Label Studio; it supersedes Authorization there too), else
 * `Authorization: Bearer <key>` or `Token <key>` (any whitespace between), else `?token=<key>`.
 */
export function presentedKey(request: FastifyRequest): string | undefined {
  const apiKey = request.headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.trim() !== '') return apiKey.trim();
  const header = request.headers.authorization;
  if (header) {
    const match = /^(?:Bearer|Token)\s+(.+)$/i.exec(header.trim());
    if (match) return match[1]!.trim();
  }
  const token = (request.query as Record<string, unknown> | undefined)?.token;
  return typeof token === 'string' && token.length > 0 ? token : undefined;
}

/**
 * Rate limit and authentication (API key, or the web app's session cookie with its CSRF header) for every route
 * not marked `public`, in `onRequest`: before a single body byte is read. Requests without a valid key are answered 401 (the Labelbox SDK's `AUTHENTICATION_ERROR` shape) and the
 * connection is closed so their body is never read; only `signedAccess` routes (GETs checking a URL signature)
 * let them through. A valid key spends its own budget; a missing or wrong key spends its client address's budget
 * of failures, so random keys cannot each get a fresh bucket.
 */
export function registerAuthentication(app: FastifyInstance, ctx: AppContext): void {
  const limiter = ctx.rateLimiter;
  app.addHook('onRequest', async (request, reply) => {
    const config = request.routeOptions.config;
    if (config.public) return undefined;
    if (config.apiExplorer && wantsExplorer(request)) return undefined;
    const key = presentedKey(request);
    const address = request.ip;
    if (key) {
      const blocked = await limiter.failures.check(address);
      if (!blocked.allowed)
        return tooMany(reply, blocked, limiter.failures.limitPerMinute, 'failed sign-ins');
      const hash = hashApiKey(key);
      const decision = await limiter.consume(`k:${hash.slice(0, 24)}`);
      if (!decision.allowed) return tooMany(reply, decision, limiter.limitPerMinute, 'requests');
      // JWTs are Label Studio access tokens (PATs themselves are refused as Bearer, as Label Studio refuses them).
      const jwt = looksLikeJwt(key);
      request.actor = jwt
        ? await ctx.services.labelStudio.tokens.authenticate(key)
        : await ctx.services.identity.authenticateHash(hash);
      // An organization may turn API keys off for the Label Studio face (`legacy_api_tokens_enabled`).
      if (
        request.actor &&
        !jwt &&
        config.labelStudio &&
        !(await ctx.services.labelStudio.jwtSettings.get(request.actor.organizationId))
          .legacy_api_tokens_enabled
      ) {
        request.actor = null;
        return closing(reply)
          .code(401)
          .send(
            lsError(
              401,
              'Legacy token authentication is disabled for this organization: use a personal access token.',
            ),
          );
      }
      if (request.actor) return undefined;
    } else {
      const cookie = sessionToken(request);
      const session = cookie ? await ctx.services.webSessions.authenticate(cookie) : null;
      if (cookie && session) {
        const decision = await limiter.consume(`s:${hashApiKey(cookie).slice(0, 24)}`);
        if (!decision.allowed) return tooMany(reply, decision, limiter.limitPerMinute, 'requests');
        if (
          !SAFE_METHODS.has(request.method) &&
          !csrfMatches(request.headers[CSRF_HEADER], session.csrfToken)
        ) {
          const message = `Missing or wrong ${CSRF_HEADER} header: reload the page and try again`;
          return closing(reply)
            .code(403)
            .send({ message, errors: [{ message, extensions: { code: 'AUTHORIZATION_ERROR' } }] });
        }
        request.actor = session.actor;
        return undefined;
      }
    }
    const failure = await limiter.failures.consume(address);
    if (!failure.allowed) return tooMany(reply, failure, limiter.failures.limitPerMinute, 'failed sign-ins');
    if (config.signedAccess && request.method === 'GET') return undefined;
    if (config.labelStudio)
      return closing(reply)
        .code(401)
        .send(lsError(401, key ? 'Invalid token.' : 'Authentication credentials were not provided.'));
    const message = key ? 'Invalid API key' : 'Missing API key: send Authorization: Bearer <API key>';
    return closing(reply)
      .code(401)
      .send({ message, data: null, errors: [{ message, extensions: { code: 'AUTHENTICATION_ERROR' } }] });
  });
}

function tooMany(reply: FastifyReply, decision: RateLimitDecision, limit: number, what: string) {
  const seconds = decision.allowed ? 1 : decision.retryAfterSeconds;
  // "You have exceeded" is what the Labelbox SDK turns into ApiLimitError.
  const message = `You have exceeded the rate limit of ${limit} ${what} per minute; retry after ${seconds} s`;
  return closing(reply)
    .code(429)
    .header('retry-after', String(seconds))
    .send({ message, errors: [{ message, extensions: { code: 'RATE_LIMITED' } }] });
}

/** Answers without reading the request body: Node would otherwise drain it to keep the connection alive. */
function closing(reply: FastifyReply): FastifyReply {
  const raw = reply.request.raw;
  const hasBody =
    raw.headers['transfer-encoding'] !== undefined || Number(raw.headers['content-length'] ?? 0) > 0;
  return hasBody ? reply.header('connection', 'close') : reply;
}
