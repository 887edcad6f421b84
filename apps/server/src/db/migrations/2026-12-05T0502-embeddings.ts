import { PostgresAdapter, type Kysely } from 'kysely';

/**
 * Custom embeddings (Labelbox's `/adv/v1/embeddings`): named vector spaces of fixed dimensions per organization,
 * and one vector per data row in each, stored as little-endian float32 bytes. `version` orders imports so that a
 * process's in-memory similarity index can catch up with writes made by any replica.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const binary = db.getExecutor().adapter instanceof PostgresAdapter ? 'bytea' : 'blob';
  await db.schema
    .createTable('embeddings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('dims', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_key', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('embeddings_org_name', ['organization_id', 'name'])
    .execute();
  await db.schema
    .createTable('embedding_vectors')
    .addColumn('embedding_id', 'text', (c) => c.notNull().references('embeddings.id').onDelete('cascade'))
    .addColumn('data_row_id', 'text', (c) => c.notNull().references('data_rows.id').onDelete('cascade'))
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('key', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('vector', binary as 'blob', (c) => c.notNull())
    .addPrimaryKeyConstraint('embedding_vectors_pk', ['embedding_id', 'data_row_id'])
    .execute();
  await db.schema
    .createIndex('embedding_vectors_version_idx')
    .on('embedding_vectors')
    .columns(['embedding_id', 'version', 'key'])
    .execute();
  await db.schema
    .createIndex('embedding_vectors_key_idx')
    .unique()
    .on('embedding_vectors')
    .columns(['embedding_id', 'key'])
    .execute();
  await db.schema
    .createIndex('embedding_vectors_data_row_idx')
    .on('embedding_vectors')
    .columns(['data_row_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('embedding_vectors').execute();
  await db.schema.dropTable('embeddings').execute();
}
