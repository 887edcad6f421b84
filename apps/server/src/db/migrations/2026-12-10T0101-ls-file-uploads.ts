import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * Label Studio's FileUpload objects: every file an import uploads (task files and media) is kept and listed
 * (`/api/projects/{id}/file-uploads`), and can be imported again (`/reimport`). An upload is an `ls_refs` row of
 * kind `file_upload` (its integer id, its served name as `ref_id`); the tasks made from it name it in
 * `file_upload_id`, so a reimport finds them through the partial index without reading the project's other tasks.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .alterTable('ls_refs')
    .addColumn('file_upload_id', postgres ? 'bigint' : 'integer')
    .execute();
  await sql`create index ls_refs_file_upload_idx on ls_refs (project_id, file_upload_id)
    where file_upload_id is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index ls_refs_file_upload_idx`.execute(db);
  await db.schema.alterTable('ls_refs').dropColumn('file_upload_id').execute();
}
