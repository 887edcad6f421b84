/**
 * The error registry: every error a service throws has a code here. The GraphQL edge turns it into
 * `extensions.code` (the Labelbox SDK maps those codes to exceptions); the REST edges into their envelopes.
 * docs/errors.md has a row per code.
 */
export const errorCodes = {
  AUTHENTICATION_ERROR: { status: 401, graphqlCode: 'AUTHENTICATION_ERROR' },
  AUTHORIZATION_ERROR: { status: 403, graphqlCode: 'AUTHORIZATION_ERROR' },
  RESOURCE_NOT_FOUND: { status: 404, graphqlCode: 'RESOURCE_NOT_FOUND' },
  RESOURCE_CONFLICT: { status: 409, graphqlCode: 'RESOURCE_CONFLICT' },
  MALFORMED_REQUEST: { status: 400, graphqlCode: 'MALFORMED_REQUEST' },
  OPERATION_NOT_ALLOWED: { status: 422, graphqlCode: 'OPERATION_NOT_ALLOWED' },
  RATE_LIMITED: { status: 429, graphqlCode: 'RATE_LIMITED' },
  PAYLOAD_TOO_LARGE: { status: 413, graphqlCode: 'MALFORMED_REQUEST' },
  /** Over the query depth, alias, cost or mutations-per-request limits (message: "Query complexity limit exceeded"). */
  QUERY_COMPLEXITY_EXCEEDED: { status: 400, graphqlCode: 'GRAPHQL_VALIDATION_FAILED' },
  INTERNAL: { status: 500, graphqlCode: 'INTERNAL_SERVER_ERROR' },
} as const;

export type ErrorCode = keyof typeof errorCodes;

export class AppError extends Error {
  readonly code: ErrorCode;
  /** The input field the error is about, as a dotted path (e.g. `data.name`). */
  readonly field: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { field?: string; details?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.field = options.field;
    this.details = options.details;
  }

  get status(): number {
    return errorCodes[this.code].status;
  }
}

export const notFound = (entity: string, id: string): AppError =>
  new AppError('RESOURCE_NOT_FOUND', `${entity} not found: ${id}`, { details: { entity, id } });

export const invalid = (field: string, problem: string): AppError =>
  new AppError('MALFORMED_REQUEST', `Invalid ${field}: ${problem}`, { field });

export const conflict = (message: string, field?: string): AppError =>
  new AppError('RESOURCE_CONFLICT', message, field === undefined ? {} : { field });

export const notAllowed = (message: string): AppError => new AppError('OPERATION_NOT_ALLOWED', message);
