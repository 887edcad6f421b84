// GENERATED FILE — do not edit. Made by `npm run generate` (scripts/web-operations.ts).

import type { TypedDocument } from '../../api/typed-document.ts';
import type { AttachmentType, DatasetDataRowWhereInput, DatasetWhereInput, JsonValue } from '../../api/schema.ts';

export type DatasetsQuery = {
  datasets: Array<{
    id: string;
    name: string;
    description: string;
    rowCount: number;
    createdAt: string;
  }>;
};
export type DatasetsQueryVariables = {
  first?: number | null;
  skip?: number | null;
  where?: DatasetWhereInput | null;
};
export const DatasetsQuery: TypedDocument<DatasetsQuery, DatasetsQueryVariables> = {
  operationName: 'Datasets',
  source: "query Datasets($first: PageSize, $skip: Int, $where: DatasetWhereInput) {\n  datasets(first: $first, skip: $skip, where: $where, orderBy: createdAt_DESC) {\n    id\n    name\n    description\n    rowCount\n    createdAt\n  }\n}",
};

export type DatasetQuery = {
  dataset: {
    id: string;
    name: string;
    description: string;
    rowCount: number;
    createdAt: string;
  } | null;
};
export type DatasetQueryVariables = {
  id: string;
};
export const DatasetQuery: TypedDocument<DatasetQuery, DatasetQueryVariables> = {
  operationName: 'Dataset',
  source: "query Dataset($id: ID!) {\n  dataset(where: {id: $id}) {\n    id\n    name\n    description\n    rowCount\n    createdAt\n  }\n}",
};

export type CreateDatasetMutation = {
  createDataset: {
    id: string;
    name: string;
  };
};
export type CreateDatasetMutationVariables = {
  name: string;
  description?: string | null;
};
export const CreateDatasetMutation: TypedDocument<CreateDatasetMutation, CreateDatasetMutationVariables> = {
  operationName: 'CreateDataset',
  source: "mutation CreateDataset($name: String!, $description: String) {\n  createDataset(data: {name: $name, description: $description}) {\n    id\n    name\n  }\n}",
};

export type DatasetRowsQuery = {
  datasetDataRows: {
    nodes: Array<{
      id: string;
      rowData: string | null;
      globalKey: string | null;
      externalId: string | null;
      mediaType: string | null;
      mediaAttributes: JsonValue | null;
      createdAt: string;
      metadataFields: Array<{
        name: string;
        value: JsonValue | null;
      }>;
    }>;
    pageInfo: {
      startCursor: string | null;
      hasNextPage: boolean;
    };
  };
};
export type DatasetRowsQueryVariables = {
  id: string;
  first?: number | null;
  from?: string | null;
  where?: DatasetDataRowWhereInput | null;
};
export const DatasetRowsQuery: TypedDocument<DatasetRowsQuery, DatasetRowsQueryVariables> = {
  operationName: 'DatasetRows',
  source: "query DatasetRows($id: ID!, $first: Int, $from: ID, $where: DatasetDataRowWhereInput) {\n  datasetDataRows(id: $id, first: $first, from: $from, where: $where) {\n    nodes {\n      id\n      rowData\n      globalKey\n      externalId\n      mediaType\n      mediaAttributes\n      createdAt\n      metadataFields {\n        name\n        value\n      }\n    }\n    pageInfo {\n      startCursor\n      hasNextPage\n    }\n  }\n}",
};

export type DataRowDetailQuery = {
  dataRow: {
    id: string;
    rowData: string | null;
    globalKey: string | null;
    externalId: string | null;
    mediaType: string | null;
    mediaAttributes: JsonValue | null;
    createdAt: string;
    updatedAt: string;
    dataset: {
      id: string;
      name: string;
    } | null;
    metadataFields: Array<{
      schemaId: string;
      name: string;
      kind: string;
      value: JsonValue | null;
    }>;
    attachments: Array<{
      id: string;
      type: AttachmentType;
      name: string | null;
      value: string;
    }>;
  } | null;
};
export type DataRowDetailQueryVariables = {
  id: string;
};
export const DataRowDetailQuery: TypedDocument<DataRowDetailQuery, DataRowDetailQueryVariables> = {
  operationName: 'DataRowDetail',
  source: "query DataRowDetail($id: ID!) {\n  dataRow(where: {id: $id}) {\n    id\n    rowData\n    globalKey\n    externalId\n    mediaType\n    mediaAttributes\n    createdAt\n    updatedAt\n    dataset {\n      id\n      name\n    }\n    metadataFields {\n      schemaId\n      name\n      kind\n      value\n    }\n    attachments {\n      id\n      type\n      name\n      value\n    }\n  }\n}",
};

export type UploadFileMutation = {
  uploadFile: {
    url: string;
    filename: string;
  };
};
export type UploadFileMutationVariables = {
  file: File;
  contentLength: number;
};
export const UploadFileMutation: TypedDocument<UploadFileMutation, UploadFileMutationVariables> = {
  operationName: 'UploadFile',
  source: "mutation UploadFile($file: Upload!, $contentLength: Int!) {\n  uploadFile(file: $file, contentLength: $contentLength, sign: false) {\n    url\n    filename\n  }\n}",
};

export type UpsertDataRowsMutation = {
  upsertDataRows: {
    id: string;
    status: string;
    completionPercentage: number;
  };
};
export type UpsertDataRowsMutationVariables = {
  manifestUri: string;
};
export const UpsertDataRowsMutation: TypedDocument<UpsertDataRowsMutation, UpsertDataRowsMutationVariables> = {
  operationName: 'UpsertDataRows',
  source: "mutation UpsertDataRows($manifestUri: String!) {\n  upsertDataRows(data: {manifestUri: $manifestUri}) {\n    id\n    status\n    completionPercentage\n  }\n}",
};

export type ImportTaskQuery = {
  task: {
    id: string;
    status: string;
    completionPercentage: number;
    errors: string | null;
  } | null;
};
export type ImportTaskQueryVariables = {
  id: string;
};
export const ImportTaskQuery: TypedDocument<ImportTaskQuery, ImportTaskQueryVariables> = {
  operationName: 'ImportTask',
  source: "query ImportTask($id: ID!) {\n  task(where: {id: $id}) {\n    id\n    status\n    completionPercentage\n    errors\n  }\n}",
};

export type FailedRowImportsQuery = {
  failedDataRowImports: {
    total: number;
    after: string | null;
    results: Array<{
      message: string;
      spec: {
        externalId: string | null;
        globalKey: string | null;
        rowData: string | null;
      };
    }>;
  };
};
export type FailedRowImportsQueryVariables = {
  taskId: string;
  from?: string | null;
};
export const FailedRowImportsQuery: TypedDocument<FailedRowImportsQuery, FailedRowImportsQueryVariables> = {
  operationName: 'FailedRowImports',
  source: "query FailedRowImports($taskId: ID!, $from: String) {\n  failedDataRowImports(data: {taskId: $taskId, first: 100, from: $from}) {\n    total\n    after\n    results {\n      message\n      spec {\n        externalId\n        globalKey\n        rowData\n      }\n    }\n  }\n}",
};

export type RowLabelsQuery = {
  project: {
    id: string;
    labels: Array<{
      id: string;
      label: string;
      createdAt: string;
      createdBy: {
        email: string;
      } | null;
    }>;
  } | null;
};
export type RowLabelsQueryVariables = {
  projectId: string;
  dataRowId: string;
};
export const RowLabelsQuery: TypedDocument<RowLabelsQuery, RowLabelsQueryVariables> = {
  operationName: 'RowLabels',
  source: "query RowLabels($projectId: ID!, $dataRowId: ID!) {\n  project(where: {id: $projectId}) {\n    id\n    labels(first: 20, where: {dataRow: {id: $dataRowId}}) {\n      id\n      label\n      createdAt\n      createdBy {\n        email\n      }\n    }\n  }\n}",
};

export type ProjectChoicesQuery = {
  projects: Array<{
    id: string;
    name: string;
  }>;
};
export type ProjectChoicesQueryVariables = Record<string, never>;
export const ProjectChoicesQuery: TypedDocument<ProjectChoicesQuery, ProjectChoicesQueryVariables> = {
  operationName: 'ProjectChoices',
  source: "query ProjectChoices {\n  projects(first: 100) {\n    id\n    name\n  }\n}",
};
