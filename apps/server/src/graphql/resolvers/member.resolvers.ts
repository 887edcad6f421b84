import { ROLES, roleName } from '../../auth/roles.ts';
import type { InviteRow } from '../../repositories/member.repository.ts';
import { inviteProjectRoles, type InviteResult } from '../../services/member.service.ts';
import type { ResolverMap } from '../build-schema.ts';
import type { GraphQLContext } from '../context.ts';
import { offsetPage } from '../pagination.ts';
import { toUser } from './identity.resolvers.ts';

const roleObject = (key: string) => ROLES.find((r) => r.key === key) ?? { id: key, key, name: roleName(key) };

function toInvite({ invite, token }: { invite: InviteRow; token?: string | null }) {
  return {
    id: invite.id,
    createdAt: invite.created_at,
    organizationRoleName: roleName(invite.role),
    inviteeEmail: invite.email,
    inviterId: invite.invited_by,
    projectInvites: inviteProjectRoles(invite).map((p) => ({
      projectId: p.projectId,
      projectRoleName: roleName(p.role),
    })),
    status: invite.status,
    expiresAt: invite.expires_at,
    acceptToken: token ?? null,
  };
}

type InviteObject = ReturnType<typeof toInvite>;
type UserObject = ReturnType<typeof toUser>;

export const memberResolvers: ResolverMap = {
  Query: {
    projectMemberships: async (_: unknown, args: { userIds: string[] }, ctx: GraphQLContext) =>
      (await ctx.services.members.projectRolesOfUsers(ctx.actor, args.userIds)).map((m) => ({
        userId: m.user_id,
        projectId: m.project_id,
        projectName: m.project_name,
        role: roleObject(m.role),
      })),
    invitesLimit: (_: unknown, __: unknown, ctx: GraphQLContext) =>
      ctx.services.members.inviteLimit(ctx.actor),
    invites: async (_: unknown, args: { status?: string | null }, ctx: GraphQLContext) =>
      (await ctx.services.members.listInvites(ctx.actor, args.status ?? undefined)).map((invite) =>
        toInvite({ invite }),
      ),
  },
  Mutation: {
    createInvites: async (
      _: unknown,
      args: { data?: Parameters<GraphQLContext['services']['members']['invite']>[1] | null },
      ctx: GraphQLContext,
    ) =>
      (await ctx.services.members.invite(ctx.actor, args.data ?? [])).map((r: InviteResult) => ({
        invite: toInvite(r),
      })),
    revokeInvite: async (_: unknown, args: { id: string }, ctx: GraphQLContext) =>
      toInvite({ invite: await ctx.services.members.revokeInvite(ctx.actor, args.id) }),
    renewInviteLink: async (_: unknown, args: { id: string }, ctx: GraphQLContext) =>
      toInvite(await ctx.services.members.renewInviteToken(ctx.actor, args.id)),
    setOrganizationRole: async (
      _: unknown,
      args: { data: { userId: string; roleId: string } },
      ctx: GraphQLContext,
    ) =>
      toUser(
        await ctx.services.members.setOrgRole(ctx.actor, args.data.userId, args.data.roleId),
        ctx.actor.userId,
      ),
    setProjectMembership: async (
      _: unknown,
      args: { data: { userId: string; projectId: string; roleId: string } },
      ctx: GraphQLContext,
    ) => toUser(await ctx.services.members.setProjectRole(ctx.actor, args.data), ctx.actor.userId),
    updateUser: async (
      _: unknown,
      args: { where: { id: string }; data: { deleted?: boolean | null } },
      ctx: GraphQLContext,
    ) => {
      if (args.data.deleted)
        return toUser(await ctx.services.members.removeUser(ctx.actor, args.where.id), ctx.actor.userId);
      return toUser(await ctx.services.identity.getUser(ctx.actor, args.where.id), ctx.actor.userId);
    },
  },
  Invite: {
    inviter: async (invite: InviteObject, _: unknown, ctx: GraphQLContext) =>
      toUser(await ctx.services.identity.getUser(ctx.actor, invite.inviterId), ctx.actor.userId),
  },
  User: {
    orgRole: (user: UserObject) => user.role,
  },
  Project: {
    members: async (project: { id: string }, args: { skip?: number; first?: number }, ctx: GraphQLContext) =>
      (await ctx.services.members.projectMembers(ctx.actor, project.id, offsetPage(args))).map((m) => ({
        id: `${project.id}:${m.user.id}`,
        user: toUser(m.user, ctx.actor.userId),
        role: roleObject(m.role),
        accessFrom: m.accessFrom,
      })),
  },
};
