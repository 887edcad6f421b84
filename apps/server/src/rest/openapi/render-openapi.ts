import { REST_OPERATIONS, type RestOperation } from './operations.ts';

const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');
const pathParams = (path: string) => [...path.matchAll(/:(\w+)/g)].map((m) => m[1]!);

const FORMAT_NOTE = 'coco | yolo | voc | conll | masks';

function operation(o: RestOperation) {
  const ls = o.tag === 'Label Studio';
  const errors = ls ? '#/components/schemas/LabelStudioError' : '#/components/schemas/LabelboxError';
  const success = o.status ?? 200;
  return {
    tags: [o.tag],
    summary: o.summary,
    operationId: `${o.method.toLowerCase()}${openApiPath(o.path)
      .replace(/[{}]/g, '')
      .split(/[/-]/)
      .filter(Boolean)
      .map((p) => p[0]!.toUpperCase() + p.slice(1))
      .join('')}`,
    ...(o.public ? { security: [] } : {}),
    parameters: [
      ...pathParams(o.path).map((name) => ({
        name,
        in: 'path',
        required: true,
        schema: { type: 'string' },
        ...(name === 'format' ? { description: FORMAT_NOTE } : {}),
      })),
      ...(o.query ?? []).map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' } })),
    ],
    ...(o.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { type: 'object', additionalProperties: true } } },
          },
        }
      : {}),
    responses: {
      [String(success)]:
        success === 204
          ? { description: 'Done' }
          : {
              description: 'OK',
              content: { 'application/json': { schema: { type: ['object', 'array'] } } },
            },
      '400': { description: 'Invalid input (the message names the field)', content: json(errors) },
      ...(o.public
        ? {}
        : { '401': { description: 'Missing or invalid credentials', content: json(errors) } }),
      '403': { description: 'Your role does not allow this', content: json(errors) },
      '404': { description: 'Not found, or not visible to you', content: json(errors) },
    },
  };
}

const json = (ref: string) => ({ 'application/json': { schema: { $ref: ref } } });

/** api/openapi.json: the REST faces' OpenAPI 3.1 document, rendered from `REST_OPERATIONS`. */
export function renderOpenApi(): string {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const o of REST_OPERATIONS) {
    (paths[openApiPath(o.path)] ??= {})[o.method.toLowerCase()] = operation(o);
  }
  const doc = {
    openapi: '3.1.0',
    info: {
      title: 'Labelyard REST API',
      version: '0.1.0',
      description:
        "Labelyard's REST faces: Label Studio's /api (the Label Studio SDKs work unchanged; every path also " +
        'answers with a trailing slash) and Labelbox-style /api/v1 (ontology upkeep, standard-format exports). ' +
        'The GraphQL API is described by api/schema.graphql.',
    },
    servers: [{ url: 'http://127.0.0.1:8080' }],
    security: [{ bearer: [] }, { token: [] }],
    tags: [
      { name: 'Label Studio', description: 'Label Studio-compatible REST (docs/label-studio.md)' },
      { name: 'Labelbox REST', description: "Labelbox's REST calls used by its SDK" },
      { name: 'Exports', description: 'Standard-format exports, streamed' },
    ],
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API key, or a Label Studio access token from POST /api/token/refresh/',
        },
        token: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description: 'Label Studio legacy form: "Token <API key>"',
        },
      },
      schemas: {
        LabelStudioError: {
          type: 'object',
          properties: {
            status_code: { type: 'integer' },
            detail: { type: 'string' },
            validation_errors: { type: 'object', additionalProperties: true },
          },
        },
        LabelboxError: {
          type: 'object',
          properties: {
            message: { type: 'string' },
            errors: { type: 'array', items: { type: 'object', additionalProperties: true } },
          },
        },
      },
    },
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
