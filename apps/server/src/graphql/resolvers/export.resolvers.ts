import type { StreamName } from '../../repositories/export-file.repository.ts';
import type { ExportInput } from '../../services/export.filters.ts';
import type { LegacyExportInput } from '../../services/export.service.ts';
import type { ResolverMap } from '../build-schema.ts';

type TaskObject = { id: string };
type StreamArgs = { streamType: StreamName; offset?: number };

/** Export v2 (task + byte-ranged stream chunks) and the legacy `exportLabels` file. */
export const exportResolvers: ResolverMap = {
  Mutation: {
    exportDataRowsInProject: (_: unknown, args: { input: ExportInput }, ctx) =>
      ctx.services.exports.startProjectExport(ctx.actor, args.input, ctx.origin),
    exportDataRowsInCatalog: (_: unknown, args: { input: ExportInput }, ctx) =>
      ctx.services.exports.startCatalogExport(ctx.actor, args.input, ctx.origin),
    exportDataRowsInModelRun: (_: unknown, args: { input: ExportInput }, ctx) =>
      ctx.services.exports.startModelRunExport(
        ctx.actor,
        args.input,
        ctx.origin,
        ctx.services.modelRuns,
        ctx.services.models,
      ),
    exportLabels: (_: unknown, args: { data: LegacyExportInput }, ctx) =>
      ctx.services.exports.exportLabels(ctx.actor, args.data, ctx.origin),
  },
  Task: {
    exportMetadataHeader: (task: TaskObject, args: StreamArgs, ctx) =>
      ctx.services.exports.streamHeader(ctx.actor, task.id, args.streamType),
    exportFileFromOffset: async (task: TaskObject, args: StreamArgs, ctx) => {
      const chunk = await ctx.services.exports.streamChunk(
        ctx.actor,
        task.id,
        args.streamType,
        args.offset ?? 0,
      );
      return (
        chunk && { offsets: chunk.offsets, lines: chunk.lines, file: ctx.fileUrl(chunk.key, chunk.offsets) }
      );
    },
  },
};
