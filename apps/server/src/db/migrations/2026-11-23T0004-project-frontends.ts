import type { Kysely } from 'kysely';

/**
 * Which labeling frontend a project uses (every project starts on the built-in `Editor`, so the Labelbox SDK's
 * `connect_ontology` skips its frontend setup calls), the options the SDK attaches to it, and a keyset index for
 * `project.batches(after:, first:)`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('projects').addColumn('labeling_frontend_id', 'text').execute();

  await db.schema
    .createTable('labeling_frontend_options')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('labeling_frontend_id', 'text', (c) => c.notNull())
    .addColumn('customization_options', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('labeling_frontend_options_project_idx')
    .on('labeling_frontend_options')
    .columns(['project_id', 'id'])
    .execute();

  await db.schema.createIndex('batches_project_id_idx').on('batches').columns(['project_id', 'id']).execute();
  await db.schema
    .createIndex('projects_organization_created_idx')
    .on('projects')
    .columns(['organization_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('projects_organization_created_idx').execute();
  await db.schema.dropIndex('batches_project_id_idx').execute();
  await db.schema.dropTable('labeling_frontend_options').execute();
  await db.schema.alterTable('projects').dropColumn('labeling_frontend_id').execute();
}
