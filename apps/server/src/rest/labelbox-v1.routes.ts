import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../auth/actor.ts';
import { AppError, invalid } from '../errors.ts';
import type { AppContext } from '../http/app-context.ts';
import type { FeatureSchemaRecord } from '../services/feature-schema.service.ts';
import type { OntologyRecord } from '../services/ontology.service.ts';
import { restAccessHook } from './rest-access.ts';

/** Labelbox's REST routes beside the GraphQL API (`rest_endpoint` = `/api/v1`). Every error body is JSON with `message`. */
export function registerLabelboxRestRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.register(
    async (scope) => {
      scope.addHook('preHandler', restAccessHook(ctx));
      scope.setErrorHandler((error, request, reply) => sendRestError(error, reply, request.log));
      registerOntologyRoutes(scope, ctx);
    },
    { prefix: '/api/v1' },
  );
}

export function sendRestError(
  error: unknown,
  reply: FastifyReply,
  log: { error: (o: object, m: string) => void },
) {
  if (error instanceof AppError)
    return reply.code(error.status).send({ message: error.message, code: error.code });
  const e = error as { statusCode?: number; message?: string };
  if (e.statusCode && e.statusCode < 500)
    return reply.code(e.statusCode).send({ message: e.message ?? 'Bad request' });
  log.error({ err: error }, 'unhandled REST error');
  return reply.code(500).send({ message: 'Internal server error' });
}

const MAX_GET_BODY_BYTES = 64 * 1024;
const NEW_FEATURE_SCHEMA = 'new_feature_schema_id';

type Params = { id: string; ontologyId: string; featureSchemaId: string };

const actorOf = (request: FastifyRequest): Actor => request.actor!;

function objectBody(body: unknown): Record<string, unknown> {
  if (body == null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw invalid('body', 'must be a JSON object');
  return body as Record<string, unknown>;
}

/**
 * The `after` cursor of the `…/unused` routes. The SDK sends it as a JSON body on a GET, which Fastify does not
 * parse for GETs, so the raw body is read here; `?after=` works too. Missing means the first page.
 */
async function afterCursor(request: FastifyRequest): Promise<string | null> {
  const query = (request.query as { after?: string } | undefined)?.after;
  if (query) return query;
  let body = request.body;
  if (body === undefined && !request.raw.readableEnded) {
    let size = 0;
    const parts: Buffer[] = [];
    for await (const chunk of request.raw) {
      size += (chunk as Buffer).length;
      if (size > MAX_GET_BODY_BYTES) throw invalid('body', `must be at most ${MAX_GET_BODY_BYTES} bytes`);
      parts.push(chunk as Buffer);
    }
    const text = Buffer.concat(parts).toString('utf8').trim();
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        throw invalid('body', 'is not valid JSON');
      }
    }
  }
  const after = objectBody(body).after;
  if (after == null || after === '') return null;
  if (typeof after !== 'string')
    throw invalid('after', 'must be a feature schema or ontology id (string) or null');
  return after;
}

function restFeatureSchema(record: FeatureSchemaRecord) {
  return {
    schemaId: record.node.featureSchemaId,
    featureSchemaId: record.node.featureSchemaId,
    schemaNodeId: record.node.schemaNodeId,
    name: record.node.name,
    normalized: record.node,
  };
}

/** The ontology with its root features, archived ones included (what `client.is_feature_schema_archived` reads). */
function restOntology(record: OntologyRecord) {
  const { row, full } = record;
  const node = (root: { archived?: boolean }, position: number) => ({
    ...root,
    archived: root.archived === true,
    position,
  });
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    mediaType: row.media_type,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    normalized: record.normalized,
    featureSchemaNodes: {
      tools: full.tools.map(node),
      classifications: full.classifications.map(node),
      // Relationship tools (`edge`) are listed with the tools.
      relationships: [],
    },
  };
}

/** Feature-schema and ontology maintenance (§3.4.2 of the Labelbox wire reference): exact status codes matter. */
function registerOntologyRoutes(scope: FastifyInstance, ctx: AppContext): void {
  const { featureSchemas, ontologies } = ctx.services;

  // Static paths before parametric ones are matched first by Fastify's router, whatever the order here.
  scope.get('/feature-schemas/unused', async (request) =>
    featureSchemas.listUnused(actorOf(request), await afterCursor(request)),
  );
  scope.get('/ontologies/unused', async (request) =>
    ontologies.listUnused(actorOf(request), await afterCursor(request)),
  );

  scope.put<{ Params: Pick<Params, 'id'> }>('/feature-schemas/:id', async (request) => {
    const { normalized } = objectBody(request.body);
    if (normalized == null) throw invalid('normalized', 'is required');
    const target = request.params.id === NEW_FEATURE_SCHEMA ? undefined : request.params.id;
    return restFeatureSchema(await featureSchemas.upsert(actorOf(request), normalized, target));
  });

  scope.patch<{ Params: Pick<Params, 'id'> }>('/feature-schemas/:id/definition', async (request) =>
    restFeatureSchema(
      await featureSchemas.updateTitle(actorOf(request), request.params.id, objectBody(request.body).title),
    ),
  );

  scope.delete<{ Params: Pick<Params, 'id'> }>('/feature-schemas/:id', async (request, reply) => {
    await featureSchemas.deleteUnused(actorOf(request), request.params.id);
    return reply.code(204).send();
  });

  scope.get<{ Params: Pick<Params, 'id'> }>('/ontologies/:id', async (request) =>
    restOntology(await ontologies.get(actorOf(request), request.params.id)),
  );

  scope.delete<{ Params: Pick<Params, 'id'> }>('/ontologies/:id', async (request, reply) => {
    await ontologies.deleteUnused(actorOf(request), request.params.id);
    return reply.code(204).send();
  });

  scope.post<{ Params: Omit<Params, 'id'> }>(
    '/ontologies/:ontologyId/feature-schemas/:featureSchemaId',
    async (request, reply) => {
      const { ontologyId, featureSchemaId } = request.params;
      const { position } = objectBody(request.body);
      await ontologies.insertFeature(actorOf(request), ontologyId, featureSchemaId, position);
      return reply.code(201).send({ ontologyId, featureSchemaId, position: position ?? null });
    },
  );

  scope.delete<{ Params: Omit<Params, 'id'> }>(
    '/ontologies/:ontologyId/feature-schemas/:featureSchemaId',
    async (request) => {
      const { ontologyId, featureSchemaId } = request.params;
      return ontologies.removeFeature(actorOf(request), ontologyId, featureSchemaId);
    },
  );

  scope.patch<{ Params: Omit<Params, 'id'> }>(
    '/ontologies/:ontologyId/feature-schemas/:featureSchemaId/unarchive',
    async (request) => {
      const { ontologyId, featureSchemaId } = request.params;
      await ontologies.unarchiveFeature(actorOf(request), ontologyId, featureSchemaId);
      return { unarchived: true };
    },
  );
}
