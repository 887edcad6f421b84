import type { Generated, Kysely } from 'kysely';

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
  /** `scrypt$…` (auth/passwords.ts); null for users who have never set a password (API keys only). */
  password_hash: string | null;
}

export interface ProjectMemberTable {
  project_id: string;
  user_id: string;
  organization_id: string;
  /** A role key (LABELER, REVIEWER, TEAM_MANAGER, ADMIN) for a user whose org role is NONE. */
  role: string;
  created_at: string;
  updated_at: string;
}

export interface InviteTable {
  id: string;
  organization_id: string;
  email: string;
  role: string;
  project_roles: string;
  token_hash: string;
  status: string;
  invited_by: string;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  user_id: string | null;
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

/** Markdown instructions of a project, written in the web app (the attached file: `project_instructions`). */
export interface ProjectInstructionsTextTable {
  project_id: string;
  organization_id: string;
  markdown: string;
  updated_by: string;
  updated_at: string;
}

export interface WebSessionTable {
  id: string;
  token_hash: string;
  user_id: string;
  organization_id: string;
  csrf_token: string;
  user_agent: string | null;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
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

export interface DataRowImportBatchTable {
  job_id: string;
  batch_no: number;
  success_count: number;
  failure_count: number;
  /** JSON array of data-row ids. */
  successes: string;
  /** JSON array of `{message, spec}`. */
  failures: string;
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
  /** null after an explicit disconnect; new projects get the built-in `Editor`. */
  labeling_frontend_id: string | null;
  setup_complete: string | null;
  last_activity_time: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  deleted: number;
  model_setup_complete: number;
  /** 1: submitted labels go to review (the default); 0: straight to DONE. */
  review_step?: number;
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
  /** Workflow (docs/queue.md): TO_LABEL | IN_REVIEW | IN_REWORK | DONE; defaults put a new row in TO_LABEL. */
  // Optional: writers that put rows in a project leave them to the column defaults.
  workflow_status?: string;
  labels_needed?: number;
  workflow_label_id?: string | null;
  workflow_user_id?: string | null;
  skip_count?: number;
  workflow_updated_at?: string | null;
}

export interface TaskQueueTable {
  id: string;
  organization_id: string;
  project_id: string;
  queue_type: string;
  name: string;
  description: string;
  position: number;
  created_at: string;
}

export interface QueueReservationTable {
  id: string;
  organization_id: string;
  project_id: string;
  data_row_id: string;
  user_id: string;
  queue_type: string;
  row_status: string;
  label_id: string | null;
  status: string;
  created_at: string;
  expires_at: string;
  finished_at: string | null;
  result_id: string | null;
}

export interface QueueSkipTable {
  project_id: string;
  data_row_id: string;
  user_id: string;
  reason: string | null;
  created_at: string;
}

export interface LabelDraftTable {
  project_id: string;
  data_row_id: string;
  user_id: string;
  reservation_id: string;
  content: string;
  updated_at: string;
}

export interface ReviewTable {
  id: string;
  organization_id: string;
  project_id: string;
  label_id: string;
  data_row_id: string;
  created_by: string;
  verdict: string;
  score: number;
  comment: string | null;
  seconds_to_review: number | null;
  reservation_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface WorkflowHistoryTable {
  id: string;
  organization_id: string;
  project_id: string;
  data_row_id: string;
  action: string;
  from_status: string;
  to_status: string;
  user_id: string;
  label_id: string | null;
  review_id: string | null;
  created_at: string;
}

export interface LabelingFrontendOptionsTable {
  id: string;
  organization_id: string;
  project_id: string;
  labeling_frontend_id: string;
  customization_options: string;
  created_by: string;
  created_at: string;
}

export interface AnnotationImportTable {
  id: string;
  organization_id: string;
  project_id: string;
  name: string;
  kind: string;
  state: string;
  progress: number;
  input_key: string;
  status_key: string | null;
  error_key: string | null;
  job_id: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface LabelTable {
  id: string;
  organization_id: string;
  project_id: string;
  data_row_id: string;
  created_by: string;
  type: string;
  content: string;
  seconds_to_label: number | null;
  seconds_to_review: number | null;
  agreement: number | null;
  benchmark_agreement: number | null;
  is_benchmark_reference: number;
  review_state: string;
  import_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface BenchmarkTable {
  id: string;
  organization_id: string;
  project_id: string;
  data_row_id: string;
  label_id: string;
  created_by: string;
  created_at: string;
}

export interface ProjectInstructionsTable {
  project_id: string;
  organization_id: string;
  blob_key: string;
  content_type: string;
  updated_by: string;
  updated_at: string;
}

export interface AnnotationTable {
  id: string;
  organization_id: string;
  label_id: string;
  feature_schema_id: string;
  kind: string;
  uuid: string | null;
}

/** Every feature schema a label uses (nested options and classifications included), for "is it used?" checks. */
export interface LabelFeatureTable {
  label_id: string;
  organization_id: string;
  feature_schema_id: string;
}

export interface PrelabelTable {
  id: string;
  organization_id: string;
  project_id: string;
  data_row_id: string;
  import_id: string;
  content: string;
  created_at: string;
  updated_at: string;
}

export interface MeaPredictionImportTable {
  id: string;
  organization_id: string;
  model_run_id: string;
  name: string;
  state: string;
  progress: number;
  input_key: string;
  status_key: string | null;
  error_key: string | null;
  job_id: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface ModelRunPredictionTable {
  id: string;
  organization_id: string;
  model_run_id: string;
  data_row_id: string;
  import_id: string;
  content: string;
  created_at: string;
  updated_at: string;
}

export interface WebhookTable {
  id: string;
  organization_id: string;
  project_id: string | null;
  url: string;
  secret: string;
  topics: string;
  status: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface ExportTable {
  id: string;
  organization_id: string;
  project_id: string | null;
  kind: string;
  job_id: string;
  blob_key: string | null;
  created_by: string;
  created_at: string;
  /** Legacy exports: the filters the file was made with (reused for 30 minutes only with the same filters). */
  filter_key: string | null;
}

export interface ExportChunkTable {
  job_id: string;
  stream: string;
  chunk_no: number;
  blob_key: string;
  /** bigint columns: PostgreSQL returns them as strings, repositories convert. */
  byte_start: number | string;
  byte_end: number | string;
  line_start: number | string;
  line_end: number | string;
}

export interface ModelTable {
  id: string;
  organization_id: string;
  name: string;
  ontology_id: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface ModelConfigTable {
  id: string;
  organization_id: string;
  model_id: string;
  name: string;
  /** JSON object */
  inference_params: string;
  created_at: string;
}

export interface ProjectModelConfigTable {
  id: string;
  organization_id: string;
  project_id: string;
  model_config_id: string;
  created_at: string;
}

export interface ModelRunTable {
  id: string;
  organization_id: string;
  model_id: string;
  name: string;
  /** JSON, the run's training metadata ("config") */
  training_metadata: string | null;
  /** ModelRun.Status as last set through updateTrainingPipeline */
  status: string | null;
  status_metadata: string | null;
  error_message: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  /** Raised by every write to the run's rows or predictions (cached metrics compare it). */
  metrics_version?: number;
}

export interface ModelRunDataRowTable {
  id: string;
  organization_id: string;
  model_run_id: string;
  data_row_id: string;
  label_id: string | null;
  /** TRAINING | TEST | VALIDATION | UNASSIGNED */
  data_split: string;
  created_at: string;
}

export interface EmbeddingTable {
  id: string;
  organization_id: string;
  name: string;
  dims: number;
  /** bumped by every import; vectors carry the version that wrote them */
  version: number;
  /** the next numeric key for a new vector (similarity indexes key vectors by number) */
  next_key: number;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface EmbeddingVectorTable {
  embedding_id: string;
  data_row_id: string;
  organization_id: string;
  key: number;
  version: number;
  /** `dims` little-endian float32 values */
  vector: Buffer;
}

export interface SliceTable {
  id: string;
  organization_id: string;
  /** CATALOG | MODEL */
  kind: string;
  name: string;
  description: string;
  /** JSON: the search query clauses */
  filter: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** The Label Studio face: integer ids and LS-only fields of projects, tasks, annotations and predictions. */
export interface LsRefTable {
  /** bigint on PostgreSQL (returned as a string there; repositories convert). */
  ls_id: Generated<number | string>;
  kind: string;
  ref_id: string;
  organization_id: string;
  /** The project the record belongs to (a project's own row: itself). */
  project_id: string;
  data: string | null;
  created_at: string;
}

export interface LsTokenTable {
  jti: string;
  organization_id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  blacklisted_at: string | null;
}

export interface LsImportTable {
  id: string;
  project_id: string;
  body_hash: string;
  result: string;
  created_at: string;
}

export interface UserGroupTable {
  id: string;
  organization_id: string;
  name: string;
  /** Six hex digits, no `#` (the SDK's UserGroupColor values). */
  color: string;
  created_at: string;
  updated_at: string;
}

export interface UserGroupMemberTable {
  group_id: string;
  user_id: string;
}

export interface UserGroupProjectTable {
  group_id: string;
  project_id: string;
}

export interface ResourceTagTable {
  id: string;
  organization_id: string;
  text: string;
  /** Six hex digits, no `#`. */
  color: string;
  created_at: string;
}

export interface ProjectResourceTagTable {
  project_id: string;
  tag_id: string;
}

export interface ProjectFlagsTable {
  project_id: string;
  show_predictions_to_labelers: number;
}

export interface LabelFeedbackTable {
  id: string;
  organization_id: string;
  label_id: string;
  feedback: string;
  scores: string;
  created_by: string;
  updated_at: string;
}

export interface Database {
  organizations: OrganizationTable;
  users: UserTable;
  project_members: ProjectMemberTable;
  invites: InviteTable;
  user_groups: UserGroupTable;
  user_group_members: UserGroupMemberTable;
  user_group_projects: UserGroupProjectTable;
  resource_tags: ResourceTagTable;
  project_resource_tags: ProjectResourceTagTable;
  project_flags: ProjectFlagsTable;
  label_feedback: LabelFeedbackTable;
  api_keys: ApiKeyTable;
  web_sessions: WebSessionTable;
  project_instructions_text: ProjectInstructionsTextTable;
  server_secrets: ServerSecretTable;
  jobs: JobTable;
  datasets: DatasetTable;
  data_rows: DataRowTable;
  attachments: AttachmentTable;
  metadata_schemas: MetadataSchemaTable;
  data_row_import_batches: DataRowImportBatchTable;
  feature_schemas: FeatureSchemaTable;
  ontologies: OntologyTable;
  ontology_features: OntologyFeatureTable;
  projects: ProjectTable;
  batches: BatchTable;
  project_data_rows: ProjectDataRowTable;
  task_queues: TaskQueueTable;
  queue_reservations: QueueReservationTable;
  queue_skips: QueueSkipTable;
  label_drafts: LabelDraftTable;
  reviews: ReviewTable;
  workflow_history: WorkflowHistoryTable;
  labeling_frontend_options: LabelingFrontendOptionsTable;
  annotation_imports: AnnotationImportTable;
  labels: LabelTable;
  benchmarks: BenchmarkTable;
  project_instructions: ProjectInstructionsTable;
  annotations: AnnotationTable;
  label_features: LabelFeatureTable;
  prelabels: PrelabelTable;
  webhooks: WebhookTable;
  exports: ExportTable;
  export_chunks: ExportChunkTable;
  models: ModelTable;
  model_configs: ModelConfigTable;
  project_model_configs: ProjectModelConfigTable;
  model_runs: ModelRunTable;
  model_run_data_rows: ModelRunDataRowTable;
  mea_prediction_imports: MeaPredictionImportTable;
  model_run_predictions: ModelRunPredictionTable;
  embeddings: EmbeddingTable;
  embedding_vectors: EmbeddingVectorTable;
  slices: SliceTable;
  ls_refs: LsRefTable;
  ls_tokens: LsTokenTable;
  ls_imports: LsImportTable;
}

export type Db = Kysely<Database>;
export type Dialect = 'sqlite' | 'postgres';
