import assert from 'node:assert/strict';
import type { TestServer } from './harness.ts';

/** Operation texts exactly as the Labelbox Python SDK 6.0 sends them (whitespace aside). */
export const ops = {
  createDataset:
    'mutation CreateDatasetPyApi($name: String!, $description: String!){createDataset(data: {name: $name description: $description}) {createdAt description name rowCount id updatedAt}}',
  createDatasetNameOnly:
    'mutation CreateDatasetPyApi($name: String!){createDataset(data: {name: $name}) {createdAt description name rowCount id updatedAt}}',
  getDataset:
    'query GetDatasetPyApi($param_0: ID!){dataset(where: {id: $param_0}){createdAt description name rowCount id updatedAt}}',
  getDatasets:
    'query GetDatasetsPyApi($param_0: String!, $param_1: Boolean!){datasets(where: {AND: [{name: $param_0}, {deleted: $param_1}]} skip: 0 first: 100){createdAt description name rowCount id updatedAt}}',
  updateDataset:
    'mutation updateDatasetPyApi($name: String!, $DatasetId: ID!){updateDataset( where: {id: $DatasetId} data: {name: $name}) {createdAt description name rowCount id updatedAt}}',
  deleteDataset:
    'mutation deleteDatasetPyApi($DatasetId: ID!){updateDataset( where: {id: $DatasetId} data: {deleted: true}) {id}}',
  datasetCreatedBy:
    'query GetDatasetCreatedByPyApi($param_0: ID!){dataset(where: {id: $param_0}){createdBy{createdAt email intercomHash isExternalUser isViewer nickname name picture id updatedAt}}}',
  uploadFile:
    'mutation UploadFile($file: Upload!, $contentLength: Int!,\n                                            $sign: Boolean) {\n                            uploadFile(file: $file, contentLength: $contentLength,\n                                       sign: $sign) {url filename} } ',
  upsertDataRows:
    'mutation UpsertDataRowsPyApi($manifestUri: String!) { upsertDataRows(data: { manifestUri: $manifestUri }) { id createdAt updatedAt name status completionPercentage result errors type metadata } }',
  userTasks:
    'query GetUserCreatedTasksPyApi($param_0: ID!, $param_1: ID!){user(where: {id: $param_1}){createdTasks(where: {id: $param_0} skip: 0 first: 100){completionPercentage createdAt errors metadata name result status type id updatedAt}}}',
  successes:
    'query SuccessesfulDataRowImportsPyApi($taskId: ID!, $first: Int, $from: String)  { successesfulDataRowImports(data: { taskId: $taskId, first: $first, from: $from}) { nodes { id externalId globalKey rowData } after total } }',
  failures:
    'query FailedDataRowImportsPyApi($taskId: ID!, $first: Int, $from: String)  { failedDataRowImports(data: { taskId: $taskId, first: $first, from: $from}) { after total results { message spec { externalId globalKey rowData metadata { schemaId value name } attachments { type value name } } } } }',
  getDataRow:
    'query GetDataRowPyApi($param_0: ID!){dataRow(where: {id: $param_0}){createdAt externalId globalKey mediaAttributes customMetadata { schemaId value } metadataFields { schemaId name value kind } rowData id updatedAt}}',
  dataRowAttachments:
    'query GetDataRowAttachmentsPyApi($param_0: ID!){dataRow(where: {id: $param_0}){attachments(skip: 0 first: 100){name type value id}}}',
  datasetDataRows:
    'query DatasetDataRowsPyApi($id: ID!, $from: ID, $first: Int, $where: DatasetDataRowWhereInput)  { datasetDataRows(id: $id, from: $from, first: $first, where: $where) { nodes { createdAt externalId globalKey mediaAttributes customMetadata { schemaId value } metadataFields { schemaId name value kind } rowData id updatedAt } pageInfo { hasNextPage startCursor } } }',
  externalIds:
    'query externalIdsToDataRowIdsPyApi($externalId_in: [String!]!){ externalIdsToDataRowIds(externalId_in: $externalId_in) { dataRowId externalId } }',
  metadataOntology:
    'query GetMetadataOntologyBetaPyApi { customMetadataOntology { id name kind reserved options { id kind name reserved } }}',
  lookupStart:
    'query getDataRowsForGlobalKeysPyApi($globalKeys: [ID!]!) { dataRowsForGlobalKeys(where: {ids: $globalKeys}) { jobId}}',
  lookupResult:
    'query getDataRowsForGlobalKeysResultPyApi($jobId: ID!) { dataRowsForGlobalKeysResult(jobId: {id: $jobId}) { data { fetchedDataRows { id } notFoundGlobalKeys accessDeniedGlobalKeys } jobStatus}}',
  assignStart:
    'mutation assignGlobalKeysToDataRowsPyApi($globalKeyDataRowLinks: [AssignGlobalKeyToDataRowInput!]!) { assignGlobalKeysToDataRows(data: {assignInputs: $globalKeyDataRowLinks}) { jobId } }',
  assignResult:
    'query assignGlobalKeysToDataRowsResultPyApi($jobId: ID!) { assignGlobalKeysToDataRowsResult(jobId: {id: $jobId}) { jobStatus data { sanitizedAssignments { dataRowId globalKey } invalidGlobalKeyAssignments { dataRowId globalKey } unmodifiedAssignments { dataRowId globalKey } accessDeniedAssignments { dataRowId globalKey } }}}',
  clearStart:
    'mutation clearGlobalKeysPyApi($globalKeys: [ID!]!) { clearGlobalKeys(where: {ids: $globalKeys}) { jobId}}',
  clearResult:
    'query clearGlobalKeysResultPyApi($jobId: ID!) { clearGlobalKeysResult(jobId: {id: $jobId}) { data { clearedGlobalKeys failedToClearGlobalKeys notFoundGlobalKeys accessDeniedGlobalKeys } jobStatus}}',
  processed:
    'query CheckAllDataRowsHaveBeenProcessedPyApi($globalKeys: [ID!]) { queryAllDataRowsHaveBeenProcessed(globalKeys:$globalKeys) { allDataRowsHaveBeenProcessed } }',
};

/** `client.upload_data`: a multipart request with the SDK's part layout (chunks: filename and type swapped). */
export async function uploadData(
  sut: TestServer,
  content: string | Uint8Array,
  filename = 'application/json',
  contentType = 'json_import.json',
  key: string = sut.key,
): Promise<string> {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  const form = new FormData();
  form.append(
    'operations',
    JSON.stringify({
      variables: { file: null, contentLength: bytes.length, sign: false },
      query: ops.uploadFile,
    }),
  );
  form.append('map', JSON.stringify({ '1': ['variables.file'] }));
  form.append('1', new Blob([bytes], { type: contentType }), filename);
  const res = await fetch(`${sut.url}/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}` },
    body: form,
  });
  const body = (await res.json()) as { data: { uploadFile: { url: string } } | null; errors?: unknown };
  assert.equal(res.status, 200, JSON.stringify(body));
  assert.ok(body.data?.uploadFile.url, JSON.stringify(body));
  return body.data.uploadFile.url;
}

export async function createDataset(
  sut: TestServer,
  name = 'ds',
  description = '',
  key?: string,
): Promise<{ id: string; rowCount: number }> {
  return (await sut.data(ops.createDataset, { name, description }, key ? { key } : {})).createDataset;
}

/** `dataset.upsert_data_rows(items)` as the SDK does it: descriptor chunks → manifest → `upsertDataRows`. */
export async function upsertItems(
  sut: TestServer,
  datasetId: string,
  items: Array<Record<string, unknown>>,
  opts: { chunkSize?: number; key?: string } = {},
) {
  const descriptors = items.map((item) => {
    const { key, ...payload } = item;
    return { id: key ?? { type: 'AUTO', value: '' }, payload: { ...payload, dataset_id: datasetId } };
  });
  const size = opts.chunkSize ?? (descriptors.length || 1);
  const chunkUris: string[] = [];
  for (let i = 0; i < descriptors.length; i += size) {
    chunkUris.push(
      await uploadData(
        sut,
        JSON.stringify(descriptors.slice(i, i + size)),
        'application/json',
        'json_import.json',
        opts.key,
      ),
    );
  }
  const manifest = JSON.stringify({ source: 'SDK', item_count: items.length, chunk_uris: chunkUris });
  const manifestUri = await uploadData(sut, manifest, 'manifest.json', 'application/json', opts.key);
  const res = await sut.gql(ops.upsertDataRows, { manifestUri }, opts.key ? { key: opts.key } : {});
  assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
  return { task: res.body.data.upsertDataRows, manifestUri };
}

/** Every page of successes or failures, following `after` until null (as the SDK's paginator). */
export async function allPages(
  sut: TestServer,
  kind: 'successes' | 'failures',
  taskId: string,
  first = 5000,
  key?: string,
) {
  const items: any[] = [];
  let from: string | null = null;
  let total = -1;
  for (let i = 0; i < 1000; i++) {
    const data: any = await sut.data(ops[kind], { taskId, first, from }, key ? { key } : {});
    const page = kind === 'successes' ? data.successesfulDataRowImports : data.failedDataRowImports;
    items.push(...(kind === 'successes' ? page.nodes : page.results));
    total = page.total;
    if (!page.after) return { items, total };
    from = page.after;
  }
  throw new Error('pagination did not end');
}

/** Runs a global-key job the SDK way (start, then poll once) and returns the result data. */
export async function keyJob(
  sut: TestServer,
  kind: 'lookup' | 'assign' | 'clear',
  variables: Record<string, unknown>,
) {
  const start = await sut.data(ops[`${kind}Start`], variables);
  const jobId = (Object.values(start)[0] as { jobId: string }).jobId;
  const result: any = Object.values(await sut.data(ops[`${kind}Result`], { jobId }))[0];
  assert.equal(result.jobStatus, 'COMPLETE');
  return result.data;
}
