import { sql } from 'kysely';
import type { Db, Dialect } from '../db/database.ts';
import {
  LABEL_FILTER_COLUMNS,
  type LabelFilter,
  type LabelOrder,
  type LabelRow,
} from './label.repository.ts';
import { compileFilter } from './where-sql.ts';

/** The labels of one data row across projects (`data_row.labels()`), filtered and ordered like `project.labels`. */
export class DataRowLabelsRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {}

  /** `projectIds` narrows to those projects (project-based callers); undefined means every project. */
  async page(
    organizationId: string,
    dataRowId: string,
    projectIds: readonly string[] | undefined,
    filter: LabelFilter | undefined,
    order: LabelOrder | undefined,
    page: { skip: number; first: number },
  ): Promise<LabelRow[]> {
    if (projectIds?.length === 0) return [];
    let query = this.db
      .selectFrom('labels')
      .selectAll('labels')
      .where('labels.organization_id', '=', organizationId)
      .where('labels.data_row_id', '=', dataRowId);
    if (projectIds) query = query.where('labels.project_id', 'in', [...projectIds]);
    if (filter) query = query.where((eb) => compileFilter(eb, filter, LABEL_FILTER_COLUMNS, this.dialect));
    const orderColumn = order ? LABEL_FILTER_COLUMNS[order.field] : undefined;
    if (order && typeof orderColumn === 'string' && order.field !== 'id')
      query = query.orderBy(sql.ref(orderColumn), (ob) =>
        (order.direction === 'asc' ? ob.asc() : ob.desc()).nullsLast(),
      );
    else query = query.orderBy('labels.created_at', order?.direction ?? 'asc');
    return query
      .orderBy('labels.id', order?.direction ?? 'asc')
      .offset(page.skip)
      .limit(page.first)
      .execute();
  }
}
