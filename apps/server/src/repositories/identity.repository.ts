import type { Db, Dialect, OrganizationTable, UserTable, ApiKeyTable } from '../db/database.ts';
import { queryTemplate } from '../db/query-template.ts';
import { compileFilter, type Filter, type Order } from './where-sql.ts';

export type OrganizationRow = OrganizationTable;
export type UserRow = UserTable;
export type ApiKeyRow = ApiKeyTable;

export const USER_FILTER_COLUMNS = {
  id: 'id',
  email: 'email',
  name: 'name',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
} as const;
export type UserFilterField = keyof typeof USER_FILTER_COLUMNS;

/** Organizations, users and API keys. */
export class IdentityRepository {
  constructor(private readonly db: Db) {}

  findOrganizationByName(name: string): Promise<OrganizationRow | undefined> {
    return this.db.selectFrom('organizations').selectAll().where('name', '=', name).executeTakeFirst();
  }

  async findOrganization(id: string): Promise<OrganizationRow | undefined> {
    return (await organizationById(this.db, id))[0];
  }

  async insertOrganization(row: OrganizationRow): Promise<void> {
    await this.db.insertInto('organizations').values(row).execute();
  }

  findUserByEmail(email: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  }

  async findUser(organizationId: string, id: string): Promise<UserRow | undefined> {
    return (await userById(this.db, organizationId, id))[0];
  }

  findUsersByIds(organizationId: string, ids: readonly string[]): Promise<UserRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('users')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', 'in', ids)
      .execute();
  }

  /** The organization's users (removed ones never), filtered and ordered as `users(where, orderBy)` asks. */
  listUsers(
    organizationId: string,
    page: { skip: number; first: number },
    query: {
      filter?: Filter<UserFilterField> | undefined;
      order?: Order<UserFilterField> | undefined;
      dialect: Dialect;
    },
  ): Promise<UserRow[]> {
    const { filter, order, dialect } = query;
    let q = this.db
      .selectFrom('users')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('deleted', '=', 0);
    if (filter) q = q.where((eb) => compileFilter(eb, filter, USER_FILTER_COLUMNS, dialect));
    if (order) q = q.orderBy(USER_FILTER_COLUMNS[order.field], order.direction);
    return q.orderBy('id').offset(page.skip).limit(page.first).execute();
  }

  async insertUser(row: UserRow): Promise<void> {
    await this.db.insertInto('users').values(row).execute();
  }

  async setName(organizationId: string, userId: string, name: string, at: string): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ name, updated_at: at })
      .where('organization_id', '=', organizationId)
      .where('id', '=', userId)
      .execute();
  }

  async setPasswordHash(userId: string, hash: string, at: string): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ password_hash: hash, updated_at: at })
      .where('id', '=', userId)
      .execute();
  }

  async insertApiKey(row: ApiKeyRow): Promise<void> {
    await this.db.insertInto('api_keys').values(row).execute();
  }

  async findActiveKeyByHash(hash: string) {
    return (await activeKeyByHash(this.db, hash))[0];
  }

  async touchApiKey(id: string, at: string): Promise<void> {
    await this.db.updateTable('api_keys').set({ last_used_at: at }).where('id', '=', id).execute();
  }

  listApiKeys(organizationId?: string) {
    let q = this.db
      .selectFrom('api_keys')
      .innerJoin('users', 'users.id', 'api_keys.user_id')
      .innerJoin('organizations', 'organizations.id', 'api_keys.organization_id')
      .select([
        'api_keys.id',
        'api_keys.name',
        'api_keys.key_prefix',
        'api_keys.created_at',
        'api_keys.last_used_at',
        'api_keys.revoked_at',
        'users.email',
        'organizations.name as organization',
      ])
      .orderBy('api_keys.id');
    if (organizationId) q = q.where('api_keys.organization_id', '=', organizationId);
    return q.execute();
  }

  async revokeApiKey(id: string, at: string): Promise<boolean> {
    const result = await this.db
      .updateTable('api_keys')
      .set({ revoked_at: at })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}

const organizationById = queryTemplate((db: Db, id: string) =>
  db.selectFrom('organizations').selectAll().where('id', '=', id),
);

const userById = queryTemplate((db: Db, organizationId: string, id: string) =>
  db.selectFrom('users').selectAll().where('organization_id', '=', organizationId).where('id', '=', id),
);

const activeKeyByHash = queryTemplate((db: Db, hash: string) =>
  db
    .selectFrom('api_keys')
    .innerJoin('users', 'users.id', 'api_keys.user_id')
    .select([
      'api_keys.id as keyId',
      'api_keys.organization_id as organizationId',
      'api_keys.user_id as userId',
      'api_keys.last_used_at as lastUsedAt',
      'users.role as role',
      'users.email as email',
    ])
    .where('api_keys.key_hash', '=', hash)
    .where('api_keys.revoked_at', 'is', null)
    .where('users.deleted', '=', 0),
);
