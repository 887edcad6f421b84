import type { Actor } from '../auth/actor.ts';
import { LruMap } from './lru-map.ts';

export type AuthenticatedActor = Actor & { keyId: string };

/** Which cached authentications to forget: one key, every key of a user, or of an organization. */
export type AuthCacheMatch = { keyId?: string; userId?: string; organizationId?: string };

/**
 * Who a key hash belongs to, remembered for a few seconds so a request needs no database round trip to
 * authenticate. Only successful lookups are kept (an unknown key always reaches the database, where a new key is
 * found at once). A revoke or role change in this process forgets the entry immediately; other replicas see it
 * when their entry expires, so `ttlMs` is the bound on how long a revoked key or an old role can still act.
 */
export class AuthCache {
  private readonly entries: LruMap<string, { actor: AuthenticatedActor; expiresAt: number }>;

  constructor(
    readonly ttlMs: number,
    max = 10_000,
    private readonly now: () => number = Date.now,
  ) {
    this.entries = new LruMap(max);
  }

  get(keyHash: string): AuthenticatedActor | undefined {
    const entry = this.entries.get(keyHash);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(keyHash);
      return undefined;
    }
    return entry.actor;
  }

  set(keyHash: string, actor: AuthenticatedActor): void {
    if (this.ttlMs > 0) this.entries.set(keyHash, { actor, expiresAt: this.now() + this.ttlMs });
  }

  /** Forgets matching entries (every entry when `match` is empty). */
  forget(match: AuthCacheMatch = {}): void {
    const { keyId, userId, organizationId } = match;
    if (keyId === undefined && userId === undefined && organizationId === undefined) {
      this.entries.clear();
      return;
    }
    this.entries.deleteWhere(
      ({ actor }) =>
        (keyId === undefined || actor.keyId === keyId) &&
        (userId === undefined || actor.userId === userId) &&
        (organizationId === undefined || actor.organizationId === organizationId),
    );
  }
}
