import DataLoader from 'dataloader';
import type { ResourceTagRow } from '../../repositories/resource-tag.repository.ts';
import type { ResolverMap } from '../build-schema.ts';
import { perRequest } from '../loaders.ts';

const toTag = (row: ResourceTagRow) => ({ id: row.id, text: row.text, color: row.color });

/** Tags of many projects in one query per request (a project list showing tags costs one query, not N). */
const projectTags = perRequest(
  (ctx) =>
    new DataLoader<string, ResourceTagRow[]>(async (ids) => {
      const tags = await ctx.services.resourceTags.ofProjects(ctx.actor, ids);
      return ids.map((id) => tags.get(id) ?? []);
    }),
);

export const resourceTagResolvers: ResolverMap = {
  Organization: {
    resourceTag: async (_: unknown, __: unknown, ctx) =>
      (await ctx.services.resourceTags.list(ctx.actor)).map(toTag),
  },
  Project: {
    resourceTags: async (project: { id: string }, _: unknown, ctx) =>
      (await projectTags(ctx).load(project.id)).map(toTag),
  },
  ProjectMutations: {
    updateProjectResourceTags: async (
      project: { id: string },
      args: { input: { resourceTagIds?: string[] | null } },
      ctx,
    ) =>
      (await ctx.services.resourceTags.setProjectTags(ctx.actor, project.id, args.input.resourceTagIds)).map(
        toTag,
      ),
  },
  Mutation: {
    createResourceTag: async (_: unknown, args: { input: { text: string; color: string } }, ctx) =>
      toTag(await ctx.services.resourceTags.create(ctx.actor, args.input)),
  },
};
