import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Actor } from '../../auth/actor.ts';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { LabelStudioRepository } from '../../repositories/label-studio.repository.ts';
import type { IdentityService } from '../identity.service.ts';
import type { LabelStudioJwtSettingsService } from './jwt-settings.service.ts';

/**
 * Personal access tokens live as long as the organization's `api_token_ttl_days` says (the SDK insists on an
 * `exp`); access tokens are short, as in Label Studio.
 */
const DAY_SECONDS = 24 * 3600;
const ACCESS_TTL_SECONDS = 10 * 60;

export type JwtClaims = {
  token_type: 'refresh' | 'access';
  exp: number;
  iat: number;
  jti: string;
  user_id: string;
  organization_id: string;
};

const b64 = (value: object | Buffer): string =>
  (Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value))).toString('base64url');
const HEADER = b64({ alg: 'HS256', typ: 'JWT' });

export const looksLikeJwt = (token: string): boolean => /^[\w-]+\.[\w-]+\.[\w-]+$/.test(token);

const tokensDisabled = () =>
  new AppError(
    'AUTHORIZATION_ERROR',
    'Personal access tokens are disabled for this organization (api_tokens_enabled).',
  );

const invalidToken = () =>
  new AppError('AUTHENTICATION_ERROR', 'Token is invalid or expired', {
    details: { code: 'token_not_valid' },
  });

/**
 * Label Studio personal access tokens: HS256 JWTs with simplejwt's claims (`token_type`, `exp`, `iat`, `jti`,
 * `user_id`), signed with a key derived from the server secret and checked on every use. A PAT is a refresh
 * token: `/api/token/refresh/` trades it for a short access token that goes out as `Bearer`. Every PAT is listed
 * in `ls_tokens` so that it can be blacklisted (rotation blacklists the old one).
 */
export class LabelStudioTokenService {
  private readonly repo: LabelStudioRepository;

  constructor(
    db: Db,
    private readonly key: Buffer,
    private readonly identity: IdentityService,
    private readonly settings: LabelStudioJwtSettingsService,
    private readonly now: () => number = Date.now,
  ) {
    this.repo = new LabelStudioRepository(db);
  }

  private sign(claims: JwtClaims): string {
    const body = `${HEADER}.${b64(claims)}`;
    return `${body}.${b64(createHmac('sha256', this.key).update(body).digest())}`;
  }

  /** The claims of a token signed by this server and not expired, else undefined. */
  verify(token: string): JwtClaims | undefined {
    if (!looksLikeJwt(token)) return undefined;
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const expected = createHmac('sha256', this.key).update(`${header}.${payload}`).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as JwtClaims;
      if (typeof claims.exp !== 'number' || claims.exp * 1000 <= this.now()) return undefined;
      if (typeof claims.user_id !== 'string' || typeof claims.organization_id !== 'string') return undefined;
      return claims;
    } catch {
      return undefined;
    }
  }

  /** `POST /api/token/`: a new PAT for the caller (shown once). */
  async createPat(actor: Actor): Promise<string> {
    const settings = await this.settings.get(actor.organizationId);
    if (!settings.api_tokens_enabled) throw tokensDisabled();
    const iat = Math.floor(this.now() / 1000);
    const claims: JwtClaims = {
      token_type: 'refresh',
      exp: iat + settings.api_token_ttl_days * DAY_SECONDS,
      iat,
      jti: randomUUID().replace(/-/g, ''),
      user_id: actor.userId,
      organization_id: actor.organizationId,
    };
    await this.repo.insertToken({
      jti: claims.jti,
      organization_id: actor.organizationId,
      user_id: actor.userId,
      created_at: new Date(iat * 1000).toISOString(),
      expires_at: new Date(claims.exp * 1000).toISOString(),
      blacklisted_at: null,
    });
    return this.sign(claims);
  }

  /** `GET /api/token/`: the caller's live PATs, signature stripped as Label Studio shows them. */
  async list(actor: Actor) {
    const rows = await this.repo.liveTokens(actor.userId, new Date(this.now()).toISOString());
    return rows.map((r) => {
      const iat = Math.floor(Date.parse(r.created_at) / 1000);
      const claims = {
        token_type: 'refresh',
        exp: Math.floor(Date.parse(r.expires_at) / 1000),
        iat,
        jti: r.jti,
        user_id: r.user_id,
        organization_id: r.organization_id,
      };
      return { token: `${HEADER}.${b64(claims)}`, created_at: r.created_at, expires_at: r.expires_at };
    });
  }

  /** The web app's token list: the caller's live PATs by id (`jti`), without the token text. */
  async listMine(actor: Actor): Promise<Array<{ id: string; createdAt: string; expiresAt: string }>> {
    const rows = await this.repo.liveTokens(actor.userId, new Date(this.now()).toISOString());
    return rows.map((r) => ({ id: r.jti, createdAt: r.created_at, expiresAt: r.expires_at })).reverse();
  }

  /** Blacklists one of the caller's PATs by id; false when it is not theirs or already blacklisted. */
  async revokeMine(actor: Actor, id: string): Promise<boolean> {
    const row = await this.repo.findToken(id);
    if (!row || row.user_id !== actor.userId || row.blacklisted_at !== null) return false;
    return this.repo.blacklist(id, new Date(this.now()).toISOString());
  }

  /** A valid, not blacklisted refresh token's claims; access tokens and anything else are refused. */
  private async liveRefresh(token: unknown): Promise<JwtClaims> {
    const claims = typeof token === 'string' ? this.verify(token) : undefined;
    if (!claims || claims.token_type !== 'refresh') throw invalidToken();
    if (!(await this.settings.get(claims.organization_id)).api_tokens_enabled) throw tokensDisabled();
    const row = await this.repo.findToken(claims.jti);
    if (!row || row.blacklisted_at !== null) throw invalidToken();
    if (!(await this.identity.actorForUser(claims.organization_id, claims.user_id))) throw invalidToken();
    return claims;
  }

  /** `POST /api/token/refresh/`: an access token for a PAT. */
  async refresh(refresh: unknown): Promise<string> {
    const claims = await this.liveRefresh(refresh);
    const iat = Math.floor(this.now() / 1000);
    return this.sign({
      token_type: 'access',
      exp: iat + ACCESS_TTL_SECONDS,
      iat,
      jti: randomUUID().replace(/-/g, ''),
      user_id: claims.user_id,
      organization_id: claims.organization_id,
    });
  }

  /** `POST /api/token/rotate/`: a new PAT; the old one is blacklisted. */
  async rotate(refresh: unknown): Promise<string> {
    const claims = await this.liveRefresh(refresh);
    const actor = await this.identity.actorForUser(claims.organization_id, claims.user_id);
    if (!actor) throw invalidToken();
    await this.repo.blacklist(claims.jti, new Date(this.now()).toISOString());
    return this.createPat(actor);
  }

  /**
   * `POST /api/token/blacklist/`: Label Studio accepts the token without its signature (as `GET /api/token/`
   * shows it), so only the `jti` is read here; the caller must own the token.
   */
  async blacklist(actor: Actor, token: unknown): Promise<boolean> {
    if (typeof token !== 'string') return false;
    const payload = token.split('.')[1];
    let jti: unknown;
    try {
      jti = payload
        ? (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { jti?: unknown }).jti
        : undefined;
    } catch {
      return false;
    }
    if (typeof jti !== 'string') return false;
    const row = await this.repo.findToken(jti);
    if (!row || row.user_id !== actor.userId) return false;
    return this.repo.blacklist(jti, new Date(this.now()).toISOString());
  }

  /**
   * The caller behind an access token (`Bearer`), or null: PATs are refused here, as simplejwt refuses them, and so
   * is every JWT of an organization that turned personal access tokens off.
   */
  async authenticate(token: string): Promise<Actor | null> {
    const claims = this.verify(token);
    if (!claims || claims.token_type !== 'access') return null;
    if (!(await this.settings.get(claims.organization_id)).api_tokens_enabled) return null;
    return this.identity.actorForUser(claims.organization_id, claims.user_id);
  }
}
