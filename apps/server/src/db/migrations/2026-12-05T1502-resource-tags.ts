import type { Kysely } from 'kysely';

/** Resource tags (Labelbox's coloured labels for organizing projects) and which projects carry them. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('resource_tags')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('color', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('resource_tags_text_uq', ['organization_id', 'text'])
    .execute();
  await db.schema
    .createTable('project_resource_tags')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('tag_id', 'text', (c) => c.notNull().references('resource_tags.id'))
    .addPrimaryKeyConstraint('project_resource_tags_pk', ['project_id', 'tag_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('project_resource_tags').execute();
  await db.schema.dropTable('resource_tags').execute();
}
