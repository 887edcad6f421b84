import { parse as parseCookie, serialize as serializeCookie } from 'cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_TTL_MS } from '../services/web-session.service.ts';

export const SESSION_COOKIE = 'ly_session';
export const CSRF_HEADER = 'x-csrf-token';

/** The session token a browser sent, if any. */
export function sessionToken(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  const value = parseCookie(header)[SESSION_COOKIE];
  return value && value.length > 0 ? value : undefined;
}

/** Secure when the public URL is https or the request came over TLS (so plain-HTTP localhost still works). */
function isSecure(request: FastifyRequest, publicUrl: string | undefined): boolean {
  return publicUrl?.startsWith('https://') === true || request.protocol === 'https';
}

/** HttpOnly (no script reads it), SameSite=Lax (not sent on cross-site POSTs), Path=/, two weeks. */
export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  publicUrl: string | undefined,
): void {
  reply.header(
    'set-cookie',
    serializeCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: isSecure(request, publicUrl),
      path: '/',
      maxAge: Math.floor(SESSION_TTL_MS / 1000),
    }),
  );
}

export function clearSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  publicUrl: string | undefined,
): void {
  reply.header(
    'set-cookie',
    serializeCookie(SESSION_COOKIE, '', {
      httpOnly: true,
      sameSite: 'lax',
      secure: isSecure(request, publicUrl),
      path: '/',
      maxAge: 0,
    }),
  );
}
