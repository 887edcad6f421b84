import type { SendInput } from '../../services/send-to-annotate/send-to-annotate.service.ts';
import type { ResolverMap } from '../build-schema.ts';

export const sendToAnnotateResolvers: ResolverMap = {
  Mutation: {
    sendToAnnotateFromCatalog: async (
      _: unknown,
      args: { input: SendInput & { searchQuery: { query?: unknown } | null } },
      ctx,
    ) => ({ taskId: await ctx.services.sendToAnnotate.fromCatalog(ctx.actor, args.input) }),
    sendToAnnotateFromMea: async (
      _: unknown,
      args: { input: SendInput & { searchQuery: unknown; sourceModelRunId: string } },
      ctx,
    ) => ({ taskId: await ctx.services.sendToAnnotate.fromModelRun(ctx.actor, args.input) }),
  },
};
