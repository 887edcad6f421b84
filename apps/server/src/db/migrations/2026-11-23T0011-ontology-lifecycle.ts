import type { Kysely } from 'kysely';

/**
 * Ontology and feature-schema lifecycle: soft deletes (the Labelbox REST API answers "Feature schema is already
 * deleted" on a second delete, and a deleted ontology may still be named by deleted projects), who created them, and
 * the editor task type an ontology was made for. Name search runs on lower(name).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('feature_schemas')
    .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('feature_schemas').addColumn('created_by', 'text').execute();
  await db.schema
    .alterTable('ontologies')
    .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('ontologies').addColumn('created_by', 'text').execute();
  await db.schema.alterTable('ontologies').addColumn('editor_task_type', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('ontologies').dropColumn('editor_task_type').execute();
  await db.schema.alterTable('ontologies').dropColumn('created_by').execute();
  await db.schema.alterTable('ontologies').dropColumn('deleted').execute();
  await db.schema.alterTable('feature_schemas').dropColumn('created_by').execute();
  await db.schema.alterTable('feature_schemas').dropColumn('deleted').execute();
}
