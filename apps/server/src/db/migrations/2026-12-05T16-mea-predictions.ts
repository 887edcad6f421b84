import type { Kysely } from 'kysely';

/**
 * Model-run prediction imports (the SDK's `MEAPredictionImport`, `model_run.add_predictions`): the import row the
 * SDK polls by (model run, name), and the predictions it wrote, one JSON label document per model run and data row
 * and import (confidence kept). Both go with their model run.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('mea_prediction_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('model_run_id', 'text', (c) => c.notNull().references('model_runs.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull()) // RUNNING | FAILED | FINISHED
    .addColumn('progress', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('input_key', 'text', (c) => c.notNull())
    .addColumn('status_key', 'text')
    .addColumn('error_key', 'text')
    .addColumn('job_id', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('mea_prediction_imports_run_name', ['model_run_id', 'name'])
    .execute();

  await db.schema
    .createTable('model_run_predictions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('model_run_id', 'text', (c) => c.notNull().references('model_runs.id').onDelete('cascade'))
    .addColumn('data_row_id', 'text', (c) => c.notNull().references('data_rows.id').onDelete('cascade'))
    .addColumn('import_id', 'text', (c) =>
      c.notNull().references('mea_prediction_imports.id').onDelete('cascade'),
    )
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('model_run_predictions_import_row', ['import_id', 'data_row_id'])
    .execute();
  await db.schema
    .createIndex('model_run_predictions_run_row_idx')
    .on('model_run_predictions')
    .columns(['model_run_id', 'data_row_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('model_run_predictions').execute();
  await db.schema.dropTable('mea_prediction_imports').execute();
}
