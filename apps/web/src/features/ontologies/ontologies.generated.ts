// GENERATED FILE — do not edit. Made by `npm run generate` (scripts/web-operations.ts).

import type { TypedDocument } from '../../api/typed-document.ts';
import type { JsonValue, MediaType, UpsertOntologyInput } from '../../api/schema.ts';

export type OntologiesQuery = {
  ontologies: {
    nextCursor: string | null;
    nodes: Array<{
      id: string;
      name: string;
      mediaType: MediaType | null;
      objectSchemaCount: number;
      classificationSchemaCount: number;
      updatedAt: string;
      projects: Array<{
        id: string;
        name: string;
      }>;
    }>;
  };
};
export type OntologiesQueryVariables = {
  search?: string | null;
  after?: string | null;
};
export const OntologiesQuery: TypedDocument<OntologiesQuery, OntologiesQueryVariables> = {
  operationName: 'Ontologies',
  source: "query Ontologies($search: String, $after: String) {\n  ontologies(first: 50, after: $after, where: {search: $search}) {\n    nextCursor\n    nodes {\n      id\n      name\n      mediaType\n      objectSchemaCount\n      classificationSchemaCount\n      updatedAt\n      projects {\n        id\n        name\n      }\n    }\n  }\n}",
};

export type OntologyDetailQuery = {
  ontology: {
    id: string;
    name: string;
    description: string | null;
    mediaType: MediaType | null;
    normalized: JsonValue;
    archived: JsonValue;
    updatedAt: string;
    projects: Array<{
      id: string;
      name: string;
    }>;
  } | null;
};
export type OntologyDetailQueryVariables = {
  id: string;
};
export const OntologyDetailQuery: TypedDocument<OntologyDetailQuery, OntologyDetailQueryVariables> = {
  operationName: 'OntologyDetail',
  source: "query OntologyDetail($id: ID!) {\n  ontology(where: {id: $id}) {\n    id\n    name\n    description\n    mediaType\n    normalized\n    archived\n    updatedAt\n    projects {\n      id\n      name\n    }\n  }\n}",
};

export type SaveOntologyMutation = {
  upsertOntology: {
    id: string;
    name: string;
  };
};
export type SaveOntologyMutationVariables = {
  data: UpsertOntologyInput;
};
export const SaveOntologyMutation: TypedDocument<SaveOntologyMutation, SaveOntologyMutationVariables> = {
  operationName: 'SaveOntology',
  source: "mutation SaveOntology($data: UpsertOntologyInput!) {\n  upsertOntology(data: $data) {\n    id\n    name\n  }\n}",
};

export type ReusableFeaturesQuery = {
  rootSchemaNodes: {
    nodes: Array<{
      id: string;
      name: string;
      kind: string;
      featureSchemaId: string;
      normalized: JsonValue;
    }>;
  };
};
export type ReusableFeaturesQueryVariables = {
  search?: string | null;
};
export const ReusableFeaturesQuery: TypedDocument<ReusableFeaturesQuery, ReusableFeaturesQueryVariables> = {
  operationName: 'ReusableFeatures',
  source: "query ReusableFeatures($search: String) {\n  rootSchemaNodes(first: 50, where: {search: $search}) {\n    nodes {\n      id\n      name\n      kind\n      featureSchemaId\n      normalized\n    }\n  }\n}",
};

export type ArchiveFeatureMutation = {
  archiveOntologyFeature: {
    id: string;
  };
};
export type ArchiveFeatureMutationVariables = {
  ontologyId: string;
  featureSchemaId: string;
};
export const ArchiveFeatureMutation: TypedDocument<ArchiveFeatureMutation, ArchiveFeatureMutationVariables> = {
  operationName: 'ArchiveFeature',
  source: "mutation ArchiveFeature($ontologyId: ID!, $featureSchemaId: ID!) {\n  archiveOntologyFeature(\n    ontologyId: $ontologyId\n    featureSchemaId: $featureSchemaId\n  ) {\n    id\n  }\n}",
};

export type UnarchiveFeatureMutation = {
  unarchiveOntologyFeature: {
    id: string;
  };
};
export type UnarchiveFeatureMutationVariables = {
  ontologyId: string;
  featureSchemaId: string;
};
export const UnarchiveFeatureMutation: TypedDocument<UnarchiveFeatureMutation, UnarchiveFeatureMutationVariables> = {
  operationName: 'UnarchiveFeature',
  source: "mutation UnarchiveFeature($ontologyId: ID!, $featureSchemaId: ID!) {\n  unarchiveOntologyFeature(\n    ontologyId: $ontologyId\n    featureSchemaId: $featureSchemaId\n  ) {\n    id\n  }\n}",
};
