// GENERATED FILE — do not edit. Made by `npm run generate` (scripts/web-operations.ts).

import type { TypedDocument } from './api/typed-document.ts';
import type { DatasetCreateInput } from './api/schema.generated.ts';

export type SdkCreateDatasetMutation = {
  createDataset: {
    id: string;
    name: string;
    description: string;
    rowCount: number;
    createdAt: string;
  };
};
export type SdkCreateDatasetMutationVariables = {
  data: DatasetCreateInput;
};
export const SdkCreateDatasetMutation: TypedDocument<SdkCreateDatasetMutation, SdkCreateDatasetMutationVariables> = {
  operationName: 'SdkCreateDataset',
  source: "mutation SdkCreateDataset($data: DatasetCreateInput!) {\n  createDataset(data: $data) {\n    id\n    name\n    description\n    rowCount\n    createdAt\n  }\n}",
};

export type SdkDatasetQuery = {
  dataset: {
    id: string;
    name: string;
    description: string;
    rowCount: number;
    createdAt: string;
  } | null;
};
export type SdkDatasetQueryVariables = {
  id: string;
};
export const SdkDatasetQuery: TypedDocument<SdkDatasetQuery, SdkDatasetQueryVariables> = {
  operationName: 'SdkDataset',
  source: "query SdkDataset($id: ID!) {\n  dataset(where: {id: $id}) {\n    id\n    name\n    description\n    rowCount\n    createdAt\n  }\n}",
};

export type SdkDatasetsQuery = {
  datasets: Array<{
    id: string;
    name: string;
    description: string;
    rowCount: number;
    createdAt: string;
  }>;
};
export type SdkDatasetsQueryVariables = {
  skip?: number | null;
  first?: number | null;
};
export const SdkDatasetsQuery: TypedDocument<SdkDatasetsQuery, SdkDatasetsQueryVariables> = {
  operationName: 'SdkDatasets',
  source: "query SdkDatasets($skip: Int, $first: PageSize) {\n  datasets(skip: $skip, first: $first) {\n    id\n    name\n    description\n    rowCount\n    createdAt\n  }\n}",
};

export type SdkUpsertDataRowsMutation = {
  upsertDataRows: {
    id: string;
    status: string;
  };
};
export type SdkUpsertDataRowsMutationVariables = {
  manifestUri: string;
};
export const SdkUpsertDataRowsMutation: TypedDocument<SdkUpsertDataRowsMutation, SdkUpsertDataRowsMutationVariables> = {
  operationName: 'SdkUpsertDataRows',
  source: "mutation SdkUpsertDataRows($manifestUri: String!) {\n  upsertDataRows(data: {manifestUri: $manifestUri}) {\n    id\n    status\n  }\n}",
};
