import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../auth/actor.ts';
import { AppError } from '../errors.ts';
import { BAD_CREDENTIALS, csrfMatches } from '../services/web-session.service.ts';
import type { AppContext } from './app-context.ts';
import type { RateLimiter } from './rate-limit.ts';
import { clearSessionCookie, CSRF_HEADER, sessionToken, setSessionCookie } from './session-cookie.ts';

const MAX_FIELD = 1024;

function field(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | null | undefined)?.[name];
  if (typeof value !== 'string' || value.length === 0) {
    throw new AppError('MALFORMED_REQUEST', `Invalid ${name}: required`, { field: name });
  }
  if (value.length > MAX_FIELD) {
    throw new AppError('MALFORMED_REQUEST', `Invalid ${name}: at most ${MAX_FIELD} characters`, {
      field: name,
    });
  }
  return value;
}

function fail(reply: FastifyReply, error: AppError | { status: number; code: string; message: string }) {
  const status = error instanceof AppError ? error.status : error.status;
  const code = error instanceof AppError ? error.code : error.code;
  return reply
    .code(status)
    .send({ message: error.message, errors: [{ message: error.message, extensions: { code } }] });
}

/**
 * The web app's session endpoints (`/auth/*`): sign in with email and password into an HttpOnly cookie, read the
 * session (with its CSRF token), sign out. Attempts are limited per email and per address; the answer for an
 * unknown email and a wrong password is the same.
 */
export function registerSessionRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  loginLimiter: RateLimiter,
): void {
  const { services, config } = ctx;

  const sessionBody = async (actor: Actor, name: string, csrfToken: string) => {
    const organization = await services.identity.getOrganization(actor);
    return {
      user: { id: actor.userId, email: actor.email, name, role: actor.role },
      organization: { id: organization.id, name: organization.name },
      csrfToken,
    };
  };

  app.get('/auth/session', { config: { public: true } }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const token = sessionToken(request);
    const session = token ? await services.webSessions.authenticate(token) : null;
    // Nobody signed in is an answer, not an error: a 401 here would be logged in every visitor's browser console.
    if (!session) return { user: null };
    return sessionBody(session.actor, session.name, session.csrfToken);
  });

  app.post('/auth/sign-in', { config: { public: true } }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    let email: string;
    let password: string;
    try {
      email = field(request.body, 'email').trim().toLowerCase();
      password = field(request.body, 'password');
    } catch (error) {
      return fail(reply, error as AppError);
    }
    for (const key of [`ip:${request.ip}`, `email:${email}`]) {
      const decision = await loginLimiter.consume(key);
      if (!decision.allowed) {
        reply.header('retry-after', String(decision.retryAfterSeconds));
        return fail(reply, {
          status: 429,
          code: 'RATE_LIMITED',
          message: `Too many sign-in attempts; try again in ${decision.retryAfterSeconds} s`,
        });
      }
    }
    const user = await services.identity.verifyCredentials(email, password);
    if (!user) return fail(reply, { status: 401, code: 'AUTHENTICATION_ERROR', message: BAD_CREDENTIALS });
    return startSession(request, reply, user);
  });

  app.post('/auth/sign-out', { config: { public: true } }, async (request, reply) => {
    const token = sessionToken(request);
    const session = token ? await services.webSessions.authenticate(token) : null;
    // A cross-site page must not be able to sign the user out: the CSRF token is required here too.
    if (session && !csrfMatches(request.headers[CSRF_HEADER], session.csrfToken)) {
      return fail(reply, {
        status: 403,
        code: 'AUTHORIZATION_ERROR',
        message: `Missing or wrong ${CSRF_HEADER} header`,
      });
    }
    if (token) await services.webSessions.end(token);
    clearSessionCookie(request, reply, config.publicUrl);
    return reply.code(204).send();
  });

  // The invitation link: who it is for (so the page can greet them), then accepting it signs the invitee in.
  app.get<{ Params: { token: string } }>(
    '/auth/invitations/:token',
    { config: { public: true } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const invite =
        request.params.token.length <= MAX_FIELD
          ? await services.members.describeInviteLink(request.params.token)
          : null;
      if (!invite) {
        return fail(reply, {
          status: 404,
          code: 'RESOURCE_NOT_FOUND',
          message: 'This invitation link is invalid, used or expired',
        });
      }
      return invite;
    },
  );

  app.post('/auth/invitations/accept', { config: { public: true } }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const decision = await loginLimiter.consume(`ip:${request.ip}`);
    if (!decision.allowed) {
      reply.header('retry-after', String(decision.retryAfterSeconds));
      return fail(reply, {
        status: 429,
        code: 'RATE_LIMITED',
        message: `Too many attempts; try again in ${decision.retryAfterSeconds} s`,
      });
    }
    try {
      const token = field(request.body, 'token');
      const password = field(request.body, 'password');
      const rawName = (request.body as Record<string, unknown>).name;
      const name = typeof rawName === 'string' ? rawName.slice(0, 200) : null;
      const { user } = await services.members.acceptInvite(token, { name, password });
      return await startSession(request, reply, user);
    } catch (error) {
      if (error instanceof AppError) return fail(reply, error);
      throw error;
    }
  });

  async function startSession(
    request: FastifyRequest,
    reply: FastifyReply,
    user: { id: string; organization_id: string; email: string; name: string; role: string },
  ) {
    const { token, csrfToken } = await services.webSessions.start(user, request.headers['user-agent']);
    setSessionCookie(request, reply, token, config.publicUrl);
    const session = await services.webSessions.authenticate(token);
    if (!session) throw new Error('a session just started could not be read back');
    return sessionBody(session.actor, session.name, csrfToken);
  }
}
