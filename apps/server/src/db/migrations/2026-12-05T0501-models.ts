import type { Kysely } from 'kysely';

/**
 * Models (Labelbox's "Model" tab): a model names an ontology; its configs are inference parameters that projects
 * attach; its runs hold data rows (optionally with a ground-truth label and a data split), imported predictions
 * and the metrics computed from both. `projects.model_setup_complete` is the flag live model-evaluation projects
 * set once their model configs are final.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('models')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('ontology_id', 'text', (c) => c.notNull().references('ontologies.id'))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('models_org_name_idx')
    .on('models')
    .columns(['organization_id', 'name'])
    .execute();

  await db.schema
    .createTable('model_configs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('model_id', 'text', (c) => c.notNull().references('models.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('inference_params', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('model_configs_model_idx').on('model_configs').columns(['model_id']).execute();

  await db.schema
    .createTable('project_model_configs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('model_config_id', 'text', (c) =>
      c.notNull().references('model_configs.id').onDelete('cascade'),
    )
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('project_model_configs_pair', ['project_id', 'model_config_id'])
    .execute();
  await db.schema
    .createIndex('project_model_configs_config_idx')
    .on('project_model_configs')
    .columns(['model_config_id'])
    .execute();

  await db.schema
    .createTable('model_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('model_id', 'text', (c) => c.notNull().references('models.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('training_metadata', 'text')
    .addColumn('status', 'text')
    .addColumn('status_metadata', 'text')
    .addColumn('error_message', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('model_runs_model_name', ['model_id', 'name'])
    .execute();

  // One row per data row of a run ("annotation group"): its ground-truth label and its split.
  await db.schema
    .createTable('model_run_data_rows')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('model_run_id', 'text', (c) => c.notNull().references('model_runs.id').onDelete('cascade'))
    .addColumn('data_row_id', 'text', (c) => c.notNull().references('data_rows.id').onDelete('cascade'))
    .addColumn('label_id', 'text', (c) => c.references('labels.id').onDelete('set null'))
    .addColumn('data_split', 'text', (c) => c.notNull().defaultTo('UNASSIGNED'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('model_run_data_rows_pair', ['model_run_id', 'data_row_id'])
    .execute();
  await db.schema
    .createIndex('model_run_data_rows_data_row_idx')
    .on('model_run_data_rows')
    .columns(['data_row_id'])
    .execute();

  await db.schema
    .alterTable('projects')
    .addColumn('model_setup_complete', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('projects').dropColumn('model_setup_complete').execute();
  await db.schema.dropTable('model_run_data_rows').execute();
  await db.schema.dropTable('model_runs').execute();
  await db.schema.dropTable('project_model_configs').execute();
  await db.schema.dropTable('model_configs').execute();
  await db.schema.dropTable('models').execute();
}
