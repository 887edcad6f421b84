import type { MetadataDeleteInput, MetadataUpsertInput } from '../../services/data-row-metadata.service.ts';
import type { UpsertSchemaInput } from '../../services/metadata.service.ts';
import type { SchemaInfo } from '../../services/metadata.values.ts';
import type { ResolverMap } from '../build-schema.ts';

export function toMetadataSchema(schema: SchemaInfo): {
  id: string;
  name: string;
  kind: string;
  reserved: boolean;
  options: ReturnType<typeof toMetadataSchema>[];
} {
  return {
    id: schema.id,
    name: schema.name,
    kind: schema.kind,
    reserved: schema.reserved,
    options: schema.options.map(toMetadataSchema),
  };
}

export const metadataResolvers: ResolverMap = {
  Query: {
    customMetadataOntology: async (_: unknown, __: unknown, ctx) =>
      (await ctx.services.metadata.ontology(ctx.actor)).map(toMetadataSchema),
    dataRowCustomMetadata: async (
      _: unknown,
      args: { where?: { dataRowIdentifiers?: { ids: string[]; idType?: string | null } | null } | null },
      ctx,
    ) => {
      const identifiers = args.where?.dataRowIdentifiers;
      return identifiers ? ctx.services.dataRowMetadata.read(ctx.actor, identifiers) : [];
    },
  },
  Mutation: {
    upsertCustomMetadataSchema: async (_: unknown, args: { data: UpsertSchemaInput }, ctx) =>
      toMetadataSchema(await ctx.services.metadata.upsertSchema(ctx.actor, args.data)),
    deleteCustomMetadataSchema: async (_: unknown, args: { schema: { id: string } }, ctx) => ({
      success: await ctx.services.metadata.deleteSchema(ctx.actor, args.schema.id),
    }),
    upsertDataRowCustomMetadata: async (_: unknown, args: { data: MetadataUpsertInput[] }, ctx) =>
      ctx.services.dataRowMetadata.upsert(ctx.actor, args.data),
    deleteDataRowCustomMetadata: async (
      _: unknown,
      args: { dataRowIdentifiers?: MetadataDeleteInput[] | null },
      ctx,
    ) => ctx.services.dataRowMetadata.delete(ctx.actor, args.dataRowIdentifiers ?? []),
  },
};
