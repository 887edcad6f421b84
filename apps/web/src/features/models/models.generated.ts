// GENERATED FILE — do not edit. Made by `npm run generate` (scripts/web-operations.ts).

import type { TypedDocument } from '../../api/typed-document.ts';

export type ModelsQuery = {
  models: Array<{
    id: string;
    name: string;
    createdAt: string;
    modelRuns: Array<{
      id: string;
      name: string;
      createdAt: string;
    }>;
  }>;
};
export type ModelsQueryVariables = Record<string, never>;
export const ModelsQuery: TypedDocument<ModelsQuery, ModelsQueryVariables> = {
  operationName: 'Models',
  source: "query Models {\n  models(skip: 0, first: 50) {\n    id\n    name\n    createdAt\n    modelRuns(skip: 0, first: 50) {\n      id\n      name\n      createdAt\n    }\n  }\n}",
};

export type ModelRunMetricsQuery = {
  modelRun: {
    id: string;
    name: string;
    modelId: string;
  } | null;
  modelRunMetrics: {
    modelRunId: string;
    iouThreshold: number;
    iou: number;
    features: Array<{
      featureSchemaId: string;
      name: string;
      iou: number;
      truePositives: number;
      falsePositives: number;
      falseNegatives: number;
      precision: number | null;
      recall: number | null;
      f1: number | null;
    }>;
    dataRows: Array<{
      dataRowId: string;
      labelId: string | null;
      iou: number;
      features: Array<{
        name: string;
        truePositives: number;
        falsePositives: number;
        falseNegatives: number;
      }>;
    }>;
  };
};
export type ModelRunMetricsQueryVariables = {
  id: string;
  after?: string | null;
};
export const ModelRunMetricsQuery: TypedDocument<ModelRunMetricsQuery, ModelRunMetricsQueryVariables> = {
  operationName: 'ModelRunMetrics',
  source: "query ModelRunMetrics($id: ID!, $after: ID) {\n  modelRun(where: {id: $id}) {\n    id\n    name\n    modelId\n  }\n  modelRunMetrics(where: {id: $id}, first: 100, after: $after) {\n    modelRunId\n    iouThreshold\n    iou\n    features {\n      featureSchemaId\n      name\n      iou\n      truePositives\n      falsePositives\n      falseNegatives\n      precision\n      recall\n      f1\n    }\n    dataRows {\n      dataRowId\n      labelId\n      iou\n      features {\n        name\n        truePositives\n        falsePositives\n        falseNegatives\n      }\n    }\n  }\n}",
};
