import { ROLES, roleName } from '../../auth/roles.ts';
import type { OrganizationRow, UserRow } from '../../repositories/identity.repository.ts';
import type { ResolverMap } from '../build-schema.ts';
import { offsetPage } from '../pagination.ts';
import { toTask } from './task.resolvers.ts';

export function toUser(row: UserRow, viewerId?: string) {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    nickname: row.nickname ?? row.name,
    picture: null,
    intercomHash: null,
    isViewer: row.id === viewerId,
    isExternalUser: false,
    timezone: row.timezone,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    role: ROLES.find((r) => r.key === row.role) ?? { id: row.role, name: roleName(row.role) },
    organizationId: row.organization_id,
    deleted: row.deleted === 1,
  };
}

export function toOrganization(row: OrganizationRow) {
  return { id: row.id, name: row.name, createdAt: row.created_at, updatedAt: row.updated_at };
}

type UserObject = ReturnType<typeof toUser>;
type UsersArgs = { where?: unknown; orderBy?: string | null; skip?: number; first?: number };

export const identityResolvers: ResolverMap = {
  Query: {
    user: async (_: unknown, args: { where?: { id: string } | null }, ctx) =>
      toUser(await ctx.services.identity.getUser(ctx.actor, args.where?.id), ctx.actor.userId),
    organization: async (_: unknown, __: unknown, ctx) =>
      toOrganization(await ctx.services.identity.getOrganization(ctx.actor)),
    roles: () => ROLES.map((r) => ({ id: r.id, name: r.name })),
    users: async (_: unknown, args: UsersArgs, ctx) =>
      (await ctx.services.identity.listUsers(ctx.actor, offsetPage(args), args)).map((u) =>
        toUser(u, ctx.actor.userId),
      ),
    iamIntegrations: () => [],
  },
  Mutation: {
    ping: async (_: unknown, __: unknown, ctx) =>
      toUser(await ctx.services.identity.getUser(ctx.actor), ctx.actor.userId),
  },
  User: {
    organization: async (_: UserObject, __: unknown, ctx) =>
      toOrganization(await ctx.services.identity.getOrganization(ctx.actor)),
    createdTasks: async (
      user: UserObject,
      args: { where?: { id?: string | null } | null; skip?: number; first?: number },
      ctx,
    ) =>
      (
        await ctx.services.tasks.createdBy(
          ctx.actor,
          user.id,
          { id: args.where?.id ?? undefined },
          offsetPage(args),
        )
      ).map((job) => toTask(job, ctx)),
  },
  Organization: {
    users: async (_: unknown, args: UsersArgs, ctx) =>
      (await ctx.services.identity.listUsers(ctx.actor, offsetPage(args), args)).map((u) =>
        toUser(u, ctx.actor.userId),
      ),
  },
};
