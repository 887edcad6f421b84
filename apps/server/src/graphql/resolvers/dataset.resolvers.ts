import type { DatasetRow } from '../../repositories/dataset.repository.ts';
import type { ResolverMap } from '../build-schema.ts';
import { offsetPage } from '../pagination.ts';
import { selectedColumns, type ColumnMap } from '../selected-columns.ts';
import { catalogLoaders } from './catalog.loaders.ts';
import { toOrganization, toUser } from './identity.resolvers.ts';

export function toDataset(row: DatasetRow) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    rowCount: row.row_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    createdById: row.created_by,
  };
}

/** The columns each `Dataset` field is made from: a list page reads only those of the selected fields. */
const DATASET_COLUMNS: ColumnMap<keyof DatasetRow> = {
  id: ['id'],
  name: ['name'],
  description: ['description'],
  rowCount: ['row_count'],
  createdAt: ['created_at'],
  updatedAt: ['updated_at'],
  createdBy: ['created_by'],
  organization: [],
};

type DatasetObject = ReturnType<typeof toDataset>;
type Where = { where: { id: string } };

export const datasetResolvers: ResolverMap = {
  Query: {
    dataset: async (_: unknown, args: Where, ctx) =>
      toDataset(await ctx.services.datasets.get(ctx.actor, args.where.id)),
    datasets: async (
      _: unknown,
      args: { where?: unknown; orderBy?: string | null; skip?: number; first?: number },
      ctx,
      info,
    ) =>
      (
        await ctx.services.datasets.list(
          ctx.actor,
          args,
          offsetPage(args),
          selectedColumns(info, DATASET_COLUMNS),
        )
      ).map(toDataset),
  },
  Mutation: {
    createDataset: async (_: unknown, args: { data: { name: string; description?: string | null } }, ctx) =>
      toDataset(await ctx.services.datasets.create(ctx.actor, args.data)),
    updateDataset: async (
      _: unknown,
      args: Where & { data: { name?: string | null; description?: string | null; deleted?: boolean | null } },
      ctx,
    ) => toDataset(await ctx.services.datasets.update(ctx.actor, args.where.id, args.data)),
    setSignerForDataset: async (_: unknown, args: Where & { data: { signerId: string } }, ctx) =>
      toDataset(await ctx.services.datasets.setSigner(ctx.actor, args.where.id, args.data.signerId)),
    validateDataset: async (_: unknown, args: Where, ctx) =>
      ctx.services.datasets.validate(ctx.actor, args.where.id),
  },
  Dataset: {
    createdBy: async (dataset: DatasetObject, _: unknown, ctx) => {
      const user = await ctx.loaders.user.load(dataset.createdById);
      return user ? toUser(user, ctx.actor.userId) : null;
    },
    organization: async (_: DatasetObject, __: unknown, ctx) =>
      toOrganization(await catalogLoaders(ctx).organization()),
  },
};
