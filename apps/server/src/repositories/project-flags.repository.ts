import type { Db } from '../db/database.ts';

/** Per-project switches (project_flags); a project without a row has every switch at its default. */
export class ProjectFlagsRepository {
  constructor(private readonly db: Db) {}

  async showPredictions(projectIds: readonly string[]): Promise<Map<string, boolean>> {
    if (projectIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('project_flags')
      .select(['project_id', 'show_predictions_to_labelers'])
      .where('project_id', 'in', [...projectIds])
      .execute();
    return new Map(rows.map((r) => [r.project_id, r.show_predictions_to_labelers === 1]));
  }

  async setShowPredictions(projectId: string, show: boolean): Promise<void> {
    const value = show ? 1 : 0;
    await this.db
      .insertInto('project_flags')
      .values({ project_id: projectId, show_predictions_to_labelers: value })
      .onConflict((oc) => oc.column('project_id').doUpdateSet({ show_predictions_to_labelers: value }))
      .execute();
  }
}
