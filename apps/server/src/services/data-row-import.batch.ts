import type { Actor } from '../auth/actor.ts';
import type { Db, Dialect } from '../db/database.ts';
import { newId } from '../ids.ts';
import { DataRowImportRepository } from '../repositories/data-row-import.repository.ts';
import {
  DataRowRepository,
  type AttachmentRow,
  type DataRowPatch,
  type DataRowRow,
} from '../repositories/data-row.repository.ts';
import { DatasetRepository } from '../repositories/dataset.repository.ts';
import { EmbeddingRepository } from '../repositories/embedding.repository.ts';
import { nowIso } from '../time.ts';
import { vectorToBytes } from './embedding/vector-index.ts';
import { newIdBlock } from './id-block.ts';
import {
  type AttachmentInput,
  type DataRowFields,
  type EmbeddingVectorInput,
  failureSpec,
  type FailureSpec,
  ItemError,
  parseItem,
} from './data-row-descriptor.parser.ts';
import type { MetadataIndex } from './metadata.values.ts';

export type ImportFailure = { message: string; spec: FailureSpec };
export type BatchOutcome = { successes: string[]; failures: ImportFailure[] };
/** Where a job records a batch's outcome (in the batch's transaction, so it doubles as the checkpoint). */
export type BatchRecord = { jobId: string; batchNo: number };

type Create = {
  index: number;
  id: string;
  datasetId: string;
  globalKey: string | null;
  attachments: AttachmentInput[] | undefined;
  embeddings: EmbeddingVectorInput[] | undefined;
};
type Update = { index: number; row: DataRowRow; fields: DataRowFields };

const duplicateKey = (key: string) => `Duplicate global key: '${key}'`;

/**
 * Imports batches of upsert items for one caller: parse and validate each item, then write the batch — creates
 * as multi-row inserts, updates, attachments, dataset row counts and the batch's outcome — in one transaction.
 * A bad item becomes a failure of its own; it never fails the others.
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
    dialect: Dialect,
    private readonly actor: Actor,
    private readonly metadata: MetadataIndex,
  ) {
    this.rows = new DataRowRepository(db, dialect);
    this.datasets = new DatasetRepository(db, dialect);
    this.outcomes = new DataRowImportRepository(db);
  }

  async importBatch(items: readonly unknown[], record?: BatchRecord): Promise<BatchOutcome> {
    const org = this.actor.organizationId;
    const results: Array<string | ImportFailure | undefined> = new Array(items.length);
    const fail = (index: number, message: string) => {
      results[index] = { message, spec: failureSpec(items[index]) };
    };
    const parsed = items.map((item, index) => {
      try {
        return parseItem(item, this.metadata);
      } catch (error) {
        if (!(error instanceof ItemError)) throw error;
        fail(index, error.message);
        return undefined;
      }
    });
    await this.loadDatasets(parsed.map((p) => p?.fields.datasetId));
    await this.checkEmbeddings(parsed, fail);

    // Keyed items address existing rows; a global key that matches nothing creates a row with that key.
    const byId = new Map<string, DataRowRow>();
    const byKey = new Map<string, DataRowRow>();
    const ids = parsed.flatMap((p) => (p?.key.type === 'ID' ? [p.key.value] : []));
    const keys = parsed.flatMap((p) => (p?.key.type === 'GKEY' ? [p.key.value] : []));
    if (ids.length > 0) for (const r of await this.rows.findByIds(org, ids)) byId.set(r.id, r);
    if (keys.length > 0)
      for (const r of await this.rows.findByGlobalKeys(org, keys)) byKey.set(r.global_key!, r);

    const now = nowIso();
    const newIds = newIdBlock(items.length);
    const values: unknown[][] = [];
    const creates: Create[] = [];
    const updates: Update[] = [];
    for (let index = 0; index < parsed.length; index++) {
      const p = parsed[index];
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
        const id = newIds[index]!;
        const globalKey = f.globalKey ?? (p.key.type === 'GKEY' ? p.key.value : null);
        const metadata = f.metadata && f.metadata.length > 0 ? JSON.stringify(f.metadata) : null;
        values.push([
          id,
          org,
          f.datasetId,
          f.rowData,
          f.externalId ?? null,
          globalKey,
          f.mediaType ?? null,
          f.mediaAttributes ?? null,
          metadata,
          this.actor.userId,
          now,
          now,
        ]);
        creates.push({
          index,
          id,
          datasetId: f.datasetId,
          globalKey,
          attachments: f.attachments,
          embeddings: f.embeddings,
        });
      }
    }
    await this.checkUpdatedKeys(updates, fail);

    await this.db.transaction().execute(async (trx) => {
      const rows = this.rows.with(trx);
      const attachments: AttachmentRow[] = [];
      const vectors: Array<{ dataRowId: string; embeddings: EmbeddingVectorInput[] }> = [];
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
      const inserted = await rows.insertMany(values);
      const added = new Map<string, number>();
      for (const c of creates) {
        if (!inserted.has(c.id)) {
          fail(c.index, duplicateKey(c.globalKey ?? ''));
          continue;
        }
        results[c.index] = c.id;
        added.set(c.datasetId, (added.get(c.datasetId) ?? 0) + 1);
        if (c.attachments) this.attachmentRows(c.id, c.attachments, now, attachments);
        if (c.embeddings) vectors.push({ dataRowId: c.id, embeddings: c.embeddings });
      }
      await rows.insertAttachments(attachments);
      await this.writeVectors(new EmbeddingRepository(trx), vectors);
      const datasets = this.datasets.with(trx);
      for (const [datasetId, n] of added) await datasets.addRowCount(datasetId, n, now);
      const outcome = split(results);
      if (record) {
        await this.outcomes.with(trx).insertBatch({
          job_id: record.jobId,
          batch_no: record.batchNo,
          success_count: outcome.successes.length,
          failure_count: outcome.failures.length,
          successes: JSON.stringify(outcome.successes),
          failures: JSON.stringify(outcome.failures),
          created_at: now,
        });
      }
    });
    return split(results);
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

  private async loadDatasets(ids: ReadonlyArray<string | undefined>): Promise<void> {
    const unknown = [
      ...new Set(ids.filter((id): id is string => id !== undefined && !this.liveDatasets.has(id))),
    ];
    if (unknown.length === 0) return;
    for (const id of unknown) this.liveDatasets.set(id, false);
    for (const d of await this.datasets.findByIds(this.actor.organizationId, unknown))
      this.liveDatasets.set(d.id, d.deleted === 0);
  }

  /** A row's vectors must name custom embeddings of the organization and have their dimensions. */
  private async checkEmbeddings(
    parsed: ReadonlyArray<{ fields: DataRowFields } | undefined>,
    fail: (index: number, message: string) => void,
  ): Promise<void> {
    const unknown = new Set<string>();
    for (const p of parsed)
      for (const e of p?.fields.embeddings ?? [])
        if (!this.embeddingDims.has(e.embeddingId)) unknown.add(e.embeddingId);
    if (unknown.size > 0) {
      const repo = new EmbeddingRepository(this.db);
      for (const id of unknown)
        this.embeddingDims.set(id, (await repo.find(this.actor.organizationId, id))?.dims);
    }
    parsed.forEach((p, index) => {
      const problem = (p?.fields.embeddings ?? [])
        .map((e, i) => {
          const dims = this.embeddingDims.get(e.embeddingId);
          if (dims === undefined) return `embeddings[${i}].embeddingId: no custom embedding ${e.embeddingId}`;
          if (e.vector.length !== dims)
            return `embeddings[${i}].vector must hold ${dims} numbers (the embedding's dimensions); got ${e.vector.length}`;
          return null;
        })
        .find((m) => m !== null);
      if (problem) fail(index, problem);
    });
  }

  /** Stores the vectors of written rows, one key claim per embedding; a row that had a vector gets the new one. */
  private async writeVectors(
    repo: EmbeddingRepository,
    written: ReadonlyArray<{ dataRowId: string; embeddings: EmbeddingVectorInput[] }>,
  ): Promise<void> {
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
    updates: Update[],
    fail: (index: number, message: string) => void,
  ): Promise<void> {
    const wanted = updates.filter(
      (u) => typeof u.fields.globalKey === 'string' && u.fields.globalKey !== u.row.global_key,
    );
    if (wanted.length === 0) return;
    const owners = await this.rows.idsByGlobalKeys(
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

function split(results: ReadonlyArray<string | ImportFailure | undefined>): BatchOutcome {
  const successes: string[] = [];
  const failures: ImportFailure[] = [];
  for (const r of results) {
    if (typeof r === 'string') successes.push(r);
    else if (r !== undefined) failures.push(r);
  }
  return { successes, failures };
}
