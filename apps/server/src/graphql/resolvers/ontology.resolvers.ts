import type { FeatureSchemaRecord } from '../../services/feature-schema.service.ts';
import type { OntologyRecord } from '../../services/ontology.service.ts';
import type { ResolverMap } from '../build-schema.ts';
import { toUser } from './identity.resolvers.ts';
import { toProject, type ProjectObject } from './project.resolvers.ts';

const DEFAULT_PAGE = 100;

export function toOntology(record: OntologyRecord) {
  const { row, normalized } = record;
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    normalized,
    objectSchemaCount: normalized.tools.length,
    classificationSchemaCount: normalized.classifications.length,
    mediaType: row.media_type,
    editorTaskType: row.editor_task_type,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    createdById: row.created_by,
  };
}

type OntologyObject = ReturnType<typeof toOntology>;

export function toRootSchemaNode(record: FeatureSchemaRecord) {
  const { row, node } = record;
  return {
    id: node.schemaNodeId,
    name: node.name,
    normalized: node,
    featureSchemaId: node.featureSchemaId,
    schemaNodeId: node.schemaNodeId,
    kind: row.kind,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

type PageArgs = { where?: { search?: string | null } | null; after?: string | null; first?: number | null };
const page = (args: PageArgs) => ({
  search: args.where?.search ?? null,
  after: args.after || null,
  first: args.first ?? DEFAULT_PAGE,
});

export const ontologyResolvers: ResolverMap = {
  Query: {
    ontology: async (_: unknown, args: { where: { id: string } }, ctx) =>
      toOntology(await ctx.services.ontologies.get(ctx.actor, args.where.id)),
    ontologies: async (_: unknown, args: PageArgs, ctx) => {
      const result = await ctx.services.ontologies.list(ctx.actor, page(args));
      return { nodes: result.items.map(toOntology), nextCursor: result.nextCursor };
    },
    rootSchemaNode: async (_: unknown, args: { where: { featureSchemaId?: string | null } }, ctx) => {
      const id = args.where.featureSchemaId;
      if (!id) return null;
      return toRootSchemaNode(await ctx.services.featureSchemas.get(ctx.actor, id));
    },
    rootSchemaNodes: async (_: unknown, args: PageArgs, ctx) => {
      const result = await ctx.services.featureSchemas.list(ctx.actor, page(args));
      return { nodes: result.items.map(toRootSchemaNode), nextCursor: result.nextCursor };
    },
  },
  Mutation: {
    upsertOntology: async (
      _: unknown,
      args: {
        data: {
          name: string;
          normalized: unknown;
          mediaType?: string | null;
          editorTaskType?: string | null;
          description?: string | null;
        };
      },
      ctx,
    ) => toOntology(await ctx.services.ontologies.create(ctx.actor, args.data, { retry: true })),
    upsertRootSchemaNode: async (_: unknown, args: { data: { normalized: unknown } }, ctx) =>
      toRootSchemaNode(await ctx.services.featureSchemas.upsert(ctx.actor, args.data.normalized)),
  },
  Ontology: {
    createdBy: async (ontology: OntologyObject, _: unknown, ctx) => {
      if (!ontology.createdById) return null;
      const user = await ctx.loaders.user.load(ontology.createdById);
      return user ? toUser(user, ctx.actor.userId) : null;
    },
  },
  Project: {
    ontology: async (project: ProjectObject, _: unknown, ctx) => {
      if (!project.ontologyId) return null;
      const record = await ctx.loaders.ontology.load(project.ontologyId);
      return record ? toOntology(record) : null;
    },
  },
  ProjectMutations: {
    connectOntology: async (project: ProjectObject, args: { ontologyId: string }, ctx) => {
      await ctx.services.ontologies.connectOntology(ctx.actor, project.id, args.ontologyId);
      return toProject(await ctx.services.projects.get(ctx.actor, project.id));
    },
  },
};
