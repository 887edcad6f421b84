/** Projects and their settings: batches, rows in the project, instructions, frontends, tags, flags, benchmarks. Column conventions: see ../database.ts. */

/** Markdown instructions of a project, written in the web app (the attached file: `project_instructions`). */
export interface ProjectInstructionsTextTable {
  project_id: string;
  organization_id: string;
  markdown: string;
  updated_by: string;
  updated_at: string;
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

export interface LabelingFrontendOptionsTable {
  id: string;
  organization_id: string;
  project_id: string;
  labeling_frontend_id: string;
  customization_options: string;
  created_by: string;
  created_at: string;
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
