import type { Kysely } from 'kysely';
import { RESERVED_METADATA_SCHEMAS } from '../reserved-metadata.ts';

/** Datasets, data rows, attachments and metadata schemas (the reserved ones seeded with Labelbox's pinned ids). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('datasets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('row_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('datasets_organization_idx')
    .on('datasets')
    .columns(['organization_id', 'id'])
    .execute();

  await db.schema
    .createTable('data_rows')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('dataset_id', 'text', (c) => c.notNull().references('datasets.id'))
    .addColumn('row_data', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text')
    .addColumn('global_key', 'text')
    .addColumn('media_type', 'text')
    .addColumn('media_attributes', 'text')
    .addColumn('metadata', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('data_rows_dataset_idx')
    .on('data_rows')
    .columns(['dataset_id', 'id'])
    .execute();
  await db.schema
    .createIndex('data_rows_global_key_idx')
    .on('data_rows')
    .columns(['organization_id', 'global_key'])
    .unique()
    .execute();
  await db.schema
    .createIndex('data_rows_external_id_idx')
    .on('data_rows')
    .columns(['organization_id', 'external_id'])
    .execute();

  await db.schema
    .createTable('attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('data_row_id', 'text', (c) => c.notNull().references('data_rows.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('attachments_data_row_idx')
    .on('attachments')
    .columns(['data_row_id', 'id'])
    .execute();

  await db.schema
    .createTable('metadata_schemas')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text')
    .addColumn('parent_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('metadata_schemas_organization_idx')
    .on('metadata_schemas')
    .columns(['organization_id', 'name'])
    .execute();
  const now = '2021-05-01T00:00:00.000Z';
  await db
    .insertInto('metadata_schemas')
    .values(RESERVED_METADATA_SCHEMAS.map((s) => ({ ...s, organization_id: null, created_at: now })))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['metadata_schemas', 'attachments', 'data_rows', 'datasets']) {
    await db.schema.dropTable(table).execute();
  }
}
