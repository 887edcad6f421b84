import { randomUUID } from 'node:crypto';
import type { Actor } from '../auth/actor.ts';
import { generateApiKey, hashApiKey } from '../auth/api-keys.ts';
import { IdentityEvents } from '../auth/identity-events.ts';
import { hashPassword, passwordProblem, verifyPassword } from '../auth/passwords.ts';
import { AuthCache, type AuthCacheMatch, type AuthenticatedActor } from '../cache/auth-cache.ts';
import { parseRole, type RoleKey } from '../auth/roles.ts';
import type { Db, Dialect } from '../db/database.ts';
import { AppError, invalid, notFound } from '../errors.ts';
import { newId } from '../ids.ts';
import {
  IdentityRepository,
  type OrganizationRow,
  type UserFilterField,
  type UserRow,
} from '../repositories/identity.repository.ts';
import { nowIso } from '../time.ts';
import { parseOrderBy, parseWhereInput, type WhereSpec } from './where-input.ts';

/** `users(where:)` as the SDK sends it (`client.get_users(where=User.email == …)`, `organization.users(where=…)`). */
const USER_WHERE: WhereSpec<UserFilterField> = {
  entity: 'User',
  fields: { id: 'string', email: 'string', name: 'string', createdAt: 'datetime', updatedAt: 'datetime' },
  // Removed users are never listed: `deleted: false` matches every listed user, `deleted: true` none.
  constants: { deleted: (value) => value === false },
};

/** A valid hash of a random password, verified against when an email is unknown (made on first use). */
let dummyHash: Promise<string> | undefined;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const TOUCH_INTERVAL_MS = 60_000;
const DEFAULT_AUTH_CACHE_MS = 5_000;

export type EnsureUserInput = {
  email: string;
  name?: string | undefined;
  org?: string | undefined;
  role?: string | undefined;
  /** Sets the password of a new user (and of an existing one that has none yet). */
  password?: string | undefined;
};

/** Organizations, users and API keys: what the CLI administers and what every request authenticates with. */
export class IdentityService {
  private readonly repo: IdentityRepository;
  private readonly dialect: Dialect;
  private readonly authCache: AuthCache;
  readonly events: IdentityEvents;

  /**
   * `authCacheMs`: how long a successful authentication is reused (and so the bound on revocation across replicas).
   * `events`: where key revocations and changes of users' rights are announced; the cache forgets what they name.
   */
  constructor(
    private readonly db: Db,
    options: { authCacheMs?: number; now?: () => number; events?: IdentityEvents; dialect?: Dialect } = {},
  ) {
    this.repo = new IdentityRepository(db);
    // Only text matching (`_contains`) differs between the databases; the CLI lists no users.
    this.dialect = options.dialect ?? 'sqlite';
    this.authCache = new AuthCache(options.authCacheMs ?? DEFAULT_AUTH_CACHE_MS, 10_000, options.now);
    this.events = options.events ?? new IdentityEvents();
    this.events.subscribe((change) =>
      this.forgetAuthentications(
        change.kind === 'key-revoked' ? { keyId: change.keyId } : { userId: change.userId },
      ),
    );
  }

  /** Finds the user by email or creates it, creating its organization (default: the email's domain) if needed. */
  async ensureUser(
    input: EnsureUserInput,
  ): Promise<{ user: UserRow; organization: OrganizationRow; created: boolean }> {
    const email = input.email.trim().toLowerCase();
    if (!EMAIL.test(email)) throw invalid('email', `"${input.email}" is not an email address`);
    const role: RoleKey =
      input.role === undefined ? 'ADMIN' : (parseRole(input.role) ?? roleError(input.role));
    if (input.password !== undefined) {
      const problem = passwordProblem(input.password);
      if (problem) throw invalid('password', problem);
    }
    // Hashing takes tens of milliseconds: outside the transaction.
    const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
    return this.db.transaction().execute(async (trx) => {
      const repo = new IdentityRepository(trx);
      const existing = await repo.findUserByEmail(email);
      if (existing) {
        const organization = await repo.findOrganization(existing.organization_id);
        if (!organization) throw notFound('Organization', existing.organization_id);
        if (input.org !== undefined && input.org !== organization.name) {
          throw new AppError(
            'RESOURCE_CONFLICT',
            `User ${email} already belongs to organization "${organization.name}", not "${input.org}"`,
            { field: 'org' },
          );
        }
        if (input.role !== undefined && existing.role !== role) {
          throw new AppError(
            'RESOURCE_CONFLICT',
            `User ${email} already exists with role ${existing.role}, not ${role}; change roles with setOrganizationRole`,
            { field: 'role' },
          );
        }
        if (passwordHash && !existing.password_hash) {
          await repo.setPasswordHash(existing.id, passwordHash, nowIso());
          return { user: { ...existing, password_hash: passwordHash }, organization, created: false };
        }
        return { user: existing, organization, created: false };
      }
      const now = nowIso();
      const orgName = input.org?.trim() || email.split('@')[1]!;
      let organization = await repo.findOrganizationByName(orgName);
      if (!organization) {
        organization = { id: newId(), name: orgName, created_at: now, updated_at: now };
        await repo.insertOrganization(organization);
      }
      const user: UserRow = {
        id: newId(),
        organization_id: organization.id,
        email,
        name: input.name?.trim() || email.split('@')[0]!,
        nickname: null,
        role,
        timezone: null,
        created_at: now,
        updated_at: now,
        deleted: 0,
        password_hash: passwordHash,
      };
      await repo.insertUser(user);
      return { user, organization, created: true };
    });
  }

  /** Creates a key for the user; the plain key is returned once and never stored. */
  async createApiKey(
    userId: string,
    organizationId: string,
    name: string,
  ): Promise<{ id: string; key: string }> {
    const { key, hash, prefix } = generateApiKey();
    const id = newId();
    await this.repo.insertApiKey({
      id,
      organization_id: organizationId,
      user_id: userId,
      name,
      key_hash: hash,
      key_prefix: prefix,
      created_at: nowIso(),
      last_used_at: null,
      revoked_at: null,
    });
    return { id, key };
  }

  listApiKeys(organizationId?: string) {
    return this.repo.listApiKeys(organizationId);
  }

  async revokeApiKey(id: string): Promise<void> {
    if (!(await this.repo.revokeApiKey(id, nowIso()))) throw notFound('API key', id);
    this.events.emit({ kind: 'key-revoked', keyId: id });
  }

  /**
   * Call after anything that changes what a key may do (revoke, role change, user removal): this process stops
   * using the cached authentication at once; other replicas within `authCacheMs`.
   */
  forgetAuthentications(match: AuthCacheMatch = {}): void {
    this.authCache.forget(match);
  }

  /** The active user with this email and password, or null (same answer for an unknown email and a wrong password). */
  async verifyCredentials(email: string, password: string): Promise<UserRow | null> {
    const user = await this.repo.findUserByEmail(email.trim().toLowerCase());
    // Hash even when there is no user so that timing does not tell which emails exist.
    const ok = await verifyPassword(
      password,
      user?.password_hash ?? (await (dummyHash ??= hashPassword(randomUUID()))),
    );
    return ok && user && user.deleted === 0 && user.password_hash ? user : null;
  }

  async setPassword(userId: string, password: string): Promise<void> {
    const problem = passwordProblem(password);
    if (problem) throw invalid('password', problem);
    await this.repo.setPasswordHash(userId, await hashPassword(password), nowIso());
  }

  /** The caller behind a key, or null for an unknown or revoked key. */
  authenticate(key: string): Promise<AuthenticatedActor | null> {
    return this.authenticateHash(hashApiKey(key));
  }

  /** As `authenticate`, given the key's hash (`hashApiKey`) already computed for the rate limiter. */
  async authenticateHash(hash: string): Promise<AuthenticatedActor | null> {
    const cached = this.authCache.get(hash);
    if (cached) return cached;
    const found = await this.repo.findActiveKeyByHash(hash);
    if (!found) return null;
    const now = Date.now();
    if (!found.lastUsedAt || now - Date.parse(found.lastUsedAt) > TOUCH_INTERVAL_MS) {
      await this.repo.touchApiKey(found.keyId, new Date(now).toISOString());
    }
    const actor: AuthenticatedActor = {
      keyId: found.keyId,
      organizationId: found.organizationId,
      userId: found.userId,
      role: parseRole(found.role) ?? 'NONE',
      email: found.email,
    };
    this.authCache.set(hash, actor);
    return actor;
  }

  /** The caller behind a verified token naming a user (Label Studio access tokens), or null if the user is gone. */
  async actorForUser(organizationId: string, userId: string): Promise<Actor | null> {
    const user = await this.repo.findUser(organizationId, userId);
    if (!user || user.deleted) return null;
    return { organizationId, userId, role: parseRole(user.role) ?? 'NONE', email: user.email };
  }

  async getUser(actor: Actor, id?: string): Promise<UserRow> {
    const user = await this.repo.findUser(actor.organizationId, id ?? actor.userId);
    if (!user) throw notFound('User', id ?? actor.userId);
    return user;
  }

  usersByIds(actor: Actor, ids: readonly string[]): Promise<UserRow[]> {
    return this.repo.findUsersByIds(actor.organizationId, ids);
  }

  listUsers(
    actor: Actor,
    page: { skip: number; first: number },
    args: { where?: unknown; orderBy?: string | null } = {},
  ): Promise<UserRow[]> {
    return this.repo.listUsers(actor.organizationId, page, {
      filter: parseWhereInput(USER_WHERE, args.where),
      order: parseOrderBy(USER_WHERE, args.orderBy),
      dialect: this.dialect,
    });
  }

  async getOrganization(actor: Actor): Promise<OrganizationRow> {
    const org = await this.repo.findOrganization(actor.organizationId);
    if (!org) throw notFound('Organization', actor.organizationId);
    return org;
  }
}

function roleError(value: string): never {
  throw invalid('role', `"${value}" is not one of None, Labeler, Reviewer, Team Manager, Admin`);
}
