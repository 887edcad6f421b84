// GENERATED FILE — do not edit. Made by `npm run generate` (scripts/web-operations.ts).

import type { TypedDocument } from './api/typed-document.ts';
import type { CreateBatchInput, JsonValue, MediaType, ProjectCreateInput, UpsertOntologyInput } from './api/schema.generated.ts';

export type SdkCreateProjectMutation = {
  createProject: {
    id: string;
    name: string;
    description: string | null;
    allowedMediaType: MediaType | null;
    createdAt: string;
  };
};
export type SdkCreateProjectMutationVariables = {
  data: ProjectCreateInput;
};
export const SdkCreateProjectMutation: TypedDocument<SdkCreateProjectMutation, SdkCreateProjectMutationVariables> = {
  operationName: 'SdkCreateProject',
  source: "mutation SdkCreateProject($data: ProjectCreateInput!) {\n  createProject(data: $data) {\n    id\n    name\n    description\n    allowedMediaType\n    createdAt\n  }\n}",
};

export type SdkProjectQuery = {
  project: {
    id: string;
    name: string;
    description: string | null;
    allowedMediaType: MediaType | null;
    createdAt: string;
    dataRowCount: number;
    labelCount: number;
    reviewStepEnabled: boolean;
    ontology: {
      id: string;
      name: string;
    } | null;
  } | null;
};
export type SdkProjectQueryVariables = {
  id: string;
};
export const SdkProjectQuery: TypedDocument<SdkProjectQuery, SdkProjectQueryVariables> = {
  operationName: 'SdkProject',
  source: "query SdkProject($id: ID!) {\n  project(where: {id: $id}) {\n    id\n    name\n    description\n    allowedMediaType\n    createdAt\n    dataRowCount\n    labelCount\n    reviewStepEnabled\n    ontology {\n      id\n      name\n    }\n  }\n}",
};

export type SdkProjectsQuery = {
  projects: Array<{
    id: string;
    name: string;
    description: string | null;
    allowedMediaType: MediaType | null;
    createdAt: string;
  }>;
};
export type SdkProjectsQueryVariables = {
  skip?: number | null;
  first?: number | null;
};
export const SdkProjectsQuery: TypedDocument<SdkProjectsQuery, SdkProjectsQueryVariables> = {
  operationName: 'SdkProjects',
  source: "query SdkProjects($skip: Int, $first: PageSize) {\n  projects(skip: $skip, first: $first) {\n    id\n    name\n    description\n    allowedMediaType\n    createdAt\n  }\n}",
};

export type SdkUpsertOntologyMutation = {
  upsertOntology: {
    id: string;
    name: string;
    normalized: JsonValue;
  };
};
export type SdkUpsertOntologyMutationVariables = {
  data: UpsertOntologyInput;
};
export const SdkUpsertOntologyMutation: TypedDocument<SdkUpsertOntologyMutation, SdkUpsertOntologyMutationVariables> = {
  operationName: 'SdkUpsertOntology',
  source: "mutation SdkUpsertOntology($data: UpsertOntologyInput!) {\n  upsertOntology(data: $data) {\n    id\n    name\n    normalized\n  }\n}",
};

export type SdkConnectOntologyMutation = {
  project: {
    connectOntology: {
      id: string;
    };
  } | null;
};
export type SdkConnectOntologyMutationVariables = {
  projectId: string;
  ontologyId: string;
};
export const SdkConnectOntologyMutation: TypedDocument<SdkConnectOntologyMutation, SdkConnectOntologyMutationVariables> = {
  operationName: 'SdkConnectOntology',
  source: "mutation SdkConnectOntology($projectId: ID!, $ontologyId: ID!) {\n  project(where: {id: $projectId}) {\n    connectOntology(ontologyId: $ontologyId) {\n      id\n    }\n  }\n}",
};

export type SdkCreateBatchMutation = {
  project: {
    createBatchV2: {
      batch: {
        id: string;
        name: string;
        size: number;
      };
      failedDataRowIds: Array<string>;
    };
  } | null;
};
export type SdkCreateBatchMutationVariables = {
  projectId: string;
  input: CreateBatchInput;
};
export const SdkCreateBatchMutation: TypedDocument<SdkCreateBatchMutation, SdkCreateBatchMutationVariables> = {
  operationName: 'SdkCreateBatch',
  source: "mutation SdkCreateBatch($projectId: ID!, $input: CreateBatchInput!) {\n  project(where: {id: $projectId}) {\n    createBatchV2(input: $input) {\n      batch {\n        id\n        name\n        size\n      }\n      failedDataRowIds\n    }\n  }\n}",
};

export type SdkTaskQueueCountsQuery = {
  project: {
    workstreamStateCounts: Array<{
      state: string;
      count: number;
    }>;
  } | null;
};
export type SdkTaskQueueCountsQueryVariables = {
  id: string;
};
export const SdkTaskQueueCountsQuery: TypedDocument<SdkTaskQueueCountsQuery, SdkTaskQueueCountsQueryVariables> = {
  operationName: 'SdkTaskQueueCounts',
  source: "query SdkTaskQueueCounts($id: ID!) {\n  project(where: {id: $id}) {\n    workstreamStateCounts {\n      state\n      count\n    }\n  }\n}",
};
