import type { AttachmentRow, DataRowRow } from '../../repositories/data-row.repository.ts';
import type { ImportFailure } from '../../services/data-row-import/batch.ts';
import { guessMediaType, guessMimeType } from '../../services/data-row.media.ts';
import { metadataFields, parseStoredMetadata } from '../../services/metadata.values.ts';
import type { ResolverMap } from '../build-schema.ts';
import { offsetPage } from '../pagination.ts';
import { selectedColumns, type ColumnMap } from '../selected-columns.ts';
import type { UploadedFile } from '../uploaded-file.ts';
import { catalogLoaders } from './catalog.loaders.ts';
import { toDataset } from './dataset.resolvers.ts';
import { toOrganization, toUser } from './identity.resolvers.ts';
import { toTask } from './task.resolvers.ts';

function parseObject(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/**
 * A data row as GraphQL shows it; metadata, attachments and relations are resolved per field, and so are the media
 * type and attributes (guessing them parses the row data's URL, most of a data-row page's own cost in profiles, for
 * fields a page rarely selects).
 */
export function toDataRow(row: DataRowRow) {
  // A partial row (DATA_ROW_COLUMNS) lacks the columns of unselected fields: read them as null.
  return {
    id: row.id,
    rowData: row.row_data,
    externalId: row.external_id,
    globalKey: row.global_key,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    datasetId: row.dataset_id,
    createdById: row.created_by,
    storedMediaType: row.media_type ?? null,
    storedMediaAttributes: row.media_attributes ?? null,
    storedMetadata: row.metadata ?? null,
  };
}

export function toAttachment(row: AttachmentRow) {
  return { id: row.id, type: row.type, value: row.value, name: row.name };
}

/**
 * The columns each `DataRow` field is made from: a page of data rows reads only those of the selected fields, and
 * any field not listed here makes it read them all.
 */
export const DATA_ROW_COLUMNS: ColumnMap<keyof DataRowRow> = {
  id: ['id'],
  rowData: ['row_data'],
  externalId: ['external_id'],
  globalKey: ['global_key'],
  mediaType: ['media_type', 'row_data'],
  mediaAttributes: ['media_attributes', 'row_data'],
  createdAt: ['created_at'],
  updatedAt: ['updated_at'],
  dataset: ['dataset_id'],
  createdBy: ['created_by'],
  organization: [],
};

type DataRowObject = ReturnType<typeof toDataRow>;
type Where = { where: { id: string } };
type PageArgs = { data: { taskId: string; first?: number | null; from?: string | null } };

export const dataRowResolvers: ResolverMap = {
  Query: {
    dataRow: async (_: unknown, args: Where, ctx) =>
      toDataRow(await ctx.services.dataRows.get(ctx.actor, args.where.id)),
    datasetDataRows: async (
      _: unknown,
      args: {
        id: string;
        from?: string | null;
        first?: number | null;
        where?: { externalId?: string | null; globalKey?: string | null } | null;
      },
      ctx,
      info,
    ) => {
      const page = await ctx.services.dataRows.datasetPage(
        ctx.actor,
        args.id,
        {
          from: args.from,
          first: args.first,
          ...args.where,
        },
        selectedColumns(info, DATA_ROW_COLUMNS, ['nodes']),
      );
      return {
        nodes: page.rows.map(toDataRow),
        pageInfo: { hasNextPage: page.next !== null, startCursor: page.next, endCursor: page.next },
      };
    },
    externalIdsToDataRowIds: async (_: unknown, args: { externalId_in: string[] }, ctx) =>
      (await ctx.services.dataRows.externalIdsToIds(ctx.actor, args.externalId_in)).map((r) => ({
        dataRowId: r.id,
        externalId: r.external_id,
      })),
    queryAllDataRowsHaveBeenProcessed: async (
      _: unknown,
      args: { dataRowIds?: string[] | null; globalKeys?: string[] | null },
      ctx,
    ) => ({
      allDataRowsHaveBeenProcessed: await ctx.services.dataRows.allProcessed(ctx.actor, {
        ids: args.dataRowIds,
        globalKeys: args.globalKeys,
      }),
    }),
    successesfulDataRowImports: async (_: unknown, args: PageArgs, ctx) => {
      const page = await ctx.services.dataRowImports.page(
        ctx.actor,
        args.data.taskId,
        'successes',
        args.data.first,
        args.data.from,
      );
      return { nodes: page.items, after: page.after, total: page.total };
    },
    failedDataRowImports: async (_: unknown, args: PageArgs, ctx) => {
      const page = await ctx.services.dataRowImports.page(
        ctx.actor,
        args.data.taskId,
        'failures',
        args.data.first,
        args.data.from,
      );
      return {
        results: page.items.map((f: ImportFailure) => ({ message: f.message, spec: f.spec })),
        after: page.after,
        total: page.total,
      };
    },
  },
  Mutation: {
    uploadFile: async (
      _: unknown,
      args: { file: UploadedFile; contentLength: number; sign?: boolean | null },
      ctx,
    ) => ({
      url: ctx.origin + ctx.services.dataRowImports.uploadedFilePath(ctx.actor, args.file.key, args.sign),
      filename: args.file.filename || args.file.key.split('/').pop()!,
    }),
    upsertDataRows: async (_: unknown, args: { data: { manifestUri: string } }, ctx) =>
      toTask(await ctx.services.dataRowImports.startUpsert(ctx.actor, args.data.manifestUri), ctx),
    updateDataRow: async (
      _: unknown,
      args: Where & {
        data: { externalId?: string | null; globalKey?: string | null; rowData?: string | null };
      },
      ctx,
    ) => toDataRow(await ctx.services.dataRows.update(ctx.actor, args.where.id, args.data)),
    deleteDataRows: async (_: unknown, args: { where: { dataRowIds: string[] } }, ctx) =>
      (await ctx.services.dataRows.delete(ctx.actor, args.where.dataRowIds)).map(toDataRow),
  },
  DataRow: {
    mediaType: (row: DataRowObject) => row.storedMediaType ?? guessMediaType(row.rowData ?? null),
    mediaAttributes: (row: DataRowObject) => {
      const mimeType = guessMimeType(row.rowData ?? null);
      return { ...(mimeType ? { mimeType } : {}), ...parseObject(row.storedMediaAttributes) };
    },
    customMetadata: async (row: DataRowObject, _: unknown, ctx) => {
      const index = await catalogLoaders(ctx).metadata();
      return parseStoredMetadata(row.storedMetadata).filter((e) => index.byId.has(e.schemaId));
    },
    metadataFields: async (row: DataRowObject, _: unknown, ctx) =>
      metadataFields(await catalogLoaders(ctx).metadata(), parseStoredMetadata(row.storedMetadata)),
    attachments: async (row: DataRowObject, args: { skip?: number; first?: number }, ctx) => {
      const { skip, first } = offsetPage(args);
      return (await catalogLoaders(ctx).attachments.load(row.id)).slice(skip, skip + first).map(toAttachment);
    },
    dataset: async (row: DataRowObject, _: unknown, ctx) => {
      const dataset = await catalogLoaders(ctx).dataset.load(row.datasetId);
      return dataset ? toDataset(dataset) : null;
    },
    createdBy: async (row: DataRowObject, _: unknown, ctx) => {
      const user = await ctx.loaders.user.load(row.createdById);
      return user ? toUser(user, ctx.actor.userId) : null;
    },
    organization: async (_: DataRowObject, __: unknown, ctx) =>
      toOrganization(await catalogLoaders(ctx).organization()),
  },
};
