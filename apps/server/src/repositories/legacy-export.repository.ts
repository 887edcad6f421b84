import { sql, type SqlBool } from 'kysely';
import type { Db, Dialect } from '../db/database.ts';
import {
  labelColumns,
  type ExportDataRowRecord,
  type ExportLabelRecord,
  type TimeRange,
} from './export.repository.ts';

/** A label with what a legacy v1 row shows of its data row. */
export type ExportLegacyRecord = ExportLabelRecord &
  Pick<
    ExportDataRowRecord,
    | 'row_data'
    | 'external_id'
    | 'global_key'
    | 'media_type'
    | 'media_attributes'
    | 'metadata'
    | 'dataset_name'
  >;

/** Reads of the legacy `exportLabels` file: one row per label, keyset-paginated by label id. */
export class LegacyExportRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {}

  /** Labels of a project after `after` (by label id) with their data row, dataset and author: legacy v1 rows. */
  async legacyPage(
    organizationId: string,
    projectId: string,
    filter: { createdAt?: TimeRange | undefined; lastActivityAt?: TimeRange | undefined },
    after: string | null,
    limit: number,
  ): Promise<ExportLegacyRecord[]> {
    let q = this.db
      .selectFrom('labels as l')
      .innerJoin('data_rows as dr', 'dr.id', 'l.data_row_id')
      .innerJoin('datasets as ds', 'ds.id', 'dr.dataset_id')
      .leftJoin('users as u', 'u.id', 'l.created_by')
      .select(labelColumns)
      .select([
        'dr.row_data',
        'dr.external_id',
        'dr.global_key',
        'dr.media_type',
        'dr.media_attributes',
        'dr.metadata',
        'ds.name as dataset_name',
      ])
      .where('l.project_id', '=', projectId)
      .where('l.organization_id', '=', organizationId);
    q = q.where('l.id', '>', after ?? '');
    if (filter.createdAt?.min) q = q.where('l.created_at', '>=', filter.createdAt.min);
    if (filter.createdAt?.max) q = q.where('l.created_at', '<=', filter.createdAt.max);
    const greatest = this.dialect === 'postgres' ? sql.raw('greatest') : sql.raw('max');
    const activity = sql<string>`${greatest}(dr.updated_at, l.updated_at)`;
    if (filter.lastActivityAt?.min) q = q.where(sql<SqlBool>`${activity} >= ${filter.lastActivityAt.min}`);
    if (filter.lastActivityAt?.max) q = q.where(sql<SqlBool>`${activity} <= ${filter.lastActivityAt.max}`);
    return (await q.orderBy('l.id').limit(limit).execute()) as ExportLegacyRecord[];
  }
}
