import type { Db, ProjectInstructionsTable } from '../db/database.ts';

export type ProjectInstructionsRow = ProjectInstructionsTable;

/** Where a project's instructions file lives (one per project; setting it again replaces it). */
export class ProjectInstructionsRepository {
  constructor(private readonly db: Db) {}

  find(projectId: string): Promise<ProjectInstructionsRow | undefined> {
    return this.db
      .selectFrom('project_instructions')
      .selectAll()
      .where('project_id', '=', projectId)
      .executeTakeFirst();
  }

  async upsert(row: ProjectInstructionsRow): Promise<void> {
    await this.db
      .insertInto('project_instructions')
      .values(row)
      .onConflict((oc) =>
        oc.column('project_id').doUpdateSet({
          blob_key: row.blob_key,
          content_type: row.content_type,
          updated_by: row.updated_by,
          updated_at: row.updated_at,
        }),
      )
      .execute();
  }
}
