import type { Kysely } from 'kysely';
import type {
  ApiKeyTable,
  InviteTable,
  OrganizationTable,
  ProjectMemberTable,
  ServerSecretTable,
  UserGroupMemberTable,
  UserGroupProjectTable,
  UserGroupTable,
  UserTable,
  WebSessionTable,
} from './tables/identity.ts';
import type {
  AttachmentTable,
  DataRowImportBatchTable,
  DataRowTable,
  DatasetTable,
  EmbeddingTable,
  EmbeddingVectorTable,
  MetadataSchemaTable,
  SliceTable,
} from './tables/catalog.ts';
import type { FeatureSchemaTable, OntologyFeatureTable, OntologyTable } from './tables/ontology.ts';
import type {
  BatchTable,
  BenchmarkTable,
  LabelingFrontendOptionsTable,
  ProjectDataRowTable,
  ProjectFlagsTable,
  ProjectInstructionsTable,
  ProjectInstructionsTextTable,
  ProjectResourceTagTable,
  ProjectTable,
  ResourceTagTable,
} from './tables/project.ts';
import type {
  LabelDraftTable,
  QueueReservationTable,
  QueueSkipTable,
  ReviewTable,
  TaskQueueTable,
  WorkflowHistoryTable,
} from './tables/queue.ts';
import type {
  AnnotationImportTable,
  AnnotationTable,
  LabelFeatureTable,
  LabelFeedbackTable,
  LabelTable,
  LabelRenderTable,
  PrelabelTable,
} from './tables/label.ts';
import type {
  MeaPredictionImportTable,
  ModelConfigTable,
  ModelRunDataRowTable,
  ModelRunPredictionTable,
  ModelRunTable,
  ModelTable,
  ProjectModelConfigTable,
} from './tables/model.ts';
import type { ExportChunkTable, ExportTable, JobTable, WebhookTable } from './tables/job.ts';
import type { LsImportTable, LsRefTable, LsTokenTable } from './tables/label-studio.ts';

export type * from './tables/identity.ts';
export type * from './tables/catalog.ts';
export type * from './tables/ontology.ts';
export type * from './tables/project.ts';
export type * from './tables/queue.ts';
export type * from './tables/label.ts';
export type * from './tables/model.ts';
export type * from './tables/job.ts';
export type * from './tables/label-studio.ts';

/**
 * Column conventions, identical on SQLite and PostgreSQL so that both behave the same:
 * ids are 25-char time-sortable text; times are ISO-8601 UTC text (`2024-10-16T12:00:00.000Z`, which sorts
 * correctly as text); booleans are integers 0/1; JSON is text, parsed in repositories.
 */
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
  label_renders: LabelRenderTable;
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
