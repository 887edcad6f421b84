import type { RoleKey } from '../../auth/session-api.ts';

export type Role = { id: string; name: string };

/** Role names as the API spells them, by key. */
const ROLE_NAMES: Record<RoleKey, string> = {
  NONE: 'None',
  LABELER: 'Labeler',
  REVIEWER: 'Reviewer',
  TEAM_MANAGER: 'Team Manager',
  ADMIN: 'Admin',
};

const isAdminRole = (role: Role) => role.name === ROLE_NAMES.ADMIN;

/**
 * What the signed-in user may do to members, mirroring services/member.service.ts (the server refuses the rest
 * anyway): admins and team managers manage members; only admins grant, change or take away the Admin role; nobody
 * removes themselves.
 */
export function memberPermissions(viewer: { id: string; role: RoleKey } | undefined) {
  const manager = viewer?.role === 'ADMIN' || viewer?.role === 'TEAM_MANAGER';
  const admin = viewer?.role === 'ADMIN';
  return {
    invite: manager,
    /** Roles offered for an organization role (invite or change). */
    orgRoleOptions: (roles: readonly Role[]): Role[] =>
      admin ? [...roles] : roles.filter((r) => !isAdminRole(r)),
    /** Roles offered per project for a project-based user (None removes them from the project). */
    projectRoleOptions: (roles: readonly Role[]): Role[] =>
      roles.filter((r) => (admin ? true : !isAdminRole(r))),
    changeRoleOf: (member: { id: string; roleName: string }) =>
      manager && (admin || member.roleName !== ROLE_NAMES.ADMIN),
    remove: (member: { id: string; roleName: string }) =>
      manager && member.id !== viewer?.id && (admin || member.roleName !== ROLE_NAMES.ADMIN),
  };
}

/** Project roles apply only to users whose organization role is None. */
export const isProjectBased = (roleName: string) => roleName === ROLE_NAMES.NONE;

/** The invitation link a new member opens (the token is shown only when issued). */
export const invitationUrl = (origin: string, token: string) =>
  `${origin}/invitations/${encodeURIComponent(token)}`;
