import type { BatchRow } from '../../repositories/batch.repository.ts';
import type { ConsensusSettings } from '../../services/batch.input.ts';
import type { ResolverMap } from '../build-schema.ts';
import { selectedColumns, type ColumnMap } from '../selected-columns.ts';
import { toUser } from './identity.resolvers.ts';
import { toProject, type ProjectObject } from './project.resolvers.ts';
import { parseJson } from './task.resolvers.ts';

export function toBatch(row: BatchRow) {
  return {
    id: row.id,
    name: row.name,
    size: row.size,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    // A partial row (BATCH_COLUMNS) lacks the columns of unselected fields.
    consensusSettingsJson: parseJson<ConsensusSettings>(row.consensus_settings ?? null),
    createdById: row.created_by,
    projectId: row.project_id,
  };
}

/** The columns each `Batch` field is made from: a page of batches reads only those of the selected fields. */
const BATCH_COLUMNS: ColumnMap<keyof BatchRow> = {
  id: ['id'],
  name: ['name'],
  size: ['size'],
  createdAt: ['created_at'],
  updatedAt: ['updated_at'],
  consensusSettingsJson: ['consensus_settings'],
  createdBy: ['created_by'],
  project: ['project_id'],
};

type BatchObject = ReturnType<typeof toBatch>;
type RowRefs = { dataRowIds?: string[] | null; globalKeys?: string[] | null };
type Settings = { consensusSettings?: ConsensusSettings | null };
type BatchIdArgs = { batchId: string };

/** Batches: `Project.batches` and the `mutation { project(where:) { … } }` operations (the SDK sends them to /_gql). */
export const batchResolvers: ResolverMap = {
  Query: {
    batch: async (_: unknown, args: { where: { id: string } }, ctx) =>
      toBatch(await ctx.services.batches.find(ctx.actor, args.where.id)),
  },
  Project: {
    batches: async (
      project: ProjectObject,
      args: { after?: string | null; first?: number | null; where?: { id: string } | null },
      ctx,
      info,
    ) => {
      if (args.where?.id) {
        const batch = await ctx.services.batches.get(ctx.actor, project.id, args.where.id);
        return { nodes: [toBatch(batch)], pageInfo: { endCursor: null, hasNextPage: false } };
      }
      const page = await ctx.services.batches.list(
        ctx.actor,
        project.id,
        args,
        selectedColumns(info, BATCH_COLUMNS, ['nodes']),
      );
      return {
        nodes: page.nodes.map(toBatch),
        pageInfo: { endCursor: page.endCursor, hasNextPage: page.endCursor !== null },
      };
    },
  },
  ProjectMutations: {
    createBatchV2: async (
      project: ProjectObject,
      args: { input: RowRefs & Settings & { name: string; priority?: number | null } },
      ctx,
    ) => {
      const { batch, failedDataRowIds } = await ctx.services.batches.create(
        ctx.actor,
        project.id,
        args.input,
      );
      return { batch: toBatch(batch), failedDataRowIds };
    },
    createEmptyBatch: async (project: ProjectObject, args: { input: Settings & { name: string } }, ctx) => ({
      id: (await ctx.services.batches.createEmpty(ctx.actor, project.id, args.input)).id,
    }),
    addDataRowsToBatchAsync: async (
      project: ProjectObject,
      args: { input: RowRefs & { batchId: string; priority?: number | null } },
      ctx,
    ) => ({ taskId: await ctx.services.batchJobs.addDataRows(ctx.actor, project.id, args.input) }),
    createBatches: async (
      project: ProjectObject,
      args: { input: RowRefs & Settings & { batchNamePrefix: string; priority?: number | null } },
      ctx,
    ) => ({ tasks: await ctx.services.batchJobs.createBatches(ctx.actor, project.id, args.input) }),
    createBatchesFromDataset: async (
      project: ProjectObject,
      args: { input: Settings & { batchNamePrefix: string; datasetId: string; priority?: number | null } },
      ctx,
    ) => ({
      tasks: await ctx.services.batchJobs.createBatchesFromDataset(ctx.actor, project.id, args.input),
    }),
    deleteBatch: async (project: ProjectObject, args: BatchIdArgs, ctx) => ({
      deletedBatchId: await ctx.services.batches.delete(ctx.actor, project.id, args.batchId),
    }),
    removeQueuedDataRowsFromBatch: async (project: ProjectObject, args: BatchIdArgs, ctx) => ({
      id: (await ctx.services.batches.removeQueued(ctx.actor, project.id, args.batchId)).id,
    }),
    deleteBatchLabels: async (
      project: ProjectObject,
      args: BatchIdArgs & { data: { type: string } },
      ctx,
    ) => ({
      deletedLabelIds: await ctx.services.batches.deleteLabels(
        ctx.actor,
        project.id,
        args.batchId,
        args.data.type,
      ),
    }),
  },
  Batch: {
    createdBy: async (batch: BatchObject, _: unknown, ctx) => {
      const user = await ctx.loaders.user.load(batch.createdById);
      return user ? toUser(user, ctx.actor.userId) : null;
    },
    project: async (batch: BatchObject, _: unknown, ctx) => {
      const project = await ctx.loaders.project.load(batch.projectId);
      return project ? toProject(project) : null;
    },
  },
};
