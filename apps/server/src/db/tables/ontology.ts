/** Feature schemas and the ontologies that arrange them. Column conventions: see ../database.ts. */

export interface FeatureSchemaTable {
  id: string;
  organization_id: string;
  name: string;
  /** `tool` or `classification`; the node's own `tool` / `type` is inside `normalized`. */
  kind: string;
  normalized: string;
  created_at: string;
  updated_at: string;
  /** Soft delete (0/1): `DELETE /api/v1/feature-schemas/{id}`. */
  deleted: number;
  created_by: string | null;
}

export interface OntologyTable {
  id: string;
  organization_id: string;
  name: string;
  description: string;
  media_type: string | null;
  created_at: string;
  updated_at: string;
  /** Soft delete (0/1): `DELETE /api/v1/ontologies/{id}`. */
  deleted: number;
  created_by: string | null;
  editor_task_type: string | null;
  /** Fingerprint of the upsertOntology request that made it (client retries find it); null otherwise. */
  request_hash?: string | null;
}

export interface OntologyFeatureTable {
  ontology_id: string;
  feature_schema_id: string;
  schema_node_id: string;
  kind: string;
  position: number;
  archived: number;
}
