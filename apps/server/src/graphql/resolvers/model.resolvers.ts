import { notAllowed, notFound } from '../../errors.ts';
import type { ModelConfigRow, ModelRow, ProjectModelConfigRow } from '../../repositories/model.repository.ts';
import type { ModelRunDataRowRow, ModelRunRow } from '../../repositories/model-run.repository.ts';
import type { ResolverMap } from '../build-schema.ts';
import type { GraphQLContext } from '../context.ts';
import { offsetPage } from '../pagination.ts';
import { toDataRow } from './data-row.resolvers.ts';
import { toProject, type ProjectObject } from './project.resolvers.ts';

type WhereId = { where: { id: string } };
type Page = { skip?: number | null; first?: number | null };

export const toModel = (row: ModelRow) => ({
  id: row.id,
  name: row.name,
  ontologyId: row.ontology_id,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export const toModelRun = (row: ModelRunRow) => ({
  id: row.id,
  name: row.name,
  modelId: row.model_id,
  createdBy: row.created_by,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  trainingMetadata: row.training_metadata === null ? null : (JSON.parse(row.training_metadata) as unknown),
  status: row.status,
});

const toModelConfig = (row: ModelConfigRow) => ({
  id: row.id,
  modelId: row.model_id,
  name: row.name,
  inferenceParams: JSON.parse(row.inference_params) as unknown,
});

const toProjectModelConfig = (row: ProjectModelConfigRow) => ({
  id: row.id,
  projectId: row.project_id,
  modelConfigId: row.model_config_id,
});

const toAnnotationGroup = (row: ModelRunDataRowRow) => ({
  id: row.id,
  modelRunId: row.model_run_id,
  labelId: row.label_id,
  dataSplit: row.data_split,
  dataRowId: row.data_row_id,
});

const registrationStatus =
  (...kinds: Parameters<GraphQLContext['services']['modelRuns']['registrationStatus']>[2]) =>
  (_: unknown, args: WhereId, ctx: GraphQLContext) =>
    ctx.services.modelRuns.registrationStatus(ctx.actor, args.where.id, kinds);

export const modelResolvers: ResolverMap = {
  Query: {
    model: async (_: unknown, args: WhereId, ctx) =>
      toModel(await ctx.services.models.get(ctx.actor, args.where.id)),
    models: async (_: unknown, args: Page & { where?: unknown }, ctx) =>
      (await ctx.services.models.list(ctx.actor, args.where, offsetPage(args))).map(toModel),
    modelRun: async (_: unknown, args: WhereId, ctx) =>
      toModelRun(await ctx.services.modelRuns.get(ctx.actor, args.where.id)),
    annotationGroups: async (
      _: unknown,
      args: { where: { modelRunId: { id: string } }; after?: string | null; first?: number | null },
      ctx,
    ) => {
      const first = args.first ?? 100;
      const rows = await ctx.services.modelRuns.dataRowPage(
        ctx.actor,
        args.where.modelRunId.id,
        args.after ?? null,
        first,
      );
      const last = rows.length >= first ? rows[rows.length - 1] : undefined;
      return { nodes: rows.map(toAnnotationGroup), pageInfo: { endCursor: last?.id ?? null } };
    },
    findModelFoundryApp: () => {
      throw notAllowed(
        'Foundry apps run Labelbox-hosted models, which this server does not have: run_foundry_app is not supported on this server (import your own predictions as pre-labels with MALPredictionImport)',
      );
    },
    MEADataRowRegistrationTaskStatus: registrationStatus('data-rows'),
    MEALabelRegistrationTaskStatus: registrationStatus('labels', 'project-labels'),
    assignDataRowsToDataSplitTaskStatus: registrationStatus('split'),
  },
  Mutation: {
    createModel: async (_: unknown, args: { data: { name: string; ontologyId: string } }, ctx) =>
      toModel(await ctx.services.models.create(ctx.actor, args.data)),
    deleteModels: async (_: unknown, args: { where: { ids: string[] } }, ctx) =>
      (await ctx.services.models.delete(ctx.actor, args.where.ids)) === args.where.ids.length,
    createModelRun: async (
      _: unknown,
      args: { data: { name: string; modelId: string; trainingMetadata?: unknown } },
      ctx,
    ) => toModelRun(await ctx.services.modelRuns.create(ctx.actor, args.data)),
    deleteModelRuns: async (_: unknown, args: { where: { ids: string[] } }, ctx) =>
      (await ctx.services.modelRuns.delete(ctx.actor, args.where.ids)) === args.where.ids.length,
    createMEAModelRunDataRowRegistrationTask: (
      _: unknown,
      args: WhereId & { data: { dataRowIds?: string[] | null; globalKeys?: string[] | null } },
      ctx,
    ) => ctx.services.modelRuns.registerDataRows(ctx.actor, args.where.id, args.data),
    createMEAModelRunLabelRegistrationTask: (
      _: unknown,
      args: WhereId & { data: { labelIds: string[] } },
      ctx,
    ) => ctx.services.modelRuns.registerLabels(ctx.actor, args.where.id, args.data.labelIds),
    createMEAModelRunProjectLabelRegistrationTask: (
      _: unknown,
      args: { where: { modelRunId: string; projectId: string } },
      ctx,
    ) => ctx.services.modelRuns.registerProjectLabels(ctx.actor, args.where.modelRunId, args.where.projectId),
    createAssignDataRowsToDataSplitTask: (
      _: unknown,
      args: { modelRun: { id: string }; data: { assignments: Array<{ split: string }> } },
      ctx,
    ) => ctx.services.modelRuns.assignSplits(ctx.actor, args.modelRun.id, args.data.assignments),
    deleteModelRunDataRows: (
      _: unknown,
      args: { where: { modelRunId: string; dataRowIds: string[] } },
      ctx,
    ) => ctx.services.modelRuns.deleteDataRows(ctx.actor, args.where.modelRunId, args.where.dataRowIds),
    updateTrainingPipeline: async (
      _: unknown,
      args: {
        modelRun: { id: string };
        data: { status: string; errorMessage?: string | null; metadata?: unknown };
      },
      ctx,
    ) => {
      const row = await ctx.services.modelRuns.updateStatus(ctx.actor, args.modelRun.id, args.data);
      return {
        status: row.status,
        errorMessage: row.error_message,
        metadata: row.status_metadata === null ? null : (JSON.parse(row.status_metadata) as unknown),
      };
    },
    updateModelRunConfig: async (
      _: unknown,
      args: { modelRun: { id: string }; data: { config: unknown } },
      ctx,
    ) => ({
      trainingMetadata: toModelRun(
        await ctx.services.modelRuns.updateConfig(ctx.actor, args.modelRun.id, args.data.config),
      ).trainingMetadata,
    }),
    resetModelRunConfig: async (_: unknown, args: { modelRun: { id: string } }, ctx) => ({
      trainingMetadata: toModelRun(await ctx.services.modelRuns.resetConfig(ctx.actor, args.modelRun.id))
        .trainingMetadata,
    }),
    createModelConfig: async (
      _: unknown,
      args: { input: { modelId: string; name: string; inferenceParams: unknown } },
      ctx,
    ) => toModelConfig(await ctx.services.models.createConfig(ctx.actor, args.input)),
    deleteModelConfig: async (_: unknown, args: { input: { id: string } }, ctx) => ({
      success: await ctx.services.models.deleteConfig(ctx.actor, args.input.id),
    }),
    createProjectModelConfig: async (
      _: unknown,
      args: { input: { projectId: string; modelConfigId: string } },
      ctx,
    ) => ({
      projectModelConfigId: (
        await ctx.services.models.attachConfig(ctx.actor, args.input.projectId, args.input.modelConfigId)
      ).id,
    }),
    deleteProjectModelConfig: async (_: unknown, args: { input: { id: string } }, ctx) => ({
      success: await ctx.services.models.detachConfig(ctx.actor, args.input.id),
    }),
    setProjectModelSetupComplete: async (
      _: unknown,
      args: WhereId & { data: { modelSetupComplete: boolean } },
      ctx,
    ) => {
      if (args.data.modelSetupComplete)
        await ctx.services.models.completeModelSetup(ctx.actor, args.where.id);
      return toProject(await ctx.services.projects.get(ctx.actor, args.where.id));
    },
  },
  Model: {
    modelRuns: async (model: ReturnType<typeof toModel>, args: Page, ctx) =>
      (await ctx.services.modelRuns.listByModel(ctx.actor, model.id, offsetPage(args))).map(toModelRun),
  },
  AnnotationGroup: {
    dataRow: async (group: ReturnType<typeof toAnnotationGroup>, _: unknown, ctx) => {
      const row = await ctx.loaders.dataRow.load(group.dataRowId);
      if (!row) throw notFound('DataRow', group.dataRowId);
      return toDataRow(row);
    },
  },
  ProjectModelConfig: {
    modelConfig: async (pmc: ReturnType<typeof toProjectModelConfig>, _: unknown, ctx) =>
      toModelConfig(await ctx.services.models.getConfig(ctx.actor, pmc.modelConfigId)),
  },
  Project: {
    projectModelConfigs: async (project: ProjectObject, _: unknown, ctx) =>
      (await ctx.services.models.projectConfigs(ctx.actor, project.id)).map(toProjectModelConfig),
  },
};
