import type { Assignment, AssignData, ClearData, LookupData } from '../../services/global-key.service.ts';
import type { ResolverMap } from '../build-schema.ts';

type JobArg = { jobId: { id: string } };

/** Global-key jobs: start returns `{jobId}`; the result query is COMPLETE on the first poll for in-request work. */
export const globalKeyResolvers: ResolverMap = {
  Query: {
    dataRowsForGlobalKeys: async (_: unknown, args: { where: { ids: string[] } }, ctx) => ({
      jobId: await ctx.services.globalKeys.start(ctx.actor, 'lookup', args.where.ids),
    }),
    dataRowsForGlobalKeysResult: async (_: unknown, args: JobArg, ctx) =>
      ctx.services.globalKeys.result<LookupData>(ctx.actor, 'lookup', args.jobId.id),
    assignGlobalKeysToDataRowsResult: async (_: unknown, args: JobArg, ctx) =>
      ctx.services.globalKeys.result<AssignData>(ctx.actor, 'assign', args.jobId.id),
    clearGlobalKeysResult: async (_: unknown, args: JobArg, ctx) =>
      ctx.services.globalKeys.result<ClearData>(ctx.actor, 'clear', args.jobId.id),
  },
  Mutation: {
    assignGlobalKeysToDataRows: async (_: unknown, args: { data: { assignInputs: Assignment[] } }, ctx) => ({
      jobId: await ctx.services.globalKeys.start(
        ctx.actor,
        'assign',
        args.data.assignInputs.map((a) => ({ dataRowId: a.dataRowId, globalKey: a.globalKey })),
      ),
    }),
    clearGlobalKeys: async (_: unknown, args: { where: { ids: string[] } }, ctx) => ({
      jobId: await ctx.services.globalKeys.start(ctx.actor, 'clear', args.where.ids),
    }),
  },
};
