import type { Kysely } from 'kysely';

/**
 * Quality (docs/quality.md): benchmarks name a reference label per data row (labels.is_benchmark_reference marks
 * it too, for the filters and exports that read it); project instructions point at an uploaded PDF or HTML file.
 * Agreement scores themselves live on the labels (`agreement`, `benchmark_agreement`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('benchmarks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('data_row_id', 'text', (c) => c.notNull().references('data_rows.id').onDelete('cascade'))
    .addColumn('label_id', 'text', (c) => c.notNull().unique().references('labels.id').onDelete('cascade'))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // One benchmark per data row and project: "the" reference every other label of the row is scored against.
  await db.schema
    .createIndex('benchmarks_project_row_idx')
    .on('benchmarks')
    .columns(['project_id', 'data_row_id'])
    .unique()
    .execute();

  await db.schema
    .createTable('project_instructions')
    .addColumn('project_id', 'text', (c) => c.primaryKey().references('projects.id'))
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('blob_key', 'text', (c) => c.notNull())
    /** application/pdf | text/html */
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('project_instructions').execute();
  await db.schema.dropTable('benchmarks').execute();
}
