// GENERATED FILE — do not edit. Made by `npm run generate` (scripts/web-operations.ts).

import type { TypedDocument } from '../../api/typed-document.ts';
import type { AnnotationImportState, CreateBatchInput, CreateBatchesFromDatasetInput, ExportDataRowsInProjectInput, JsonValue, MediaType, ProjectCreateInput, ProjectWhereInput } from '../../api/schema.ts';

export type ProjectsQuery = {
  projects: Array<{
    id: string;
    name: string;
    description: string | null;
    allowedMediaType: MediaType | null;
    dataRowCount: number;
    labelCount: number;
    lastActivityTime: string | null;
    createdAt: string;
    ontology: {
      id: string;
      name: string;
    } | null;
  }>;
};
export type ProjectsQueryVariables = {
  first?: number | null;
  skip?: number | null;
  where?: ProjectWhereInput | null;
};
export const ProjectsQuery: TypedDocument<ProjectsQuery, ProjectsQueryVariables> = {
  operationName: 'Projects',
  source: "query Projects($first: PageSize, $skip: Int, $where: ProjectWhereInput) {\n  projects(first: $first, skip: $skip, where: $where, orderBy: createdAt_DESC) {\n    id\n    name\n    description\n    allowedMediaType\n    dataRowCount\n    labelCount\n    lastActivityTime\n    createdAt\n    ontology {\n      id\n      name\n    }\n  }\n}",
};

export type ProjectDetailQuery = {
  project: {
    id: string;
    name: string;
    description: string | null;
    allowedMediaType: MediaType | null;
    dataRowCount: number;
    labelCount: number;
    lastActivityTime: string | null;
    createdAt: string;
    isConsensusEnabled: boolean;
    viewerRole: string;
    ontology: {
      id: string;
      name: string;
    } | null;
  } | null;
};
export type ProjectDetailQueryVariables = {
  id: string;
};
export const ProjectDetailQuery: TypedDocument<ProjectDetailQuery, ProjectDetailQueryVariables> = {
  operationName: 'ProjectDetail',
  source: "query ProjectDetail($id: ID!) {\n  project(where: {id: $id}) {\n    id\n    name\n    description\n    allowedMediaType\n    dataRowCount\n    labelCount\n    lastActivityTime\n    createdAt\n    isConsensusEnabled\n    viewerRole\n    ontology {\n      id\n      name\n    }\n  }\n}",
};

export type CreateProjectMutation = {
  createProject: {
    id: string;
    name: string;
  };
};
export type CreateProjectMutationVariables = {
  data: ProjectCreateInput;
};
export const CreateProjectMutation: TypedDocument<CreateProjectMutation, CreateProjectMutationVariables> = {
  operationName: 'CreateProject',
  source: "mutation CreateProject($data: ProjectCreateInput!) {\n  createProject(data: $data) {\n    id\n    name\n  }\n}",
};

export type ConnectOntologyMutation = {
  project: {
    connectOntology: {
      id: string;
    };
  } | null;
};
export type ConnectOntologyMutationVariables = {
  projectId: string;
  ontologyId: string;
};
export const ConnectOntologyMutation: TypedDocument<ConnectOntologyMutation, ConnectOntologyMutationVariables> = {
  operationName: 'ConnectOntology',
  source: "mutation ConnectOntology($projectId: ID!, $ontologyId: ID!) {\n  project(where: {id: $projectId}) {\n    connectOntology(ontologyId: $ontologyId) {\n      id\n    }\n  }\n}",
};

export type OntologyChoicesQuery = {
  ontologies: {
    nodes: Array<{
      id: string;
      name: string;
      mediaType: MediaType | null;
    }>;
  };
};
export type OntologyChoicesQueryVariables = Record<string, never>;
export const OntologyChoicesQuery: TypedDocument<OntologyChoicesQuery, OntologyChoicesQueryVariables> = {
  operationName: 'OntologyChoices',
  source: "query OntologyChoices {\n  ontologies(first: 100) {\n    nodes {\n      id\n      name\n      mediaType\n    }\n  }\n}",
};

export type DatasetChoicesQuery = {
  datasets: Array<{
    id: string;
    name: string;
    rowCount: number;
  }>;
};
export type DatasetChoicesQueryVariables = Record<string, never>;
export const DatasetChoicesQuery: TypedDocument<DatasetChoicesQuery, DatasetChoicesQueryVariables> = {
  operationName: 'DatasetChoices',
  source: "query DatasetChoices {\n  datasets(first: 100, orderBy: createdAt_DESC) {\n    id\n    name\n    rowCount\n  }\n}",
};

export type ProjectBatchesQuery = {
  project: {
    id: string;
    batches: {
      nodes: Array<{
        id: string;
        name: string;
        size: number;
        createdAt: string;
        consensusSettingsJson: JsonValue | null;
      }>;
      pageInfo: {
        endCursor: string | null;
        hasNextPage: boolean;
      };
    };
  } | null;
};
export type ProjectBatchesQueryVariables = {
  id: string;
  after?: string | null;
};
export const ProjectBatchesQuery: TypedDocument<ProjectBatchesQuery, ProjectBatchesQueryVariables> = {
  operationName: 'ProjectBatches',
  source: "query ProjectBatches($id: ID!, $after: String) {\n  project(where: {id: $id}) {\n    id\n    batches(first: 50, after: $after) {\n      nodes {\n        id\n        name\n        size\n        createdAt\n        consensusSettingsJson\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n}",
};

export type CreateBatchesFromDatasetMutation = {
  project: {
    createBatchesFromDataset: {
      tasks: Array<{
        taskId: string;
        batchUuid: string;
      }>;
    };
  } | null;
};
export type CreateBatchesFromDatasetMutationVariables = {
  projectId: string;
  input: CreateBatchesFromDatasetInput;
};
export const CreateBatchesFromDatasetMutation: TypedDocument<CreateBatchesFromDatasetMutation, CreateBatchesFromDatasetMutationVariables> = {
  operationName: 'CreateBatchesFromDataset',
  source: "mutation CreateBatchesFromDataset($projectId: ID!, $input: CreateBatchesFromDatasetInput!) {\n  project(where: {id: $projectId}) {\n    createBatchesFromDataset(input: $input) {\n      tasks {\n        taskId\n        batchUuid\n      }\n    }\n  }\n}",
};

export type CreateBatchMutation = {
  project: {
    createBatchV2: {
      batch: {
        id: string;
        name: string;
      };
      failedDataRowIds: Array<string>;
    };
  } | null;
};
export type CreateBatchMutationVariables = {
  projectId: string;
  input: CreateBatchInput;
};
export const CreateBatchMutation: TypedDocument<CreateBatchMutation, CreateBatchMutationVariables> = {
  operationName: 'CreateBatch',
  source: "mutation CreateBatch($projectId: ID!, $input: CreateBatchInput!) {\n  project(where: {id: $projectId}) {\n    createBatchV2(input: $input) {\n      batch {\n        id\n        name\n      }\n      failedDataRowIds\n    }\n  }\n}",
};

export type StartProjectExportMutation = {
  exportDataRowsInProject: {
    taskId: string;
  };
};
export type StartProjectExportMutationVariables = {
  input: ExportDataRowsInProjectInput;
};
export const StartProjectExportMutation: TypedDocument<StartProjectExportMutation, StartProjectExportMutationVariables> = {
  operationName: 'StartProjectExport',
  source: "mutation StartProjectExport($input: ExportDataRowsInProjectInput!) {\n  exportDataRowsInProject(input: $input) {\n    taskId\n  }\n}",
};

export type ExportTaskStatusQuery = {
  task: {
    id: string;
    status: string;
    errors: string | null;
    exportMetadataHeader: {
      totalSize: string;
      totalLines: string;
    } | null;
  } | null;
};
export type ExportTaskStatusQueryVariables = {
  id: string;
};
export const ExportTaskStatusQuery: TypedDocument<ExportTaskStatusQuery, ExportTaskStatusQueryVariables> = {
  operationName: 'ExportTaskStatus',
  source: "query ExportTaskStatus($id: ID!) {\n  task(where: {id: $id}) {\n    id\n    status\n    errors\n    exportMetadataHeader(streamType: RESULT) {\n      totalSize\n      totalLines\n    }\n  }\n}",
};

export type ExportChunkQuery = {
  task: {
    id: string;
    exportFileFromOffset: {
      file: string;
      offsets: {
        start: string;
        end: string;
      };
    } | null;
  } | null;
};
export type ExportChunkQueryVariables = {
  id: string;
  offset: string;
};
export const ExportChunkQuery: TypedDocument<ExportChunkQuery, ExportChunkQueryVariables> = {
  operationName: 'ExportChunk',
  source: "query ExportChunk($id: ID!, $offset: UInt64!) {\n  task(where: {id: $id}) {\n    id\n    exportFileFromOffset(offset: $offset, streamType: RESULT) {\n      file\n      offsets {\n        start\n        end\n      }\n    }\n  }\n}",
};

export type ProjectImportsQuery = {
  project: {
    id: string;
    annotationImports: Array<{
      id: string;
      name: string;
      state: AnnotationImportState;
      progress: string;
      createdAt: string;
      errorFileUrl: string | null;
      statusFileUrl: string | null;
    }>;
  } | null;
};
export type ProjectImportsQueryVariables = {
  id: string;
};
export const ProjectImportsQuery: TypedDocument<ProjectImportsQuery, ProjectImportsQueryVariables> = {
  operationName: 'ProjectImports',
  source: "query ProjectImports($id: ID!) {\n  project(where: {id: $id}) {\n    id\n    annotationImports(first: 50) {\n      id\n      name\n      state\n      progress\n      createdAt\n      errorFileUrl\n      statusFileUrl\n    }\n  }\n}",
};

export type ProjectInstructionsQuery = {
  project: {
    id: string;
    instructionsMarkdown: string | null;
    instructionsUrl: string | null;
  } | null;
};
export type ProjectInstructionsQueryVariables = {
  id: string;
};
export const ProjectInstructionsQuery: TypedDocument<ProjectInstructionsQuery, ProjectInstructionsQueryVariables> = {
  operationName: 'ProjectInstructions',
  source: "query ProjectInstructions($id: ID!) {\n  project(where: {id: $id}) {\n    id\n    instructionsMarkdown\n    instructionsUrl\n  }\n}",
};

export type SetProjectInstructionsFileMutation = {
  setProjectInstructions: {
    id: string;
  };
};
export type SetProjectInstructionsFileMutationVariables = {
  id: string;
  url: string;
};
export const SetProjectInstructionsFileMutation: TypedDocument<SetProjectInstructionsFileMutation, SetProjectInstructionsFileMutationVariables> = {
  operationName: 'SetProjectInstructionsFile',
  source: "mutation SetProjectInstructionsFile($id: ID!, $url: String!) {\n  setProjectInstructions(where: {id: $id}, data: {instructionsUrl: $url}) {\n    id\n  }\n}",
};

export type SetProjectInstructionsMarkdownMutation = {
  setProjectInstructionsMarkdown: {
    id: string;
    instructionsMarkdown: string | null;
  };
};
export type SetProjectInstructionsMarkdownMutationVariables = {
  id: string;
  markdown: string;
};
export const SetProjectInstructionsMarkdownMutation: TypedDocument<SetProjectInstructionsMarkdownMutation, SetProjectInstructionsMarkdownMutationVariables> = {
  operationName: 'SetProjectInstructionsMarkdown',
  source: "mutation SetProjectInstructionsMarkdown($id: ID!, $markdown: String!) {\n  setProjectInstructionsMarkdown(where: {id: $id}, markdown: $markdown) {\n    id\n    instructionsMarkdown\n  }\n}",
};

export type ProjectWorkflowCountsQuery = {
  project: {
    id: string;
    workstreamStateCounts: Array<{
      state: string;
      count: number;
    }>;
  } | null;
};
export type ProjectWorkflowCountsQueryVariables = {
  id: string;
};
export const ProjectWorkflowCountsQuery: TypedDocument<ProjectWorkflowCountsQuery, ProjectWorkflowCountsQueryVariables> = {
  operationName: 'ProjectWorkflowCounts',
  source: "query ProjectWorkflowCounts($id: ID!) {\n  project(where: {id: $id}) {\n    id\n    workstreamStateCounts {\n      state\n      count\n    }\n  }\n}",
};

export type ProjectLabelerPerformanceQuery = {
  project: {
    id: string;
    labelerPerformance: Array<{
      count: number;
      secondsPerLabel: number;
      consensus: number | null;
      averageBenchmarkAgreement: number | null;
      user: {
        id: string;
        email: string;
      };
    }>;
  } | null;
};
export type ProjectLabelerPerformanceQueryVariables = {
  id: string;
};
export const ProjectLabelerPerformanceQuery: TypedDocument<ProjectLabelerPerformanceQuery, ProjectLabelerPerformanceQueryVariables> = {
  operationName: 'ProjectLabelerPerformance',
  source: "query ProjectLabelerPerformance($id: ID!) {\n  project(where: {id: $id}) {\n    id\n    labelerPerformance(first: 100) {\n      count\n      secondsPerLabel\n      consensus\n      averageBenchmarkAgreement\n      user {\n        id\n        email\n      }\n    }\n  }\n}",
};
