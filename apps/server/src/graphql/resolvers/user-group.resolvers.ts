import type { UserGroupInput, UserGroupView } from '../../services/user-group.service.ts';
import type { ResolverMap } from '../build-schema.ts';

const toGraphQL = (group: UserGroupView) => ({
  id: group.id,
  name: group.name,
  color: group.color,
  projects: {
    nodes: group.projects.map((p) => ({ id: p.id, name: p.name })),
    totalCount: group.projects.length,
  },
  members: {
    nodes: group.members.map((m) => ({ id: m.id, email: m.email })),
    totalCount: group.members.length,
  },
});

type Where = { where: { id: string } };

export const userGroupResolvers: ResolverMap = {
  Query: {
    userGroup: async (_: unknown, args: Where, ctx) =>
      toGraphQL(await ctx.services.userGroups.get(ctx.actor, args.where.id)),
    userGroups: async (_: unknown, args: { after?: string | null; first?: number | null }, ctx) => {
      const page = await ctx.services.userGroups.list(ctx.actor, args.after ?? null, args.first ?? 100);
      return { nodes: page.nodes.map(toGraphQL), nextCursor: page.nextCursor };
    },
  },
  Mutation: {
    createUserGroup: async (_: unknown, args: { data: UserGroupInput }, ctx) => ({
      group: toGraphQL(await ctx.services.userGroups.create(ctx.actor, args.data)),
    }),
    updateUserGroup: async (_: unknown, args: Where & { data: UserGroupInput }, ctx) => ({
      group: toGraphQL(await ctx.services.userGroups.update(ctx.actor, args.where.id, args.data)),
    }),
    deleteUserGroup: async (_: unknown, args: Where, ctx) => ({
      success: await ctx.services.userGroups.delete(ctx.actor, args.where.id),
    }),
  },
};
