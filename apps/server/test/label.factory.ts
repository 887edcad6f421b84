import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Actor } from '../src/auth/actor.ts';
import type { Db } from '../src/db/database.ts';
import { newId } from '../src/ids.ts';
import { nowIso } from '../src/time.ts';
import { uploadData } from './catalog.factory.ts';
import type { TestServer } from './harness.ts';
import { CONNECT_ONTOLOGY, CREATE_ONTOLOGY } from './ontology.helpers.ts';
import { createProjectOperation, DEFAULT_QUALITY, PROJECT_FIELDS } from './project.factory.ts';

/** Operation texts exactly as the Labelbox SDK 6.0 and the documented scripts send them (whitespace aside). */
export const IMPORT_FIELDS = `errorFileUrl inputFileUrl name progress state statusFileUrl id project{${PROJECT_FIELDS}}`;
export const LABEL_FIELDS =
  'agreement benchmarkAgreement createdAt isBenchmarkReference label secondsToLabel id updatedAt';
export const WEBHOOK_FIELDS = 'createdAt status topics id updatedAt url';
export const ops = {
  labelImportByFile: `mutation createLabelImportByFilePyApi($projectId : ID!, $name: String!, $file: Upload!, $contentLength: Int!) {
            createLabelImport(data: {
                projectId: $projectId name: $name filePayload: { file: $file, contentLength: $contentLength}
        }) {${IMPORT_FIELDS}}
        }`,
  malImportByFile: `mutation createMALPredictionImportByFilePyApi($projectId : ID!, $name: String!, $file: Upload!, $contentLength: Int!) {
            createModelAssistedLabelingPredictionImport(data: {
                projectId: $projectId name: $name filePayload: { file: $file, contentLength: $contentLength}
        }) {${IMPORT_FIELDS}}
        }`,
  labelImportByUrl: `mutation createLabelImportByUrlPyApi($projectId : ID!, $name: String!, $fileUrl: String!) {
            createLabelImport(data: {
                projectId: $projectId
                name: $name
                fileUrl: $fileUrl
            }) {${IMPORT_FIELDS}}
        }`,
  malImportByUrl: `mutation createMALPredictionImportByUrlPyApi($projectId : ID!, $name: String!, $fileUrl: String!) {
            createModelAssistedLabelingPredictionImport(data: {
                projectId: $projectId
                name: $name
                fileUrl: $fileUrl
            }) {${IMPORT_FIELDS}}
        }`,
  getLabelImport: `query getLabelImportPyApi($projectId : ID!, $name: String!) {
            labelImport(
                where: {projectId: $projectId, name: $name}){
                    ${IMPORT_FIELDS}
                }}`,
  getMalImport: `query getModelAssistedLabelingPredictionImportPyApi($projectId : ID!, $name: String!) {
            modelAssistedLabelingPredictionImport(
                where: {projectId: $projectId, name: $name}){
                    ${IMPORT_FIELDS}
                }}`,
  /** The documented "Label by Label" page query (variables typed exactly as the script declares them). */
  pageOfLabels: `query APIGetPageOfLabels($projectId: ID!, $skip: Int!, $first: PageSize!) {
      project(where:{id: $projectId}) {
        labels(skip: $skip, first: $first){
          id
          label
          createdBy{
            id
            email
          }
          type {
            id
            name
          }
          secondsToLabel
          agreement
          dataRow {
            id
            rowData
          }
        }
      }
    }`,
  firstFive: (projectId: string) => `query APIGetPageOfLabels {
  project(where:{id: "${projectId}"}) {
    labels(first: 5){
      id
      label
      createdBy{
        id
        email
      }
      type {
        id
        name
      }
      secondsToLabel
      agreement
      dataRow {
        id
        rowData
      }
    }
  }
}`,
  /** `project.labels(datasets=, order_by=)` (GetProjectLabelsPyApi), skip/first inlined by the paginator. */
  sdkLabels: (skip: number, where = '', orderBy = '') => `query GetProjectLabelsPyApi($projectId: ID!)
            {project (where: {id: $projectId})
                {labels (skip: ${skip} first: 100 ${where} ${orderBy}) {${LABEL_FIELDS}}}}`,
  labelCount: `query LabelCountPyApi($projectId: ID!) {
            project(where: {id: $projectId}) {
                labelCount
            }
        }`,
  deleteLabels: (ids: string[]) =>
    `mutation deleteLabelsPyApi{deleteLabels(labelIds: [${ids.map((i) => `"${i}"`).join(', ')}]){id}}`,
  createWebhook: (
    projectId: string | null,
    topics: string[],
    url: string,
    secret: string,
  ) => `mutation CreateWebhookPyApi {
            createWebhook(data:{${projectId ? `project:{id:"${projectId}"},` : ''} topics:{set:[${topics.join(' ')}]}, url:"${url}", secret:"${secret}" }){${WEBHOOK_FIELDS}}
        } `,
  updateWebhook: (id: string, parts: string) => `mutation UpdateWebhookPyApi {
            updateWebhook(where: {id: "${id}"} data:{${parts}}){${WEBHOOK_FIELDS}}} `,
  orgWebhooks: `query GetOrganizationWebhooksPyApi{organization{webhooks(skip: 0 first: 100){${WEBHOOK_FIELDS}}}}`,
  projectWebhooks: `query GetProjectWebhooksPyApi($param_0: ID!){project(where: {id: $param_0}){webhooks(skip: 0 first: 100){${WEBHOOK_FIELDS}}}}`,
};

const CREATE_BATCH = `mutation createBatchV2PyApi($projectId: ID!, $batchInput: CreateBatchInput!) { project(where: {id: $projectId}) { createBatchV2(input: $batchInput) { batch { consensusSettingsJson createdAt name size id updatedAt } failedDataRowIds } } }`;

/** An ontology with every importable kind; nested classifications under the box tool and under the radio option. */
export const labelOntology = () => ({
  tools: [
    {
      tool: 'rectangle',
      name: 'box',
      color: '#ff0000',
      classifications: [
        {
          type: 'radio',
          name: 'occluded',
          options: [
            { label: 'yes', value: 'yes', options: [{ type: 'text', name: 'why', options: [] }] },
            { label: 'no', value: 'no', options: [] },
          ],
        },
      ],
    },
    { tool: 'polygon', name: 'poly', color: '#00ff00', classifications: [] },
    { tool: 'point', name: 'pt', classifications: [] },
    { tool: 'line', name: 'ln', classifications: [] },
    { tool: 'raster-segmentation', name: 'seg', classifications: [] },
    { tool: 'named-entity', name: 'ner', classifications: [] },
    { tool: 'edge', name: 'rel', classifications: [] },
  ],
  classifications: [
    {
      type: 'radio',
      name: 'q',
      options: [
        {
          label: 'Yes',
          value: 'yes',
          options: [
            {
              type: 'checklist',
              name: 'sub',
              options: [
                { label: 'x', value: 'x' },
                { label: 'y', value: 'y' },
              ],
            },
          ],
        },
        { label: 'No', value: 'no' },
      ],
    },
    {
      type: 'checklist',
      name: 'c',
      options: [
        { label: 'first', value: 'first' },
        { label: 'second', value: 'second' },
      ],
    },
    { type: 'text', name: 'free_text', options: [] },
  ],
});

export type LabelProject = {
  projectId: string;
  datasetId: string;
  ontology: { id: string; normalized: { tools: any[]; classifications: any[] } };
  /** Image rows (640×480 in their media attributes), then text rows. */
  images: Array<{ id: string; globalKey: string }>;
  texts: Array<{ id: string; globalKey: string; text: string }>;
  outside: Array<{ id: string; globalKey: string }>;
  batchId: string;
};

export const TEXT = 'Michael Jordan played basketball in Chicago for the Bulls.';

/** Data rows written straight into the tables (media attributes included), so tests do not depend on the upsert job. */
export async function insertRows(
  db: Db,
  actor: Actor,
  datasetId: string,
  rows: Array<{ rowData: string; mediaType: string; attributes?: Record<string, unknown> }>,
): Promise<Array<{ id: string; globalKey: string }>> {
  const now = nowIso();
  const values = rows.map((r) => ({
    id: newId(),
    organization_id: actor.organizationId,
    dataset_id: datasetId,
    row_data: r.rowData,
    external_id: null,
    global_key: `gk-${newId()}`,
    media_type: r.mediaType,
    media_attributes: r.attributes ? JSON.stringify(r.attributes) : null,
    metadata: null,
    created_by: actor.userId,
    created_at: now,
    updated_at: now,
  }));
  for (let i = 0; i < values.length; i += 1000)
    await db
      .insertInto('data_rows')
      .values(values.slice(i, i + 1000))
      .execute();
  return values.map((v) => ({ id: v.id, globalKey: v.global_key }));
}

/** Ontology → project → connect → dataset with image and text rows → one batch holding all but `outside`. */
export async function setupLabelProject(
  sut: TestServer,
  options: {
    images?: number;
    texts?: number;
    outside?: number;
    ontology?: boolean;
    /** The project's media type (IMAGE unless told). */
    mediaType?: 'IMAGE' | 'TEXT';
  } = {},
): Promise<LabelProject> {
  const mediaType = options.mediaType ?? 'IMAGE';
  const ontology = (
    await sut.data(CREATE_ONTOLOGY, {
      data: { name: `o-${newId()}`, normalized: JSON.stringify(labelOntology()), mediaType },
    })
  ).upsertOntology;
  const vars = { name: `p-${newId()}`, allowedMediaType: mediaType, ...DEFAULT_QUALITY };
  const projectId = (await sut.data(createProjectOperation(vars), vars)).createProject.id as string;
  if (options.ontology !== false) await sut.data(CONNECT_ONTOLOGY, { projectId, ontologyId: ontology.id });
  const datasetId = newId();
  const now = nowIso();
  await sut.db
    .insertInto('datasets')
    .values({
      id: datasetId,
      organization_id: sut.actor.organizationId,
      name: `ds ${datasetId}`,
      description: '',
      row_count: 0,
      created_by: sut.actor.userId,
      created_at: now,
      updated_at: now,
      deleted: 0,
    })
    .execute();
  const image = {
    rowData: 'https://example.com/image.jpg',
    mediaType: 'IMAGE',
    attributes: { width: 640, height: 480, mimeType: 'image/jpeg' },
  };
  const images = await insertRows(
    sut.db,
    sut.actor,
    datasetId,
    Array.from({ length: options.images ?? 3 }, () => image),
  );
  const texts = await insertRows(
    sut.db,
    sut.actor,
    datasetId,
    Array.from({ length: options.texts ?? 1 }, () => ({ rowData: TEXT, mediaType: 'TEXT' })),
  );
  const outside = await insertRows(
    sut.db,
    sut.actor,
    datasetId,
    Array.from({ length: options.outside ?? 1 }, () => image),
  );
  const batchInput = {
    name: 'b',
    dataRowIds: [...images, ...texts].map((r) => r.id),
    globalKeys: null,
    priority: 5,
    consensusSettings: null,
  };
  const batch = await sut.data(CREATE_BATCH, { projectId, batchInput }, { path: '/_gql' });
  assert.deepEqual(batch.project.createBatchV2.failedDataRowIds, []);
  return {
    projectId,
    datasetId,
    ontology,
    images,
    texts: texts.map((t) => ({ ...t, text: TEXT })),
    outside,
    batchId: batch.project.createBatchV2.batch.id,
  };
}

/** One ground-truth line per data row: a 5×5 `box` at (1, 1), uuids `l0`, `l1`, … (for `importByFile`). */
export const boxLabelLines = (rows: ReadonlyArray<{ id: string }>) =>
  rows.map((r, i) => ({
    uuid: `l${i}`,
    dataRow: { id: r.id },
    name: 'box',
    bbox: { top: 1, left: 1, height: 5, width: 5 },
    classifications: [],
  }));

/** The SDK's multipart import: map key `<projectId>__<name>.ndjson`, NDJSON part, a wrong `contentLength` (repr length). */
export async function importByFile(
  sut: TestServer,
  kind: 'GT' | 'MAL',
  projectId: string,
  name: string,
  lines: unknown[] | string,
  options: { wait?: boolean } = {},
) {
  const body =
    typeof lines === 'string'
      ? lines
      : lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n');
  const bytes = new TextEncoder().encode(body);
  const fileName = `${projectId}__${name}.ndjson`;
  const form = new FormData();
  form.append(
    'operations',
    JSON.stringify({
      variables: { file: null, contentLength: bytes.length + 3, projectId, name },
      query: kind === 'GT' ? ops.labelImportByFile : ops.malImportByFile,
    }),
  );
  form.append('map', JSON.stringify({ [fileName]: ['variables.file'] }));
  form.append(fileName, new Blob([bytes], { type: 'application/x-ndjson' }), fileName);
  const res = await fetch(`${sut.url}/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${sut.key}` },
    body: form,
  });
  const json = (await res.json()) as {
    data: any;
    errors?: Array<{ message: string; extensions: { code: string } }>;
  };
  const created =
    json.data?.[kind === 'GT' ? 'createLabelImport' : 'createModelAssistedLabelingPredictionImport'];
  return {
    status: res.status,
    ...json,
    /** The create call's answer: always RUNNING, as on Labelbox. */
    created,
    /** The import once it left RUNNING (what `wait_until_done` sees), unless `wait: false`. */
    import: created && options.wait !== false ? await waitForImport(sut, kind, projectId, name) : created,
  };
}

/** Polls the import's status query until it leaves RUNNING, as the SDK's `wait_until_done` does. */
export async function waitForImport(sut: TestServer, kind: 'GT' | 'MAL', projectId: string, name: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res =
      kind === 'GT'
        ? (await sut.data(ops.getLabelImport, { projectId, name })).labelImport
        : (await sut.data(ops.getMalImport, { projectId, name })).modelAssistedLabelingPredictionImport;
    if (res.state !== 'RUNNING' || Date.now() > deadline) return res;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A plain GET without Authorization, as `requests.get(url)` does; returns the parsed NDJSON lines. */
export async function fetchNdjson(url: string): Promise<any[]> {
  const res = await fetch(url);
  assert.equal(res.status, 200, `GET ${url} → ${res.status}`);
  const text = await res.text();
  return text.trim() === ''
    ? []
    : text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
}

export { uploadData };

/**
 * Closes a test server without waiting for keep-alive: a file download's response ends one `fs.read` after its
 * last byte, so a connection can turn idle just after `close()` looked, and would then linger for the 72 s
 * keep-alive timeout. Every request of the test has been answered by now.
 */
/** A local HTTP server for webhooks and file URLs; `handler` answers each request (body already read). */
export async function localServer(
  handler: (
    req: http.IncomingMessage,
    body: Buffer,
  ) => { status?: number; body?: string | Buffer; type?: string },
) {
  const received: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders; body: Buffer }> =
    [];
  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const body = Buffer.concat(parts);
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const answer = handler(req, body);
      res.writeHead(answer.status ?? 200, { 'content-type': answer.type ?? 'text/plain' });
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
