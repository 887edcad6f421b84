import type { ApiKeyRow } from '../../repositories/api-key.repository.ts';
import type { ResolverMap } from '../build-schema.ts';
import { toAnnotationImport } from './annotation-import.resolvers.ts';
import { toOntology } from './ontology.resolvers.ts';

type OntologyObject = ReturnType<typeof toOntology>;

function toApiKey(row: ApiKeyRow) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.key_prefix,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

type FeatureArgs = { ontologyId: string; featureSchemaId: string };

/** The web app's own fields: API keys of the caller, archived ontology features, ontology usage. */
export const webAppResolvers: ResolverMap = {
  Query: {
    myApiKeys: async (_: unknown, __: unknown, ctx) =>
      (await ctx.services.apiKeys.list(ctx.actor)).map(toApiKey),
    myLabelStudioTokens: (_: unknown, __: unknown, ctx) =>
      ctx.services.labelStudio.tokens.listMine(ctx.actor),
  },
  Mutation: {
    createMyApiKey: async (_: unknown, args: { name: string }, ctx) => {
      const { row, key } = await ctx.services.apiKeys.create(ctx.actor, args.name);
      return { apiKey: toApiKey(row), key };
    },
    revokeMyApiKey: (_: unknown, args: { id: string }, ctx) =>
      ctx.services.apiKeys.revoke(ctx.actor, args.id),
    createMyLabelStudioToken: (_: unknown, __: unknown, ctx) =>
      ctx.services.labelStudio.tokens.createPat(ctx.actor),
    revokeMyLabelStudioToken: (_: unknown, args: { id: string }, ctx) =>
      ctx.services.labelStudio.tokens.revokeMine(ctx.actor, args.id),
    archiveOntologyFeature: async (_: unknown, args: FeatureArgs, ctx) => {
      await ctx.services.ontologies.setFeatureArchived(
        ctx.actor,
        args.ontologyId,
        args.featureSchemaId,
        true,
      );
      return toOntology(await ctx.services.ontologies.get(ctx.actor, args.ontologyId));
    },
    unarchiveOntologyFeature: async (_: unknown, args: FeatureArgs, ctx) => {
      await ctx.services.ontologies.unarchiveFeature(ctx.actor, args.ontologyId, args.featureSchemaId);
      return toOntology(await ctx.services.ontologies.get(ctx.actor, args.ontologyId));
    },
  },
  Webhook: {
    deliveries: (webhook: { id: string }, args: { first?: number | null }, ctx) =>
      ctx.services.webhooks.deliveries(ctx.actor, webhook.id, args.first ?? 20),
  },
  Project: {
    // The project resolved, so the caller sees it: a role is always there (NONE only for a project they cannot see).
    viewerRole: async (project: { id: string }, _: unknown, ctx) =>
      (await ctx.services.access.projectRole(ctx.actor, project.id)) ?? 'NONE',
    annotationImports: async (project: { id: string }, args: { first?: number | null }, ctx) =>
      (await ctx.services.annotationImports.listForProject(ctx.actor, project.id, args.first ?? 50)).map(
        (row) => toAnnotationImport(row, ctx),
      ),
  },
  Ontology: {
    projects: (ontology: OntologyObject, _: unknown, ctx) =>
      ctx.services.ontologies.projectsUsing(ctx.actor, ontology.id),
    archived: async (ontology: OntologyObject, _: unknown, ctx) => {
      const record = await ctx.services.ontologies.get(ctx.actor, ontology.id);
      const archived = (root: { archived?: boolean }) => root.archived === true;
      return {
        tools: record.full.tools.filter(archived),
        classifications: record.full.classifications.filter(archived),
      };
    },
  },
};
