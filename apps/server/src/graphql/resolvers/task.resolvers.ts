import type { JobRow } from '../../repositories/job.repository.ts';
import type { ResolverMap } from '../build-schema.ts';
import type { GraphQLContext } from '../context.ts';
import { toUser } from './identity.resolvers.ts';

/**
 * How a job's stored result shows as a Labelbox Task. Handlers return this shape as their `result`:
 * files are blob keys (turned into signed URLs here), `resultString` is passed through (batch tasks put JSON there).
 */
export type TaskPresentation = {
  resultFile?: string;
  errorsFile?: string;
  resultString?: string;
  errorsString?: string;
  metadata?: unknown;
};

const STATUS: Record<string, string> = {
  QUEUED: 'IN_PROGRESS',
  RUNNING: 'IN_PROGRESS',
  DONE: 'COMPLETE',
  FAILED: 'FAILED',
};

export function parseJson<T>(text: string | null): T | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

export function toTask(job: JobRow, ctx: GraphQLContext) {
  const presentation = parseJson<TaskPresentation>(job.result) ?? {};
  const jobErrors = parseJson<unknown>(job.errors);
  const errors =
    presentation.errorsFile !== undefined
      ? ctx.fileUrl(presentation.errorsFile)
      : (presentation.errorsString ??
        (job.status === 'FAILED' && jobErrors !== null ? JSON.stringify(jobErrors) : null));
  return {
    id: job.id,
    name: job.name,
    status: STATUS[job.status] ?? 'IN_PROGRESS',
    type: job.type,
    completionPercentage: job.status === 'DONE' ? 100 : Math.round(job.progress * 100),
    result:
      presentation.resultFile !== undefined
        ? ctx.fileUrl(presentation.resultFile)
        : (presentation.resultString ?? null),
    errors,
    metadata: presentation.metadata ?? {},
    createdAt: job.created_at,
    updatedAt: job.updated_at,
    createdById: job.created_by,
  };
}

type TaskObject = ReturnType<typeof toTask>;

export const taskResolvers: ResolverMap = {
  Query: {
    task: async (_: unknown, args: { where?: { id: string } | null }, ctx) => {
      if (!args.where?.id) return null;
      const job = await ctx.services.tasks.get(ctx.actor, args.where.id);
      return job ? toTask(job, ctx) : null;
    },
  },
  Task: {
    createdBy: async (task: TaskObject, _: unknown, ctx) => {
      const user = await ctx.loaders.user.load(task.createdById);
      return user ? toUser(user, ctx.actor.userId) : null;
    },
  },
};
