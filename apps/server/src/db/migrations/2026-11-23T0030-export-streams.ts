import type { Kysely } from 'kysely';

/**
 * Export streams (Labelbox export v2): each stream of an export task (RESULT, ERRORS) is one NDJSON blob, cut
 * into chunks at line ends. `export_chunks` records each chunk's byte and line range so that
 * `exportFileFromOffset` answers with an indexed lookup. Offsets are bigint: streams can pass 2 GB.
 *
 * `exports.filter_key` tells apart legacy exports of the same project made with different filters (each is
 * reused for 30 minutes). The annotation uuid index serves `GET /masks/feature/:id`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('export_chunks')
    .addColumn('job_id', 'text', (c) => c.notNull())
    .addColumn('stream', 'text', (c) => c.notNull()) // RESULT | ERRORS
    .addColumn('chunk_no', 'integer', (c) => c.notNull())
    .addColumn('blob_key', 'text', (c) => c.notNull())
    .addColumn('byte_start', 'bigint', (c) => c.notNull())
    .addColumn('byte_end', 'bigint', (c) => c.notNull())
    .addColumn('line_start', 'bigint', (c) => c.notNull())
    .addColumn('line_end', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('export_chunks_pk', ['job_id', 'stream', 'chunk_no'])
    .execute();
  await db.schema
    .createIndex('export_chunks_offset_idx')
    .on('export_chunks')
    .columns(['job_id', 'stream', 'byte_start'])
    .execute();
  await db.schema.alterTable('exports').addColumn('filter_key', 'text').execute();
  await db.schema.createIndex('exports_job_idx').on('exports').columns(['job_id']).execute();
  await db.schema
    .createIndex('annotations_org_uuid_idx')
    .on('annotations')
    .columns(['organization_id', 'uuid'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('annotations_org_uuid_idx').execute();
  await db.schema.dropIndex('exports_job_idx').execute();
  await db.schema.alterTable('exports').dropColumn('filter_key').execute();
  await db.schema.dropTable('export_chunks').execute();
}
