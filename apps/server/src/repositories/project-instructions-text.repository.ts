import type { Db, ProjectInstructionsTextTable } from '../db/database.ts';

export type ProjectInstructionsTextRow = ProjectInstructionsTextTable;

/** The Markdown instructions of projects, one row per project. */
export class ProjectInstructionsTextRepository {
  constructor(private readonly db: Db) {}

  find(organizationId: string, projectId: string): Promise<ProjectInstructionsTextRow | undefined> {
    return this.db
      .selectFrom('project_instructions_text')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('project_id', '=', projectId)
      .executeTakeFirst();
  }

  async upsert(row: ProjectInstructionsTextRow): Promise<void> {
    await this.db
      .insertInto('project_instructions_text')
      .values(row)
      .onConflict((oc) =>
        oc.column('project_id').doUpdateSet({
          markdown: row.markdown,
          updated_by: row.updated_by,
          updated_at: row.updated_at,
        }),
      )
      .execute();
  }

  async remove(organizationId: string, projectId: string): Promise<void> {
    await this.db
      .deleteFrom('project_instructions_text')
      .where('organization_id', '=', organizationId)
      .where('project_id', '=', projectId)
      .execute();
  }
}
