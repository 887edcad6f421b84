import type { MaskAnnotation } from '@labelyard/schema';
import type { GraphQLResolveInfo } from 'graphql';
import type { DataRowRow } from '../../repositories/data-row.repository.ts';
import type { LabelRow } from '../../repositories/label.repository.ts';
import { labelTypeOf } from '../../services/label.types.ts';
import type { ResolverMap } from '../build-schema.ts';
import type { GraphQLContext } from '../context.ts';
import { byIdWithColumns, mapSettled, perRequest, SettledLoader } from '../loaders.ts';
import { offsetPage } from '../pagination.ts';
import { itemColumns, selectedColumns, selectedFields, type ColumnMap } from '../selected-columns.ts';
import { DATA_ROW_COLUMNS, toDataRow } from './data-row.resolvers.ts';
import { labelV1Renderer, type MaskUrls, type ToolColors } from './label-v1.render.ts';
import { toUser } from './identity.resolvers.ts';
import { toProject, type ProjectObject } from './project.resolvers.ts';

/** A label row as GraphQL's `Label`; `label` (the v1 JSON string) is built only when selected. */
export function toLabel(row: LabelRow) {
  const type = labelTypeOf(row.type);
  return {
    id: row.id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    secondsToLabel: row.seconds_to_label,
    secondsToCreate: row.seconds_to_label,
    secondsToReview: row.seconds_to_review,
    agreement: row.agreement,
    benchmarkAgreement: row.benchmark_agreement,
    isBenchmarkReference: row.is_benchmark_reference === 1,
    deleted: false,
    type: { id: type.id, name: type.name },
    content: row.content,
    projectId: row.project_id,
    dataRowId: row.data_row_id,
    createdById: row.created_by,
  };
}

/** The columns each `Label` field is made from: a page of labels reads only those of the selected fields. */
const LABEL_COLUMNS: ColumnMap<keyof LabelRow> = {
  id: ['id'],
  label: ['content', 'project_id'],
  createdAt: ['created_at'],
  updatedAt: ['updated_at'],
  secondsToLabel: ['seconds_to_label'],
  secondsToCreate: ['seconds_to_label'],
  secondsToReview: ['seconds_to_review'],
  agreement: ['agreement'],
  benchmarkAgreement: ['benchmark_agreement'],
  isBenchmarkReference: ['is_benchmark_reference'],
  deleted: [],
  type: ['type'],
  createdBy: ['created_by'],
  dataRow: ['data_row_id'],
  project: ['project_id'],
};

type LabelObject = ReturnType<typeof toLabel>;

/**
 * Request-scoped loaders of label relations: a page of 100 labels costs one query per relation, made by the page's
 * resolver for the relations selected on it (`prefetchRelations`), so each label's fields resolve without a promise.
 */
function createLabelLoaders(ctx: GraphQLContext) {
  const colors = new Map<string, Promise<ToolColors>>();
  const settledColors = new Map<string, ToolColors>();
  const maskUrl = maskUrlFor(ctx);
  const loadColors = async (projectId: string): Promise<ToolColors> => {
    const project = await ctx.loaders.project.load(projectId);
    const map = project?.ontology_id
      ? await ctx.services.ontologies.toolColors(ctx.actor, project.ontology_id)
      : new Map<string, string | null>();
    settledColors.set(projectId, map);
    return map;
  };
  return {
    /** Data rows reading only the columns of the fields selected on them. */
    dataRow: byIdWithColumns<DataRowRow, keyof DataRowRow>((ids, columns) =>
      ctx.services.dataRows.byIds(ctx.actor, ids, columns),
    ),
    createdBy: new SettledLoader(ctx.loaders.user),
    /** Tool colours of a project's ontology (v1 `color`), read once per project per request. */
    colors(projectId: string): ToolColors | Promise<ToolColors> {
      const settled = settledColors.get(projectId);
      if (settled) return settled;
      let entry = colors.get(projectId);
      if (!entry) colors.set(projectId, (entry = loadColors(projectId)));
      return entry;
    },
    masks: {
      maskUrl,
      maskFileUrl: (source) =>
        source.type === 'blob' ? ctx.fileUrl(source.key) : maskUrl({ source } as MaskAnnotation),
    } satisfies MaskUrls,
  };
}

const labelLoaders = perRequest(createLabelLoaders);

/** Where clients download a mask: stored masks by a signed URL (no API key needed), imported URLs as they were. */
export const maskUrlFor = (ctx: GraphQLContext) => (mask: MaskAnnotation) =>
  mask.source.type === 'blob'
    ? ctx.fileUrl(mask.source.key)
    : mask.source.type === 'uri'
      ? mask.source.uri
      : undefined;

/**
 * Loads the relations selected on a page of labels, one query each, before graphql-js resolves its items. A load
 * that fails is left to the items' fields, which report it as before (per item, not the whole page).
 */
async function prefetchRelations(labels: LabelObject[], ctx: GraphQLContext, info: GraphQLResolveInfo) {
  if (labels.length === 0) return;
  const fields = selectedFields(info);
  const loaders = labelLoaders(ctx);
  const loads: Promise<unknown>[] = [];
  if (fields.has('label'))
    for (const id of new Set(labels.map((l) => l.projectId)))
      loads.push(Promise.resolve(loaders.colors(id)).catch(() => undefined));
  if (fields.has('createdBy')) loads.push(loaders.createdBy.prefetch(labels.map((l) => l.createdById)));
  if (fields.has('dataRow'))
    loads.push(
      loaders
        .dataRow(selectedColumns(info, DATA_ROW_COLUMNS, ['dataRow']))
        .prefetch(labels.map((l) => l.dataRowId)),
    );
  await Promise.all(loads);
}

type LabelsArgs = { skip?: number | null; first?: number | null; where?: unknown; orderBy?: string | null };

export const labelResolvers: ResolverMap = {
  Query: {
    label: async (_: unknown, args: { where: { id: string } }, ctx) =>
      toLabel(await ctx.services.labels.get(ctx.actor, args.where.id)),
  },
  Mutation: {
    deleteLabels: async (_: unknown, args: { labelIds: string[] }, ctx) =>
      (await ctx.services.labels.delete(ctx.actor, args.labelIds)).map(toLabel),
  },
  Project: {
    labels: async (project: ProjectObject, args: LabelsArgs, ctx, info) => {
      const labels = (
        await ctx.services.labels.page(
          ctx.actor,
          project.id,
          { where: args.where, orderBy: args.orderBy, ...offsetPage(args) },
          selectedColumns(info, LABEL_COLUMNS),
        )
      ).map(toLabel);
      await prefetchRelations(labels, ctx, info);
      return labels;
    },
  },
  Label: {
    label: (label: LabelObject, _: unknown, ctx) => {
      const loaders = labelLoaders(ctx);
      return mapSettled(loaders.colors(label.projectId), (colors) => {
        const text = labelV1Renderer.render(label.id, label.content, colors, loaders.masks);
        const json = labelV1Renderer.jsonOf(label.id, text);
        if (json !== undefined) ctx.jsonLiterals.set(text, json);
        return text;
      });
    },
    createdBy: (label: LabelObject, _: unknown, ctx) =>
      mapSettled(labelLoaders(ctx).createdBy.get(label.createdById), (user) =>
        user ? toUser(user, ctx.actor.userId) : null,
      ),
    dataRow: (label: LabelObject, _: unknown, ctx, info) =>
      mapSettled(
        labelLoaders(ctx).dataRow(itemColumns(info, DATA_ROW_COLUMNS)).get(label.dataRowId),
        (row) => (row ? toDataRow(row) : null),
      ),
    project: async (label: LabelObject, _: unknown, ctx) => {
      const project = await ctx.loaders.project.load(label.projectId);
      return project ? toProject(project) : null;
    },
  },
};
