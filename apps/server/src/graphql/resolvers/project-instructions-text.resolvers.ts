import type { ResolverMap } from '../build-schema.ts';
import type { GraphQLContext } from '../context.ts';
import { toProject } from './project.resolvers.ts';

/** `Project.instructionsMarkdown` and `setProjectInstructionsMarkdown`. */
export const projectInstructionsTextResolvers: ResolverMap = {
  Mutation: {
    setProjectInstructionsMarkdown: async (
      _: unknown,
      args: { where: { id: string }; markdown: string },
      ctx: GraphQLContext,
    ) => {
      await ctx.services.projectInstructionsText.set(ctx.actor, args.where.id, args.markdown);
      return toProject(await ctx.services.projects.get(ctx.actor, args.where.id));
    },
  },
  Project: {
    instructionsMarkdown: (project: { id: string }, _: unknown, ctx: GraphQLContext) =>
      ctx.services.projectInstructionsText.get(ctx.actor, project.id),
  },
};
