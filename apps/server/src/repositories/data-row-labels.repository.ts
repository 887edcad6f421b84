import type { Db } from '../db/database.ts';
import type { LabelRow } from './label.repository.ts';

/** The labels of one data row across projects (`data_row.labels()`), in creation order. */
export class DataRowLabelsRepository {
  constructor(private readonly db: Db) {}

  /** `projectIds` narrows to those projects (project-based callers); undefined means every project. */
  async page(
    organizationId: string,
    dataRowId: string,
    projectIds: readonly string[] | undefined,
    page: { skip: number; first: number },
  ): Promise<LabelRow[]> {
    if (projectIds?.length === 0) return [];
    let query = this.db
      .selectFrom('labels')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('data_row_id', '=', dataRowId)
      .orderBy('created_at')
      .orderBy('id')
      .offset(page.skip)
      .limit(page.first);
    if (projectIds) query = query.where('project_id', 'in', [...projectIds]);
    return query.execute();
  }
}
