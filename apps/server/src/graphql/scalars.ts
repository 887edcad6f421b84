import { GraphQLError, GraphQLScalarType, Kind, valueFromASTUntyped, type ValueNode } from 'graphql';
import { parseDateTime } from '../time.ts';
import { UploadedFile } from './uploaded-file.ts';

const fail = (message: string): never => {
  throw new GraphQLError(message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
};

/** What `Date.prototype.toISOString` writes, i.e. how every time is stored: sent as is, without a parse. */
const CANONICAL_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export const DateTime = new GraphQLScalarType({
  name: 'DateTime',
  description: 'ISO-8601 UTC time; sent as 2024-10-16T12:00:00.000Z, accepted with or without milliseconds.',
  serialize: (value) => {
    if (value instanceof Date) return value.toISOString();
    if (typeof value === 'string') return CANONICAL_ISO.test(value) ? value : (parseDateTime(value) ?? value);
    return fail(`DateTime cannot represent ${String(value)}`);
  },
  parseValue: (value) =>
    (typeof value === 'string' ? parseDateTime(value) : null) ??
    fail(`DateTime cannot represent ${JSON.stringify(value)}`),
  parseLiteral: (ast) =>
    (ast.kind === Kind.STRING ? parseDateTime(ast.value) : null) ??
    fail('DateTime must be an ISO-8601 string'),
});

export const Json = new GraphQLScalarType({
  name: 'Json',
  description: 'Any JSON value; objects are returned as objects.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast: ValueNode, variables) => valueFromASTUntyped(ast, variables),
});

function pageSize(value: unknown): number {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 100) {
    return fail(`PageSize must be an integer from 1 to 100, got ${JSON.stringify(value)}`);
  }
  return n;
}

export const PageSize = new GraphQLScalarType({
  name: 'PageSize',
  description: 'A page size: an integer from 1 to 100.',
  serialize: (value) => value,
  parseValue: pageSize,
  parseLiteral: (ast) =>
    ast.kind === Kind.INT ? pageSize(Number(ast.value)) : fail('PageSize must be an integer from 1 to 100'),
});

function uint64(value: unknown): number {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    return fail(`UInt64 must be a non-negative integer, got ${JSON.stringify(value)}`);
  }
  return n;
}

export const UInt64 = new GraphQLScalarType({
  name: 'UInt64',
  description: 'A non-negative integer, sent as a number or a decimal string.',
  serialize: (value) => value,
  parseValue: uint64,
  parseLiteral: (ast) =>
    ast.kind === Kind.INT || ast.kind === Kind.STRING ? uint64(ast.value) : fail('UInt64 must be an integer'),
});

export const Upload = new GraphQLScalarType({
  name: 'Upload',
  description: 'A file part of a GraphQL multipart request.',
  serialize: () => fail('Upload is an input-only type'),
  parseValue: (value) =>
    value instanceof UploadedFile ? value : fail('Upload must be a file part of a multipart request'),
  parseLiteral: () => fail('Upload must be sent as a variable in a multipart request'),
});

export const scalars = { DateTime, Json, PageSize, UInt64, Upload };
