/** What changed about who may do what; a cache of authenticated keys drops the entries it names. */
export type IdentityChange =
  | { kind: 'key-revoked'; keyId: string }
  /** Org role, deletion or project roles of a user changed: every key of the user is stale. */
  | { kind: 'user-changed'; userId: string };

/**
 * The one hook for caches of identities (the auth cache): services announce every change of a key or of a user's
 * rights here, synchronously, before the call that made it returns.
 *
 * @example
 * services.identityEvents.subscribe((change) => cache.drop(change));
 */
export class IdentityEvents {
  private readonly listeners = new Set<(change: IdentityChange) => void>();

  subscribe(listener: (change: IdentityChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(change: IdentityChange): void {
    for (const listener of this.listeners) listener(change);
  }
}
