import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildASTSchema,
  GraphQLObjectType,
  GraphQLScalarType,
  parse,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from 'graphql';
import { accessRule, rootFieldPolicy } from './access-policy.ts';
import { roleGrants } from '../services/access.service.ts';
import type { GraphQLContext } from './context.ts';
import { guardPageArguments } from './page-arguments.ts';
import { resolvers } from './resolvers/index.ts';
import { scalars } from './scalars.ts';

const schemaDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'schema');

export type FieldResolver = GraphQLFieldResolver<any, GraphQLContext, any>;
export type ResolverMap = Record<string, Record<string, FieldResolver>>;

/** The SDL, one file per feature under ./schema, in file-name order. */
export function readSchemaSource(): string {
  return fs
    .readdirSync(schemaDir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => fs.readFileSync(path.join(schemaDir, f), 'utf8'))
    .join('\n');
}

/** Builds the executable schema: SDL + custom scalars + the resolver map. Fails loudly on a resolver for a missing field. */
export function buildSchema(): GraphQLSchema {
  const schema = buildASTSchema(parse(readSchemaSource()));
  for (const [name, impl] of Object.entries(scalars)) {
    const type = schema.getType(name);
    if (!(type instanceof GraphQLScalarType)) throw new Error(`Scalar ${name} is not in the SDL`);
    Object.assign(type, {
      serialize: impl.serialize,
      parseValue: impl.parseValue,
      parseLiteral: impl.parseLiteral,
      description: impl.description,
    });
  }
  for (const [typeName, fields] of Object.entries(resolvers as ResolverMap)) {
    const type = schema.getType(typeName);
    if (!(type instanceof GraphQLObjectType)) throw new Error(`Resolvers for unknown type ${typeName}`);
    const typeFields = type.getFields();
    for (const [fieldName, resolve] of Object.entries(fields)) {
      const field = typeFields[fieldName];
      if (!field) throw new Error(`Resolver for unknown field ${typeName}.${fieldName}`);
      field.resolve = resolve;
    }
  }
  guardPageArguments(schema);
  guardRootFields(schema);
  return schema;
}

/** Every Query and Mutation field checks the caller's access (access-policy.ts) before its resolver runs. */
function guardRootFields(schema: GraphQLSchema): void {
  for (const typeName of ['Query', 'Mutation'] as const) {
    const type = schema.getType(typeName);
    if (!(type instanceof GraphQLObjectType)) continue;
    for (const field of Object.values(type.getFields())) {
      if (!rootFieldPolicy[typeName][field.name]) {
        throw new Error(`${typeName}.${field.name} has no access policy (graphql/access-policy.ts)`);
      }
      const resolve = field.resolve;
      if (!resolve) throw new Error(`${typeName}.${field.name} has no resolver`);
      const permission = rootFieldPolicy[typeName][field.name]!.permission;
      // A role that grants the permission outright (most calls) needs no rule object and no extra await.
      const guarded: FieldResolver = (source, args: Record<string, unknown>, ctx, info) =>
        roleGrants(ctx.actor.role, permission)
          ? resolve(source, args, ctx, info)
          : ctx.services.access
              .check(ctx.actor, accessRule(typeName, field.name, args)!)
              .then(() => resolve(source, args, ctx, info));
      field.resolve = guarded;
    }
  }
}
