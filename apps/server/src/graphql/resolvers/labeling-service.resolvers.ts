import type { ResolverMap } from '../build-schema.ts';

type Args = { data: { projectId: string } };

/** Labelbox Boost (`LabelingService.get` / `.start`): see LabelingServiceService. */
export const labelingServiceResolvers: ResolverMap = {
  Query: {
    projectBoostWorkforce: (_: unknown, args: Args, ctx) =>
      ctx.services.labelingService.status(ctx.actor, args.data.projectId),
  },
  Mutation: {
    upsertProjectBoostWorkforce: (_: unknown, args: Args, ctx) =>
      ctx.services.labelingService.request(ctx.actor, args.data.projectId),
  },
};
