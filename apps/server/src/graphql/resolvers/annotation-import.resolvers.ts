import type { AnnotationImportRow } from '../../repositories/annotation-import.repository.ts';
import type { CreateImportInput, ImportWhere } from '../../services/annotation-import.service.ts';
import type { ResolverMap } from '../build-schema.ts';
import type { GraphQLContext } from '../context.ts';
import { toUser } from './identity.resolvers.ts';
import { toProject } from './project.resolvers.ts';

/** An import as the SDK reads it: state, "NN%" progress and signed file URLs (downloadable without the API key). */
export function toAnnotationImport(row: AnnotationImportRow, ctx: GraphQLContext) {
  // A job that died for good (its retries used up outside the handler) must not leave clients polling forever.
  const state = row.state === 'RUNNING' && row.job_status === 'FAILED' ? 'FAILED' : row.state;
  return {
    id: row.id,
    name: row.name,
    state,
    progress: `${Math.round((state === 'FINISHED' ? 1 : row.progress) * 100)}%`,
    inputFileUrl: ctx.fileUrl(row.input_key),
    statusFileUrl: row.status_key ? ctx.fileUrl(row.status_key) : null,
    errorFileUrl: row.error_key ? ctx.fileUrl(row.error_key) : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    projectId: row.project_id,
    createdById: row.created_by,
  };
}

type ImportObject = ReturnType<typeof toAnnotationImport>;
type CreateArgs = { data: CreateImportInput };
type WhereArgs = { where: ImportWhere };

export const annotationImportResolvers: ResolverMap = {
  Query: {
    labelImport: async (_: unknown, args: WhereArgs, ctx) =>
      toAnnotationImport(
        await ctx.services.annotationImports.get(ctx.actor, 'GROUND_TRUTH', args.where),
        ctx,
      ),
    modelAssistedLabelingPredictionImport: async (_: unknown, args: WhereArgs, ctx) =>
      toAnnotationImport(await ctx.services.annotationImports.get(ctx.actor, 'MAL', args.where), ctx),
  },
  Mutation: {
    createLabelImport: async (_: unknown, args: CreateArgs, ctx) =>
      toAnnotationImport(
        await ctx.services.annotationImports.create(ctx.actor, 'GROUND_TRUTH', args.data),
        ctx,
      ),
    createModelAssistedLabelingPredictionImport: async (_: unknown, args: CreateArgs, ctx) =>
      toAnnotationImport(await ctx.services.annotationImports.create(ctx.actor, 'MAL', args.data), ctx),
  },
  AnnotationImport: {
    project: async (row: ImportObject, _: unknown, ctx) => {
      const project = await ctx.loaders.project.load(row.projectId);
      return project ? toProject(project) : null;
    },
    createdBy: async (row: ImportObject, _: unknown, ctx) => {
      const user = await ctx.loaders.user.load(row.createdById);
      return user ? toUser(user, ctx.actor.userId) : null;
    },
  },
};
