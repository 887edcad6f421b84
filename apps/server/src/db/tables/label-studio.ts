import type { Generated } from 'kysely';

/** The Label Studio face: integer ids and LS-only fields, tokens, imports. Column conventions: see ../database.ts. */

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
  /** A task made from an uploaded file: the upload's `ls_id` (bigint on PostgreSQL, as `ls_id`). */
  file_upload_id: Generated<number | string | null>;
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
