import type { Actor } from '../auth/actor.ts';
import type { Db } from '../db/database.ts';
import { invalid, notFound } from '../errors.ts';
import { ApiKeyRepository, type ApiKeyRow } from '../repositories/api-key.repository.ts';
import type { IdentityService } from './identity.service.ts';

const MAX_NAME = 200;

/** The signed-in user's own API keys: create (the secret returned once), list, revoke. */
export class ApiKeyService {
  private readonly repo: ApiKeyRepository;

  constructor(
    db: Db,
    private readonly identity: IdentityService,
  ) {
    this.repo = new ApiKeyRepository(db);
  }

  list(actor: Actor): Promise<ApiKeyRow[]> {
    return this.repo.listForUser(actor.organizationId, actor.userId);
  }

  async create(actor: Actor, name: string): Promise<{ row: ApiKeyRow; key: string }> {
    const trimmed = name.trim();
    if (trimmed.length === 0) throw invalid('name', 'must not be empty');
    if (trimmed.length > MAX_NAME) throw invalid('name', `must be at most ${MAX_NAME} characters`);
    const { id, key } = await this.identity.createApiKey(actor.userId, actor.organizationId, trimmed);
    const row = await this.repo.find(actor.organizationId, id);
    if (!row) throw notFound('API key', id);
    return { row, key };
  }

  /** Own keys only, except for admins; another user's key answers not-found, as a missing one does. */
  async revoke(actor: Actor, id: string): Promise<boolean> {
    const row = await this.repo.find(actor.organizationId, id);
    if (!row || (row.user_id !== actor.userId && actor.role !== 'ADMIN')) throw notFound('API key', id);
    if (row.revoked_at) return false;
    await this.identity.revokeApiKey(id);
    return true;
  }
}
