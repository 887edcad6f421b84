import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  getOperationAST,
  OperationTypeNode,
  specifiedRules,
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
} from 'graphql';
import { DocumentCache } from '../cache/document-cache.ts';
import { ResponseCache } from '../cache/response-cache.ts';
import { checkCacheableFields, isCacheableDocument } from '../graphql/cacheable-fields.ts';
import { createContext } from '../graphql/context.ts';
import { formatError } from '../graphql/format-error.ts';
import { readMultipartOperation } from '../graphql/multipart.ts';
import { DEFAULT_QUERY_LIMITS, queryLimitsRule } from '../graphql/query-cost.ts';
import { QueryExecutor } from '../graphql/query-executor.ts';
import { explorerPage, wantsExplorer } from './api-explorer.ts';
import type { AppContext } from './app-context.ts';
import { UploadAbortedError } from './body-watchdog.ts';
import { jsonBytes, type JsonLiterals } from './json-bytes.ts';
import { NUL_MESSAGE, nulPath } from '../nul-text.ts';

/** A NUL in a string literal of the document: raw, or escaped as `\u0000` or `\u{0}`. */
const NUL_IN_DOCUMENT = /\\u0000|\\u\{0+\}/i;

type GraphQLRequestBody = { query?: unknown; variables?: unknown; operationName?: unknown };

/** Set on answers the response cache could serve: `hit` when it did, `miss` when the query ran. */
export const RESPONSE_CACHE_HEADER = 'x-labelyard-cache';
const JSON_TYPE = 'application/json; charset=utf-8';

/** `Cache-Control: no-cache` (or `no-store`) asks for an answer computed afresh. */
const wantsFresh = (request: FastifyRequest) =>
  /no-cache|no-store/i.test(request.headers['cache-control'] ?? '');

const errorBody = (message: string, code: string) => ({
  data: null,
  errors: [{ message, extensions: { code } }],
});

/** The Labelbox face: the same schema on `/graphql` and `/_gql` (the SDK sends batch operations to `/_gql`). */
export function registerGraphQLRoutes(
  app: FastifyInstance,
  schema: GraphQLSchema,
  ctx: AppContext,
  // Depth, alias, cost and mutation limits are a validation rule run before graphql-js's own (some of which are
  // quadratic in the number of fields), so an abusive document is refused cheaply and the cache keeps the verdict.
  documents = new DocumentCache({
    rules: specifiedRules,
    gateRules: [queryLimitsRule(DEFAULT_QUERY_LIMITS)],
  }),
  responses = new ResponseCache(),
  executor = new QueryExecutor(schema),
): void {
  // Queries selecting only fields that are a function of the database and the caller (graphql/cacheable-fields.ts)
  // are answered from `responses` while the data version (one cheap query) is unchanged.
  checkCacheableFields(schema);
  const dataVersion = ctx.database.dataVersion;
  const cacheable = new WeakMap<DocumentNode, number | null>();
  let documentIds = 0;
  const cacheIdOf = (document: DocumentNode) => {
    let id = cacheable.get(document);
    if (id === undefined) {
      id = isCacheableDocument(schema, document) ? ++documentIds : null;
      cacheable.set(document, id);
    }
    return id;
  };

  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const actor = request.actor;
    if (!actor) return reply.code(401).send(errorBody('Invalid API key', 'AUTHENTICATION_ERROR'));

    let body: GraphQLRequestBody;
    if (request.method === 'GET') {
      const q = request.query as Record<string, string | undefined>;
      body = {
        query: q.query,
        variables: q.variables ? safeJson(q.variables) : undefined,
        operationName: q.operationName,
      };
    } else if (request.isMultipart()) {
      try {
        body = await readMultipartOperation(request, actor, ctx.blobs, { stallMs: ctx.config.uploadStallMs });
      } catch (error) {
        if (error instanceof UploadAbortedError) {
          request.log.info({ reason: error.message }, 'upload aborted');
          return reply
            .code(408)
            .header('connection', 'close')
            .send(errorBody(error.message, 'MALFORMED_REQUEST'));
        }
        const message = error instanceof Error ? error.message : String(error);
        return reply.code(400).send(errorBody(`Invalid multipart request: ${message}`, 'MALFORMED_REQUEST'));
      }
    } else {
      body = (request.body ?? {}) as GraphQLRequestBody;
    }

    if (typeof body.query !== 'string' || body.query.trim() === '') {
      return reply.code(400).send(errorBody('Request must contain a "query" string', 'GRAPHQL_PARSE_FAILED'));
    }
    const variables = body.variables ?? null;
    if (variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) {
      return reply.code(400).send(errorBody('"variables" must be an object', 'GRAPHQL_VALIDATION_FAILED'));
    }
    const nul = variables === null ? null : nulPath(variables, 'variables');
    // A query string the document cache holds was checked for NULs when it first came (it is refused before).
    const known = documents.get(schema, body.query);
    if (nul !== null || (!known && (body.query.includes('\u0000') || NUL_IN_DOCUMENT.test(body.query)))) {
      return reply.send(errorBody(`Invalid ${nul ?? 'query'}: text ${NUL_MESSAGE}`, 'MALFORMED_REQUEST'));
    }

    // Multipart requests parsed the query already to check their map; the cache holds the same document.
    const prepared = known ?? documents.prepare(schema, body.query);
    if (!prepared.ok && prepared.stage === 'parse') {
      return reply.send(errorBody(prepared.errors[0]!.message, 'GRAPHQL_PARSE_FAILED'));
    }
    if (!prepared.ok) {
      return reply.send({
        data: null,
        errors: prepared.errors.map((e) => ({
          message: e.message,
          locations: e.locations,
          extensions: { ...e.extensions, code: 'GRAPHQL_VALIDATION_FAILED' },
        })),
      });
    }
    const document = prepared.document;
    const operationName = typeof body.operationName === 'string' ? body.operationName : undefined;
    const operation = getOperationAST(document, operationName);
    if (request.method === 'GET' && operation?.operation !== OperationTypeNode.QUERY) {
      return reply.code(405).send(errorBody('Only queries may be sent with GET', 'OPERATION_NOT_ALLOWED'));
    }

    const origin =
      ctx.config.publicUrl ??
      `${request.protocol}://${request.headers.host ?? `${ctx.config.host}:${ctx.config.port}`}`;

    const documentId = cacheIdOf(document);
    let cacheKey: string | undefined;
    let version: string | undefined;
    if (documentId !== null) {
      // Everything the answer may depend on besides the data: the document, the operation, the variables, who
      // asks (organization, user, role) and the origin of the URLs handed out.
      cacheKey = `${documentId}\u0000${operationName ?? ''}\u0000${actor.organizationId}\u0000${actor.userId}\u0000${actor.role}\u0000${origin}\u0000${variables === null ? '' : JSON.stringify(variables)}`;
      // An answer asked for afresh is neither looked up nor kept, so it needs no data version either.
      if (!wantsFresh(request)) {
        // SQLite reads it synchronously; awaiting a string would still cost a turn of the microtask queue.
        const read = dataVersion();
        version = typeof read === 'string' ? read : await read;
        const hit = responses.get(cacheKey, version);
        if (hit)
          return reply.header('content-type', JSON_TYPE).header(RESPONSE_CACHE_HEADER, 'hit').send(hit);
      }
    }

    // A signed URL expires, so an answer holding one is never kept.
    let signed = false;
    const jsonLiterals: JsonLiterals = new Map();
    const result = await executor.execute({
      document,
      variableValues: variables as Record<string, unknown> | null,
      operationName,
      contextValue: createContext({
        actor,
        services: ctx.services,
        origin,
        fileUrl: (key, range) => {
          signed = true;
          return origin + ctx.signer.sign({ key, start: range?.start, end: range?.end });
        },
        jsonLiterals,
      }),
    });
    const errors = result.errors?.map((e: GraphQLError) => formatError(e, request.log));
    const payload = { data: result.data ?? null, ...(errors ? { errors } : {}) };
    if (cacheKey === undefined && jsonLiterals.size === 0) return reply.send(payload);
    // An answer holding kept literals (a labels page) is written as bytes directly; others as JSON.stringify's text.
    const rendered = jsonLiterals.size > 0 ? jsonBytes(payload, jsonLiterals) : JSON.stringify(payload);
    reply.header('content-type', JSON_TYPE);
    if (cacheKey === undefined) return reply.send(rendered);
    // Kept as a copy of its own size (written bytes sit in a larger buffer).
    if (version !== undefined && !errors && !signed) responses.set(cacheKey, version, Buffer.from(rendered));
    return reply.header(RESPONSE_CACHE_HEADER, 'miss').send(rendered);
  };

  const explorer = explorerPage();
  for (const path of ['/graphql', '/_gql']) {
    app.post(path, handler);
    app.get(path, { config: { apiExplorer: path === '/graphql' } }, async (request, reply) =>
      path === '/graphql' && wantsExplorer(request) ? explorer(reply) : handler(request, reply),
    );
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
