import type { Db, UserGroupTable } from '../db/database.ts';

export type UserGroupRow = UserGroupTable;
export type GroupMember = { group_id: string; id: string; email: string };
export type GroupProject = { group_id: string; id: string; name: string };

/** User groups with their members and projects; every query is scoped to one organization. */
export class UserGroupRepository {
  constructor(private readonly db: Db) {}

  async get(organizationId: string, id: string): Promise<UserGroupRow | undefined> {
    return this.db
      .selectFrom('user_groups')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async byName(organizationId: string, name: string): Promise<UserGroupRow | undefined> {
    return this.db
      .selectFrom('user_groups')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('name', '=', name)
      .executeTakeFirst();
  }

  /** A page in id order after `after` (exclusive). */
  async list(organizationId: string, after: string | null, first: number): Promise<UserGroupRow[]> {
    let query = this.db
      .selectFrom('user_groups')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .orderBy('id')
      .limit(first);
    if (after !== null) query = query.where('id', '>', after);
    return query.execute();
  }

  async members(groupIds: readonly string[]): Promise<GroupMember[]> {
    if (groupIds.length === 0) return [];
    return this.db
      .selectFrom('user_group_members')
      .innerJoin('users', 'users.id', 'user_group_members.user_id')
      .select(['user_group_members.group_id', 'users.id', 'users.email'])
      .where('user_group_members.group_id', 'in', [...groupIds])
      .where('users.deleted', '=', 0)
      .orderBy('users.email')
      .execute();
  }

  async projects(groupIds: readonly string[]): Promise<GroupProject[]> {
    if (groupIds.length === 0) return [];
    return this.db
      .selectFrom('user_group_projects')
      .innerJoin('projects', 'projects.id', 'user_group_projects.project_id')
      .select(['user_group_projects.group_id', 'projects.id', 'projects.name'])
      .where('user_group_projects.group_id', 'in', [...groupIds])
      .orderBy('projects.name')
      .execute();
  }

  /** Which of `ids` are live users of the organization. */
  async existingUsers(organizationId: string, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('users')
      .select('id')
      .where('organization_id', '=', organizationId)
      .where('deleted', '=', 0)
      .where('id', 'in', [...ids])
      .execute();
    return new Set(rows.map((r) => r.id));
  }

  async existingProjects(organizationId: string, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('projects')
      .select('id')
      .where('organization_id', '=', organizationId)
      .where('id', 'in', [...ids])
      .execute();
    return new Set(rows.map((r) => r.id));
  }

  /** Writes the group and replaces its member and project sets, in one transaction. */
  async save(
    row: UserGroupRow,
    userIds: readonly string[],
    projectIds: readonly string[],
    isNew: boolean,
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (isNew) await trx.insertInto('user_groups').values(row).execute();
      else
        await trx
          .updateTable('user_groups')
          .set({ name: row.name, color: row.color, updated_at: row.updated_at })
          .where('id', '=', row.id)
          .execute();
      await trx.deleteFrom('user_group_members').where('group_id', '=', row.id).execute();
      await trx.deleteFrom('user_group_projects').where('group_id', '=', row.id).execute();
      if (userIds.length > 0)
        await trx
          .insertInto('user_group_members')
          .values(userIds.map((user_id) => ({ group_id: row.id, user_id })))
          .execute();
      if (projectIds.length > 0)
        await trx
          .insertInto('user_group_projects')
          .values(projectIds.map((project_id) => ({ group_id: row.id, project_id })))
          .execute();
    });
  }

  async delete(organizationId: string, id: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const group = await trx
        .selectFrom('user_groups')
        .select('id')
        .where('organization_id', '=', organizationId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (!group) return false;
      await trx.deleteFrom('user_group_members').where('group_id', '=', id).execute();
      await trx.deleteFrom('user_group_projects').where('group_id', '=', id).execute();
      await trx.deleteFrom('user_groups').where('id', '=', id).execute();
      return true;
    });
  }
}
