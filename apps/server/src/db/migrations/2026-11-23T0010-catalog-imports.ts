import type { Kysely } from 'kysely';

/**
 * Per-batch outcomes of data-row upserts. A batch's row is written in the same transaction as its data rows, so it
 * is also the job's checkpoint: a job resumed after a crash skips the batches already recorded.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('data_row_import_batches')
    .addColumn('job_id', 'text', (c) => c.notNull())
    .addColumn('batch_no', 'integer', (c) => c.notNull())
    .addColumn('success_count', 'integer', (c) => c.notNull())
    .addColumn('failure_count', 'integer', (c) => c.notNull())
    // JSON array of data-row ids, in input order.
    .addColumn('successes', 'text', (c) => c.notNull())
    // JSON array of {message, spec}.
    .addColumn('failures', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('data_row_import_batches_pk', ['job_id', 'batch_no'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('data_row_import_batches').execute();
}
