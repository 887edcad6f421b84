import type { ProjectRow } from '../../repositories/project.repository.ts';
import type { LabelingFrontend } from '../../services/labeling-frontend.service.ts';
import { modelSetupCompleteOf, uploadTypeOf } from '../../services/project.kind.ts';
import type { CreateProjectInput, UpdateProjectInput } from '../../services/project.service.ts';
import type { ResolverMap } from '../build-schema.ts';
import type { GraphQLContext } from '../context.ts';
import { offsetPage } from '../pagination.ts';
import { selectedColumns, type ColumnMap } from '../selected-columns.ts';
import type { GraphQLResolveInfo } from 'graphql';
import { toOrganization, toUser } from './identity.resolvers.ts';

/**
 * A project row as the GraphQL `Project` (every scalar the SDK selects is present). Relation fields
 * (`dataRowCount`, `labelingFrontend`, `batches`, …) resolve from the trailing ids. Other features map their
 * project results through this too (e.g. `connectOntology`).
 */
export function toProject(row: ProjectRow) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastActivityTime: row.last_activity_time,
    setupComplete: row.setup_complete,
    allowedMediaType: row.media_type,
    editorTaskType: row.editor_task_type,
    uploadType: uploadTypeOf(row),
    queueMode: 'BATCH',
    autoAuditNumberOfLabels: row.auto_audit_number_of_labels,
    autoAuditPercentage: row.auto_audit_percentage,
    isBenchmarkEnabled: row.is_benchmark_enabled === 1,
    isConsensusEnabled: row.is_consensus_enabled === 1,
    modelSetupComplete: modelSetupCompleteOf(row),
    deleted: row.deleted === 1,
    organizationId: row.organization_id,
    createdById: row.created_by,
    labelingFrontendId: row.labeling_frontend_id,
    ontologyId: row.ontology_id,
  };
}

export type ProjectObject = ReturnType<typeof toProject>;

/**
 * The columns each `Project` field is made from (`[]`: the project's id only): a list page reads only those of the
 * selected fields, and any field not listed here makes it read them all.
 */
const PROJECT_COLUMNS: ColumnMap<keyof ProjectRow> = {
  id: ['id'],
  name: ['name'],
  description: ['description'],
  createdAt: ['created_at'],
  updatedAt: ['updated_at'],
  lastActivityTime: ['last_activity_time'],
  setupComplete: ['setup_complete'],
  allowedMediaType: ['media_type'],
  editorTaskType: ['editor_task_type'],
  uploadType: ['media_type', 'editor_task_type'],
  queueMode: [],
  autoAuditNumberOfLabels: ['auto_audit_number_of_labels'],
  autoAuditPercentage: ['auto_audit_percentage'],
  isBenchmarkEnabled: ['is_benchmark_enabled'],
  isConsensusEnabled: ['is_consensus_enabled'],
  modelSetupComplete: ['model_setup_complete'],
  deleted: ['deleted'],
  dataRowCount: [],
  labelCount: [],
  createdBy: ['created_by'],
  organization: [],
  batches: [],
  labels: [],
};

export function toLabelingFrontend(frontend: LabelingFrontend) {
  return {
    id: frontend.id,
    name: frontend.name,
    description: frontend.description,
    iframeUrlPath: frontend.iframeUrlPath,
  };
}

type ListArgs = { where?: unknown; skip?: number | null; first?: number | null; orderBy?: string | null };
type WhereId = { where: { id: string } };

const listProjects = async (args: ListArgs, ctx: GraphQLContext, info: GraphQLResolveInfo) =>
  (
    await ctx.services.projects.list(
      ctx.actor,
      { where: args.where, orderBy: args.orderBy, ...offsetPage(args) },
      selectedColumns(info, PROJECT_COLUMNS),
    )
  ).map(toProject);

export const projectResolvers: ResolverMap = {
  Query: {
    project: async (_: unknown, args: WhereId, ctx) => {
      const row = await ctx.services.projects.get(ctx.actor, args.where.id);
      // The same visible row the request's project loader would read (its labels' colours look it up there).
      ctx.loaders.project.prime(row.id, row);
      return toProject(row);
    },
    projects: (_: unknown, args: ListArgs, ctx, info) => listProjects(args, ctx, info),
    labelingFrontend: (_: unknown, args: WhereId, ctx) =>
      toLabelingFrontend(ctx.services.labelingFrontends.get(ctx.actor, args.where.id)),
    labelingFrontends: (
      _: unknown,
      args: { where?: Record<string, unknown> | null; skip?: number; first?: number },
      ctx,
    ) => ctx.services.labelingFrontends.list(ctx.actor, args.where, offsetPage(args)).map(toLabelingFrontend),
  },
  Mutation: {
    createProject: async (_: unknown, args: { data: CreateProjectInput }, ctx) =>
      toProject(await ctx.services.projects.create(ctx.actor, args.data)),
    updateProject: async (_: unknown, args: WhereId & { data: UpdateProjectInput }, ctx) =>
      toProject(await ctx.services.projects.update(ctx.actor, args.where.id, args.data)),
    // The parent of every ProjectMutations field: checks the project exists in the caller's organization once.
    project: async (_: unknown, args: WhereId, ctx) =>
      toProject(await ctx.services.projects.get(ctx.actor, args.where.id)),
    createLabelingFrontendOptions: async (
      _: unknown,
      args: {
        data: {
          project: { connect: { id: string } };
          labelingFrontend: { connect: { id: string } };
          customizationOptions?: string | null;
        };
      },
      ctx,
    ) => {
      const row = await ctx.services.labelingFrontends.createOptions(ctx.actor, {
        projectId: args.data.project.connect.id,
        labelingFrontendId: args.data.labelingFrontend.connect.id,
        customizationOptions: args.data.customizationOptions,
      });
      return { id: row.id, customizationOptions: row.customization_options };
    },
  },
  Project: {
    dataRowCount: (project: ProjectObject, _: unknown, ctx) =>
      ctx.loaders.projectDataRowCount.load(project.id),
    labelCount: (project: ProjectObject, _: unknown, ctx) => ctx.loaders.projectLabelCount.load(project.id),
    labelStudioId: (project: ProjectObject, _: unknown, ctx) =>
      ctx.services.labelStudio.projects.lsIdOf(ctx.actor, project.id),
    labelingFrontendOptions: (
      project: ProjectObject,
      args: { skip?: number | null; first?: number | null },
      ctx,
    ) => ctx.services.labelingFrontends.optionsOf(ctx.actor, project.id, args),
    labelingFrontend: (project: ProjectObject, _: unknown, ctx) => {
      const frontend = ctx.services.labelingFrontends.find(project.labelingFrontendId);
      return frontend ? toLabelingFrontend(frontend) : null;
    },
    createdBy: async (project: ProjectObject, _: unknown, ctx) => {
      const user = await ctx.loaders.user.load(project.createdById);
      return user ? toUser(user, ctx.actor.userId) : null;
    },
    organization: async (_: ProjectObject, __: unknown, ctx) =>
      toOrganization(await ctx.services.identity.getOrganization(ctx.actor)),
  },
  User: {
    projects: (_: unknown, args: ListArgs, ctx, info) => listProjects(args, ctx, info),
  },
  Organization: {
    projects: (_: unknown, args: ListArgs, ctx, info) => listProjects(args, ctx, info),
  },
};
