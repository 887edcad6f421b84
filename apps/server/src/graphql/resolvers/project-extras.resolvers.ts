import DataLoader from 'dataloader';
import type { ResolverMap } from '../build-schema.ts';
import { perRequest } from '../loaders.ts';
import { offsetPage } from '../pagination.ts';
import { toLabel } from './label.resolvers.ts';
import { toProject } from './project.resolvers.ts';

/** The MAL switch of many projects in one query per request. */
const showPredictions = perRequest(
  (ctx) =>
    new DataLoader<string, boolean>(async (ids) => {
      const flags = await ctx.services.projectFlags.showPredictions(ids);
      return ids.map((id) => flags.get(id)!);
    }),
);

/** `project.clone()`, `project.enable_model_assisted_labeling()`, `client.upsert_label_feedback()`, `data_row.labels()`. */
export const projectExtrasResolvers: ResolverMap = {
  Project: {
    showingPredictionsToLabelers: (project: { id: string }, _: unknown, ctx) =>
      showPredictions(ctx).load(project.id),
  },
  ProjectMutations: {
    showPredictionsToLabelers: async (project: { id: string }, args: { show: boolean }, ctx) => ({
      id: project.id,
      showingPredictionsToLabelers: await ctx.services.projectFlags.setShowPredictions(
        ctx.actor,
        project.id,
        args.show,
      ),
    }),
  },
  DataRow: {
    labels: async (
      row: { id: string },
      args: { skip?: number | null; first?: number | null; where?: unknown; orderBy?: string | null },
      ctx,
    ) =>
      (
        await ctx.services.labels.ofDataRow(ctx.actor, row.id, {
          where: args.where,
          orderBy: args.orderBy,
          ...offsetPage(args),
        })
      ).map(toLabel),
  },
  Mutation: {
    cloneProject: async (_: unknown, args: { data: { projectId: string } }, ctx) => {
      const id = await ctx.services.projectClone.clone(ctx.actor, args.data.projectId);
      return toProject(await ctx.services.projects.get(ctx.actor, id));
    },
    upsertAutoQaLabelFeedback: (
      _: unknown,
      args: { input: { labelId: string; feedback: string; scores: unknown } },
      ctx,
    ) => ctx.services.labelFeedback.upsert(ctx.actor, args.input),
  },
};
