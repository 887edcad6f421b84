import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Actor } from '../auth/actor.ts';
import { parseRole } from '../auth/roles.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { newId } from '../ids.ts';
import { WebSessionRepository } from '../repositories/web-session.repository.ts';

/** Sessions last two weeks from the last request (sliding), refreshed at most every ten minutes. */
export const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;
const TOUCH_INTERVAL_MS = 10 * 60 * 1000;

export type SessionView = {
  actor: Actor;
  name: string;
  csrfToken: string;
};

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** One message for an unknown email and a wrong password: sign-in never tells which emails exist. */
export const BAD_CREDENTIALS = 'Email or password is incorrect';

/**
 * Web app sessions: a 256-bit token in an HttpOnly cookie (only its hash is stored), a CSRF token per session
 * that every cookie-authenticated mutation must echo in a header, sliding expiry, and sign-out.
 */
export class WebSessionService {
  private readonly repo: WebSessionRepository;

  constructor(
    db: Db,
    private readonly now: () => number = Date.now,
  ) {
    this.repo = new WebSessionRepository(db);
  }

  /** Starts a session for a user whose credentials were verified; returns the cookie token (shown once). */
  async start(
    user: { id: string; organization_id: string },
    userAgent: string | undefined,
  ): Promise<{ token: string; csrfToken: string }> {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const now = this.now();
    await this.repo.insert({
      id: newId(),
      token_hash: sha256(token),
      user_id: user.id,
      organization_id: user.organization_id,
      csrf_token: csrfToken,
      user_agent: userAgent?.slice(0, 300) ?? null,
      created_at: new Date(now).toISOString(),
      last_seen_at: new Date(now).toISOString(),
      expires_at: new Date(now + SESSION_TTL_MS).toISOString(),
    });
    return { token, csrfToken };
  }

  /** The session behind a cookie token, or null when it is unknown, expired, or its user was removed. */
  async authenticate(token: string): Promise<SessionView | null> {
    if (token.length === 0 || token.length > 100) return null;
    const row = await this.repo.findByTokenHash(sha256(token));
    const now = this.now();
    if (!row || row.deleted !== 0 || Date.parse(row.expires_at) <= now) return null;
    if (now - Date.parse(row.last_seen_at) > TOUCH_INTERVAL_MS) {
      await this.repo.touch(
        row.id,
        new Date(now).toISOString(),
        new Date(now + SESSION_TTL_MS).toISOString(),
      );
    }
    return {
      actor: {
        organizationId: row.organization_id,
        userId: row.user_id,
        role: parseRole(row.role) ?? 'NONE',
        email: row.email,
      },
      name: row.name,
      csrfToken: row.csrf_token,
    };
  }

  async end(token: string): Promise<void> {
    await this.repo.deleteByTokenHash(sha256(token));
  }

  /** Signs the user out everywhere (removal from the organization, password change). */
  async endAllFor(userId: string): Promise<void> {
    await this.repo.deleteForUser(userId);
  }

  async purgeExpired(): Promise<void> {
    await this.repo.deleteExpired(new Date(this.now()).toISOString());
  }
}

/** Constant-time comparison of the CSRF header with the session's token. */
export function csrfMatches(presented: unknown, expected: string): boolean {
  if (typeof presented !== 'string' || presented.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(presented), Buffer.from(expected));
}

export const authenticationFailed = (message = BAD_CREDENTIALS) =>
  new AppError('AUTHENTICATION_ERROR', message);
