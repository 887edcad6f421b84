import { PassThrough } from 'node:stream';
import { CompiledQuery } from 'kysely';
import type { Db } from '../db/database.ts';
import { copyData } from '../db/postgres-copy.ts';

/** Column order of bulk inserts; `DataRowValues` tuples follow it. */
export const DATA_ROW_COLUMNS = [
  'id',
  'organization_id',
  'dataset_id',
  'row_data',
  'external_id',
  'global_key',
  'media_type',
  'media_attributes',
  'metadata',
  'created_by',
  'created_at',
  'updated_at',
] as const;
export type DataRowTuple = readonly unknown[];

// PostgreSQL: COPY into data_rows inside a savepoint; when a global key is taken, COPY into a session-private
// staging table and move the rows in one statement that skips taken keys. Every data_rows column is text.
const COLUMN_LIST = DATA_ROW_COLUMNS.join(', ');
const ON_KEY_CONFLICT = 'on conflict (organization_id, global_key) do nothing';
const UNIQUE_VIOLATION = '23505';
const SAVEPOINT = 'savepoint data_rows_copy';
const ROLLBACK_TO_SAVEPOINT = 'rollback to savepoint data_rows_copy';
const COPY_DIRECT = `copy data_rows (${COLUMN_LIST}) from stdin`;
const STAGE = `create temp table if not exists data_rows_stage (${DATA_ROW_COLUMNS.map((c) => `${c} text`).join(', ')}) on commit delete rows`;
const COPY_STAGE = `copy data_rows_stage (${COLUMN_LIST}) from stdin`;
// The staged rows are deleted as they are read, in the order they were copied (the first row claiming a key
// wins), so the table is empty again for the next call in the same transaction.
const MOVE = `with staged as (delete from data_rows_stage returning ${COLUMN_LIST}) insert into data_rows (${COLUMN_LIST}) select ${COLUMN_LIST} from staged ${ON_KEY_CONFLICT} returning id`;
// The datasets of the rows, checked and locked once per transaction as the foreign key did for every row (see
// migration 2026-12-06T1201): `for key share` until commit, so a dataset cannot be deleted under rows being inserted.
const LOCK_DATASETS = 'select id from datasets where id = any($1) for key share';
/** Datasets already locked by a transaction (keyed by its Kysely transaction): a lock lasts until it ends. */
const lockedDatasets = new WeakMap<Db, Set<string>>();
/** COPY data a stream holds before `add` waits for the server to take it (a few 1,000-row batches). */
const STREAM_BUFFER = 1 << 20;

/**
 * PostgreSQL: inserts rows in `trx` (a transaction) with one COPY; answers the indexes of the rows skipped because
 * their global key is taken, ascending. Usually no key is taken: COPY straight into data_rows, which PostgreSQL
 * parses and stores without planning anything. A taken key fails the whole COPY; then the rows are staged and moved
 * again, skipping taken keys.
 */
export async function copyRows(trx: Db, tuples: readonly DataRowTuple[]): Promise<number[]> {
  await lockDatasets(trx, tuples);
  await trx.executeQuery(CompiledQuery.raw(SAVEPOINT));
  try {
    await trx.executeQuery(CompiledQuery.raw(COPY_DIRECT, [copyData(tuples)]));
    return [];
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  return restage(trx, tuples);
}

/**
 * PostgreSQL: rows added in order and streamed into data_rows as they come, in one transaction — one COPY for many
 * `add` calls, so the server stores a batch while the caller builds the next. The transaction's connection is busy
 * from an `add` until `flush`; a COPY that fails on a taken global key is redone as `copyRows` does (savepoint,
 * staging table), so the outcome is the same as one `copyRows` per `add`. After an error the caller rolls back.
 */
export class DataRowCopyStream {
  private feed: PassThrough | undefined;
  private copying: Promise<unknown> = Promise.resolve();
  private failed = false;
  /** The tuples of the open COPY, kept for a redo through the staging table. */
  private streamed: DataRowTuple[] = [];
  /** Rows added since the last flush, and which of them were skipped (indexes among them). */
  private added = 0;
  private skipped: number[] = [];

  constructor(private readonly trx: Db) {}

  /** Queues the rows; resolves when more may be added (the stream holds at most about STREAM_BUFFER bytes). */
  async add(tuples: readonly DataRowTuple[]): Promise<void> {
    if (tuples.length === 0) return;
    if (needsLock(this.trx, tuples)) {
      await this.endCopy();
      await lockDatasets(this.trx, tuples);
    }
    if (!this.feed) await this.openCopy();
    const feed = this.feed!;
    for (const t of tuples) this.streamed.push(t);
    // After a failed COPY (its stream closed) the rows are only kept: `flush` reports the failure or redoes them.
    if (this.failed || feed.destroyed || feed.write(copyData(tuples)) || feed.destroyed) return;
    // Waits for the server to catch up.
    await new Promise((resolve) => {
      feed.once('drain', resolve);
      feed.once('close', resolve);
    });
  }

  /**
   * Ends the COPY in flight and answers the indexes of the rows added since the last flush that were skipped for a
   * taken global key, ascending. The transaction's connection is free again.
   */
  async flush(): Promise<number[]> {
    await this.endCopy();
    const skipped = this.skipped;
    this.skipped = [];
    this.added = 0;
    return skipped;
  }

  /** After an error of the caller: aborts the COPY in flight (CopyFail) so that the transaction can roll back. */
  async abort(reason: Error): Promise<void> {
    const feed = this.feed;
    if (!feed) return;
    this.feed = undefined;
    feed.destroy(reason);
    await this.copying.catch(() => undefined);
  }

  private async openCopy(): Promise<void> {
    await this.trx.executeQuery(CompiledQuery.raw(SAVEPOINT));
    const feed = new PassThrough({ highWaterMark: STREAM_BUFFER });
    this.feed = feed;
    this.failed = false;
    this.copying = this.trx.executeQuery(CompiledQuery.raw(COPY_DIRECT, [feed]));
    // Awaited by endCopy; until then a failure only stops the writes.
    this.copying.catch(() => {
      this.failed = true;
    });
  }

  private async endCopy(): Promise<void> {
    const feed = this.feed;
    if (!feed) return;
    this.feed = undefined;
    const tuples = this.streamed;
    this.streamed = [];
    feed.end();
    const offset = this.added;
    this.added += tuples.length;
    try {
      await this.copying;
      return;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    for (const i of await restage(this.trx, tuples)) this.skipped.push(offset + i);
  }
}

/** PostgreSQL: the rows' datasets exist, and stay until the transaction ends (what the foreign key ensured). */
async function lockDatasets(trx: Db, tuples: readonly DataRowTuple[]): Promise<void> {
  let locked = lockedDatasets.get(trx);
  if (!locked) lockedDatasets.set(trx, (locked = new Set()));
  const wanted = new Set<string>();
  for (const t of tuples) if (!locked.has(t[2] as string)) wanted.add(t[2] as string);
  if (wanted.size === 0) return;
  const result = await trx.executeQuery<{ id: string }>(CompiledQuery.raw(LOCK_DATASETS, [[...wanted]]));
  for (const r of result.rows) {
    wanted.delete(r.id);
    locked.add(r.id);
  }
  const [missing] = wanted;
  if (missing !== undefined)
    throw new Error(
      `insert on table "data_rows" violates the dataset check: Key (dataset_id)=(${missing}) is not present in table "datasets".`,
    );
}

function needsLock(trx: Db, tuples: readonly DataRowTuple[]): boolean {
  const locked = lockedDatasets.get(trx);
  if (!locked) return true;
  for (const t of tuples) if (!locked.has(t[2] as string)) return true;
  return false;
}

/** After a COPY failed on a taken key: the rows again, through the staging table; answers the skipped indexes. */
async function restage(trx: Db, tuples: readonly DataRowTuple[]): Promise<number[]> {
  await trx.executeQuery(CompiledQuery.raw(ROLLBACK_TO_SAVEPOINT));
  await trx.executeQuery(CompiledQuery.raw(STAGE));
  await trx.executeQuery(CompiledQuery.raw(COPY_STAGE, [copyData(tuples)]));
  const result = await trx.executeQuery<{ id: string }>(CompiledQuery.raw(MOVE));
  const inserted = new Set(result.rows.map((r) => r.id));
  const skipped: number[] = [];
  for (let i = 0; i < tuples.length; i++) if (!inserted.has(tuples[i]![0] as string)) skipped.push(i);
  return skipped;
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === UNIQUE_VIOLATION;
}
