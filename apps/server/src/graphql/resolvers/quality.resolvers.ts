import type { BenchmarkSummaryRow } from '../../repositories/quality.repository.ts';
import type { ResolverMap } from '../build-schema.ts';
import { offsetPage } from '../pagination.ts';
import { toUser } from './identity.resolvers.ts';
import { toLabel } from './label.resolvers.ts';
import { toProject, type ProjectObject } from './project.resolvers.ts';
import { toReview } from './queue.resolvers.ts';

/** A benchmark row as GraphQL's `Benchmark`. */
function toBenchmark(row: BenchmarkSummaryRow) {
  return {
    id: row.id,
    createdAt: row.created_at,
    lastActivity: row.last_activity ?? row.created_at,
    averageAgreement: row.average_agreement,
    completedCount: row.completed_count,
    labelId: row.label_id,
    createdById: row.created_by,
  };
}
type BenchmarkObject = ReturnType<typeof toBenchmark>;

export const qualityResolvers: ResolverMap = {
  Query: {
    benchmark: async (_: unknown, args: { where: { id: string } }, ctx) =>
      toBenchmark(await ctx.services.quality.benchmark(ctx.actor, args.where.id)),
  },
  Mutation: {
    createReview: async (
      _: unknown,
      args: {
        data: { score: number; label: { connect: { id: string } }; project: { connect: { id: string } } };
      },
      ctx,
    ) =>
      toReview(
        await ctx.services.labelReviews.create(ctx.actor, {
          labelId: args.data.label.connect.id,
          projectId: args.data.project.connect.id,
          score: args.data.score,
        }),
      ),
    updateReview: async (
      _: unknown,
      args: {
        where: { id: string };
        data: { score?: number | null; comment?: string | null; deleted?: boolean | null };
      },
      ctx,
    ) => toReview(await ctx.services.labelReviews.update(ctx.actor, args.where.id, args.data)),
    createBenchmark: async (_: unknown, args: { data: { labelId: string } }, ctx) =>
      toBenchmark(await ctx.services.quality.createBenchmark(ctx.actor, args.data.labelId)),
    setProjectInstructions: async (
      _: unknown,
      args: { where: { id: string }; data: { instructionsUrl: string } },
      ctx,
    ) => toProject(await ctx.services.instructions.set(ctx.actor, args.where.id, args.data.instructionsUrl)),
    deleteBenchmark: async (_: unknown, args: { where: { labelId: string } }, ctx) =>
      toBenchmark(await ctx.services.quality.deleteBenchmark(ctx.actor, args.where.labelId)),
  },
  Project: {
    benchmarks: async (project: ProjectObject, args: { skip?: number | null; first?: number | null }, ctx) =>
      (await ctx.services.quality.benchmarks(project.id, offsetPage(args))).map(toBenchmark),
    labelerPerformance: async (
      project: ProjectObject,
      args: { skip?: number | null; first?: number | null },
      ctx,
    ) =>
      (await ctx.services.quality.labelerPerformance(ctx.actor, project.id, offsetPage(args))).map((r) => ({
        count: r.count,
        userId: r.user_id,
        secondsPerLabel: r.seconds_per_label,
        totalTimeLabeling: r.total_time_labeling,
        consensus: r.consensus,
        averageBenchmarkAgreement: r.average_benchmark_agreement,
        lastActivityTime: r.last_activity_time,
      })),
    reviewMetrics: (project: ProjectObject) => ({ projectId: project.id }),
    instructionsUrl: async (project: ProjectObject, _: unknown, ctx) => {
      const path = await ctx.services.instructions.urlPath(project.id);
      return path === null ? null : ctx.origin + path;
    },
  },
  ReviewMetrics: {
    labelAggregate: async (m: { projectId: string }, args: { netScore?: string | null }, ctx) => ({
      count: await ctx.services.labelReviews.metrics(ctx.actor, m.projectId, args.netScore ?? 'None'),
    }),
  },
  LabelerPerformance: {
    user: async (r: { userId: string }, _: unknown, ctx) => {
      const user = await ctx.loaders.user.load(r.userId);
      return user ? toUser(user, ctx.actor.userId) : null;
    },
  },
  Ontology: {
    options: () => ({}),
  },
  Benchmark: {
    createdBy: async (b: BenchmarkObject, _: unknown, ctx) => {
      const user = await ctx.loaders.user.load(b.createdById);
      return user ? toUser(user, ctx.actor.userId) : null;
    },
    referenceLabel: async (b: BenchmarkObject, _: unknown, ctx) =>
      toLabel(await ctx.services.labels.get(ctx.actor, b.labelId)),
  },
  DataRow: {
    labelingActivity: async (row: { id: string }, args: { where: { projectId: string } }, ctx) => ({
      selectedLabelId: await ctx.services.quality.winningLabelId(ctx.actor, args.where.projectId, row.id),
    }),
  },
};
