import type { Db, Dialect, ExportTable } from '../db/database.ts';
import { bulkInsert } from './bulk-insert.ts';

export type ExportRow = ExportTable;
export type StreamName = 'RESULT' | 'ERRORS';

/** One chunk of an export stream: inclusive byte and line ranges in the stream's blob. */
export type ExportChunk = {
  chunkNo: number;
  blobKey: string;
  byteStart: number;
  byteEnd: number;
  lineStart: number;
  lineEnd: number;
};

export type StreamHeader = { totalSize: number; totalLines: number };

const CHUNK_COLUMNS = [
  'job_id',
  'stream',
  'chunk_no',
  'blob_key',
  'byte_start',
  'byte_end',
  'line_start',
  'line_end',
] as const;

type ChunkRow = {
  chunk_no: number;
  blob_key: string;
  byte_start: number | string;
  byte_end: number | string;
  line_start: number | string;
  line_end: number | string;
};

const toChunk = (r: ChunkRow): ExportChunk => ({
  chunkNo: Number(r.chunk_no),
  blobKey: r.blob_key,
  // bigint columns come back as strings from PostgreSQL.
  byteStart: Number(r.byte_start),
  byteEnd: Number(r.byte_end),
  lineStart: Number(r.line_start),
  lineEnd: Number(r.line_end),
});

/** Export files (`exports`) and the chunk index of export streams (`export_chunks`). */
export class ExportFileRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {}

  async insert(row: ExportRow): Promise<void> {
    await this.db.insertInto('exports').values(row).execute();
  }

  /** The newest export of a kind for a project and filters made at or after `since`, with its job's status. */
  findRecent(organizationId: string, projectId: string, kind: string, filterKey: string, since: string) {
    return this.db
      .selectFrom('exports as e')
      .innerJoin('jobs as j', 'j.id', 'e.job_id')
      .select(['e.id', 'e.job_id', 'e.blob_key', 'e.created_at', 'j.status', 'j.payload'])
      .where('e.organization_id', '=', organizationId)
      .where('e.project_id', '=', projectId)
      .where('e.kind', '=', kind)
      .where('e.filter_key', '=', filterKey)
      .where('e.created_at', '>=', since)
      .where('j.status', '!=', 'FAILED')
      .orderBy('e.created_at', 'desc')
      .orderBy('e.id', 'desc')
      .executeTakeFirst();
  }

  /** Replaces the chunk index of a job's stream (a retried job rewrites it) in one transaction. */
  async replaceChunks(jobId: string, stream: StreamName, list: readonly ExportChunk[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .deleteFrom('export_chunks')
        .where('job_id', '=', jobId)
        .where('stream', '=', stream)
        .execute();
      if (list.length === 0) return;
      const values = list.flatMap((c) => [
        jobId,
        stream,
        c.chunkNo,
        c.blobKey,
        c.byteStart,
        c.byteEnd,
        c.lineStart,
        c.lineEnd,
      ]);
      await bulkInsert(trx, this.dialect, 'export_chunks', CHUNK_COLUMNS, values);
    });
  }

  /** Total bytes and lines of a stream, or null when it has no chunk (an empty stream). */
  async header(jobId: string, stream: StreamName): Promise<StreamHeader | null> {
    const row = await this.db
      .selectFrom('export_chunks')
      .select((eb) => [
        eb.fn.max('byte_end').as('byte_end'),
        eb.fn.max('line_end').as('line_end'),
        eb.fn.countAll().as('n'),
      ])
      .where('job_id', '=', jobId)
      .where('stream', '=', stream)
      .executeTakeFirst();
    if (!row || Number(row.n) === 0) return null;
    return { totalSize: Number(row.byte_end) + 1, totalLines: Number(row.line_end) + 1 };
  }

  /** The chunk holding byte `offset` of a stream. */
  async chunkAt(jobId: string, stream: StreamName, offset: number): Promise<ExportChunk | undefined> {
    const row = await this.db
      .selectFrom('export_chunks')
      .select(['chunk_no', 'blob_key', 'byte_start', 'byte_end', 'line_start', 'line_end'])
      .where('job_id', '=', jobId)
      .where('stream', '=', stream)
      .where('byte_start', '<=', offset)
      .orderBy('byte_start', 'desc')
      .limit(1)
      .executeTakeFirst();
    const chunk = row && toChunk(row);
    return chunk && chunk.byteEnd >= offset ? chunk : undefined;
  }
}
