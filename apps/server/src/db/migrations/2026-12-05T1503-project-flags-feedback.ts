import type { Kysely } from 'kysely';

/**
 * Per-project switches kept beside the project row (`showPredictionsToLabelers`: whether the labeling queue hands
 * MAL pre-labels to labelers; on unless turned off), and auto-QA feedback on labels: a free-form comment and named
 * numeric scores, one feedback per label (`upsertAutoQaLabelFeedback` replaces it).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('project_flags')
    .addColumn('project_id', 'text', (c) => c.primaryKey().references('projects.id'))
    .addColumn('show_predictions_to_labelers', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('label_feedback')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('label_id', 'text', (c) => c.notNull().unique())
    .addColumn('feedback', 'text', (c) => c.notNull())
    /** JSON array of `{id, name, score}`. */
    .addColumn('scores', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('label_feedback').execute();
  await db.schema.dropTable('project_flags').execute();
}
