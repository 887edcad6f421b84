// GENERATED FILE — do not edit. Made by `npm run generate` (scripts/web-operations.ts).

import type { TypedDocument } from './api/typed-document.ts';
import type { JsonValue, TaskStreamType } from './api/schema.generated.ts';

export type SdkTaskQuery = {
  task: {
    id: string;
    name: string;
    type: string;
    status: string;
    completionPercentage: number;
    errors: string | null;
    result: string | null;
    metadata: JsonValue | null;
  } | null;
};
export type SdkTaskQueryVariables = {
  id: string;
};
export const SdkTaskQuery: TypedDocument<SdkTaskQuery, SdkTaskQueryVariables> = {
  operationName: 'SdkTask',
  source: "query SdkTask($id: ID!) {\n  task(where: {id: $id}) {\n    id\n    name\n    type\n    status\n    completionPercentage\n    errors\n    result\n    metadata\n  }\n}",
};

export type SdkExportChunkQuery = {
  task: {
    exportFileFromOffset: {
      file: string;
      offsets: {
        start: string;
        end: string;
      };
      lines: {
        start: string;
        end: string;
      };
    } | null;
  } | null;
};
export type SdkExportChunkQueryVariables = {
  id: string;
  offset: string;
  streamType: TaskStreamType;
};
export const SdkExportChunkQuery: TypedDocument<SdkExportChunkQuery, SdkExportChunkQueryVariables> = {
  operationName: 'SdkExportChunk',
  source: "query SdkExportChunk($id: ID!, $offset: UInt64!, $streamType: TaskStreamType!) {\n  task(where: {id: $id}) {\n    exportFileFromOffset(offset: $offset, streamType: $streamType) {\n      file\n      offsets {\n        start\n        end\n      }\n      lines {\n        start\n        end\n      }\n    }\n  }\n}",
};

export type SdkExportSizeQuery = {
  task: {
    exportMetadataHeader: {
      totalSize: string;
      totalLines: string;
    } | null;
  } | null;
};
export type SdkExportSizeQueryVariables = {
  id: string;
  streamType: TaskStreamType;
};
export const SdkExportSizeQuery: TypedDocument<SdkExportSizeQuery, SdkExportSizeQueryVariables> = {
  operationName: 'SdkExportSize',
  source: "query SdkExportSize($id: ID!, $streamType: TaskStreamType!) {\n  task(where: {id: $id}) {\n    exportMetadataHeader(streamType: $streamType) {\n      totalSize\n      totalLines\n    }\n  }\n}",
};
