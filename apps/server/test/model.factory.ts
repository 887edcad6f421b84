import type { TestServer } from './harness.ts';
import { importByFile, setupLabelProject } from './label.factory.ts';

/** Operation texts exactly as the Labelbox SDK 6.0 sends them (whitespace aside). */
export const MODEL_FIELDS = 'name ontologyId id';
export const MODEL_RUN_FIELDS = 'createdAt createdBy modelId name trainingMetadata id updatedAt';
const DATA_ROW_FIELDS =
  'createdAt externalId globalKey mediaAttributes customMetadata { schemaId value } metadataFields { schemaId name value kind } rowData id updatedAt';

export const modelOps = {
  createModel: `mutation createModelPyApi($name: String!, $ontologyId: ID!){
            createModel(data: {name : $name, ontologyId : $ontologyId}){
                    ${MODEL_FIELDS}
                }
            }`,
  getModel: `query GetModelPyApi($param_0: ID!){model(where: {id: $param_0}){${MODEL_FIELDS}}}`,
  getModels: (skip: number) =>
    `query GetModelsPyApi($param_0: String!){models(where: {name: $param_0} skip: ${skip} first: 100){${MODEL_FIELDS}}}`,
  allModels: `query GetModelsPyApi{models(skip: 0 first: 100){${MODEL_FIELDS}}}`,
  deleteModel: `mutation DeleteModelPyApi($ids: ID!) {
            deleteModels(where: {ids: [$ids]})}`,
  modelRuns: `query GetModelModelRunsPyApi($param_0: ID!){model(where: {id: $param_0}){modelRuns(skip: 0 first: 100){${MODEL_RUN_FIELDS}}}}`,
  createModelConfig: `mutation CreateModelConfigPyApi($modelId: ID!, $inferenceParams: Json!, $name: String!)  {
                    createModelConfig(input: {modelId: $modelId, inferenceParams: $inferenceParams, name: $name}) {
                        modelId
                        inferenceParams
                        id
                        name
                    }
                }`,
  deleteModelConfig: `mutation DeleteModelConfigPyApi($id: ID!)  {
                    deleteModelConfig(input: {id: $id}) {
                        success
                    }
                }`,
  addModelConfig: `mutation CreateProjectModelConfigPyApi($projectId: ID!, $modelConfigId: ID!)  {
                    createProjectModelConfig(input: {projectId: $projectId, modelConfigId: $modelConfigId}) {
                        projectModelConfigId
                    }
                }`,
  deleteProjectModelConfig: `mutation DeleteProjectModelConfigPyApi($id: ID!)  {
                    deleteProjectModelConfig(input: {id: $id}) {
                        success
                    }
                }`,
  projectModelConfigs: `query ProjectModelConfigsPyApi($id: ID!) {
            project(where: {id : $id}) {
                projectModelConfigs {
                    id
                    modelConfigId
                    modelConfig {
                        id
                        modelId
                        inferenceParams
                    }
                    projectId
                }
            }
        }`,
  setModelSetupComplete: `mutation SetProjectModelSetupCompletePyApi($projectId: ID!) {
            setProjectModelSetupComplete(where: {id: $projectId}, data: {modelSetupComplete: true}) {
                modelSetupComplete
            }
        }`,
  createModelRun: `mutation CreateModelRunPyApi($name: String!, $config: Json, $modelId: ID!) {
            createModelRun(data: {name: $name, trainingMetadata: $config, modelId: $modelId}) {${MODEL_RUN_FIELDS}}}`,
  getModelRun: `query GetModelRunPyApi($param_0: ID!){modelRun(where: {id: $param_0}){${MODEL_RUN_FIELDS}}}`,
  upsertDataRows: `mutation createMEAModelRunDataRowRegistrationTaskPyApi($modelRunId: ID!, $dataRowIds: [ID!], $globalKeys: [ID!]) {
          createMEAModelRunDataRowRegistrationTask(where : { id : $modelRunId}, data : {dataRowIds: $dataRowIds, globalKeys: $globalKeys})}
          `,
  dataRowTaskStatus: `query MEADataRowRegistrationTaskStatusPyApi($where: WhereUniqueIdInput!){
            MEADataRowRegistrationTaskStatus(where: $where) {status errorMessage}
        }
        `,
  upsertLabelIds: `mutation createMEAModelRunLabelRegistrationTaskPyApi($modelRunId: ID!, $labelIds : [ID!]!) {
        createMEAModelRunLabelRegistrationTask(where : { id : $modelRunId}, data : {labelIds: $labelIds})}
        `,
  upsertProjectLabels: `mutation createMEAModelRunProjectLabelRegistrationTaskPyApi($modelRunId: ID!, $projectId : ID!) {
        createMEAModelRunProjectLabelRegistrationTask(where : { modelRunId : $modelRunId, projectId: $projectId})}
        `,
  labelTaskStatus: `query MEALabelRegistrationTaskStatusPyApi($where: WhereUniqueIdInput!){
            MEALabelRegistrationTaskStatus(where: $where) {status errorMessage}
        }
        `,
  assignSplit: `mutation assignDataSplitPyApi($modelRunId: ID!, $data: CreateAssignDataRowsToDataSplitTaskInput!){
                  createAssignDataRowsToDataSplitTask(modelRun : {id: $modelRunId}, data: $data)}
            `,
  splitTaskStatus: `query assignDataRowsToDataSplitTaskStatusPyApi($id: ID!){
            assignDataRowsToDataSplitTaskStatus(where: {id : $id}){status errorMessage}}
            `,
  modelRunDataRows: `query modelRunPyApi($modelRunId: ID!, $from : String, $first: Int){
                annotationGroups(where: {modelRunId: {id: $modelRunId}}, after: $from, first: $first)
                {nodes{dataSplit labelId modelRunId id dataRow{${DATA_ROW_FIELDS}}},pageInfo{endCursor}}
            }
        `,
  deleteModelRun: `mutation DeleteModelRunPyApi($ids: ID!) {
            deleteModelRuns(where: {ids: [$ids]})}`,
  deleteModelRunDataRows: `mutation DeleteModelRunDataRowsPyApi($modelRunId: ID!, $dataRowIds: [ID!]!) {
            deleteModelRunDataRows(where: {modelRunId: $modelRunId, dataRowIds: $dataRowIds})}`,
  updateStatus: `mutation setPipelineStatusPyApi($modelRunId: ID!, $data: UpdateTrainingPipelineInput!){
                updateTrainingPipeline(modelRun: {id : $modelRunId}, data: $data){status}
            }
        `,
  updateConfig: `mutation updateModelRunConfigPyApi($modelRunId: ID!, $data: UpdateModelRunConfigInput!){
                updateModelRunConfig(modelRun: {id : $modelRunId}, data: $data){trainingMetadata}
            }
        `,
  resetConfig: `mutation resetModelRunConfigPyApi($modelRunId: ID!){
                resetModelRunConfig(modelRun: {id : $modelRunId}){trainingMetadata}
            }
        `,
  getConfig: `query ModelRunPyApi($modelRunId: ID!){
                modelRun(where: {id : $modelRunId}){trainingMetadata}
            }
        `,
};

/** `model_run.export()` as the Labelbox SDK 6.0 writes it (labelbox/schema/model_run.py `_export`). */
export const EXPORT_MODEL_RUN =
  'mutation exportDataRowsInModelRunPyApi($input: ExportDataRowsInModelRunInput!){exportDataRowsInModelRun(input: $input){taskId isStreamable}}';
export const exportInput = (
  modelRunId: string,
  params: Record<string, unknown> = { includePredictions: true },
) => ({
  input: {
    taskName: null,
    filters: { modelRunId },
    isStreamableReady: true,
    params: {
      mediaTypeOverride: null,
      includeAttachments: false,
      includeEmbeddings: false,
      includeMetadata: false,
      includeDataRowDetails: false,
      includePredictions: false,
      includeModelRunDetails: false,
      ...params,
    },
    streamable: true,
  },
});

/** A labelled project (boxes on the first `labelled` images) and a model on its ontology. */
export async function setupModel(sut: TestServer, options: { images?: number; labelled?: number } = {}) {
  const p = await setupLabelProject(sut, { images: options.images ?? 4, texts: 0 });
  const labelled = p.images.slice(0, options.labelled ?? 2);
  if (labelled.length > 0) {
    const lines = labelled.map((r, i) => ({
      uuid: `gt-${i}-${r.id}`,
      dataRow: { id: r.id },
      name: 'box',
      bbox: { top: 0, left: 0, height: 10, width: 10 },
    }));
    const res = await importByFile(sut, 'GT', p.projectId, `gt-${p.projectId}`, lines);
    if (res.import?.state !== 'FINISHED') throw new Error(`ground truth import: ${JSON.stringify(res)}`);
  }
  const model = (
    await sut.data(modelOps.createModel, { name: `m-${p.projectId}`, ontologyId: p.ontology.id })
  ).createModel as { id: string; name: string; ontologyId: string };
  return { ...p, model, labelled };
}

export async function createRun(sut: TestServer, modelId: string, name = 'run', config: unknown = null) {
  return (await sut.data(modelOps.createModelRun, { name, config, modelId })).createModelRun as {
    id: string;
    trainingMetadata: unknown;
  };
}

/** `MEAPredictionImport` fields as `query.results_query_part` lists them (attribute order, `uid` → `id` last). */
export const MEA_IMPORT_FIELDS = 'errorFileUrl inputFileUrl modelRunId name progress state statusFileUrl id';

export const meaOps = {
  byFile: `mutation createMEAPredictionImportByFilePyApi($modelRunId : ID!, $name: String!, $file: Upload!, $contentLength: Int!) {
            createModelErrorAnalysisPredictionImport(data: {
                modelRunId: $modelRunId name: $name filePayload: { file: $file, contentLength: $contentLength}
        }) {${MEA_IMPORT_FIELDS}}
        }`,
  byUrl: `mutation createMEAPredictionImportByUrlPyApi($modelRunId : ID!, $name: String!, $fileUrl: String!) {
            createModelErrorAnalysisPredictionImport(data: {
                modelRunId: $modelRunId
                name: $name
                fileUrl: $fileUrl
            }) {${MEA_IMPORT_FIELDS}}
        }`,
  get: `query getModelErrorAnalysisPredictionImportPyApi($modelRunId : ID!, $name: String!) {
            modelErrorAnalysisPredictionImport(
                where: {modelRunId: $modelRunId, name: $name}){
                    ${MEA_IMPORT_FIELDS}
                }}`,
};

/** `model_run.add_predictions(name, [dicts])` as the SDK sends it (multipart), then polled until done. */
export async function addPredictions(
  sut: TestServer,
  modelRunId: string,
  name: string,
  lines: unknown[],
  options: { key?: string } = {},
) {
  const bytes = new TextEncoder().encode(
    lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n'),
  );
  const fileName = `${modelRunId}__${name}.ndjson`;
  const form = new FormData();
  form.append(
    'operations',
    JSON.stringify({
      variables: { file: null, contentLength: bytes.length + 3, modelRunId, name },
      query: meaOps.byFile,
    }),
  );
  form.append('map', JSON.stringify({ [fileName]: ['variables.file'] }));
  form.append(fileName, new Blob([bytes], { type: 'application/x-ndjson' }), fileName);
  const res = await fetch(`${sut.url}/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${options.key ?? sut.key}` },
    body: form,
  });
  const json = (await res.json()) as {
    data: any;
    errors?: Array<{ message: string; extensions: { code: string } }>;
  };
  const created = json.data?.createModelErrorAnalysisPredictionImport;
  let done = created;
  const deadline = Date.now() + 60_000;
  while (done && done.state === 'RUNNING' && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    done = (await sut.data(meaOps.get, { modelRunId, name })).modelErrorAnalysisPredictionImport;
  }
  return { ...json, created, import: done };
}

/** A model run holding the first `inRun` images of a fresh labelled project. */
export async function setupRun(
  sut: TestServer,
  options: { images?: number; labelled?: number; inRun?: number } = {},
) {
  const m = await setupModel(sut, options);
  const run = await createRun(sut, m.model.id);
  const rows = m.images.slice(0, options.inRun ?? 2);
  const task = (
    await sut.data(modelOps.upsertDataRows, {
      modelRunId: run.id,
      dataRowIds: rows.map((r) => r.id),
      globalKeys: null,
    })
  ).createMEAModelRunDataRowRegistrationTask as string;
  const status = (await sut.data(modelOps.dataRowTaskStatus, { where: { id: task } }))
    .MEADataRowRegistrationTaskStatus;
  if (status.status !== 'COMPLETE') throw new Error(`upsert_data_rows: ${JSON.stringify(status)}`);
  return { ...m, run, rows };
}
