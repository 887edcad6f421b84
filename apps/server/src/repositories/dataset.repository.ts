import type { DatasetTable, Db, Dialect } from '../db/database.ts';
import { queryTemplate } from '../db/query-template.ts';
import { onlyColumns } from './only-columns.ts';
import { compileFilter, filterMentions, type Filter, type Order } from './where-sql.ts';

export type DatasetRow = DatasetTable;

/** Filterable Dataset fields (GraphQL name → column); `deleted` is stored as 0/1. */
export const DATASET_FILTER_COLUMNS = {
  id: 'id',
  name: 'name',
  description: 'description',
  deleted: 'deleted',
  rowCount: 'row_count',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
} as const;

export type DatasetFilterField = keyof typeof DATASET_FILTER_COLUMNS;
export type DatasetFilter = Filter<DatasetFilterField>;
export type DatasetOrder = Order<DatasetFilterField>;

/** Datasets of one organization. */
export class DatasetRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {}

  with(trx: Db): DatasetRepository {
    return new DatasetRepository(trx, this.dialect);
  }

  async insert(row: DatasetRow): Promise<void> {
    await this.db.insertInto('datasets').values(row).execute();
  }

  async find(organizationId: string, id: string): Promise<DatasetRow | undefined> {
    return (await datasetById(this.db, organizationId, id))[0];
  }

  findByIds(organizationId: string, ids: readonly string[]): Promise<DatasetRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('datasets')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', 'in', [...new Set(ids)])
      .execute();
  }

  list(
    organizationId: string,
    filter: DatasetFilter | undefined,
    order: DatasetOrder | undefined,
    page: { skip: number; first: number },
    /** Only these columns (the rows are then partial); every column when undefined. */
    columns?: readonly (keyof DatasetRow)[],
  ): Promise<DatasetRow[]> {
    let q = onlyColumns(this.db.selectFrom('datasets').selectAll(), columns).where(
      'organization_id',
      '=',
      organizationId,
    );
    if (!filterMentions(filter, 'deleted')) q = q.where('deleted', '=', 0);
    if (filter) q = q.where((eb) => compileFilter(eb, filter, DATASET_FILTER_COLUMNS, this.dialect));
    if (order) q = q.orderBy(DATASET_FILTER_COLUMNS[order.field], order.direction);
    return q.orderBy('id', 'asc').offset(page.skip).limit(page.first).execute();
  }

  async update(
    organizationId: string,
    id: string,
    patch: Partial<Pick<DatasetRow, 'name' | 'description' | 'deleted'>> & { updated_at: string },
  ): Promise<void> {
    await this.db
      .updateTable('datasets')
      .set(patch)
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .execute();
  }

  /** Adds `delta` (may be negative) to a dataset's row count; called in the transaction that adds or removes rows. */
  async addRowCount(id: string, delta: number, now: string): Promise<void> {
    if (delta === 0) return;
    await this.db
      .updateTable('datasets')
      .set((eb) => ({ row_count: eb('row_count', '+', delta), updated_at: now }))
      .where('id', '=', id)
      .execute();
  }
}

const datasetById = queryTemplate((db: Db, organizationId: string, id: string) =>
  db.selectFrom('datasets').selectAll().where('organization_id', '=', organizationId).where('id', '=', id),
);
