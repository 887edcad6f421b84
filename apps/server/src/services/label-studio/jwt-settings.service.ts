import type { Actor } from '../../auth/actor.ts';
import { LruMap } from '../../cache/lru-map.ts';
import type { Db } from '../../db/database.ts';
import { LabelStudioRepository } from '../../repositories/label-studio.repository.ts';
import { nowIso } from '../../time.ts';
import { parseJsonObject } from '../export-v2.rows.ts';
import { isRecord } from './dm-query.ts';
import { lsValidation } from './project.service.ts';

/** An organization's token settings (`/api/jwt/settings`), as Label Studio names them. */
export type LsJwtSettings = {
  /** Personal access tokens (JWTs): made, refreshed and accepted as `Bearer`. */
  api_tokens_enabled: boolean;
  /** API keys presented to the Label Studio face (`Token <key>`, `X-API-Key`, `Bearer <key>` under `/api/`). */
  legacy_api_tokens_enabled: boolean;
  /** Lifetime of new personal access tokens. */
  api_token_ttl_days: number;
};

/** Both kinds on; personal access tokens live ten years, as they did before the setting. */
export const DEFAULT_JWT_SETTINGS: Readonly<LsJwtSettings> = {
  api_tokens_enabled: true,
  legacy_api_tokens_enabled: true,
  api_token_ttl_days: 3650,
};
/** Longest lifetime accepted (Label Studio's default is 200 years; a JWT `exp` must stay a sane number). */
const MAX_TTL_DAYS = 73_000;

/**
 * Token settings per organization, kept with the organization's Label Studio id (`ls_refs.data`). Authentication
 * reads them on every Label Studio request with a key and every JWT: kept here for `cacheMs` (the API-key cache's
 * bound), so a change takes effect at once on this process and within that bound on the others.
 */
export class LabelStudioJwtSettingsService {
  private readonly repo: LabelStudioRepository;
  private readonly cache = new LruMap<string, { settings: LsJwtSettings; until: number }>(10_000);

  constructor(
    db: Db,
    private readonly cacheMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.repo = new LabelStudioRepository(db);
  }

  async get(organizationId: string): Promise<LsJwtSettings> {
    const kept = this.cache.get(organizationId);
    if (kept && kept.until > this.now()) return kept.settings;
    const settings = { ...DEFAULT_JWT_SETTINGS, ...storedJwt((await this.ref(organizationId)).data) };
    this.cache.set(organizationId, { settings, until: this.now() + this.cacheMs });
    return settings;
  }

  /**
   * `POST /api/jwt/settings`: `api_token_ttl_days` (required, 1–73,000) and the two switches (left as they are when
   * absent). Turning both off is refused: nothing could sign in to the Label Studio face to turn one back on.
   */
  async update(actor: Actor, body: Record<string, unknown>): Promise<LsJwtSettings> {
    const ttl = body.api_token_ttl_days;
    if (ttl === undefined || ttl === null)
      throw lsValidation('api_token_ttl_days', 'This field is required.');
    if (typeof ttl !== 'number' || !Number.isInteger(ttl))
      throw lsValidation('api_token_ttl_days', 'A valid integer is required.');
    if (ttl < 1 || ttl > MAX_TTL_DAYS)
      throw lsValidation('api_token_ttl_days', `Ensure this value is between 1 and ${MAX_TTL_DAYS}.`);
    const current = await this.get(actor.organizationId);
    const flag = (name: 'api_tokens_enabled' | 'legacy_api_tokens_enabled'): boolean => {
      const v = body[name];
      if (v === undefined || v === null) return current[name];
      if (typeof v !== 'boolean') throw lsValidation(name, 'Must be a valid boolean.');
      return v;
    };
    const next: LsJwtSettings = {
      api_tokens_enabled: flag('api_tokens_enabled'),
      legacy_api_tokens_enabled: flag('legacy_api_tokens_enabled'),
      api_token_ttl_days: ttl,
    };
    if (!next.api_tokens_enabled && !next.legacy_api_tokens_enabled)
      throw lsValidation(
        'api_tokens_enabled',
        'Keep personal access tokens or legacy tokens enabled: with both off no script could sign in.',
      );
    const ref = await this.ref(actor.organizationId);
    await this.repo.updateData(ref.ls_id, JSON.stringify({ ...parseJsonObject(ref.data), jwt: next }));
    this.cache.delete(actor.organizationId);
    return next;
  }

  /** The organization's Label Studio ref, whose data keeps the settings (made on first use). */
  private async ref(organizationId: string) {
    const refs = await this.repo.ensureRefs(
      'organization',
      organizationId,
      organizationId,
      [organizationId],
      nowIso(),
    );
    return refs.get(organizationId)!;
  }
}

/** The settings kept in an organization ref's data, each field only when it has the right type. */
function storedJwt(data: string | null): Partial<LsJwtSettings> {
  const stored = parseJsonObject(data).jwt;
  const jwt = isRecord(stored) ? stored : {};
  const out: Partial<LsJwtSettings> = {};
  if (typeof jwt.api_tokens_enabled === 'boolean') out.api_tokens_enabled = jwt.api_tokens_enabled;
  if (typeof jwt.legacy_api_tokens_enabled === 'boolean')
    out.legacy_api_tokens_enabled = jwt.legacy_api_tokens_enabled;
  if (typeof jwt.api_token_ttl_days === 'number') out.api_token_ttl_days = jwt.api_token_ttl_days;
  return out;
}
