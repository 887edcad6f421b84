import type { Kysely } from 'kysely';

/** Markdown instructions written in the web app (beside the attached PDF/HTML file of `project_instructions`). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('project_instructions_text')
    .addColumn('project_id', 'text', (c) => c.primaryKey().references('projects.id'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('markdown', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('project_instructions_text').execute();
}
