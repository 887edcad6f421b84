// GENERATED FILE — do not edit. Made by `npm run generate` (scripts/web-operations.ts).

import type { TypedDocument } from './api/typed-document.ts';
import type { AnnotationImportCreateInput, AnnotationImportState } from './api/schema.generated.ts';

export type SdkCreateLabelImportMutation = {
  createLabelImport: {
    id: string;
    name: string;
    state: AnnotationImportState;
  };
};
export type SdkCreateLabelImportMutationVariables = {
  data: AnnotationImportCreateInput;
};
export const SdkCreateLabelImportMutation: TypedDocument<SdkCreateLabelImportMutation, SdkCreateLabelImportMutationVariables> = {
  operationName: 'SdkCreateLabelImport',
  source: "mutation SdkCreateLabelImport($data: AnnotationImportCreateInput!) {\n  createLabelImport(data: $data) {\n    id\n    name\n    state\n  }\n}",
};

export type SdkCreatePredictionImportMutation = {
  createModelAssistedLabelingPredictionImport: {
    id: string;
    name: string;
    state: AnnotationImportState;
  };
};
export type SdkCreatePredictionImportMutationVariables = {
  data: AnnotationImportCreateInput;
};
export const SdkCreatePredictionImportMutation: TypedDocument<SdkCreatePredictionImportMutation, SdkCreatePredictionImportMutationVariables> = {
  operationName: 'SdkCreatePredictionImport',
  source: "mutation SdkCreatePredictionImport($data: AnnotationImportCreateInput!) {\n  createModelAssistedLabelingPredictionImport(data: $data) {\n    id\n    name\n    state\n  }\n}",
};

export type SdkLabelImportQuery = {
  labelImport: {
    id: string;
    name: string;
    state: AnnotationImportState;
    progress: string;
    statusFileUrl: string | null;
    errorFileUrl: string | null;
  } | null;
};
export type SdkLabelImportQueryVariables = {
  projectId: string;
  name: string;
};
export const SdkLabelImportQuery: TypedDocument<SdkLabelImportQuery, SdkLabelImportQueryVariables> = {
  operationName: 'SdkLabelImport',
  source: "query SdkLabelImport($projectId: ID!, $name: String!) {\n  labelImport(where: {projectId: $projectId, name: $name}) {\n    id\n    name\n    state\n    progress\n    statusFileUrl\n    errorFileUrl\n  }\n}",
};

export type SdkPredictionImportQuery = {
  modelAssistedLabelingPredictionImport: {
    id: string;
    name: string;
    state: AnnotationImportState;
    progress: string;
    statusFileUrl: string | null;
    errorFileUrl: string | null;
  } | null;
};
export type SdkPredictionImportQueryVariables = {
  projectId: string;
  name: string;
};
export const SdkPredictionImportQuery: TypedDocument<SdkPredictionImportQuery, SdkPredictionImportQueryVariables> = {
  operationName: 'SdkPredictionImport',
  source: "query SdkPredictionImport($projectId: ID!, $name: String!) {\n  modelAssistedLabelingPredictionImport(\n    where: {projectId: $projectId, name: $name}\n  ) {\n    id\n    name\n    state\n    progress\n    statusFileUrl\n    errorFileUrl\n  }\n}",
};
