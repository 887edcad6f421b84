import type { Db, InviteTable, ProjectMemberTable, UserTable } from '../db/database.ts';

export type InviteRow = InviteTable;
export type ProjectMemberRow = ProjectMemberTable;

/** The project role a user group gives its project-based members in its projects. */
export const GROUP_PROJECT_ROLE = 'LABELER';

/** Project memberships of project-based users, org-role changes and invitations. */
export class MemberRepository {
  constructor(private readonly db: Db) {}

  async projectRole(organizationId: string, projectId: string, userId: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('project_members')
      .select('role')
      .where('user_id', '=', userId)
      .where('project_id', '=', projectId)
      .where('organization_id', '=', organizationId)
      .executeTakeFirst();
    if (row) return row.role;
    // A user group giving the project to the user: they label there.
    const viaGroup = await this.groupProjectsOf(organizationId, userId)
      .where('user_group_projects.project_id', '=', projectId)
      .executeTakeFirst();
    return viaGroup ? GROUP_PROJECT_ROLE : undefined;
  }

  /** The project roles of the given users (project-based users hold them), with each project's name. */
  async projectRolesOfUsers(
    organizationId: string,
    userIds: readonly string[],
  ): Promise<Array<{ user_id: string; project_id: string; project_name: string; role: string }>> {
    if (userIds.length === 0) return [];
    return this.db
      .selectFrom('project_members')
      .innerJoin('projects', 'projects.id', 'project_members.project_id')
      .select([
        'project_members.user_id',
        'project_members.project_id',
        'projects.name as project_name',
        'project_members.role',
      ])
      .where('project_members.organization_id', '=', organizationId)
      .where('project_members.user_id', 'in', [...userIds])
      .orderBy('project_members.user_id')
      .orderBy('projects.name')
      .execute();
  }

  /** The projects a project-based user may see: their project roles and their user groups' projects. */
  async projectIdsOf(organizationId: string, userId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('project_members')
      .select('project_id')
      .where('user_id', '=', userId)
      .where('organization_id', '=', organizationId)
      .union(this.groupProjectsOf(organizationId, userId))
      .execute();
    return rows.map((r) => r.project_id);
  }

  /** The projects the user's groups give them (a query to narrow or combine). */
  private groupProjectsOf(organizationId: string, userId: string) {
    return this.db
      .selectFrom('user_group_members')
      .innerJoin('user_group_projects', 'user_group_projects.group_id', 'user_group_members.group_id')
      .innerJoin('user_groups', 'user_groups.id', 'user_group_members.group_id')
      .select('user_group_projects.project_id')
      .where('user_group_members.user_id', '=', userId)
      .where('user_groups.organization_id', '=', organizationId);
  }

  async upsertProjectRole(row: ProjectMemberRow): Promise<void> {
    await this.db
      .insertInto('project_members')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['project_id', 'user_id']).doUpdateSet({ role: row.role, updated_at: row.updated_at }),
      )
      .execute();
  }

  async removeProjectRole(projectId: string, userId: string): Promise<void> {
    await this.db
      .deleteFrom('project_members')
      .where('project_id', '=', projectId)
      .where('user_id', '=', userId)
      .execute();
  }

  async removeAllProjectRoles(userId: string): Promise<void> {
    await this.db.deleteFrom('project_members').where('user_id', '=', userId).execute();
  }

  /**
   * A project's members: every active org-level user (access from ORGANIZATION) then the project-based ones with
   * their project role, in a stable order for skip/first paging.
   */
  async projectMembers(
    organizationId: string,
    projectId: string,
    page: { skip: number; first: number },
  ): Promise<Array<{ user: UserTable; role: string; accessFrom: 'ORGANIZATION' | 'PROJECT_MEMBERSHIP' }>> {
    const rows = await this.db
      .selectFrom('users')
      .leftJoin('project_members', (join) =>
        join
          .onRef('project_members.user_id', '=', 'users.id')
          .on('project_members.project_id', '=', projectId),
      )
      .selectAll('users')
      .select('project_members.role as project_role')
      .where('users.organization_id', '=', organizationId)
      .where('users.deleted', '=', 0)
      .where((eb) => eb.or([eb('users.role', '!=', 'NONE'), eb('project_members.role', 'is not', null)]))
      .orderBy('users.id')
      .offset(page.skip)
      .limit(page.first)
      .execute();
    return rows.map(({ project_role, ...user }) =>
      user.role !== 'NONE'
        ? { user, role: user.role, accessFrom: 'ORGANIZATION' as const }
        : { user, role: project_role ?? 'NONE', accessFrom: 'PROJECT_MEMBERSHIP' as const },
    );
  }

  async setOrgRole(organizationId: string, userId: string, role: string, at: string): Promise<boolean> {
    const result = await this.db
      .updateTable('users')
      .set({ role, updated_at: at })
      .where('organization_id', '=', organizationId)
      .where('id', '=', userId)
      .where('deleted', '=', 0)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async markUserDeleted(organizationId: string, userId: string, at: string): Promise<boolean> {
    const result = await this.db
      .updateTable('users')
      .set({ deleted: 1, updated_at: at })
      .where('organization_id', '=', organizationId)
      .where('id', '=', userId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async revokeKeysOf(userId: string, at: string): Promise<string[]> {
    const keys = await this.db
      .selectFrom('api_keys')
      .select('id')
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .execute();
    await this.db
      .updateTable('api_keys')
      .set({ revoked_at: at })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .execute();
    return keys.map((k) => k.id);
  }

  findPendingInvite(organizationId: string, email: string, now: string): Promise<InviteRow | undefined> {
    return this.db
      .selectFrom('invites')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('email', '=', email)
      .where('status', '=', 'PENDING')
      .where('expires_at', '>', now)
      .orderBy('id')
      .executeTakeFirst();
  }

  findInviteByTokenHash(tokenHash: string): Promise<InviteRow | undefined> {
    return this.db.selectFrom('invites').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  }

  findInvite(organizationId: string, id: string): Promise<InviteRow | undefined> {
    return this.db
      .selectFrom('invites')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  listInvites(organizationId: string, status?: string): Promise<InviteRow[]> {
    let q = this.db.selectFrom('invites').selectAll().where('organization_id', '=', organizationId);
    if (status) q = q.where('status', '=', status);
    return q.orderBy('id').execute();
  }

  async insertInvite(row: InviteRow): Promise<void> {
    await this.db.insertInto('invites').values(row).execute();
  }

  async updateInvite(id: string, values: Partial<InviteRow>): Promise<void> {
    await this.db.updateTable('invites').set(values).where('id', '=', id).execute();
  }

  async countActiveUsersAndInvites(organizationId: string, now: string): Promise<number> {
    const users = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('organization_id', '=', organizationId)
      .where('deleted', '=', 0)
      .executeTakeFirstOrThrow();
    const invites = await this.db
      .selectFrom('invites')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('organization_id', '=', organizationId)
      .where('status', '=', 'PENDING')
      .where('expires_at', '>', now)
      .executeTakeFirstOrThrow();
    return Number(users.n) + Number(invites.n);
  }
}
