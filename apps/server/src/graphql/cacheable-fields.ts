import {
  GraphQLObjectType,
  OperationTypeNode,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';

/**
 * Fields whose value is a function of committed database rows and the caller alone — no clock, no signed or
 * expiring URL (a `label` with a stored mask signs one, which the route notices and then keeps nothing), no
 * in-memory, Redis or file state, and no write while reading. A query document selecting only these may be answered
 * from the response cache (cache/response-cache.ts) while the data version has not moved. Add a field only after
 * reading its resolver and the service calls behind it.
 */
export const CACHEABLE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Query: [
    'user',
    'organization',
    'dataset',
    'datasets',
    'dataRow',
    'datasetDataRows',
    'project',
    'projects',
    'label',
  ],
  User: [
    'id',
    'email',
    'name',
    'nickname',
    'picture',
    'intercomHash',
    'isViewer',
    'isExternalUser',
    'timezone',
    'createdAt',
    'updatedAt',
    'role',
    'organization',
  ],
  Role: ['id', 'name'],
  Organization: ['id', 'name', 'createdAt', 'updatedAt'],
  Dataset: ['id', 'name', 'description', 'rowCount', 'createdAt', 'updatedAt', 'createdBy', 'organization'],
  DataRow: [
    'id',
    'rowData',
    'externalId',
    'globalKey',
    'mediaAttributes',
    'mediaType',
    'createdAt',
    'updatedAt',
    'dataset',
    'createdBy',
    'organization',
  ],
  DataRowPage: ['nodes', 'pageInfo'],
  DataRowPageInfo: ['hasNextPage', 'startCursor', 'endCursor'],
  Project: [
    'id',
    'name',
    'description',
    'createdAt',
    'updatedAt',
    'lastActivityTime',
    'setupComplete',
    'dataRowCount',
    'labelCount',
    'allowedMediaType',
    'editorTaskType',
    'uploadType',
    'queueMode',
    'autoAuditNumberOfLabels',
    'autoAuditPercentage',
    'isBenchmarkEnabled',
    'isConsensusEnabled',
    'modelSetupComplete',
    'deleted',
    'createdBy',
    'organization',
    'batches',
    'labels',
  ],
  Batch: ['id', 'name', 'size', 'createdAt', 'updatedAt', 'consensusSettingsJson', 'createdBy', 'project'],
  BatchPage: ['nodes', 'pageInfo'],
  BatchPageInfo: ['endCursor', 'hasNextPage'],
  Label: [
    'id',
    'label',
    'createdAt',
    'updatedAt',
    'secondsToLabel',
    'secondsToCreate',
    'secondsToReview',
    'agreement',
    'benchmarkAgreement',
    'isBenchmarkReference',
    'deleted',
    'type',
    'createdBy',
    'dataRow',
    'project',
  ],
  LabelType: ['id', 'name'],
};

/** Throws at startup if the list names a type or field the schema does not have (a rename must not go unnoticed). */
export function checkCacheableFields(schema: GraphQLSchema): void {
  for (const [typeName, fields] of Object.entries(CACHEABLE_FIELDS)) {
    const type = schema.getType(typeName);
    if (!(type instanceof GraphQLObjectType)) throw new Error(`CACHEABLE_FIELDS: no object type ${typeName}`);
    for (const field of fields) {
      if (!type.getFields()[field]) throw new Error(`CACHEABLE_FIELDS: no field ${typeName}.${field}`);
    }
  }
}

const allowed = new Map(Object.entries(CACHEABLE_FIELDS).map(([type, fields]) => [type, new Set(fields)]));

/** Whether a (valid) document is queries only and selects only cacheable fields (`__typename` included). */
export function isCacheableDocument(schema: GraphQLSchema, document: DocumentNode): boolean {
  let cacheable = true;
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      OperationDefinition(node) {
        if (node.operation !== OperationTypeNode.QUERY) cacheable = false;
      },
      Field(node) {
        if (node.name.value === '__typename') return;
        const parent = typeInfo.getParentType();
        if (!parent || !allowed.get(parent.name)?.has(node.name.value)) cacheable = false;
      },
    }),
  );
  return cacheable;
}
