import http from 'node:http';

/** Operation texts exactly as the Labelbox SDK 6.0 sends them (labelbox/client.py, labelbox/schema/project.py). */
export const ONTOLOGY_FIELDS =
  'classificationSchemaCount createdAt description name normalized objectSchemaCount id updatedAt';
export const CREATE_ONTOLOGY = `mutation upsertRootSchemaNodePyApi($data:  UpsertOntologyInput!){
                           upsertOntology(data: $data){ ${ONTOLOGY_FIELDS} }
        } `;
export const GET_ONTOLOGY = `query GetOntologyPyApi($param_0: ID!){ontology(where: {id: $param_0}){${ONTOLOGY_FIELDS}}}`;
export const GET_ONTOLOGIES = `query getOntologiesPyApi($search: String, $filter: OntologyFilter, $from : String, $first: PageSize){
            ontologies(where: {filter: $filter, search: $search}, after: $from, first: $first){
                nodes {${ONTOLOGY_FIELDS}}
                nextCursor
            }
        }
        `;
export const CREATE_FEATURE_SCHEMA = `mutation upsertRootSchemaNodePyApi($data:  UpsertRootSchemaNodeInput!){
                        upsertRootSchemaNode(data: $data){ name name normalized id }
        } `;
export const GET_FEATURE_SCHEMA = `query rootSchemaNodePyApi($rootSchemaNodeWhere: RootSchemaNodeWhere!){
              rootSchemaNode(where: $rootSchemaNodeWhere){name name normalized id}
        }`;
export const GET_FEATURE_SCHEMAS = `query rootSchemaNodesPyApi($search: String, $filter: RootSchemaNodeFilter, $from : String, $first: PageSize){
            rootSchemaNodes(where: {filter: $filter, search: $search}, after: $from, first: $first){
                nodes {name name normalized id}
                nextCursor
            }
        }
        `;
export const CREATE_PROJECT =
  'mutation CreateProjectPyApi($name: String!, $allowedMediaType: MediaType!, $autoAuditPercentage: Float!, $autoAuditNumberOfLabels: Int!, $isBenchmarkEnabled: Boolean!, $isConsensusEnabled: Boolean!){createProject(data: {name: $name allowedMediaType: $allowedMediaType autoAuditPercentage: $autoAuditPercentage autoAuditNumberOfLabels: $autoAuditNumberOfLabels isBenchmarkEnabled: $isBenchmarkEnabled isConsensusEnabled: $isConsensusEnabled}) {autoAuditNumberOfLabels autoAuditPercentage createdAt dataRowCount description editorTaskType isBenchmarkEnabled isConsensusEnabled lastActivityTime allowedMediaType modelSetupComplete name setupComplete id updatedAt uploadType}}';
export const GET_PROJECT_ONTOLOGY = `query GetProjectOntologyPyApi($param_0: ID!){project(where: {id: $param_0}){ontology{${ONTOLOGY_FIELDS}}}}`;
export const CONNECT_ONTOLOGY = `mutation ConnectOntologyPyApi($projectId: ID!, $ontologyId: ID!){
            project(where: {id: $projectId}) {connectOntology(ontologyId: $ontologyId) {id}}}`;
export const DELETE_PROJECT =
  'mutation deleteProjectPyApi($ProjectId: ID!){updateProject( where: {id: $ProjectId} data: {deleted: true}) {id}}';

export const projectVariables = (name: string) => ({
  name,
  allowedMediaType: 'IMAGE',
  autoAuditPercentage: 0,
  autoAuditNumberOfLabels: 3,
  isBenchmarkEnabled: true,
  isConsensusEnabled: true,
});

/** `OntologyBuilder(...).asdict()` for the SDK integration tests' `ontology` fixture (Box 1, Box 2, Root Class). */
export const builderOntology = () => ({
  tools: [
    {
      tool: 'rectangle',
      name: 'Box 1',
      required: false,
      color: '#ff0000',
      classifications: [],
      schemaNodeId: null,
      featureSchemaId: null,
    },
    {
      tool: 'rectangle',
      name: 'Box 2',
      required: false,
      color: null,
      classifications: [
        {
          type: 'radio',
          instructions: 'occluded',
          name: 'occluded',
          required: false,
          options: [
            { schemaNodeId: null, featureSchemaId: null, label: 'yes', value: 'yes', options: [] },
            { schemaNodeId: null, featureSchemaId: null, label: 'no', value: 'no', options: [] },
          ],
          schemaNodeId: null,
          featureSchemaId: null,
        },
      ],
      schemaNodeId: null,
      featureSchemaId: null,
    },
  ],
  classifications: [
    {
      type: 'radio',
      instructions: 'Root Class',
      name: 'Root Class',
      required: false,
      options: [
        { schemaNodeId: null, featureSchemaId: null, label: 'Option 1', value: '1', options: [] },
        { schemaNodeId: null, featureSchemaId: null, label: 'Option 2', value: '2', options: [] },
      ],
      schemaNodeId: null,
      featureSchemaId: null,
      scope: 'global',
    },
  ],
});

/** The SDK's `Tool(tool=POINT, name="name", color="#ff0000").asdict()`. */
export const pointTool = (name = 'name') => ({
  tool: 'point',
  name,
  required: false,
  color: '#ff0000',
  classifications: [],
  schemaNodeId: null,
  featureSchemaId: null,
});

export type RestResponse = { status: number; body: any };

/**
 * A REST call as `requests` makes it: JSON content type on every method, and GET requests that carry a JSON body
 * (which `fetch` refuses to send).
 */
export function rest(
  baseUrl: string,
  key: string | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<RestResponse> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const url = new URL(`/api/v1${path}`, baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method,
        headers: {
          accept: 'application/json',
          'content-type': 'application/json',
          ...(key ? { authorization: `Bearer ${key}` } : {}),
          ...(payload === undefined ? {} : { 'content-length': Buffer.byteLength(payload) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, body: text === '' ? null : JSON.parse(text) });
        });
      },
    );
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** Every node of a normalized ontology (tools, classifications and options at any depth). */
export function everyNode(normalized: { tools: any[]; classifications: any[] }): any[] {
  const out: any[] = [];
  const classification = (c: any) => {
    out.push(c);
    for (const o of c.options ?? []) {
      out.push(o);
      (o.options ?? []).forEach(classification);
    }
  };
  for (const t of normalized.tools) {
    out.push(t);
    t.classifications.forEach(classification);
  }
  normalized.classifications.forEach(classification);
  return out;
}
