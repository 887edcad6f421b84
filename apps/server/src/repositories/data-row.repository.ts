import { CompiledQuery, sql } from 'kysely';
import type { AttachmentTable, DataRowTable, Db, Dialect } from '../db/database.ts';
import { EachRow } from '../db/sqlite-statements.ts';
import { bulkInsert, chunks } from './bulk-insert.ts';
import { copyRows, DATA_ROW_COLUMNS, DataRowCopyStream, type DataRowTuple } from './data-row.copy.ts';
import { onlyColumns } from './only-columns.ts';

export { DATA_ROW_COLUMNS };

export type DataRowRow = DataRowTable;
export type AttachmentRow = AttachmentTable;
export type DataRowPatch = Partial<
  Pick<DataRowRow, 'row_data' | 'external_id' | 'global_key' | 'media_type' | 'media_attributes' | 'metadata'>
> & { updated_at: string };

const ATTACHMENT_COLUMNS = [
  'id',
  'organization_id',
  'data_row_id',
  'type',
  'value',
  'name',
  'created_at',
] as const;
const IN_CHUNK = 5_000;
const ON_KEY_CONFLICT = 'on conflict (organization_id, global_key) do nothing';
/** SQLite: one prepared one-row statement run for every row (`EachRow`). */
const SQLITE_INSERT = `insert into data_rows (${DATA_ROW_COLUMNS.join(', ')}) values (${DATA_ROW_COLUMNS.map(() => '?').join(', ')}) ${ON_KEY_CONFLICT}`;

/**
 * Data rows added in order within one transaction and written as they come (on PostgreSQL streamed into one COPY
 * while the caller builds the next ones, `DataRowCopyStream`). `flush` answers the indexes, among the rows added since
 * the last flush, of those skipped for a taken global key; until then the transaction's connection may be busy.
 */
export interface DataRowInserter {
  add(tuples: readonly DataRowTuple[]): Promise<void>;
  flush(): Promise<number[]>;
  /** After an error: ends what is in flight so that the transaction can roll back. */
  abort(reason: Error): Promise<void>;
}

/** Data rows and their attachments. Every read is scoped to an organization: other organizations' rows do not exist. */
export class DataRowRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {}

  /**
   * `organization_id` as the filter beside `id in (…)`. Without table statistics SQLite reads an IN list of ids as
   * more rows than "organization_id = ?" and walks the whole organization through an (organization_id, …) index
   * instead of looking the ids up by primary key (a page of 100 labels' data rows read every row of the
   * organization); a unary + keeps that column off the index. PostgreSQL plans from statistics.
   */
  private get organizationFilter() {
    return this.dialect === 'sqlite' ? sql<string>`+organization_id` : sql.ref<string>('organization_id');
  }

  /** The same repository bound to a transaction. */
  with(trx: Db): DataRowRepository {
    return new DataRowRepository(trx, this.dialect);
  }

  find(organizationId: string, id: string): Promise<DataRowRow | undefined> {
    return this.db
      .selectFrom('data_rows')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** `columns`: only these (the rows are then partial); every column when undefined. */
  async findByIds(
    organizationId: string,
    ids: readonly string[],
    columns?: readonly (keyof DataRowRow)[],
  ): Promise<DataRowRow[]> {
    const out: DataRowRow[] = [];
    for (const part of chunks([...new Set(ids)], IN_CHUNK)) {
      const rows = await onlyColumns(this.db.selectFrom('data_rows').selectAll(), columns)
        .where(this.organizationFilter, '=', organizationId)
        .where('id', 'in', part)
        .execute();
      out.push(...rows);
    }
    return out;
  }

  async findByGlobalKeys(organizationId: string, keys: readonly string[]): Promise<DataRowRow[]> {
    const out: DataRowRow[] = [];
    for (const part of chunks([...new Set(keys)], IN_CHUNK)) {
      const rows = await this.db
        .selectFrom('data_rows')
        .selectAll()
        .where('organization_id', '=', organizationId)
        .where('global_key', 'in', part)
        .execute();
      out.push(...rows);
    }
    return out;
  }

  /** `global_key → id` for the keys that exist in the organization. */
  async idsByGlobalKeys(organizationId: string, keys: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const part of chunks([...new Set(keys)], IN_CHUNK)) {
      const rows = await this.db
        .selectFrom('data_rows')
        .select(['id', 'global_key'])
        .where('organization_id', '=', organizationId)
        .where('global_key', 'in', part)
        .execute();
      for (const r of rows) if (r.global_key !== null) out.set(r.global_key, r.id);
    }
    return out;
  }

  /**
   * Resolves data-row references of one organization (for batches, exports, metadata): `ids` are data-row ids,
   * `globalKeys` global keys. Returns the ids found, deduplicated in input order (ids first, then keys), and the
   * inputs that matched nothing (another organization's rows included).
   */
  async resolveDataRowIds(
    organizationId: string,
    input: { ids?: readonly string[] | null; globalKeys?: readonly string[] | null },
  ): Promise<{ found: string[]; failed: string[] }> {
    const found: string[] = [];
    const failed: string[] = [];
    const seen = new Set<string>();
    const take = (id: string) => {
      if (!seen.has(id)) {
        seen.add(id);
        found.push(id);
      }
    };
    if (input.ids && input.ids.length > 0) {
      const existing = new Set<string>();
      for (const part of chunks([...new Set(input.ids)], IN_CHUNK)) {
        const rows = await this.db
          .selectFrom('data_rows')
          .select('id')
          .where(this.organizationFilter, '=', organizationId)
          .where('id', 'in', part)
          .execute();
        for (const r of rows) existing.add(r.id);
      }
      for (const id of input.ids) {
        if (existing.has(id)) take(id);
        else failed.push(id);
      }
    }
    if (input.globalKeys && input.globalKeys.length > 0) {
      const byKey = await this.idsByGlobalKeys(organizationId, input.globalKeys);
      for (const key of input.globalKeys) {
        const id = byKey.get(key);
        if (id === undefined) failed.push(key);
        else take(id);
      }
    }
    return { found, failed };
  }

  /** One page of a dataset, newest first: rows with `id < before` (keyset), at most `limit`. */
  listDatasetPage(
    datasetId: string,
    page: {
      before?: string | undefined;
      limit: number;
      externalId?: string | undefined;
      globalKey?: string | undefined;
    },
    /** Only these columns (the rows are then partial); every column when undefined. */
    columns?: readonly (keyof DataRowRow)[],
  ): Promise<DataRowRow[]> {
    let q = onlyColumns(this.db.selectFrom('data_rows').selectAll(), columns).where(
      'dataset_id',
      '=',
      datasetId,
    );
    if (page.before !== undefined) q = q.where('id', '<', page.before);
    if (page.externalId !== undefined) q = q.where('external_id', '=', page.externalId);
    if (page.globalKey !== undefined) q = q.where('global_key', '=', page.globalKey);
    return q.orderBy('id', 'desc').limit(page.limit).execute();
  }

  async idsByExternalIds(
    organizationId: string,
    externalIds: readonly string[],
  ): Promise<Array<{ id: string; external_id: string }>> {
    if (externalIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('data_rows')
      .select(['id', 'external_id'])
      .where('organization_id', '=', organizationId)
      .where('external_id', 'in', [...new Set(externalIds)])
      .orderBy('id')
      .execute();
    return rows.filter((r): r is { id: string; external_id: string } => r.external_id !== null);
  }

  /**
   * Inserts rows given as value tuples (`DATA_ROW_COLUMNS` order). A row whose global key is already taken in the
   * organization — by an existing row or an earlier row of the same call — is skipped, not an error; the ids of
   * the rows actually inserted are returned.
   */
  async insertMany(tuples: readonly (readonly unknown[])[]): Promise<Set<string>> {
    const skipped = new Set(await this.insertRows(tuples));
    const inserted = new Set<string>();
    for (let i = 0; i < tuples.length; i++) if (!skipped.has(i)) inserted.add(tuples[i]![0] as string);
    return inserted;
  }

  /**
   * `insertMany` answering the indexes of the tuples skipped for a taken global key, ascending (usually none):
   * what a bulk import needs, without a set of every inserted id.
   */
  async insertRows(tuples: readonly (readonly unknown[])[]): Promise<number[]> {
    if (tuples.length === 0) return [];
    if (!this.db.isTransaction)
      return this.db.transaction().execute((trx) => this.with(trx).insertRows(tuples));
    if (this.dialect === 'postgres') return copyRows(this.db, tuples);
    // SQLite: the one-row statement, prepared once and run for every row; a row whose global key is taken changes
    // nothing, which says which rows were not inserted.
    const each = new EachRow(tuples);
    await this.db.executeQuery(CompiledQuery.raw(SQLITE_INSERT, [each]));
    return each.unchanged;
  }

  /** Rows written as they are added, in this repository's transaction (see DataRowInserter). */
  inserter(): DataRowInserter {
    if (this.dialect === 'postgres') return new DataRowCopyStream(this.db);
    let added = 0;
    let skipped: number[] = [];
    return {
      add: async (tuples) => {
        for (const i of await this.insertRows(tuples)) skipped.push(added + i);
        added += tuples.length;
      },
      flush: async () => {
        const out = skipped;
        skipped = [];
        added = 0;
        return out;
      },
      abort: async () => undefined,
    };
  }

  async update(organizationId: string, id: string, patch: DataRowPatch): Promise<void> {
    await this.db
      .updateTable('data_rows')
      .set(patch)
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .execute();
  }

  /**
   * Sets each row's global key (null clears). Keys are first cleared and then set, so that keys may move between
   * the rows of one call (unique indexes are checked row by row).
   */
  async setGlobalKeys(
    organizationId: string,
    pairs: ReadonlyArray<{ id: string; globalKey: string | null }>,
    now: string,
  ): Promise<void> {
    for (const part of chunks(pairs, IN_CHUNK)) {
      await this.db
        .updateTable('data_rows')
        .set({ global_key: null, updated_at: now })
        .where('organization_id', '=', organizationId)
        .where(
          'id',
          'in',
          part.map((p) => p.id),
        )
        .execute();
    }
    const setting = pairs.filter((p) => p.globalKey !== null);
    for (const part of chunks(setting, 2_000)) {
      const cases = sql.join(
        part.map((p) => sql`when ${p.id} then ${p.globalKey}`),
        sql` `,
      );
      await this.db
        .updateTable('data_rows')
        .set({ global_key: sql<string>`case id ${cases} else global_key end` })
        .where('organization_id', '=', organizationId)
        .where(
          'id',
          'in',
          part.map((p) => p.id),
        )
        .execute();
    }
  }

  async deleteByIds(organizationId: string, ids: readonly string[]): Promise<void> {
    for (const part of chunks(ids, IN_CHUNK)) {
      await this.db
        .deleteFrom('attachments')
        .where('organization_id', '=', organizationId)
        .where('data_row_id', 'in', part)
        .execute();
      await this.db
        .deleteFrom('data_rows')
        .where(this.organizationFilter, '=', organizationId)
        .where('id', 'in', part)
        .execute();
    }
  }

  async insertAttachments(rows: readonly AttachmentRow[]): Promise<void> {
    if (rows.length === 0) return;
    const values: unknown[] = [];
    for (const r of rows)
      values.push(r.id, r.organization_id, r.data_row_id, r.type, r.value, r.name, r.created_at);
    await bulkInsert(this.db, this.dialect, 'attachments', ATTACHMENT_COLUMNS, values);
  }

  async deleteAttachmentsOf(organizationId: string, dataRowIds: readonly string[]): Promise<void> {
    for (const part of chunks(dataRowIds, IN_CHUNK)) {
      await this.db
        .deleteFrom('attachments')
        .where('organization_id', '=', organizationId)
        .where('data_row_id', 'in', part)
        .execute();
    }
  }

  async attachmentsOf(organizationId: string, dataRowIds: readonly string[]): Promise<AttachmentRow[]> {
    const out: AttachmentRow[] = [];
    for (const part of chunks([...new Set(dataRowIds)], IN_CHUNK)) {
      const rows = await this.db
        .selectFrom('attachments')
        .selectAll()
        .where('organization_id', '=', organizationId)
        .where('data_row_id', 'in', part)
        .orderBy('data_row_id')
        .orderBy('id')
        .execute();
      out.push(...rows);
    }
    return out;
  }

  /** Whether an upsert job of the organization is still queued or running (its rows may not exist yet). */
  async hasUnfinishedUpserts(organizationId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('jobs')
      .select('id')
      .where('organization_id', '=', organizationId)
      .where('type', '=', 'adv-upsert-data-rows')
      .where('status', 'in', ['QUEUED', 'RUNNING'])
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }
}
