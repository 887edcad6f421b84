/** Labels, their annotations and features, pre-labels, annotation imports and label feedback. Column conventions: see ../database.ts. */

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

/** A label's export v2 `annotations` as stored JSON text (migration 2026-12-06T1301-label-renders). */
export interface LabelRenderTable {
  label_id: string;
  /** The renderer version that wrote it (`V2_RENDER_VERSION`); others are ignored. */
  version: number;
  /** The data row's media type it was rendered for. */
  media_type: string | null;
  /** The label's `updated_at` when it was rendered. */
  label_updated_at: string;
  annotations: string;
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

export interface LabelFeedbackTable {
  id: string;
  organization_id: string;
  label_id: string;
  feedback: string;
  scores: string;
  created_by: string;
  updated_at: string;
}
