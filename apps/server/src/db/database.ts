import type { Kysely } from 'kysely';

/**
 * Column conventions, identical on SQLite and PostgreSQL so that both behave the same:
 * ids are 25-char time-sortable text; times are ISO-8601 UTC text (`2024-10-16T12:00:00.000Z`, which sorts
 * correctly as text); booleans are integers 0/1; JSON is text, parsed in repositories.
 */
export interface OrganizationTable {
  id: string;
  name: string;
  created_at: string;
  updated_at: string;
}

export interface UserTable {
  id: string;
  organization_id: string;
  email: string;
  name: string;
  nickname: string | null;
  role: string;
  timezone: string | null;
  created_at: string;
  updated_at: string;
  deleted: number;
}

export interface ApiKeyTable {
  id: string;
  organization_id: string;
  user_id: string;
  name: string;
  key_hash: string;
  key_prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface ServerSecretTable {
  name: string;
  value: string;
  created_at: string;
}

export interface JobTable {
  id: string;
  organization_id: string;
  created_by: string;
  type: string;
  name: string;
  status: string;
  payload: string;
  progress: number;
  result: string | null;
  errors: string | null;
  attempts: number;
  max_attempts: number;
  run_after: string;
  locked_by: string | null;
  locked_until: string | null;
  idempotency_key: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export interface DatasetTable {
  id: string;
  organization_id: string;
  name: string;
  description: string;
  row_count: number;
  created_by: string;
  created_at: string;
  updated_at: string;
  deleted: number;
}

export interface DataRowTable {
  id: string;
  organization_id: string;
  dataset_id: string;
  row_data: string;
  external_id: string | null;
  global_key: string | null;
  media_type: string | null;
  media_attributes: string | null;
  metadata: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface AttachmentTable {
  id: string;
  organization_id: string;
  data_row_id: string;
  type: string;
  value: string;
  name: string | null;
  created_at: string;
}

export interface MetadataSchemaTable {
  id: string;
  /** null for the reserved schemas every organization shares. */
  organization_id: string | null;
  parent_id: string | null;
  name: string;
  kind: string;
  created_at: string;
}

export interface FeatureSchemaTable {
  id: string;
  organization_id: string;
  name: string;
  /** `tool` or `classification`; the node's own `tool` / `type` is inside `normalized`. */
  kind: string;
  normalized: string;
  created_at: string;
  updated_at: string;
}

export interface OntologyTable {
  id: string;
  organization_id: string;
  name: string;
  description: string;
  media_type: string | null;
  created_at: string;
  updated_at: string;
}

export interface OntologyFeatureTable {
  ontology_id: string;
  feature_schema_id: string;
  schema_node_id: string;
  kind: string;
  position: number;
  archived: number;
}

export interface ProjectTable {
  id: string;
  organization_id: string;
  name: string;
  description: string;
  media_type: string | null;
  editor_task_type: string | null;
  queue_mode: string;
  auto_audit_percentage: number | null;
  auto_audit_number_of_labels: number | null;
  is_benchmark_enabled: number;
  is_consensus_enabled: number;
  ontology_id: string | null;
  setup_complete: string | null;
  last_activity_time: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  deleted: number;
}

export interface BatchTable {
  id: string;
  organization_id: string;
  project_id: string;
  name: string;
  priority: number;
  consensus_settings: string | null;
  size: number;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface ProjectDataRowTable {
  project_id: string;
  data_row_id: string;
  batch_id: string;
  priority: number;
  created_at: string;
}

export interface Database {
  organizations: OrganizationTable;
  users: UserTable;
  api_keys: ApiKeyTable;
  server_secrets: ServerSecretTable;
  jobs: JobTable;
  datasets: DatasetTable;
  data_rows: DataRowTable;
  attachments: AttachmentTable;
  metadata_schemas: MetadataSchemaTable;
  feature_schemas: FeatureSchemaTable;
  ontologies: OntologyTable;
  ontology_features: OntologyFeatureTable;
  projects: ProjectTable;
  batches: BatchTable;
  project_data_rows: ProjectDataRowTable;
}

export type Db = Kysely<Database>;
export type Dialect = 'sqlite' | 'postgres';
