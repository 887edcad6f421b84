import type { DataRowImportBatchTable, Db } from '../db/database.ts';

export type ImportBatchRow = DataRowImportBatchTable;
export type ImportOutcomeKind = 'successes' | 'failures';

/** Per-batch outcomes of upsert jobs (see the migration): checkpoints and the pages of task results. */
export class DataRowImportRepository {
  constructor(private readonly db: Db) {}

  with(trx: Db): DataRowImportRepository {
    return new DataRowImportRepository(trx);
  }

  async insertBatch(row: ImportBatchRow): Promise<void> {
    await this.db.insertInto('data_row_import_batches').values(row).execute();
  }

  /** Several batches' outcomes in one statement. */
  async insertBatches(rows: readonly ImportBatchRow[]): Promise<void> {
    if (rows.length > 0) await this.db.insertInto('data_row_import_batches').values(rows).execute();
  }

  /** The highest batch number recorded for the job, or -1. */
  async lastBatchNo(jobId: string): Promise<number> {
    const row = await this.db
      .selectFrom('data_row_import_batches')
      .select((eb) => eb.fn.max('batch_no').as('last'))
      .where('job_id', '=', jobId)
      .executeTakeFirst();
    return row?.last === null || row?.last === undefined ? -1 : Number(row.last);
  }

  async totals(jobId: string): Promise<{ successes: number; failures: number }> {
    const row = await this.db
      .selectFrom('data_row_import_batches')
      .select((eb) => [
        eb.fn.sum<number>('success_count').as('s'),
        eb.fn.sum<number>('failure_count').as('f'),
      ])
      .where('job_id', '=', jobId)
      .executeTakeFirst();
    return { successes: Number(row?.s ?? 0), failures: Number(row?.f ?? 0) };
  }

  /** Batches from `fromBatch` on that hold at least one outcome of `kind`, in order. */
  listBatches(jobId: string, kind: ImportOutcomeKind, fromBatch: number, limit: number) {
    const count = kind === 'successes' ? 'success_count' : 'failure_count';
    return this.db
      .selectFrom('data_row_import_batches')
      .select(['batch_no', kind])
      .where('job_id', '=', jobId)
      .where('batch_no', '>=', fromBatch)
      .where(count, '>', 0)
      .orderBy('batch_no')
      .limit(limit)
      .execute() as Promise<Array<{ batch_no: number } & Record<ImportOutcomeKind, string>>>;
  }
}
