import type { Kysely } from 'kysely';

/**
 * The fingerprint of the `upsertOntology` request that made an ontology (name, normalized JSON, media type, task
 * type, description): a client's retry of the same request finds the ontology instead of making a second one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('ontologies').addColumn('request_hash', 'text').execute();
  await db.schema
    .createIndex('ontologies_request_hash_idx')
    .on('ontologies')
    .columns(['organization_id', 'request_hash'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('ontologies_request_hash_idx').execute();
  await db.schema.alterTable('ontologies').dropColumn('request_hash').execute();
}
