// GENERATED FILE — do not edit. Made by `npm run generate` (scripts/web-operations.ts).

import type { TypedDocument } from './api/typed-document.ts';
import type { ExportDataRowsInCatalogInput, ExportDataRowsInProjectInput } from './api/schema.generated.ts';

export type SdkExportProjectMutation = {
  exportDataRowsInProject: {
    taskId: string;
  };
};
export type SdkExportProjectMutationVariables = {
  input: ExportDataRowsInProjectInput;
};
export const SdkExportProjectMutation: TypedDocument<SdkExportProjectMutation, SdkExportProjectMutationVariables> = {
  operationName: 'SdkExportProject',
  source: "mutation SdkExportProject($input: ExportDataRowsInProjectInput!) {\n  exportDataRowsInProject(input: $input) {\n    taskId\n  }\n}",
};

export type SdkExportCatalogMutation = {
  exportDataRowsInCatalog: {
    taskId: string;
  };
};
export type SdkExportCatalogMutationVariables = {
  input: ExportDataRowsInCatalogInput;
};
export const SdkExportCatalogMutation: TypedDocument<SdkExportCatalogMutation, SdkExportCatalogMutationVariables> = {
  operationName: 'SdkExportCatalog',
  source: "mutation SdkExportCatalog($input: ExportDataRowsInCatalogInput!) {\n  exportDataRowsInCatalog(input: $input) {\n    taskId\n  }\n}",
};
