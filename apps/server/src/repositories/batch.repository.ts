import { sql } from 'kysely';
import type { BatchTable, Db, ProjectDataRowTable } from '../db/database.ts';
import { chunks } from './bulk-insert.ts';
import { onlyColumns } from './only-columns.ts';

export type BatchRow = BatchTable;
export type ProjectDataRowRow = ProjectDataRowTable;
export type RowRefKind = 'ids' | 'keys';

/** Ids per IN (…) list: keeps every statement far below the 30,000-parameter budget on both databases. */
const LOOKUP_CHUNK = 10_000;
/** project_data_rows has 5 columns → 25,000 parameters per multi-row INSERT. */
const INSERT_CHUNK = 5_000;
/** Characters of row data read to judge whether it can be served (its URL scheme). */
const ROW_DATA_HEAD = 64;

/** Batches and batch membership (`project_data_rows`: a data row is in at most one batch per project). */
export class BatchRepository {
  constructor(private readonly db: Db) {}

  find(organizationId: string, projectId: string, id: string): Promise<BatchRow | undefined> {
    return this.db
      .selectFrom('batches')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  findInOrganization(organizationId: string, id: string): Promise<BatchRow | undefined> {
    return this.db
      .selectFrom('batches')
      .innerJoin('projects', 'projects.id', 'batches.project_id')
      .selectAll('batches')
      .where('batches.organization_id', '=', organizationId)
      .where('batches.id', '=', id)
      .where('projects.deleted', '=', 0)
      .executeTakeFirst();
  }

  /**
   * Batches holding any of these data rows. For features that delete data rows: collect these first, delete
   * (the membership rows cascade), then `refreshSize` each so `Batch.size` stays true.
   */
  async batchIdsHolding(dataRowIds: readonly string[]): Promise<string[]> {
    const out = new Set<string>();
    for (const part of chunks(dataRowIds, LOOKUP_CHUNK)) {
      const rows = await this.db
        .selectFrom('project_data_rows')
        .select('batch_id')
        .distinct()
        .where('data_row_id', 'in', part)
        .execute();
      for (const r of rows) out.add(r.batch_id);
    }
    return [...out];
  }

  findByNames(projectId: string, names: readonly string[]): Promise<BatchRow[]> {
    if (names.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('batches')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('name', 'in', names)
      .execute();
  }

  /** Keyset page in creation order (ids are time-sortable). */
  list(
    organizationId: string,
    projectId: string,
    after: string | undefined,
    limit: number,
    /** Only these columns (the rows are then partial); every column when undefined. */
    columns?: readonly (keyof BatchRow)[],
  ): Promise<BatchRow[]> {
    let q = onlyColumns(this.db.selectFrom('batches').selectAll(), columns)
      .where('organization_id', '=', organizationId)
      .where('project_id', '=', projectId);
    if (after !== undefined) q = q.where('id', '>', after);
    return q.orderBy('id').limit(limit).execute();
  }

  async insert(rows: BatchRow[]): Promise<void> {
    if (rows.length > 0) await this.db.insertInto('batches').values(rows).execute();
  }

  /** Recounts a batch's rows (robust against concurrent adds) and stores the size. */
  async refreshSize(batchId: string, now: string): Promise<number> {
    const row = await this.db
      .selectFrom('project_data_rows')
      .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
      .where('batch_id', '=', batchId)
      .executeTakeFirstOrThrow();
    const size = Number(row.n);
    await this.db.updateTable('batches').set({ size, updated_at: now }).where('id', '=', batchId).execute();
    return size;
  }

  async delete(batchId: string): Promise<void> {
    await this.db.deleteFrom('project_data_rows').where('batch_id', '=', batchId).execute();
    await this.db.deleteFrom('batches').where('id', '=', batchId).execute();
  }

  async removeMembers(batchId: string): Promise<void> {
    await this.db.deleteFrom('project_data_rows').where('batch_id', '=', batchId).execute();
  }

  /** Takes the batch's rows that have no label in the project out of it (labeled rows stay). */
  async removeUnlabeledMembers(projectId: string, batchId: string): Promise<void> {
    await this.db
      .deleteFrom('project_data_rows')
      .where('batch_id', '=', batchId)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('labels')
              .select('labels.id')
              .whereRef('labels.data_row_id', '=', 'project_data_rows.data_row_id')
              .where('labels.project_id', '=', projectId),
          ),
        ),
      )
      .execute();
  }

  /**
   * Maps data-row ids or global keys to the ids of data rows in the organization (datasets not deleted).
   * Returns value → data-row id for the values that resolve.
   */
  async resolve(
    organizationId: string,
    kind: RowRefKind,
    values: readonly string[],
  ): Promise<Map<string, { id: string; rowDataHead: string | null }>> {
    const out = new Map<string, { id: string; rowDataHead: string | null }>();
    const column = kind === 'ids' ? 'data_rows.id' : 'data_rows.global_key';
    for (const part of chunks([...new Set(values)], LOOKUP_CHUNK)) {
      const rows = await this.db
        .selectFrom('data_rows')
        .innerJoin('datasets', 'datasets.id', 'data_rows.dataset_id')
        .select([
          'data_rows.id as id',
          'data_rows.global_key as globalKey',
          // Enough of the row data to tell its URL scheme, without reading whole texts.
          sql<string | null>`substr(data_rows.row_data, 1, ${ROW_DATA_HEAD})`.as('rowDataHead'),
        ])
        .where('data_rows.organization_id', '=', organizationId)
        .where('datasets.deleted', '=', 0)
        .where(column, 'in', part)
        .execute();
      for (const r of rows)
        out.set(kind === 'ids' ? r.id : r.globalKey!, { id: r.id, rowDataHead: r.rowDataHead });
    }
    return out;
  }

  /** data-row id → id of the batch holding it in the project, for the given rows that are in the project. */
  async membership(projectId: string, dataRowIds: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const part of chunks(dataRowIds, LOOKUP_CHUNK)) {
      const rows = await this.db
        .selectFrom('project_data_rows')
        .select(['data_row_id', 'batch_id'])
        .where('project_id', '=', projectId)
        .where('data_row_id', 'in', part)
        .execute();
      for (const r of rows) out.set(r.data_row_id, r.batch_id);
    }
    return out;
  }

  /** Multi-row inserts in chunks; rows another request put in the project meanwhile are skipped. Returns inserted ids. */
  async insertMembers(rows: readonly ProjectDataRowRow[]): Promise<Set<string>> {
    const inserted = new Set<string>();
    for (const part of chunks(rows, INSERT_CHUNK)) {
      const result = await this.db
        .insertInto('project_data_rows')
        .values(part)
        .onConflict((oc) => oc.columns(['project_id', 'data_row_id']).doNothing())
        .returning('data_row_id')
        .execute();
      for (const r of result) inserted.add(r.data_row_id);
    }
    return inserted;
  }

  datasetExists(organizationId: string, datasetId: string): Promise<boolean> {
    return this.db
      .selectFrom('datasets')
      .select('id')
      .where('organization_id', '=', organizationId)
      .where('id', '=', datasetId)
      .where('deleted', '=', 0)
      .executeTakeFirst()
      .then((r) => r !== undefined);
  }

  /**
   * Splits the dataset's rows that are not yet in the project into id ranges `(after, through]` of at most
   * `perBatch` rows, walking the (dataset_id, id) index without holding the ids in memory.
   */
  async datasetRanges(
    organizationId: string,
    projectId: string,
    datasetId: string,
    perBatch: number,
  ): Promise<Array<{ after: string | null; through: string; count: number }>> {
    const ranges: Array<{ after: string | null; through: string; count: number }> = [];
    let after: string | null = null;
    for (;;) {
      let q = this.db
        .selectFrom('data_rows')
        .select('data_rows.id')
        .where('data_rows.organization_id', '=', organizationId)
        .where('data_rows.dataset_id', '=', datasetId)
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('project_data_rows')
                .select('project_data_rows.data_row_id')
                .where('project_data_rows.project_id', '=', projectId)
                .whereRef('project_data_rows.data_row_id', '=', 'data_rows.id'),
            ),
          ),
        );
      if (after !== null) q = q.where('data_rows.id', '>', after);
      const page = await q.orderBy('data_rows.id').limit(perBatch).execute();
      const last = page.at(-1);
      if (!last) return ranges;
      ranges.push({ after, through: last.id, count: page.length });
      if (page.length < perBatch) return ranges;
      after = last.id;
    }
  }

  /** INSERT … SELECT of a dataset id range into a batch: memory stays flat whatever the dataset size. */
  async insertDatasetRange(
    member: { projectId: string; batchId: string; priority: number; now: string },
    range: { organizationId: string; datasetId: string; after: string | null; through: string },
  ): Promise<void> {
    await this.db
      .insertInto('project_data_rows')
      .columns(['project_id', 'data_row_id', 'batch_id', 'priority', 'created_at'])
      .expression((eb) => {
        let q = eb
          .selectFrom('data_rows')
          .select([
            sql<string>`cast(${member.projectId} as text)`.as('project_id'),
            'data_rows.id',
            sql<string>`cast(${member.batchId} as text)`.as('batch_id'),
            sql<number>`cast(${member.priority} as integer)`.as('priority'),
            sql<string>`cast(${member.now} as text)`.as('created_at'),
          ])
          .where('data_rows.organization_id', '=', range.organizationId)
          .where('data_rows.dataset_id', '=', range.datasetId)
          .where('data_rows.id', '<=', range.through);
        if (range.after !== null) q = q.where('data_rows.id', '>', range.after);
        return q;
      })
      .onConflict((oc) => oc.columns(['project_id', 'data_row_id']).doNothing())
      .execute();
  }
}
