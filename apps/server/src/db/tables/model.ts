/** Models, configs, model runs, their rows and predictions (model error analysis). Column conventions: see ../database.ts. */

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
