import type { Actor } from '../auth/actor.ts';
import { parseRole, type RoleKey } from '../auth/roles.ts';
import type { Db } from '../db/database.ts';
import { AppError, notFound } from '../errors.ts';
import { MemberRepository } from '../repositories/member.repository.ts';

/**
 * What a caller may do, from Labelbox's permission table:
 * - `self`: their own user, their organization's name, the role list;
 * - `read`: the organization's catalog, ontologies, projects and labels;
 * - `label`: work the labeling queue; `review`: work the review queue and review labels;
 * - `manage`: datasets, ontologies, projects, batches, imports, exports, webhooks;
 * - `members`: invite, remove and change the roles of users.
 */
export type Permission = 'self' | 'read' | 'label' | 'review' | 'manage' | 'members';

const ALL: readonly Permission[] = ['self', 'read', 'label', 'review', 'manage', 'members'];
const GRANTS: Record<RoleKey, ReadonlySet<Permission>> = {
  ADMIN: new Set(ALL),
  TEAM_MANAGER: new Set(ALL),
  REVIEWER: new Set(['self', 'read', 'label', 'review']),
  LABELER: new Set(['self', 'read', 'label']),
  NONE: new Set(['self']),
};

export const roleGrants = (role: RoleKey, permission: Permission): boolean => GRANTS[role].has(permission);

export const refused = (actor: Actor, what: string): AppError =>
  new AppError('AUTHORIZATION_ERROR', `Your role (${actor.role}) does not allow you to ${what}`);

/** One rule per API operation: the permission it needs and, for project-scoped ones, the project it acts on. */
export type AccessRule = {
  permission: Permission;
  /** The project the operation is about; a project role then decides for project-based users. */
  projectId?: string | null | undefined;
  /** For messages: what the caller tried to do. */
  action: string;
};

/**
 * The access check every GraphQL resolver and REST route goes through (see graphql/access-policy.ts and the REST
 * hooks). Org roles other than NONE apply in every project of the organization; a project-based user (NONE) sees
 * only the projects a project role was given for, and anything else of theirs answers RESOURCE_NOT_FOUND exactly
 * as a missing project does.
 */
export class AccessService {
  private readonly members: MemberRepository;

  constructor(db: Db) {
    this.members = new MemberRepository(db);
  }

  /** Throws AUTHORIZATION_ERROR unless the caller's org role grants the permission. */
  require(actor: Actor, permission: Permission, action: string): void {
    if (!roleGrants(actor.role, permission)) throw refused(actor, action);
  }

  /** The caller's effective role in a project: their org role, or their project role when it is NONE. */
  async projectRole(actor: Actor, projectId: string): Promise<RoleKey | null> {
    if (actor.role !== 'NONE') return actor.role;
    const role = await this.members.projectRole(actor.organizationId, projectId, actor.userId);
    return role ? (parseRole(role) ?? null) : null;
  }

  /** Project-scoped check: RESOURCE_NOT_FOUND when the caller may not see the project, else as `require`. */
  async requireProject(
    actor: Actor,
    projectId: string,
    permission: Permission,
    action: string,
  ): Promise<RoleKey> {
    const role = await this.projectRole(actor, projectId);
    if (!role || role === 'NONE') throw notFound('Project', projectId);
    if (!roleGrants(role, permission)) throw refused({ ...actor, role }, action);
    return role;
  }

  async check(actor: Actor, rule: AccessRule): Promise<void> {
    if (roleGrants(actor.role, rule.permission)) return;
    if (actor.role === 'NONE' && rule.projectId) {
      await this.requireProject(actor, rule.projectId, rule.permission, rule.action);
      return;
    }
    throw refused(actor, rule.action);
  }

  /** Projects a project-based user may see; undefined means "every project of the organization". */
  async visibleProjectIds(actor: Actor): Promise<string[] | undefined> {
    if (actor.role !== 'NONE') return undefined;
    return this.members.projectIdsOf(actor.organizationId, actor.userId);
  }
}
