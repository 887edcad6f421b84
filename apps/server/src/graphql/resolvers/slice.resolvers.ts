import type { SliceRow } from '../../repositories/slice.repository.ts';
import type { ExportInput } from '../../services/export.filters.ts';
import type { ResolverMap } from '../build-schema.ts';

const toSavedQuery = (row: SliceRow) => ({
  id: row.id,
  name: row.name,
  description: row.description,
  kind: row.kind,
  filter: JSON.parse(row.filter) as unknown,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

type SliceInput = {
  name?: string | null;
  description?: string | null;
  filter?: unknown;
  kind?: string | null;
};

export const sliceResolvers: ResolverMap = {
  Query: {
    getSavedQuery: async (_: unknown, args: { id: string }, ctx) => {
      const row = await ctx.services.slices.find(ctx.actor, args.id);
      return row ? toSavedQuery(row) : null;
    },
    getDataRowIdentifiersBySavedQuery: (
      _: unknown,
      args: { input: { savedQueryId: string; after?: string | null; first: number } },
      ctx,
    ) =>
      ctx.services.slices.identifiers(
        ctx.actor,
        args.input.savedQueryId,
        args.input.after ?? null,
        args.input.first,
      ),
    getDataRowIdentifiersBySavedModelQuery: (
      _: unknown,
      args: {
        input: {
          savedQueryId: string;
          modelRunId?: string | null;
          after?: { dataRowId: string } | null;
          first: number;
        };
      },
      ctx,
    ) =>
      ctx.services.slices.modelIdentifiers(
        ctx.actor,
        args.input.savedQueryId,
        args.input.modelRunId ?? '',
        args.input.after ?? null,
        args.input.first,
      ),
  },
  Mutation: {
    createSavedQuery: async (
      _: unknown,
      args: { input: SliceInput & { name: string; filter: unknown } },
      ctx,
    ) => toSavedQuery(await ctx.services.slices.create(ctx.actor, args.input)),
    updateSavedQuery: async (_: unknown, args: { id: string; input: SliceInput }, ctx) =>
      toSavedQuery(await ctx.services.slices.update(ctx.actor, args.id, args.input)),
    deleteSavedQuery: (_: unknown, args: { id: string }, ctx) =>
      ctx.services.slices.delete(ctx.actor, args.id),
    exportDataRowsInSlice: (
      _: unknown,
      args: { input: ExportInput & { filters?: { sliceId?: string | null } | null } },
      ctx,
    ) => ctx.services.slices.startExport(ctx.actor, args.input, ctx.origin),
  },
};
