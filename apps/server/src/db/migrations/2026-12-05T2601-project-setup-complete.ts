import { sql, type Kysely } from 'kysely';

/**
 * Projects that already had an ontology connected (through Label Studio or the web app) before connecting one set
 * `setup_complete` are marked set up as of their last update, as a project connected now would be.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`update projects set setup_complete = updated_at where setup_complete is null and ontology_id is not null`.execute(
    db,
  );
}

/** The marks cannot be told apart from ones set through the API, so they stay. */
export async function down(): Promise<void> {}
