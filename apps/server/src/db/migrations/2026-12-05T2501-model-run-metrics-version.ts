import type { Kysely } from 'kysely';

/**
 * A counter on each model run, raised in the same statement batch as every write to the run's rows or predictions,
 * so cached metrics can tell whether they are still current (ground-truth label edits are seen through the labels'
 * own `updated_at`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('model_runs')
    .addColumn('metrics_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('model_runs').dropColumn('metrics_version').execute();
}
