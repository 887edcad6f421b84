import type { Kysely } from 'kysely';

/**
 * Labels and what flows through them: annotation imports (ground truth and MAL), pre-labels (kept apart from
 * human labels), webhooks and export files.
 *
 * A label's annotations live in one JSON document (`labels.content`, records from @labelyard/schema) so that a
 * label reads and exports with one row; `annotations` indexes each top-level annotation by feature id
 * (masks, feature usage, relationship uuids) without duplicating its geometry.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('annotation_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // GROUND_TRUTH | MAL
    .addColumn('state', 'text', (c) => c.notNull()) // RUNNING | FAILED | FINISHED
    .addColumn('progress', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('input_key', 'text', (c) => c.notNull())
    .addColumn('status_key', 'text')
    .addColumn('error_key', 'text')
    .addColumn('job_id', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('annotation_imports_project_name_idx')
    .on('annotation_imports')
    .columns(['project_id', 'kind', 'name'])
    .unique()
    .execute();

  await db.schema
    .createTable('labels')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('data_row_id', 'text', (c) => c.notNull().references('data_rows.id').onDelete('cascade'))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull()) // SUBMITTED | SKIPPED
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('seconds_to_label', 'real')
    .addColumn('seconds_to_review', 'real')
    .addColumn('agreement', 'real')
    .addColumn('benchmark_agreement', 'real')
    .addColumn('is_benchmark_reference', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('review_state', 'text', (c) => c.notNull().defaultTo('UNREVIEWED'))
    .addColumn('import_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('labels_project_idx').on('labels').columns(['project_id', 'id']).execute();
  await db.schema
    .createIndex('labels_data_row_idx')
    .on('labels')
    .columns(['data_row_id', 'project_id'])
    .execute();
  // One label per data row per import: a re-run import updates instead of duplicating.
  await db.schema
    .createIndex('labels_import_idx')
    .on('labels')
    .columns(['import_id', 'data_row_id'])
    .unique()
    .execute();

  await db.schema
    .createTable('annotations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('label_id', 'text', (c) => c.notNull().references('labels.id').onDelete('cascade'))
    .addColumn('feature_schema_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('uuid', 'text')
    .execute();
  await db.schema.createIndex('annotations_label_idx').on('annotations').columns(['label_id']).execute();
  await db.schema
    .createIndex('annotations_feature_idx')
    .on('annotations')
    .columns(['feature_schema_id'])
    .execute();

  await db.schema
    .createTable('prelabels')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('data_row_id', 'text', (c) => c.notNull().references('data_rows.id').onDelete('cascade'))
    .addColumn('import_id', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('prelabels_import_idx')
    .on('prelabels')
    .columns(['import_id', 'data_row_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('prelabels_project_idx')
    .on('prelabels')
    .columns(['project_id', 'data_row_id'])
    .execute();

  await db.schema
    .createTable('webhooks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text')
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('topics', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('webhooks_organization_idx')
    .on('webhooks')
    .columns(['organization_id', 'id'])
    .execute();

  await db.schema
    .createTable('exports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull()) // LEGACY_JSON | V2_NDJSON | COCO | …
    .addColumn('job_id', 'text', (c) => c.notNull())
    .addColumn('blob_key', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('exports_project_idx')
    .on('exports')
    .columns(['organization_id', 'project_id', 'kind', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['exports', 'webhooks', 'prelabels', 'annotations', 'labels', 'annotation_imports']) {
    await db.schema.dropTable(table).execute();
  }
}
