import type { GraphQLInputObjectType } from 'graphql';
import {
  defaultFieldResolver,
  getNamedType,
  getNullableType,
  GraphQLObjectType,
  isInputObjectType,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { invalid } from '../errors.ts';
import type { FieldResolver } from './build-schema.ts';

/** The largest page any list field hands out in one call (the Labelbox SDK pages by 100, datasets by 500). */
export const MAX_PAGE_SIZE = 10_000;

const PAGE_SIZES = new Set(['first', 'take', 'limit']);
const OFFSETS = new Set(['skip', 'offset']);

/** An Int argument (or input field, as a path below the arguments) that is a page size or an offset. */
type PageArgument = { path: string[]; kind: 'size' | 'offset' };

/** Every field that takes page sizes or offsets, with where they are in its arguments (tests list them). */
export function pageArgumentsOf(schema: GraphQLSchema): { field: string; args: PageArgument[] }[] {
  const found: { field: string; args: PageArgument[] }[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(type instanceof GraphQLObjectType) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const args = field.args.flatMap((a) => pageArgumentsIn(a.name, a.type, 0));
      if (args.length > 0) found.push({ field: `${type.name}.${field.name}`, args });
    }
  }
  return found;
}

function pageArgumentsIn(name: string, type: GraphQLInputType, depth: number): PageArgument[] {
  const named = getNamedType(type);
  if (named.name === 'Int' && getNullableType(type) === named) {
    if (PAGE_SIZES.has(name)) return [{ path: [name], kind: 'size' }];
    if (OFFSETS.has(name)) return [{ path: [name], kind: 'offset' }];
    return [];
  }
  if (!isInputObjectType(named) || depth >= 2) return [];
  return Object.values((named as GraphQLInputObjectType).getFields()).flatMap((f) =>
    pageArgumentsIn(f.name, f.type, depth + 1).map((p) => ({ ...p, path: [name, ...p.path] })),
  );
}

/**
 * Page sizes and offsets are client-chosen counts: each field taking one refuses values outside
 * 0..MAX_PAGE_SIZE (sizes) or below 0 (offsets) before its resolver runs, with an error naming the argument.
 */
export function guardPageArguments(schema: GraphQLSchema): void {
  const types = schema.getTypeMap();
  for (const { field, args } of pageArgumentsOf(schema)) {
    const [typeName, fieldName] = field.split('.') as [string, string];
    const definition = (types[typeName] as GraphQLObjectType).getFields()[fieldName]!;
    const resolve: FieldResolver = definition.resolve ?? defaultFieldResolver;
    definition.resolve = (source, values: Record<string, unknown>, ctx, info) => {
      for (const arg of args) checkPageArgument(values, arg);
      return resolve(source, values, ctx, info);
    };
  }
}

function checkPageArgument(values: Record<string, unknown>, { path, kind }: PageArgument): void {
  let value: unknown = values;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return;
    value = (value as Record<string, unknown>)[key];
  }
  if (typeof value !== 'number') return;
  const name = path.join('.');
  if (kind === 'offset' && value < 0) throw invalid(name, `must be 0 or more, got ${value}`);
  if (kind === 'size' && (value < 0 || value > MAX_PAGE_SIZE))
    throw invalid(name, `must be from 0 to ${MAX_PAGE_SIZE}, got ${value}`);
}
