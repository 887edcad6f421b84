import type { Db, SliceTable } from '../db/database.ts';

export type SliceRow = SliceTable;
export type SlicePatch = Partial<Pick<SliceRow, 'name' | 'description' | 'filter'>> & { updated_at: string };

/** Saved catalog and model searches of an organization. */
export class SliceRepository {
  constructor(private readonly db: Db) {}

  async insert(row: SliceRow): Promise<void> {
    await this.db.insertInto('slices').values(row).execute();
  }

  find(organizationId: string, id: string): Promise<SliceRow | undefined> {
    return this.db
      .selectFrom('slices')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async update(organizationId: string, id: string, patch: SlicePatch): Promise<void> {
    await this.db
      .updateTable('slices')
      .set(patch)
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .execute();
  }

  async delete(organizationId: string, id: string): Promise<boolean> {
    const res = await this.db
      .deleteFrom('slices')
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  /** A page of a model run's data row ids with their global keys, in data-row id order after `after`. */
  modelRunRows(modelRunId: string, after: string, limit: number) {
    return this.db
      .selectFrom('model_run_data_rows as m')
      .innerJoin('data_rows as dr', 'dr.id', 'm.data_row_id')
      .select(['dr.id', 'dr.global_key'])
      .where('m.model_run_id', '=', modelRunId)
      .where('dr.id', '>', after)
      .orderBy('dr.id')
      .limit(limit)
      .execute();
  }
}
