/** Background jobs, exports and their chunks, webhooks. Column conventions: see ../database.ts. */

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
