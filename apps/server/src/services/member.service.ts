import { createHash, randomBytes } from 'node:crypto';
import type { Actor } from '../auth/actor.ts';
import type { IdentityEvents } from '../auth/identity-events.ts';
import { hashPassword, passwordProblem } from '../auth/passwords.ts';
import { parseRole, ROLES, type RoleKey } from '../auth/roles.ts';
import type { Db } from '../db/database.ts';
import { AppError, conflict, invalid, notAllowed, notFound } from '../errors.ts';
import { newId } from '../ids.ts';
import {
  IdentityRepository,
  type OrganizationRow,
  type UserRow,
} from '../repositories/identity.repository.ts';
import { MemberRepository, type InviteRow } from '../repositories/member.repository.ts';
import { ProjectRepository } from '../repositories/project.repository.ts';
import { nowIso } from '../time.ts';
import { AccessService, refused } from './access.service.ts';

const INVITE_TTL_MS = 14 * 24 * 3600 * 1000;
/** Seats per organization (invites count while pending), as `invitesLimit` reports it. */
export const ORGANIZATION_SEAT_LIMIT = 10_000;
const MAX_USERS_PER_CALL = 100;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type InviteInput = {
  inviteeEmail: string;
  organizationRoleId: string;
  projects?: ReadonlyArray<{ projectId: string; projectRoleId: string }> | null;
};
export type ProjectInvite = { projectId: string; role: RoleKey };
/** A created or re-found invitation; `token` only when this call issued one (it is never stored in clear). */
export type InviteResult = { invite: InviteRow; token: string | null };

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** A role from a Labelbox role id (what the SDK sends) or a role name/key (what people type). */
export function roleFromId(value: string, field: string): RoleKey {
  const role = ROLES.find((r) => r.id === value)?.key ?? parseRole(value);
  if (!role) throw invalid(field, `"${value}" is not a role id (query roles{id name})`);
  return role;
}

export const inviteProjectRoles = (invite: InviteRow): ProjectInvite[] =>
  JSON.parse(invite.project_roles) as ProjectInvite[];

/**
 * Members: invitations (accepted by link with a password), org roles, project roles of project-based users and
 * removal. Admins and team managers manage members; only admins grant or take away the Admin role.
 */
export class MemberService {
  private readonly repo: MemberRepository;
  private readonly users: IdentityRepository;
  private readonly access: AccessService;

  constructor(
    private readonly db: Db,
    private readonly events: IdentityEvents,
  ) {
    this.repo = new MemberRepository(db);
    this.users = new IdentityRepository(db);
    this.access = new AccessService(db);
  }

  private guardAdminRole(actor: Actor, role: RoleKey, what: string): void {
    if (role === 'ADMIN' && actor.role !== 'ADMIN') throw refused(actor, what);
  }

  /**
   * Invites each email with its role and project roles. Inviting an email again while its invitation is pending
   * returns that invitation (no second one, no new token), so client retries are safe.
   */
  async invite(actor: Actor, inputs: readonly InviteInput[]): Promise<InviteResult[]> {
    this.access.require(actor, 'members', 'invite users');
    const results: InviteResult[] = [];
    for (const [i, input] of inputs.entries()) {
      const field = `data.${i}`;
      const email = input.inviteeEmail.trim().toLowerCase();
      if (!EMAIL.test(email))
        throw invalid(`${field}.inviteeEmail`, `"${input.inviteeEmail}" is not an email address`);
      const role = roleFromId(input.organizationRoleId, `${field}.organizationRoleId`);
      this.guardAdminRole(actor, role, 'invite admins');
      const projectRoles = await this.projectRoles(actor, role, input.projects ?? [], `${field}.projects`);
      const now = nowIso();
      const pending = await this.repo.findPendingInvite(actor.organizationId, email, now);
      if (pending) {
        results.push({ invite: pending, token: null });
        continue;
      }
      const existing = await this.users.findUserByEmail(email);
      if (existing && existing.deleted === 0) {
        throw conflict(
          existing.organization_id === actor.organizationId
            ? `${email} is already a member of this organization`
            : `${email} belongs to another organization`,
          `${field}.inviteeEmail`,
        );
      }
      if (
        (await this.repo.countActiveUsersAndInvites(actor.organizationId, now)) >= ORGANIZATION_SEAT_LIMIT
      ) {
        throw notAllowed(`The organization has used all of its ${ORGANIZATION_SEAT_LIMIT} seats`);
      }
      const token = randomBytes(32).toString('base64url');
      const invite: InviteRow = {
        id: newId(),
        organization_id: actor.organizationId,
        email,
        role,
        project_roles: JSON.stringify(projectRoles),
        token_hash: hashToken(token),
        status: 'PENDING',
        invited_by: actor.userId,
        created_at: now,
        expires_at: new Date(Date.now() + INVITE_TTL_MS).toISOString(),
        accepted_at: null,
        user_id: null,
      };
      await this.repo.insertInvite(invite);
      results.push({ invite, token });
    }
    return results;
  }

  private async projectRoles(
    actor: Actor,
    orgRole: RoleKey,
    projects: ReadonlyArray<{ projectId: string; projectRoleId: string }>,
    field: string,
  ): Promise<ProjectInvite[]> {
    if (projects.length > 0 && orgRole !== 'NONE') {
      throw invalid(field, 'project roles are only for users whose organization role is None');
    }
    const projectRepo = new ProjectRepository(this.db);
    const out: ProjectInvite[] = [];
    for (const [j, p] of projects.entries()) {
      if (!(await projectRepo.find(actor.organizationId, p.projectId)))
        throw notFound('Project', p.projectId);
      const role = roleFromId(p.projectRoleId, `${field}.${j}.projectRoleId`);
      if (role === 'NONE') throw invalid(`${field}.${j}.projectRoleId`, 'a project role cannot be None');
      this.guardAdminRole(actor, role, 'grant the Admin role');
      out.push({ projectId: p.projectId, role });
    }
    return out;
  }

  listInvites(actor: Actor, status?: string): Promise<InviteRow[]> {
    this.access.require(actor, 'members', 'list invitations');
    return this.repo.listInvites(actor.organizationId, status);
  }

  async revokeInvite(actor: Actor, id: string): Promise<InviteRow> {
    this.access.require(actor, 'members', 'revoke invitations');
    const invite = await this.repo.findInvite(actor.organizationId, id);
    if (!invite) throw notFound('Invite', id);
    if (invite.status !== 'PENDING') throw notAllowed(`Invite ${id} is ${invite.status}, not PENDING`);
    await this.repo.updateInvite(id, { status: 'REVOKED' });
    return { ...invite, status: 'REVOKED' };
  }

  /** A new link for a pending invitation (the old one stops working); its expiry starts again. */
  async renewInviteToken(actor: Actor, id: string): Promise<InviteResult> {
    this.access.require(actor, 'members', 'renew invitations');
    const invite = await this.repo.findInvite(actor.organizationId, id);
    if (!invite) throw notFound('Invite', id);
    if (invite.status !== 'PENDING') throw notAllowed(`Invite ${id} is ${invite.status}, not PENDING`);
    const token = randomBytes(32).toString('base64url');
    const values = {
      token_hash: hashToken(token),
      expires_at: new Date(Date.now() + INVITE_TTL_MS).toISOString(),
    };
    await this.repo.updateInvite(id, values);
    return { invite: { ...invite, ...values }, token };
  }

  /** The pending invitation behind a link, or null when the token is unknown, used, revoked or expired. */
  async findInviteByToken(token: string): Promise<InviteRow | null> {
    const invite = await this.repo.findInviteByTokenHash(hashToken(token));
    if (!invite || invite.status !== 'PENDING' || invite.expires_at <= nowIso()) return null;
    return invite;
  }

  /** What the invitation page shows before the invitee accepts: their email and the organization's name. */
  async describeInviteLink(
    token: string,
  ): Promise<{ email: string; organizationName: string; expiresAt: string } | null> {
    const invite = await this.findInviteByToken(token);
    if (!invite) return null;
    const organization = await this.users.findOrganization(invite.organization_id);
    if (!organization) return null;
    return { email: invite.email, organizationName: organization.name, expiresAt: invite.expires_at };
  }

  /**
   * Accepts an invitation by its link token: creates the user with the invited roles and a password. No caller
   * (the link is the credential). Answers AUTHENTICATION_ERROR for an unknown, used or expired token.
   */
  async acceptInvite(
    token: string,
    input: { name?: string | null; password: string },
  ): Promise<{ user: UserRow; organization: OrganizationRow }> {
    const problem = passwordProblem(input.password);
    if (problem) throw invalid('password', problem);
    const passwordHash = await hashPassword(input.password);
    return this.db.transaction().execute(async (trx) => {
      const repo = new MemberRepository(trx);
      const users = new IdentityRepository(trx);
      const invite = await repo.findInviteByTokenHash(hashToken(token));
      const now = nowIso();
      if (!invite || invite.status !== 'PENDING' || invite.expires_at <= now) {
        throw new AppError('AUTHENTICATION_ERROR', 'This invitation link is invalid, used or expired');
      }
      const organization = await users.findOrganization(invite.organization_id);
      if (!organization) throw notFound('Organization', invite.organization_id);
      const existing = await users.findUserByEmail(invite.email);
      if (existing && existing.deleted === 0) throw conflict(`${invite.email} already has an account`);
      const name = input.name?.trim() || invite.email.split('@')[0]!;
      let user: UserRow;
      if (existing) {
        // A removed user invited back: the same account, active again, with the new roles.
        user = {
          ...existing,
          role: invite.role,
          deleted: 0,
          name,
          password_hash: passwordHash,
          updated_at: now,
        };
        await trx
          .updateTable('users')
          .set({ role: user.role, deleted: 0, name, password_hash: passwordHash, updated_at: now })
          .where('id', '=', existing.id)
          .execute();
      } else {
        user = {
          id: newId(),
          organization_id: invite.organization_id,
          email: invite.email,
          name,
          nickname: null,
          role: invite.role,
          timezone: null,
          created_at: now,
          updated_at: now,
          deleted: 0,
          password_hash: passwordHash,
        };
        await users.insertUser(user);
      }
      for (const p of inviteProjectRoles(invite)) {
        await repo.upsertProjectRole({
          project_id: p.projectId,
          user_id: user.id,
          organization_id: invite.organization_id,
          role: p.role,
          created_at: now,
          updated_at: now,
        });
      }
      await repo.updateInvite(invite.id, { status: 'ACCEPTED', accepted_at: now, user_id: user.id });
      return { user, organization };
    });
  }

  async inviteLimit(actor: Actor): Promise<{ used: number; limit: number; remaining: number }> {
    this.access.require(actor, 'members', 'see invitation limits');
    const used = await this.repo.countActiveUsersAndInvites(actor.organizationId, nowIso());
    return { used, limit: ORGANIZATION_SEAT_LIMIT, remaining: Math.max(0, ORGANIZATION_SEAT_LIMIT - used) };
  }

  private async targetUser(actor: Actor, userId: string): Promise<UserRow> {
    const user = await this.users.findUser(actor.organizationId, userId);
    if (!user || user.deleted) throw notFound('User', userId);
    return user;
  }

  private async assertNotLastAdmin(actor: Actor, user: UserRow): Promise<void> {
    if (user.role !== 'ADMIN') return;
    const admins = await this.db
      .selectFrom('users')
      .select('id')
      .where('organization_id', '=', actor.organizationId)
      .where('role', '=', 'ADMIN')
      .where('deleted', '=', 0)
      .limit(2)
      .execute();
    if (admins.length < 2) throw notAllowed('The organization must keep at least one admin');
  }

  /** `setOrganizationRole`: project roles are kept, and apply again if the user goes back to None. */
  async setOrgRole(actor: Actor, userId: string, roleId: string): Promise<UserRow> {
    this.access.require(actor, 'members', "change users' roles");
    const role = roleFromId(roleId, 'data.roleId');
    const user = await this.targetUser(actor, userId);
    this.guardAdminRole(actor, role, 'grant the Admin role');
    this.guardAdminRole(actor, user.role as RoleKey, "change an admin's role");
    if (role !== 'ADMIN') await this.assertNotLastAdmin(actor, user);
    const now = nowIso();
    await this.repo.setOrgRole(actor.organizationId, userId, role, now);
    this.events.emit({ kind: 'user-changed', userId });
    return { ...user, role, updated_at: now };
  }

  /** `setProjectMembership`: a project role for a project-based user; role None removes them from the project. */
  async setProjectRole(
    actor: Actor,
    input: { userId: string; projectId: string; roleId: string },
  ): Promise<UserRow> {
    const role = roleFromId(input.roleId, 'data.roleId');
    await this.access.requireProject(actor, input.projectId, 'members', 'manage project members');
    if (!(await new ProjectRepository(this.db).find(actor.organizationId, input.projectId))) {
      throw notFound('Project', input.projectId);
    }
    const user = await this.targetUser(actor, input.userId);
    if (user.role !== 'NONE') {
      throw notAllowed(
        `User ${user.email} has the organization role ${user.role} and works in every project`,
      );
    }
    this.guardAdminRole(actor, role, 'grant the Admin role');
    const now = nowIso();
    if (role === 'NONE') await this.repo.removeProjectRole(input.projectId, user.id);
    else {
      await this.repo.upsertProjectRole({
        project_id: input.projectId,
        user_id: user.id,
        organization_id: actor.organizationId,
        role,
        created_at: now,
        updated_at: now,
      });
    }
    this.events.emit({ kind: 'user-changed', userId: user.id });
    return user;
  }

  /** Renames a user: anyone themselves; others only those who manage members. */
  async rename(actor: Actor, userId: string, name: string): Promise<UserRow> {
    if (userId !== actor.userId) this.access.require(actor, 'members', "change other users' names");
    const user = await this.targetUser(actor, userId);
    const now = nowIso();
    await this.users.setName(actor.organizationId, user.id, name, now);
    return { ...user, name, updated_at: now };
  }

  /** `updateUser(data: {deleted: true})`: removes the user; their keys stop working at once. */
  async removeUser(actor: Actor, userId: string): Promise<UserRow> {
    this.access.require(actor, 'members', 'remove users');
    if (userId === actor.userId) throw notAllowed('You cannot remove yourself from the organization');
    const user = await this.targetUser(actor, userId);
    this.guardAdminRole(actor, user.role as RoleKey, 'remove an admin');
    await this.assertNotLastAdmin(actor, user);
    const now = nowIso();
    await this.db.transaction().execute(async (trx) => {
      const repo = new MemberRepository(trx);
      await repo.markUserDeleted(actor.organizationId, userId, now);
      await repo.removeAllProjectRoles(userId);
      await repo.revokeKeysOf(userId, now);
    });
    this.events.emit({ kind: 'user-changed', userId });
    return { ...user, deleted: 1, updated_at: now };
  }

  /** Project roles of up to 100 users at once (the members page shows them per user). */
  async projectRolesOfUsers(actor: Actor, userIds: readonly string[]) {
    this.access.require(actor, 'members', 'see project roles');
    if (userIds.length > MAX_USERS_PER_CALL) {
      throw invalid('userIds', `at most ${MAX_USERS_PER_CALL} users per call`);
    }
    return this.repo.projectRolesOfUsers(actor.organizationId, userIds);
  }

  async projectMembers(actor: Actor, projectId: string, page: { skip: number; first: number }) {
    await this.access.requireProject(actor, projectId, 'read', 'see project members');
    return this.repo.projectMembers(actor.organizationId, projectId, page);
  }

  async projectRoleOf(actor: Actor, projectId: string, userId: string): Promise<RoleKey | null> {
    const user = await this.users.findUser(actor.organizationId, userId);
    if (!user || user.deleted) return null;
    if (user.role !== 'NONE') return user.role as RoleKey;
    const role = await this.repo.projectRole(actor.organizationId, projectId, userId);
    return role ? (parseRole(role) ?? null) : null;
  }
}
