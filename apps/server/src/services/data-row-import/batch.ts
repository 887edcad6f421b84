import type { Actor } from '../../auth/actor.ts';
import type { Db, Dialect } from '../../db/database.ts';
import { newId } from '../../ids.ts';
import {
  DataRowImportRepository,
  type ImportBatchRow,
} from '../../repositories/data-row-import.repository.ts';
import {
  DataRowRepository,
  type AttachmentRow,
  type DataRowInserter,
  type DataRowPatch,
  type DataRowRow,
} from '../../repositories/data-row.repository.ts';
import { DatasetRepository } from '../../repositories/dataset.repository.ts';
import { EmbeddingRepository } from '../../repositories/embedding.repository.ts';
import { nowIso } from '../../time.ts';
import { vectorToBytes } from '../embedding/vector-index.ts';
import { newIdBlock } from '../id-block.ts';
import type {
  AttachmentInput,
  DataRowFields,
  EmbeddingVectorInput,
  FailureSpec,
} from '../data-row-descriptor.parser.ts';
import type { MetadataIndex } from '../metadata.values.ts';
import { IMPORT_BATCH_SIZE, type PackedBatch } from './packed.ts';
import { itemsSource, type ItemSource, packedSource, type Parsed, type Results } from './sources.ts';

export type ImportFailure = { message: string; spec: FailureSpec };
export type BatchOutcome = { successes: string[]; failures: ImportFailure[] };
/**
 * Where a job records a batch's outcome (in the batch's transaction, so it doubles as the checkpoint): the outcome
 * of every IMPORT_BATCH_SIZE items is one record, numbered from `batchNo` on.
 */
export type BatchRecord = { jobId: string; batchNo: number };

export { IMPORT_BATCH_SIZE };

type Update = { index: number; row: DataRowRow; fields: DataRowFields };
type Written = { dataRowId: string; embeddings: EmbeddingVectorInput[] };
/** A row added to the inserter, until its outcome is known (`settle`). */
type Create = { index: number; row: unknown[]; fields: DataRowFields };
/**
 * One transaction's writes: its items' outcomes, the failures found while writing (whose specs are looked up before
 * the outcomes are stored), the rows in flight, rows created per dataset.
 */
type Writes = {
  trx: Db;
  results: Results;
  unspecified: number[];
  inserter: DataRowInserter;
  creates: Create[];
  added: Map<string, number>;
};

const duplicateKey = (key: string) => `Duplicate global key: '${key}'`;
/** The spec of a failure until the item's is looked up. */
const NO_SPEC: FailureSpec = {
  externalId: null,
  globalKey: null,
  rowData: null,
  metadata: [],
  attachments: [],
};

/**
 * Imports items for one caller in one transaction, IMPORT_BATCH_SIZE at a time: parse and validate each item, then
 * write the batch — creates as bulk inserts (COPY on PostgreSQL), updates, attachments, vectors and the batch's
 * outcome — and count the created rows into their datasets at the end. Each batch's lookups see the batches before
 * it. A bad item becomes a failure of its own; it never fails the others. On PostgreSQL the created rows of a
 * transaction stream into one COPY (`DataRowInserter`): the database stores a batch while the next is parsed and
 * built.
 */
export class BatchImporter {
  private readonly rows: DataRowRepository;
  private readonly datasets: DatasetRepository;
  private readonly outcomes: DataRowImportRepository;
  /** dataset id → usable (exists in the organization and is not deleted). */
  private readonly liveDatasets = new Map<string, boolean>();
  /** custom embedding id → its dimensions, or undefined when the organization has no such embedding. */
  private readonly embeddingDims = new Map<string, number | undefined>();

  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
    private readonly actor: Actor,
    private readonly metadata: MetadataIndex,
  ) {
    this.rows = new DataRowRepository(db, dialect);
    this.datasets = new DatasetRepository(db, dialect);
    this.outcomes = new DataRowImportRepository(db);
  }

  /**
   * `nulFree`: the items come from JSON text without `\u0000` (`jsonMayHoldNul`), so none holds U+0000.
   * `beforeCommit`: awaited once every row is written, before the outcomes; when it throws, nothing is stored.
   */
  async importBatch(
    items: readonly unknown[],
    record?: BatchRecord,
    nulFree = false,
    beforeCommit?: () => Promise<void>,
  ): Promise<BatchOutcome> {
    // On PostgreSQL the batches before are stored meanwhile: the event loop's turns send them.
    const source = itemsSource(items, this.metadata, nulFree, this.dialect === 'postgres');
    return this.importFrom(source, record, beforeCommit);
  }

  /**
   * `importBatch` for batches the parse thread reads, taken as they come (`next`, null after the last; each
   * IMPORT_BATCH_SIZE items but the last): the transaction writes the first while the thread reads the next.
   * `specs` answers what the items at these indexes of the transaction's batches showed.
   */
  async importPacked(
    next: () => Promise<PackedBatch | null>,
    specs: (indexes: number[]) => Promise<FailureSpec[]>,
    record?: BatchRecord,
    beforeCommit?: () => Promise<void>,
  ): Promise<BatchOutcome> {
    const source = packedSource(next, specs);
    return this.importFrom(source, record, beforeCommit);
  }

  private async importFrom(
    source: ItemSource,
    record?: BatchRecord,
    beforeCommit?: () => Promise<void>,
  ): Promise<BatchOutcome> {
    const results: Results = [];
    const now = nowIso();
    let count = 0;
    await this.db.transaction().execute(async (trx) => {
      const w: Writes = {
        trx,
        results,
        unspecified: [],
        inserter: this.rows.with(trx).inserter(),
        creates: [],
        added: new Map(),
      };
      try {
        for (;;) {
          const parsed = await source.next(count, results);
          if (!parsed) break;
          // Each batch's ids in one go (newIdBlock): time-sorted, so the rows still append to the indexes.
          await this.writeBatch(w, count, parsed, newIdBlock(parsed.length), now);
          count += parsed.length;
        }
        results.length = count;
        await this.settle(w, now);
        await beforeCommit?.();
        if (w.unspecified.length > 0) {
          const specs = await source.specs(w.unspecified);
          w.unspecified.forEach((index, k) => {
            results[index] = { message: (results[index] as ImportFailure).message, spec: specs[k]! };
          });
        }
      } catch (error) {
        await w.inserter.abort(error instanceof Error ? error : new Error(String(error)));
        throw error;
      }
      const outcomes: ImportBatchRow[] = [];
      for (let start = 0, b = 0; record && start < count; start += IMPORT_BATCH_SIZE, b++) {
        const outcome = split(results, start, Math.min(count, start + IMPORT_BATCH_SIZE));
        outcomes.push({
          job_id: record.jobId,
          batch_no: record.batchNo + b,
          success_count: outcome.successes.length,
          failure_count: outcome.failures.length,
          successes: JSON.stringify(outcome.successes),
          failures: JSON.stringify(outcome.failures),
          created_at: now,
        });
      }
      // The batches' outcomes in one statement (same transaction: they commit with their rows, or not at all).
      await this.outcomes.with(trx).insertBatches(outcomes);
      const datasets = this.datasets.with(trx);
      for (const [datasetId, n] of w.added) await datasets.addRowCount(datasetId, n, now);
    });
    return split(results, 0, results.length);
  }

  /**
   * Writes the parsed items from `start` on (one batch) in the transaction: updates now, creates added to the
   * transaction's inserter (their outcomes come with `settle`). A batch that reads the database (keyed items, a
   * dataset or embedding not seen yet) settles the rows before it first, so that it sees them.
   */
  private async writeBatch(
    w: Writes,
    start: number,
    parsed: Parsed,
    newIds: readonly string[],
    now: string,
  ): Promise<void> {
    const { trx, results } = w;
    const org = this.actor.organizationId;
    const fail = (index: number, message: string) => this.failWriting(w, index, message);
    const rows = this.rows.with(trx);
    const datasetIds: string[] = [];
    const ids: string[] = [];
    const keys: string[] = [];
    let embeddings = false;
    for (const p of parsed) {
      if (!p) continue;
      const f = p.fields;
      if (f.datasetId !== undefined && !this.liveDatasets.has(f.datasetId)) datasetIds.push(f.datasetId);
      if (p.key.type === 'ID') ids.push(p.key.value);
      else if (p.key.type === 'GKEY') keys.push(p.key.value);
      if (f.embeddings) embeddings = true;
    }
    if (datasetIds.length > 0 || ids.length > 0 || keys.length > 0 || embeddings) await this.settle(w, now);
    await this.loadDatasets(trx, datasetIds);
    if (embeddings) await this.checkEmbeddings(trx, start, parsed, fail);

    // Keyed items address existing rows; a global key that matches nothing creates a row with that key.
    const byId = new Map<string, DataRowRow>();
    const byKey = new Map<string, DataRowRow>();
    if (ids.length > 0) for (const r of await rows.findByIds(org, ids)) byId.set(r.id, r);
    if (keys.length > 0) for (const r of await rows.findByGlobalKeys(org, keys)) byKey.set(r.global_key!, r);

    const values: unknown[][] = [];
    const updates: Update[] = [];
    for (let k = 0; k < parsed.length; k++) {
      const p = parsed[k];
      const index = start + k;
      if (!p || results[index] !== undefined) continue;
      const f = p.fields;
      const existing =
        p.key.type === 'ID'
          ? byId.get(p.key.value)
          : p.key.type === 'GKEY'
            ? byKey.get(p.key.value)
            : undefined;
      if (p.key.type === 'ID' && !existing) {
        fail(index, `Data row not found: ${p.key.value}`);
      } else if (existing) {
        updates.push({ index, row: existing, fields: f });
      } else if (f.rowData === undefined) {
        fail(index, 'row_data is required to create a data row');
      } else if (f.datasetId === undefined || !this.liveDatasets.get(f.datasetId)) {
        fail(
          index,
          f.datasetId === undefined
            ? 'dataset_id is required to create a data row'
            : `Dataset not found: ${f.datasetId}`,
        );
      } else {
        const row = [
          newIds[k]!,
          org,
          f.datasetId,
          f.rowData,
          f.externalId ?? null,
          f.globalKey ?? (p.key.type === 'GKEY' ? p.key.value : null),
          f.mediaType ?? null,
          f.mediaAttributes ?? null,
          f.metadataText ?? (f.metadata && f.metadata.length > 0 ? JSON.stringify(f.metadata) : null),
          this.actor.userId,
          now,
          now,
        ];
        values.push(row);
        w.creates.push({ index, row, fields: f });
      }
    }
    await this.checkUpdatedKeys(trx, updates, fail);

    const attachments: AttachmentRow[] = [];
    const vectors: Written[] = [];
    for (const u of updates) {
      if (results[u.index] !== undefined) continue;
      await rows.update(org, u.row.id, this.patchOf(u.fields, now));
      if (u.fields.attachments !== undefined) {
        await rows.deleteAttachmentsOf(org, [u.row.id]);
        this.attachmentRows(u.row.id, u.fields.attachments, now, attachments);
      }
      if (u.fields.embeddings) vectors.push({ dataRowId: u.row.id, embeddings: u.fields.embeddings });
      results[u.index] = u.row.id;
    }
    // Updates exist only after a settle (keyed items): the connection is free for them.
    await this.writeAttachmentsAndVectors(trx, attachments, vectors);
    await w.inserter.add(values);
  }

  /**
   * Waits for the rows added so far to be stored and records their outcomes: the row's id, or a failure when its
   * global key was taken (by a stored row or an earlier item); then writes the stored rows' attachments and vectors.
   */
  private async settle(w: Writes, now: string): Promise<void> {
    const skipped = await w.inserter.flush();
    const creates = w.creates;
    w.creates = [];
    const attachments: AttachmentRow[] = [];
    const vectors: Written[] = [];
    for (let c = 0, s = 0; c < creates.length; c++) {
      const { index, row, fields } = creates[c]!;
      if (skipped[s] === c) {
        s++;
        this.failWriting(w, index, duplicateKey((row[5] as string | null) ?? ''));
        continue;
      }
      const id = row[0] as string;
      w.results[index] = id;
      const datasetId = row[2] as string;
      w.added.set(datasetId, (w.added.get(datasetId) ?? 0) + 1);
      if (fields.attachments) this.attachmentRows(id, fields.attachments, now, attachments);
      if (fields.embeddings) vectors.push({ dataRowId: id, embeddings: fields.embeddings });
    }
    await this.writeAttachmentsAndVectors(w.trx, attachments, vectors);
  }

  /** Records a failure found while writing; its spec is looked up before the outcomes are stored. */
  private failWriting(w: Writes, index: number, message: string): void {
    w.results[index] = { message, spec: NO_SPEC };
    w.unspecified.push(index);
  }

  /** Stores the attachments and the vectors of written rows (created or updated). */
  private async writeAttachmentsAndVectors(
    trx: Db,
    attachments: readonly AttachmentRow[],
    vectors: readonly Written[],
  ): Promise<void> {
    await this.rows.with(trx).insertAttachments(attachments);
    if (vectors.length > 0) await this.writeVectors(new EmbeddingRepository(trx), vectors);
  }

  /** Records failures that belong to no parsable item (a chunk that is not a JSON array). */
  async recordFailures(record: BatchRecord, failures: ImportFailure[]): Promise<void> {
    await this.outcomes.insertBatch({
      job_id: record.jobId,
      batch_no: record.batchNo,
      success_count: 0,
      failure_count: failures.length,
      successes: '[]',
      failures: JSON.stringify(failures),
      created_at: nowIso(),
    });
  }

  private async loadDatasets(trx: Db, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const unknown = [...new Set(ids)];
    for (const id of unknown) this.liveDatasets.set(id, false);
    for (const d of await this.datasets.with(trx).findByIds(this.actor.organizationId, unknown))
      this.liveDatasets.set(d.id, d.deleted === 0);
  }

  /** A row's vectors must name custom embeddings of the organization and have their dimensions. */
  private async checkEmbeddings(
    trx: Db,
    start: number,
    parsed: Parsed,
    fail: (index: number, message: string) => void,
  ): Promise<void> {
    const unknown = new Set<string>();
    for (const p of parsed)
      for (const e of p?.fields.embeddings ?? [])
        if (!this.embeddingDims.has(e.embeddingId)) unknown.add(e.embeddingId);
    if (unknown.size > 0) {
      const repo = new EmbeddingRepository(trx);
      for (const id of unknown)
        this.embeddingDims.set(id, (await repo.find(this.actor.organizationId, id))?.dims);
    }
    parsed.forEach((p, k) => {
      const problem = (p?.fields.embeddings ?? [])
        .map((e, i) => {
          const dims = this.embeddingDims.get(e.embeddingId);
          if (dims === undefined) return `embeddings[${i}].embeddingId: no custom embedding ${e.embeddingId}`;
          if (e.vector.length !== dims)
            return `embeddings[${i}].vector must hold ${dims} numbers (the embedding's dimensions); got ${e.vector.length}`;
          return null;
        })
        .find((m) => m !== null);
      if (problem) fail(start + k, problem);
    });
  }

  /** Stores the vectors of written rows, one key claim per embedding; a row that had a vector gets the new one. */
  private async writeVectors(repo: EmbeddingRepository, written: readonly Written[]): Promise<void> {
    const byEmbedding = new Map<string, Array<{ dataRowId: string; vector: number[] }>>();
    for (const w of written)
      for (const e of w.embeddings) {
        const list = byEmbedding.get(e.embeddingId) ?? [];
        list.push({ dataRowId: w.dataRowId, vector: e.vector });
        byEmbedding.set(e.embeddingId, list);
      }
    for (const [embeddingId, list] of byEmbedding) {
      const claimed = await repo.claim(embeddingId, list.length);
      await repo.upsertVectors(
        list.map((v, i) => ({
          embedding_id: embeddingId,
          data_row_id: v.dataRowId,
          organization_id: this.actor.organizationId,
          key: claimed.firstKey + i,
          version: claimed.version,
          vector: vectorToBytes(v.vector),
        })),
      );
    }
  }

  /** An update may move a row to a key no other row holds; the first of several items claiming one key wins. */
  private async checkUpdatedKeys(
    trx: Db,
    updates: Update[],
    fail: (index: number, message: string) => void,
  ): Promise<void> {
    const wanted = updates.filter(
      (u) => typeof u.fields.globalKey === 'string' && u.fields.globalKey !== u.row.global_key,
    );
    if (wanted.length === 0) return;
    const owners = await this.rows.with(trx).idsByGlobalKeys(
      this.actor.organizationId,
      wanted.map((u) => u.fields.globalKey!),
    );
    const claimed = new Set<string>();
    for (const u of wanted) {
      const key = u.fields.globalKey!;
      const owner = owners.get(key);
      if ((owner !== undefined && owner !== u.row.id) || claimed.has(key)) fail(u.index, duplicateKey(key));
      else claimed.add(key);
    }
  }

  private patchOf(f: DataRowFields, now: string): DataRowPatch {
    const patch: DataRowPatch = { updated_at: now };
    if (f.rowData !== undefined) {
      patch.row_data = f.rowData;
      patch.media_attributes = f.mediaAttributes ?? null;
    }
    if (f.externalId !== undefined) patch.external_id = f.externalId;
    if (f.globalKey !== undefined) patch.global_key = f.globalKey;
    if (f.mediaType !== undefined) patch.media_type = f.mediaType;
    if (f.metadata !== undefined) patch.metadata = f.metadata.length > 0 ? JSON.stringify(f.metadata) : null;
    return patch;
  }

  private attachmentRows(
    dataRowId: string,
    list: AttachmentInput[],
    now: string,
    out: AttachmentRow[],
  ): void {
    for (const a of list) {
      out.push({
        id: newId(),
        organization_id: this.actor.organizationId,
        data_row_id: dataRowId,
        type: a.type,
        value: a.value,
        name: a.name,
        created_at: now,
      });
    }
  }
}

function split(results: Results, start: number, end: number): BatchOutcome {
  const successes: string[] = [];
  const failures: ImportFailure[] = [];
  for (let i = start; i < end; i++) {
    const r = results[i];
    if (typeof r === 'string') successes.push(r);
    else if (r !== undefined) failures.push(r);
  }
  return { successes, failures };
}
