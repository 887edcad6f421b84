import type { Kysely } from 'kysely';

/**
 * Slices (Labelbox "saved queries"): a named catalog search — the filter language of `exportDataRowsInCatalog`,
 * plus similarity clauses — kept to list, export or narrow a model run's rows. `kind` is CATALOG or MODEL.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('slices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('filter', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('slices_org_idx').on('slices').columns(['organization_id', 'kind']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('slices').execute();
}
