import type { ApiKeyTable, Db } from '../db/database.ts';

export type ApiKeyRow = Omit<ApiKeyTable, 'key_hash'>;

/** A user's API keys as the account page lists them (never the hash). */
export class ApiKeyRepository {
  constructor(private readonly db: Db) {}

  listForUser(organizationId: string, userId: string): Promise<ApiKeyRow[]> {
    return this.db
      .selectFrom('api_keys')
      .select([
        'id',
        'organization_id',
        'user_id',
        'name',
        'key_prefix',
        'created_at',
        'last_used_at',
        'revoked_at',
      ])
      .where('organization_id', '=', organizationId)
      .where('user_id', '=', userId)
      .orderBy('id', 'desc')
      .limit(500)
      .execute();
  }

  find(organizationId: string, id: string): Promise<ApiKeyRow | undefined> {
    return this.db
      .selectFrom('api_keys')
      .select([
        'id',
        'organization_id',
        'user_id',
        'name',
        'key_prefix',
        'created_at',
        'last_used_at',
        'revoked_at',
      ])
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
  }
}
