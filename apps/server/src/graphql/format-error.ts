import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { AppError, errorCodes } from '../errors.ts';

/** Database uniqueness violations that slip past a service's own checks become conflicts, not 500s. */
function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | null;
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

/**
 * Every error leaves as `{message, path, extensions: {code}}` with a code the Labelbox SDK maps to an exception.
 * Unexpected errors are logged and reported as INTERNAL_SERVER_ERROR with HTTP 200 — never a 5xx, which the SDK
 * would retry (re-running a mutation that may have committed).
 */
export function formatError(error: GraphQLError, logger: Pick<Logger, 'error'>): GraphQLFormattedError {
  const original = error.originalError;
  const base = {
    message: error.message,
    ...(error.locations ? { locations: error.locations } : {}),
    ...(error.path ? { path: error.path } : {}),
  };
  if (original instanceof AppError) {
    // Export calls: the SDK raises MalformedQueryException(error["errors"]), so that member must exist.
    const listed = original.details?.errors !== undefined ? { errors: original.details.errors } : {};
    return {
      ...base,
      ...listed,
      message: original.message,
      extensions: {
        code: errorCodes[original.code].graphqlCode,
        ...(original.field ? { field: original.field } : {}),
        ...(original.details ? { details: original.details } : {}),
      },
    };
  }
  if (original instanceof GraphQLError && original.extensions.code) {
    return { ...base, extensions: { code: original.extensions.code } };
  }
  if (error.extensions.code) return { ...base, extensions: { ...error.extensions } };
  if (original && isUniqueViolation(original)) {
    return { ...base, message: 'The resource already exists', extensions: { code: 'RESOURCE_CONFLICT' } };
  }
  if (!original || original instanceof GraphQLError || !error.path) {
    // graphql-js validation and input coercion errors: no original error, a scalar's GraphQLError (`first: 1e12`
    // as an Int variable), or no path at all (variables are coerced before any field runs). The message names
    // the variable or argument.
    return { ...base, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } };
  }
  logger.error({ err: original, path: error.path }, 'unexpected resolver error');
  return {
    ...base,
    message: 'Internal server error',
    extensions: { code: 'INTERNAL_SERVER_ERROR', exception: { status: 500 } },
  };
}
