import type { Actor } from '../../auth/actor.ts';
import { invalid, notFound } from '../../errors.ts';
import type { JobContext, JobOutcome } from '../../jobs/job-queue.ts';
import {
  DataRowImportRepository,
  type ImportOutcomeKind,
} from '../../repositories/data-row-import.repository.ts';
import { DataRowRepository } from '../../repositories/data-row.repository.ts';
import type { JobRow } from '../../repositories/job.repository.ts';
import { MetadataRepository, type MetadataSchemaRow } from '../../repositories/metadata.repository.ts';
import { jsonMayHoldNul } from '../../nul-text.ts';
import { BatchImporter, IMPORT_BATCH_SIZE, type ImportFailure } from './batch.ts';
import { ParseThread } from './parse-thread.ts';
import { JsonArrayReader, utf8Text } from '../json-array.reader.ts';
import type { ServiceDeps } from '../index.ts';
import { MetadataIndex } from '../metadata.values.ts';

export const UPSERT_JOB_TYPE = 'adv-upsert-data-rows';
export type UpsertJobPayload = { manifestKey: string; chunkKeys: string[]; itemCount: number };
export type ImportedRow = {
  id: string;
  externalId: string | null;
  globalKey: string | null;
  rowData: string | null;
};
export type ImportPage<T> = { items: T[]; after: string | null; total: number };

export { IMPORT_BATCH_SIZE };
/**
 * Batches written per transaction: commits (on PostgreSQL a WAL flush each; on SQLite the pages an insert dirtied,
 * written again for every transaction that touches them) cost as much as the rows when they come every 1,000.
 */
const BATCHES_PER_TRANSACTION = 10;
/** Unsigned uploads are permanent on Labelbox; here they are URLs signed for ten years (row data keeps pointing at them). */
const PERMANENT_URL_TTL = 10 * 365 * 24 * 3600;
const MAX_PAGE = 10_000;
const RESULT_FILE_ROWS = 10_000;

/** Uploaded files and the `upsertDataRows` job: manifest → chunks → batches, with per-item outcomes. */
export class DataRowImportService {
  private readonly outcomes: DataRowImportRepository;
  private readonly rows: DataRowRepository;

  constructor(private readonly deps: ServiceDeps) {
    this.outcomes = new DataRowImportRepository(deps.db);
    this.rows = new DataRowRepository(deps.db, deps.dialect);
  }

  /** Path and query of the download URL of an uploaded blob (`sign: true` = the short-lived kind). */
  uploadedFilePath(actor: Actor, key: string, sign: boolean | null | undefined): string {
    if (!key.startsWith(`${actor.organizationId}/`)) throw notFound('File', key);
    return this.deps.signer.sign({ key }, sign ? undefined : PERMANENT_URL_TTL);
  }

  /**
   * The blob key behind a URL this server handed out (`uploadFile`). The server reads its own files directly —
   * never through HTTP — and only the caller's organization's files; other URLs are refused.
   */
  ownBlobKey(actor: Actor, uri: unknown, field: string): string {
    if (typeof uri !== 'string' || uri.length === 0)
      throw invalid(field, 'must be a URL returned by uploadFile');
    const file = this.deps.signer.fileOf(uri);
    if (!file) throw invalid(field, 'must be a URL returned by uploadFile');
    if ('problem' in file) throw invalid(field, `the file URL is not usable (${file.problem})`);
    if (!file.key.startsWith(`${actor.organizationId}/`))
      throw invalid(field, 'the file belongs to another organization');
    return file.key;
  }

  /** Reads the manifest, checks its chunk URLs and starts the job; small imports finish inside the request. */
  async startUpsert(actor: Actor, manifestUri: unknown): Promise<JobRow> {
    const manifestKey = this.ownBlobKey(actor, manifestUri, 'data.manifestUri');
    const manifest = await this.readJson(manifestKey, 'data.manifestUri');
    const chunkUris = (manifest as { chunk_uris?: unknown } | null)?.chunk_uris;
    if (!Array.isArray(chunkUris)) throw invalid('data.manifestUri', 'the manifest has no "chunk_uris" list');
    const chunkKeys = chunkUris.map((uri, i) => this.ownBlobKey(actor, uri, `manifest.chunk_uris[${i}]`));
    for (const [i, key] of chunkKeys.entries()) {
      if (!(await this.deps.blobs.stat(key)))
        throw invalid(`manifest.chunk_uris[${i}]`, 'the file does not exist');
    }
    const count = Number((manifest as { item_count?: unknown }).item_count);
    const payload: UpsertJobPayload = {
      manifestKey,
      chunkKeys,
      itemCount: Number.isFinite(count) && count >= 0 ? count : 0,
    };
    // The SDK retries a slow or failed request with the same manifest: same manifest, same task.
    const job = await this.deps.jobs.enqueue(actor, {
      type: UPSERT_JOB_TYPE,
      name: 'Upsert data rows',
      payload,
      idempotencyKey: manifestKey,
    });
    if (job.status === 'QUEUED' && payload.itemCount <= this.deps.config.inlineJobMaxItems) {
      return (await this.deps.jobs.runNow(job.id)) ?? job;
    }
    return job;
  }

  /** A batch importer for the caller (what the job uses per batch; benchmarks use it directly). */
  async importer(actor: Actor): Promise<BatchImporter> {
    const metadata = new MetadataIndex(
      await new MetadataRepository(this.deps.db).listVisible(actor.organizationId),
    );
    return new BatchImporter(this.deps.db, this.deps.dialect, actor, metadata);
  }

  /** The job handler: resumes after the last recorded batch, so a crash never imports an item twice. */
  async runUpsertJob(ctx: JobContext): Promise<JobOutcome> {
    const { job } = ctx;
    const payload = ctx.payload as UpsertJobPayload;
    const actor: Actor = {
      organizationId: job.organization_id,
      userId: job.created_by,
      role: 'ADMIN',
      email: '',
    };
    const metadata = await new MetadataRepository(this.deps.db).listVisible(actor.organizationId);
    const importer = new BatchImporter(this.deps.db, this.deps.dialect, actor, new MetadataIndex(metadata));
    const done = await this.outcomes.lastBatchNo(job.id);
    let processed = 0;
    let reported = Date.now();
    /** After each transaction: progress (which also renews the job's lease; every couple of seconds is enough). */
    const written = async (items: number) => {
      processed += items;
      if (Date.now() - reported > 2000) {
        reported = Date.now();
        await ctx.progress(payload.itemCount > 0 ? Math.min(0.99, processed / payload.itemCount) : 0);
      }
      // On SQLite every statement of a transaction runs without giving the event loop a turn: let other
      // requests in between transactions.
      await new Promise((resolve) => setImmediate(resolve));
    };
    const threaded = this.deps.dialect === 'sqlite' && this.deps.config.importParseThread;
    let batchNo = 0;
    for (const [c, key] of payload.chunkKeys.entries()) {
      // A missing file is an error of the job (retried); a file that is not JSON fails only its own items.
      const bytes = await this.deps.blobs.readBuffer(key);
      const chunk: ChunkRun = {
        importer,
        jobId: job.id,
        index: c,
        batchNo,
        done,
        written,
        skipped: (items) => void (processed += items),
      };
      batchNo += threaded
        ? await this.importThreaded(chunk, bytes, metadata)
        : await this.importHere(chunk, bytes);
    }
    const totals = await this.outcomes.totals(job.id);
    const resultFile = `${job.organization_id}/tasks/${job.id}/result.json`;
    await this.deps.blobs.put(resultFile, JSON.stringify(await this.legacyResult(actor, job.id, totals)));
    return {
      result: {
        resultFile,
        metadata: { createdDataRowCount: totals.successes, failedDataRowCount: totals.failures },
      },
    };
  }

  /**
   * A chunk read here, on the writing thread (PostgreSQL, or the parse thread switched off); answers the batch
   * numbers it used. A chunk that is not a JSON array stores none of its items and records one failure.
   */
  private async importHere(chunk: ChunkRun, bytes: Buffer): Promise<number> {
    const { importer, jobId, batchNo, done } = chunk;
    const text = utf8Text(bytes);
    const nulFree = !jsonMayHoldNul(text);
    // PostgreSQL, a chunk none of which is stored yet: its first transaction starts once its items are read, and
    // the rest is read meanwhile (the server stores rows while Node reads); the transaction commits only when the
    // whole chunk has been read as an array, so that a chunk that is not one still stores nothing.
    const reader = new JsonArrayReader(text, this.deps.dialect === 'postgres' && batchNo > done);
    const first = BATCHES_PER_TRANSACTION * IMPORT_BATCH_SIZE;
    reader.readUntil(first + 1);
    let b = 0;
    if (!reader.done && !reader.failed) {
      const rest = reader.readRest();
      const whole = async () => {
        if (!(await rest)) throw new NotAnArray();
      };
      try {
        await importer.importBatch(reader.items.slice(0, first), { jobId, batchNo }, nulFree, whole);
        b = BATCHES_PER_TRANSACTION;
        reader.items.fill(null, 0, first);
        await chunk.written(first);
      } catch (error) {
        if (!(error instanceof NotAnArray)) throw error;
      }
    }
    const items = reader.items;
    if (reader.failed) {
      if (batchNo > done) await importer.recordFailures({ jobId, batchNo }, [chunkFailure(chunk.index)]);
      return 1;
    }
    const batches = Math.ceil(items.length / IMPORT_BATCH_SIZE);
    // Batches already committed (a resumed job) are skipped; the rest go BATCHES_PER_TRANSACTION at a time.
    if (b === 0) {
      b = Math.min(batches, Math.max(0, done - batchNo + 1));
      chunk.skipped(Math.min(items.length, b * IMPORT_BATCH_SIZE));
    }
    while (b < batches) {
      const n = Math.min(BATCHES_PER_TRANSACTION, batches - b);
      const slice = items.slice(b * IMPORT_BATCH_SIZE, (b + n) * IMPORT_BATCH_SIZE);
      await importer.importBatch(slice, { jobId, batchNo: batchNo + b }, nulFree);
      // Written items are let go of: while the rest of the chunk is imported, a garbage collection would copy them
      // along with the live ones.
      items.fill(null, b * IMPORT_BATCH_SIZE, (b + n) * IMPORT_BATCH_SIZE);
      b += n;
      await chunk.written(slice.length);
    }
    return batches;
  }

  /**
   * A chunk read by the parse thread (SQLite) while this thread writes the batches it has sent: the text, the JSON
   * and each item's validation — about half of an import's work — run on the other core. The chunk's first
   * transaction commits only once the thread has read the chunk to its end as an array, so that a chunk that is not
   * one still stores nothing. Answers the batch numbers the chunk used.
   */
  private async importThreaded(
    chunk: ChunkRun,
    bytes: Buffer,
    metadata: readonly MetadataSchemaRow[],
  ): Promise<number> {
    const { importer, jobId, batchNo, done } = chunk;
    const parse = parseThread.parse(bytes, metadata);
    try {
      let b = 0;
      let ended = false;
      // Batches already committed (a resumed job) are skipped.
      while (batchNo + b <= done) {
        const batch = await parse.next();
        if (!batch) {
          ended = true;
          break;
        }
        b++;
        chunk.skipped(batch.count);
      }
      let first = true;
      while (!ended) {
        const start = b;
        let taken = 0;
        let items = 0;
        const next = async () => {
          if (taken === BATCHES_PER_TRANSACTION) return null;
          const batch = await parse.next();
          if (!batch) {
            ended = true;
            return null;
          }
          taken++;
          items += batch.count;
          return batch;
        };
        const offset = start * IMPORT_BATCH_SIZE;
        const specs = (indexes: number[]) => parse.specs(indexes.map((i) => i + offset));
        const whole = first
          ? async () => {
              if (!(await parse.whole())) throw new NotAnArray();
            }
          : undefined;
        try {
          await importer.importPacked(next, specs, { jobId, batchNo: batchNo + start }, whole);
        } catch (error) {
          if (!(error instanceof NotAnArray)) throw error;
          break;
        }
        first = false;
        b += taken;
        if (items > 0) await chunk.written(items);
      }
      if (!(await parse.whole())) {
        if (batchNo > done) await importer.recordFailures({ jobId, batchNo }, [chunkFailure(chunk.index)]);
        return 1;
      }
      return b;
    } finally {
      parse.release();
    }
  }

  /**
   * The JSON behind `Task.result` (what SDKs before `DataUpsertTask` download): created rows and errors, listed
   * for imports of up to RESULT_FILE_ROWS items; larger ones page through `successesfulDataRowImports` instead.
   */
  private async legacyResult(actor: Actor, jobId: string, totals: { successes: number; failures: number }) {
    if (totals.successes + totals.failures > RESULT_FILE_ROWS) {
      return {
        createdDataRows: [],
        errors: [],
        createdDataRowCount: totals.successes,
        failedDataRowCount: totals.failures,
        listed: false,
      };
    }
    const created = await this.page(actor, jobId, 'successes', RESULT_FILE_ROWS, null);
    const failed = await this.page(actor, jobId, 'failures', RESULT_FILE_ROWS, null);
    return {
      createdDataRows: created.items,
      errors: failed.items.map(legacyError),
      createdDataRowCount: totals.successes,
      failedDataRowCount: totals.failures,
      listed: true,
    };
  }

  /** One page of a task's created rows or failures; the cursor is `<batch>:<offset>` and ends in null. */
  async page(
    actor: Actor,
    taskId: string,
    kind: 'successes',
    first: number | null | undefined,
    from: string | null | undefined,
  ): Promise<ImportPage<ImportedRow>>;
  async page(
    actor: Actor,
    taskId: string,
    kind: 'failures',
    first: number | null | undefined,
    from: string | null | undefined,
  ): Promise<ImportPage<ImportFailure>>;
  async page(
    actor: Actor,
    taskId: string,
    kind: ImportOutcomeKind,
    first: number | null | undefined,
    from: string | null | undefined,
  ) {
    const job = await this.deps.jobs.get(actor.organizationId, taskId);
    if (!job || job.type !== UPSERT_JOB_TYPE) throw notFound('Task', taskId);
    const limit = first ?? 5000;
    if (!Number.isInteger(limit) || limit < 1) throw invalid('data.first', 'must be a positive integer');
    const size = Math.min(limit, MAX_PAGE);
    let [batch, offset] = parseCursor(from);
    const items: unknown[] = [];
    let after: string | null = null;
    outer: for (;;) {
      const batches = await this.outcomes.listBatches(job.id, kind, batch, 20);
      for (const b of batches) {
        const list = JSON.parse(b[kind]) as unknown[];
        const start = b.batch_no === batch ? offset : 0;
        const take = list.slice(start, start + size - items.length);
        items.push(...take);
        if (items.length === size) {
          const next = start + take.length;
          const more =
            next < list.length ||
            (await this.outcomes.listBatches(job.id, kind, b.batch_no + 1, 1)).length > 0;
          after = more ? (next < list.length ? `${b.batch_no}:${next}` : `${b.batch_no + 1}:0`) : null;
          break outer;
        }
      }
      if (batches.length < 20) break;
      batch = batches[batches.length - 1]!.batch_no + 1;
      offset = 0;
    }
    const total = (await this.outcomes.totals(job.id))[kind];
    if (kind === 'failures') return { items: items as ImportFailure[], after, total };
    const rows = new Map(
      (await this.rows.findByIds(actor.organizationId, items as string[])).map((r) => [r.id, r]),
    );
    const created = (items as string[]).map((id): ImportedRow => {
      const r = rows.get(id);
      return {
        id,
        externalId: r?.external_id ?? null,
        globalKey: r?.global_key ?? null,
        rowData: r?.row_data ?? null,
      };
    });
    return { items: created, after, total };
  }

  private async readJson(key: string, field: string): Promise<unknown> {
    const text = (await this.deps.blobs.readBuffer(key)).toString('utf8');
    try {
      return JSON.parse(text);
    } catch {
      throw invalid(field, 'the file is not JSON');
    }
  }
}

function parseCursor(from: string | null | undefined): [number, number] {
  if (from === null || from === undefined || from === '') return [0, 0];
  const match = /^(\d+):(\d+)$/.exec(from);
  if (!match) throw invalid('data.from', `"${from}" is not a cursor returned as "after"`);
  return [Number(match[1]), Number(match[2])];
}

/** A chunk read in pieces turned out not to be a JSON array: its first transaction rolls back. */
class NotAnArray extends Error {}

/** One chunk of an upsert job: where its batches are numbered from, the last batch already stored, progress. */
type ChunkRun = {
  importer: BatchImporter;
  jobId: string;
  index: number;
  batchNo: number;
  done: number;
  written: (items: number) => Promise<void>;
  skipped: (items: number) => void;
};

/** The process's import parse thread (started with the first chunk it reads, stopped when idle). */
export const parseThread = new ParseThread();

function chunkFailure(index: number): ImportFailure {
  return {
    message: `Chunk ${index} of the manifest is not a JSON array of data rows`,
    spec: { externalId: null, globalKey: null, rowData: null, metadata: [], attachments: [] },
  };
}

/** The legacy task-result format (`Task.result` / `failed_data_rows` of SDK ≤ 3.x). */
function legacyError(f: ImportFailure) {
  return {
    message: f.message,
    failedDataRows: [{ ...f.spec, metadataFields: f.spec.metadata, attachmentInputs: f.spec.attachments }],
  };
}
