import type { ResolverMap } from '../build-schema.ts';
import { toDataRow } from './data-row.resolvers.ts';

type SimilarArgs = {
  embeddingId: string;
  dataRowId?: string | null;
  vector?: number[] | null;
  first?: number | null;
};

export const embeddingResolvers: ResolverMap = {
  Query: {
    similarDataRows: async (_: unknown, args: SimilarArgs, ctx) => {
      const found = await ctx.services.embeddings.similar(ctx.actor, args);
      const rows = await Promise.all(found.map((f) => ctx.loaders.dataRow.load(f.dataRowId)));
      return found.flatMap((f, i) => {
        const row = rows[i];
        return row ? [{ dataRow: toDataRow(row), score: f.score }] : [];
      });
    },
  },
};
