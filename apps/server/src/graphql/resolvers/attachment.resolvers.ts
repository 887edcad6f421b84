import type { AttachmentInput } from '../../services/attachment.service.ts';
import type { ResolverMap } from '../build-schema.ts';
import { toAttachment } from './data-row.resolvers.ts';

type Where = { where: { id: string } };

export const attachmentResolvers: ResolverMap = {
  Mutation: {
    createDataRowAttachment: async (
      _: unknown,
      args: { data: AttachmentInput & { dataRowId: string } },
      ctx,
    ) => toAttachment(await ctx.services.attachments.create(ctx.actor, args.data.dataRowId, args.data)),
    updateDataRowAttachment: async (_: unknown, args: Where & { data: AttachmentInput }, ctx) =>
      toAttachment(await ctx.services.attachments.update(ctx.actor, args.where.id, args.data)),
    deleteDataRowAttachment: async (_: unknown, args: Where, ctx) =>
      toAttachment(await ctx.services.attachments.delete(ctx.actor, args.where.id)),
  },
};
