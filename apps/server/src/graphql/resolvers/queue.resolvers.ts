import DataLoader from 'dataloader';
import { notFound } from '../../errors.ts';
import type { ReviewRow } from '../../repositories/review.repository.ts';
import type { ReservationView } from '../../services/queue/queue.service.ts';
import type { Overview, TaskQueueView } from '../../services/queue/workflow.service.ts';
import type { ResolverMap } from '../build-schema.ts';
import type { GraphQLContext } from '../context.ts';
import { perRequest } from '../loaders.ts';
import { toDataRow } from './data-row.resolvers.ts';
import { toUser } from './identity.resolvers.ts';
import { storedAnnotationLines } from './label-annotations.resolvers.ts';
import { toLabel } from './label.resolvers.ts';
import { toProject, type ProjectObject } from './project.resolvers.ts';

export function toReservation(view: ReservationView, ctx: GraphQLContext) {
  return {
    id: view.reservation.id,
    expiresAt: view.reservation.expires_at,
    queueType: view.reservation.queue_type,
    dataRow: toDataRow(view.dataRow),
    preLabels: view.preLabels.flatMap((content) => storedAnnotationLines(content, ctx)),
    label: view.label ? toLabel(view.label) : null,
    draft: view.draft,
  };
}

export function toReview(row: ReviewRow) {
  return {
    id: row.id,
    score: row.score,
    verdict: row.verdict,
    comment: row.comment,
    secondsToReview: row.seconds_to_review,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    createdById: row.created_by,
    labelId: row.label_id,
    projectId: row.project_id,
  };
}

type ReviewObject = ReturnType<typeof toReview>;

const toTaskQueue = (q: TaskQueueView) => ({
  id: q.id,
  name: q.name,
  description: q.description,
  queueType: q.queue_type,
  dataRowCount: q.dataRowCount,
});

/** Reviews of a page of labels with one query (`Label.reviews`). */
const reviewsOf = perRequest(
  (ctx) =>
    new DataLoader<string, ReviewRow[]>(async (labelIds) => {
      const rows = await ctx.services.reviews.byLabels(labelIds);
      return labelIds.map((id) => rows.filter((r) => r.label_id === id));
    }),
);

/** One overview per project per request: get_overview selects three fields computed from it. */
const overviews = perRequest(() => new Map<string, Promise<Overview>>());
function overviewOf(ctx: GraphQLContext, projectId: string): Promise<Overview> {
  const byProject = overviews(ctx);
  let entry = byProject.get(projectId);
  if (!entry) byProject.set(projectId, (entry = ctx.services.workflow.overview(ctx.actor, projectId)));
  return entry;
}

type Data<T> = { data: T };

/** The queue contract (docs/queue.md) and Labelbox's workflow fields. */
export const queueResolvers: ResolverMap = {
  Mutation: {
    reserveNextDataRow: async (_: unknown, args: Data<{ projectId: string; queueType: string }>, ctx) => {
      const view = await ctx.services.queue.reserveNext(ctx.actor, args.data);
      return view ? toReservation(view, ctx) : null;
    },
    submitQueuedLabel: async (
      _: unknown,
      args: Data<{ reservationId: string; annotations: unknown[]; secondsToLabel: number }>,
      ctx,
    ) => toLabel(await ctx.services.queueSubmissions.submitLabel(ctx.actor, args.data)),
    skipQueuedDataRow: (
      _: unknown,
      args: Data<{ reservationId: string; reason?: string | null; secondsToLabel?: number | null }>,
      ctx,
    ) => ctx.services.queueSubmissions.skip(ctx.actor, args.data),
    releaseReservation: (_: unknown, args: { id: string }, ctx) =>
      ctx.services.queue.release(ctx.actor, args.id),
    saveLabelDraft: (_: unknown, args: Data<{ reservationId: string; annotations: unknown[] }>, ctx) =>
      ctx.services.queue.saveDraft(ctx.actor, args.data),
    discardLabelDraft: (_: unknown, args: { reservationId: string }, ctx) =>
      ctx.services.queue.discardDraft(ctx.actor, args.reservationId),
    submitReview: async (
      _: unknown,
      args: Data<{
        reservationId: string;
        verdict: string;
        comment?: string | null;
        secondsToReview?: number | null;
        annotations?: unknown[] | null;
      }>,
      ctx,
    ) => toReview(await ctx.services.reviews.submit(ctx.actor, args.data)),
    extendReservations: (_: unknown, args: { projectId: string; queueType: string }, ctx) =>
      ctx.services.queue.extend(ctx.actor, args.projectId, args.queueType),
    setProjectReviewStep: (_: unknown, args: Data<{ projectId: string; enabled: boolean }>, ctx) =>
      ctx.services.workflow.setReviewStep(ctx.actor, args.data.projectId, args.data.enabled),
  },
  Project: {
    labelingParameterOverrides: (
      project: ProjectObject,
      args: { skip?: number | null; first?: number | null },
      ctx,
    ) => ctx.services.workflow.labelingParameterOverrides(ctx.actor, project.id, args),
    taskQueues: async (project: ProjectObject, _: unknown, ctx) =>
      (await overviewOf(ctx, project.id)).queues.map(toTaskQueue),
    workstreamStateCounts: async (project: ProjectObject, _: unknown, ctx) =>
      (await overviewOf(ctx, project.id)).states,
    issues: () => ({ totalCount: 0 }),
    completedDataRowCount: async (project: ProjectObject, _: unknown, ctx) =>
      (await overviewOf(ctx, project.id)).done,
    reviewStepEnabled: (project: ProjectObject, _: unknown, ctx) =>
      ctx.services.workflow.reviewStep(project.id),
  },
  LabelingParameterOverride: {
    dataRow: async (override: { dataRowId: string }, _: unknown, ctx) => {
      const row = await ctx.loaders.dataRow.load(override.dataRowId);
      if (!row) throw notFound('DataRow', override.dataRowId);
      return toDataRow(row);
    },
  },
  ProjectMutations: {
    createBulkAddRowsToQueueTask: async (
      project: ProjectObject,
      args: Data<{ queueId?: string | null; dataRowIdentifiers: { ids: string[]; idType: string } }>,
      ctx,
    ) => ({ taskId: await ctx.services.workflow.moveToQueue(ctx.actor, project.id, args.data) }),
    setLabelingParameterOverrides: async (
      project: ProjectObject,
      args: {
        dataWithDataRowIdentifiers: Array<{
          dataRowIdentifier: { id: string; idType: string };
          priority: number;
        }>;
      },
      ctx,
    ) => ({
      success: await ctx.services.workflow.setPriorities(
        ctx.actor,
        project.id,
        args.dataWithDataRowIdentifiers,
      ),
    }),
    createQueuePriorityUpdateTask: async (
      project: ProjectObject,
      args: Data<{ priority: number; dataRowIdentifiers?: { ids: string[]; idType: string } | null }>,
      ctx,
    ) => ({ taskId: await ctx.services.workflow.priorityTask(ctx.actor, project.id, args.data) }),
  },
  Label: {
    reviews: async (label: { id: string }, _: unknown, ctx) =>
      (await reviewsOf(ctx).load(label.id)).map(toReview),
  },
  Review: {
    createdBy: async (review: ReviewObject, _: unknown, ctx) => {
      const user = await ctx.loaders.user.load(review.createdById);
      return user ? toUser(user, ctx.actor.userId) : null;
    },
    label: async (review: ReviewObject, _: unknown, ctx) =>
      toLabel(await ctx.services.labels.get(ctx.actor, review.labelId)),
    project: async (review: ReviewObject, _: unknown, ctx) => {
      const project = await ctx.loaders.project.load(review.projectId);
      return project ? toProject(project) : null;
    },
  },
};
