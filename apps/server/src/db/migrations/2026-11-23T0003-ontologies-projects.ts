import type { Kysely } from 'kysely';

/** Feature schemas, ontologies, projects, batches and batch membership. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('feature_schemas')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('normalized', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('feature_schemas_organization_idx')
    .on('feature_schemas')
    .columns(['organization_id', 'id'])
    .execute();

  await db.schema
    .createTable('ontologies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('media_type', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('ontologies_organization_idx')
    .on('ontologies')
    .columns(['organization_id', 'id'])
    .execute();

  await db.schema
    .createTable('ontology_features')
    .addColumn('ontology_id', 'text', (c) => c.notNull().references('ontologies.id').onDelete('cascade'))
    .addColumn('feature_schema_id', 'text', (c) => c.notNull().references('feature_schemas.id'))
    .addColumn('schema_node_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('ontology_features_pk', ['ontology_id', 'feature_schema_id'])
    .execute();
  await db.schema
    .createIndex('ontology_features_feature_idx')
    .on('ontology_features')
    .columns(['feature_schema_id'])
    .execute();

  await db.schema
    .createTable('projects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('media_type', 'text')
    .addColumn('editor_task_type', 'text')
    .addColumn('queue_mode', 'text', (c) => c.notNull().defaultTo('BATCH'))
    .addColumn('auto_audit_percentage', 'real')
    .addColumn('auto_audit_number_of_labels', 'integer')
    .addColumn('is_benchmark_enabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_consensus_enabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ontology_id', 'text', (c) => c.references('ontologies.id'))
    .addColumn('setup_complete', 'text')
    .addColumn('last_activity_time', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('projects_organization_idx')
    .on('projects')
    .columns(['organization_id', 'id'])
    .execute();
  await db.schema.createIndex('projects_ontology_idx').on('projects').columns(['ontology_id']).execute();

  await db.schema
    .createTable('batches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(5))
    .addColumn('consensus_settings', 'text')
    .addColumn('size', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('batches_project_name_idx')
    .on('batches')
    .columns(['project_id', 'name'])
    .unique()
    .execute();

  await db.schema
    .createTable('project_data_rows')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('data_row_id', 'text', (c) => c.notNull().references('data_rows.id').onDelete('cascade'))
    .addColumn('batch_id', 'text', (c) => c.notNull().references('batches.id').onDelete('cascade'))
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('project_data_rows_pk', ['project_id', 'data_row_id'])
    .execute();
  await db.schema
    .createIndex('project_data_rows_batch_idx')
    .on('project_data_rows')
    .columns(['batch_id', 'data_row_id'])
    .execute();
  await db.schema
    .createIndex('project_data_rows_data_row_idx')
    .on('project_data_rows')
    .columns(['data_row_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'project_data_rows',
    'batches',
    'projects',
    'ontology_features',
    'ontologies',
    'feature_schemas',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
