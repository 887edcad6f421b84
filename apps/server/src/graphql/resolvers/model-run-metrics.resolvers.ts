import type { ResolverMap } from '../build-schema.ts';

type Args = {
  where: { id: string };
  iouThreshold?: number | null;
  first?: number | null;
  after?: string | null;
};

export const modelRunMetricsResolvers: ResolverMap = {
  Query: {
    modelRunMetrics: async (_: unknown, args: Args, ctx) => {
      const m = await ctx.services.modelRunMetrics.summary(ctx.actor, args.where.id, args);
      return {
        modelRunId: args.where.id,
        iouThreshold: m.iouThreshold,
        iou: m.iou,
        features: m.features,
        confusionMatrix: m.confusion,
        dataRows: m.rows.map((e) => ({
          dataRowId: e.row.data_row_id,
          labelId: e.row.label_id,
          iou: e.metrics.iou,
          features: e.metrics.features,
          predictions: e.metrics.predictions,
          confusionMatrix: e.metrics.confusion,
        })),
      };
    },
  },
};
