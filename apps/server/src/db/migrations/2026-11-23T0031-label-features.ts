import type { Kysely } from 'kysely';

/**
 * Which feature schemas each label uses, nested ones included (options, classifications under tools and options):
 * ontology edits ask "is this node used by labels?" for any node, while `annotations` indexes only top-level
 * annotations. Plus an index for label pages filtered by creation time (the mask lookup by annotation uuid has its
 * index in the export-streams migration).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('label_features')
    .addColumn('label_id', 'text', (c) => c.notNull().references('labels.id').onDelete('cascade'))
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('feature_schema_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('label_features_pk', ['label_id', 'feature_schema_id'])
    .execute();
  await db.schema
    .createIndex('label_features_feature_idx')
    .on('label_features')
    .columns(['organization_id', 'feature_schema_id'])
    .execute();
  await db.schema
    .createIndex('labels_project_created_idx')
    .on('labels')
    .columns(['project_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('labels_project_created_idx').execute();
  await db.schema.dropTable('label_features').execute();
}
