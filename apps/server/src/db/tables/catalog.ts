/** Datasets, data rows and what hangs off them: attachments, metadata schemas, import batches, slices, embeddings. Column conventions: see ../database.ts. */

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
