import type { MeaPredictionImportRow } from '../../repositories/mea-prediction.repository.ts';
import type { ImportWhere } from '../../services/annotation-import.service.ts';
import type { CreateMeaImportInput } from '../../services/model/mea-prediction-import.service.ts';
import type { MeaToMalInput } from '../../services/model/mea-to-mal-import.service.ts';
import type { ResolverMap } from '../build-schema.ts';
import type { GraphQLContext } from '../context.ts';
import { toAnnotationImport } from './annotation-import.resolvers.ts';
import { toUser } from './identity.resolvers.ts';

/** An MEA import as the SDK reads it: the label-import shape, with its model run instead of a project. */
function toMeaImport(row: MeaPredictionImportRow, ctx: GraphQLContext) {
  const { projectId: _projectId, ...rest } = toAnnotationImport({ ...row, project_id: '', kind: 'MEA' }, ctx);
  return { ...rest, modelRunId: row.model_run_id };
}

type MeaObject = ReturnType<typeof toMeaImport>;
type WhereArgs = { where: { id?: string | null; modelRunId?: string | null; name?: string | null } };

export const meaPredictionImportResolvers: ResolverMap = {
  Query: {
    modelErrorAnalysisPredictionImport: async (_: unknown, args: WhereArgs, ctx) =>
      toMeaImport(await ctx.services.meaPredictionImports.get(ctx.actor, args.where), ctx),
    meaToMalPredictionImport: async (_: unknown, args: { where: ImportWhere }, ctx) =>
      toAnnotationImport(await ctx.services.annotationImports.get(ctx.actor, 'MAL', args.where), ctx),
  },
  Mutation: {
    createModelErrorAnalysisPredictionImport: async (_: unknown, args: { data: CreateMeaImportInput }, ctx) =>
      toMeaImport(await ctx.services.meaPredictionImports.create(ctx.actor, args.data), ctx),
    createMalPredictionImportForModelRunDataRows: async (_: unknown, args: { data: MeaToMalInput }, ctx) =>
      toAnnotationImport(await ctx.services.meaToMalImports.create(ctx.actor, args.data), ctx),
  },
  MEAPredictionImport: {
    createdBy: async (row: MeaObject, _: unknown, ctx) => {
      const user = await ctx.loaders.user.load(row.createdById);
      return user ? toUser(user, ctx.actor.userId) : null;
    },
  },
};
