import path from 'node:path';
import type { Actor } from '../../auth/actor.ts';
import { AppError, conflict, invalid, notAllowed, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { DataRowRepository } from '../../repositories/data-row.repository.ts';
import { EmbeddingRepository, type EmbeddingRow } from '../../repositories/embedding.repository.ts';
import { nowIso } from '../../time.ts';
import type { ExportEmbedding } from '../export-v2.rows.ts';
import type { ServiceDeps } from '../index.ts';
import { bytesToVector, vectorToBytes, VectorIndex } from './vector-index.ts';

/** Labelbox allows 10 custom embeddings per organization (the SDK relies on it to filter by name client-side). */
export const MAX_EMBEDDINGS = 10;
export const MAX_DIMS = 4096;
/** Lines per import request (the SDK sends 1,000) and bytes per request. */
export const MAX_IMPORT_LINES = 10_000;
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;
export const MAX_SIMILAR = 1000;
const CATCH_UP_PAGE = 5000;
const MAX_REPORTED = 20;

export type EmbeddingView = { id: string; name: string; custom: boolean; dims: number };
export type Similar = { dataRowId: string; score: number };

export const toEmbeddingView = (row: EmbeddingRow): EmbeddingView => ({
  id: row.id,
  name: row.name,
  custom: true,
  dims: row.dims,
});

/** An index is saved again once this many vectors (or a tenth of its size, if more) were added since. */
const SAVE_EVERY = 1000;

type Cached = { index: VectorIndex; pending: Promise<void>; unsaved: number };

/**
 * Custom embeddings: vectors per data row (stored in the database, the source of truth) and a similarity index per
 * embedding held in this process, brought up to date with the database before each search. The index is saved under
 * `<data dir>/vector-index/` with how far into the embedding's writes it has read, so a restarted process loads it
 * and reads only the vectors imported since, instead of building it again.
 */
export class EmbeddingService {
  private readonly indexes = new Map<string, Cached>();

  constructor(private readonly deps: Pick<ServiceDeps, 'db' | 'dialect' | 'config'>) {}

  private indexFile(embeddingId: string): string {
    // Embedding ids are server-made (newId), but never let one reach outside the directory.
    return path.join(this.deps.config.dataDir, 'vector-index', embeddingId.replace(/[^A-Za-z0-9_-]/g, '_'));
  }

  private repo(): EmbeddingRepository {
    return new EmbeddingRepository(this.deps.db);
  }

  async create(actor: Actor, body: unknown): Promise<EmbeddingRow> {
    const input = (body ?? {}) as { name?: unknown; dims?: unknown };
    if (typeof input.name !== 'string' || input.name.trim() === '' || input.name.length > 200)
      throw invalid('name', 'must be a non-empty string of at most 200 characters');
    if (
      typeof input.dims !== 'number' ||
      !Number.isInteger(input.dims) ||
      input.dims < 1 ||
      input.dims > MAX_DIMS
    )
      throw invalid('dims', `must be an integer from 1 to ${MAX_DIMS}`);
    const repo = this.repo();
    const existing = await repo.list(actor.organizationId);
    if (existing.some((e) => e.name === input.name))
      throw conflict(`An embedding named "${input.name}" already exists`, 'name');
    if (existing.length >= MAX_EMBEDDINGS)
      throw notAllowed(`An organization may have at most ${MAX_EMBEDDINGS} custom embeddings`);
    const now = nowIso();
    const row: EmbeddingRow = {
      id: newId(),
      organization_id: actor.organizationId,
      name: input.name,
      dims: input.dims,
      version: 0,
      next_key: 1,
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    };
    await repo.insert(row);
    return row;
  }

  list(actor: Actor): Promise<EmbeddingRow[]> {
    return this.repo().list(actor.organizationId);
  }

  async get(actor: Actor, id: string): Promise<EmbeddingRow> {
    const row = await this.repo().find(actor.organizationId, id);
    if (!row) throw notFound('Embedding', id);
    return row;
  }

  async delete(actor: Actor, id: string): Promise<void> {
    await this.get(actor, id);
    await this.repo().delete(actor.organizationId, id);
    this.indexes.delete(id);
    VectorIndex.remove(this.indexFile(id));
  }

  async count(actor: Actor, id: string): Promise<number> {
    await this.get(actor, id);
    return this.repo().count(id);
  }

  /**
   * One NDJSON chunk of `{"id": <data row id>, "vector": [...]}` lines (`_import_ndjson`). All lines are checked
   * first; any bad line refuses the whole chunk with the lines named, so a retried chunk never half-applies. A data
   * row imported again gets the new vector.
   */
  async importNdjson(
    actor: Actor,
    id: string,
    body: Buffer,
    declaredLines: string | undefined,
  ): Promise<{ importedCount: number; version: number }> {
    const embedding = await this.get(actor, id);
    const lines = body
      .toString('utf8')
      .split('\n')
      .map((l, i) => ({ text: l.trim(), line: i + 1 }))
      .filter((l) => l.text !== '');
    if (declaredLines !== undefined && Number(declaredLines) !== lines.length)
      throw invalid('X-Content-Lines', `says ${declaredLines} lines but the body has ${lines.length}`);
    if (lines.length > MAX_IMPORT_LINES) throw invalid('body', `must hold at most ${MAX_IMPORT_LINES} lines`);
    const problems: string[] = [];
    const parsed: Array<{ dataRowId: string; vector: Buffer }> = [];
    const seen = new Set<string>();
    for (const { text, line } of lines) {
      let value: { id?: unknown; vector?: unknown };
      try {
        value = JSON.parse(text) as typeof value;
      } catch {
        problems.push(`line ${line}: not valid JSON`);
        continue;
      }
      if (typeof value !== 'object' || value === null || typeof value.id !== 'string' || value.id === '') {
        problems.push(`line ${line}.id: must be a data row id`);
        continue;
      }
      const v = value.vector;
      if (!Array.isArray(v) || v.length !== embedding.dims) {
        problems.push(`line ${line}.vector: must be a list of ${embedding.dims} numbers`);
        continue;
      }
      if (!v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
        problems.push(`line ${line}.vector: every value must be a finite number`);
        continue;
      }
      if (!v.some((x) => x !== 0)) {
        problems.push(`line ${line}.vector: must not be all zeros (cosine similarity needs a direction)`);
        continue;
      }
      if (seen.has(value.id)) {
        problems.push(`line ${line}.id: data row ${value.id} appears twice in this chunk`);
        continue;
      }
      seen.add(value.id);
      parsed.push({ dataRowId: value.id, vector: vectorToBytes(v as number[]) });
    }
    if (problems.length === 0 && parsed.length > 0) {
      const { failed } = await new DataRowRepository(this.deps.db, this.deps.dialect).resolveDataRowIds(
        actor.organizationId,
        { ids: parsed.map((p) => p.dataRowId) },
      );
      for (const missing of failed) problems.push(`id ${missing}: no such data row`);
    }
    if (problems.length > 0) {
      const shown = problems.slice(0, MAX_REPORTED).join('; ');
      const more = problems.length > MAX_REPORTED ? ` (and ${problems.length - MAX_REPORTED} more)` : '';
      throw new AppError('MALFORMED_REQUEST', `No vectors imported: ${shown}${more}`, {
        field: 'body',
        details: { problems: problems.slice(0, 100) },
      });
    }
    if (parsed.length === 0) return { importedCount: 0, version: embedding.version };
    const version = await this.deps.db.transaction().execute(async (trx) => {
      const repo = new EmbeddingRepository(trx);
      const claimed = await repo.claim(embedding.id, parsed.length);
      await repo.upsertVectors(
        parsed.map((p, i) => ({
          embedding_id: embedding.id,
          data_row_id: p.dataRowId,
          organization_id: actor.organizationId,
          key: claimed.firstKey + i,
          version: claimed.version,
          vector: p.vector,
        })),
      );
      return claimed.version;
    });
    return { importedCount: parsed.length, version };
  }

  /**
   * The `first` data rows most similar (cosine) to a data row's vector or to a given vector, best first. The
   * data row itself is left out of its own results.
   */
  async similar(
    actor: Actor,
    input: {
      embeddingId: string;
      dataRowId?: string | null;
      vector?: readonly number[] | null;
      first?: number | null;
    },
  ): Promise<Similar[]> {
    const embedding = await this.get(actor, input.embeddingId);
    const first = input.first ?? 10;
    if (!Number.isInteger(first) || first < 1 || first > MAX_SIMILAR)
      throw invalid('first', `must be an integer from 1 to ${MAX_SIMILAR}`);
    let query: Float32Array;
    const self = input.dataRowId ?? null;
    if (self !== null) {
      const [stored] = await this.repo().vectorsOf(embedding.id, [self]);
      if (!stored) throw notFound(`Vector of data row in embedding ${embedding.id}`, self);
      query = bytesToVector(stored.vector);
    } else if (input.vector) {
      if (input.vector.length !== embedding.dims || !input.vector.every(Number.isFinite))
        throw invalid('vector', `must be a list of ${embedding.dims} finite numbers`);
      query = Float32Array.from(input.vector);
    } else {
      throw invalid('dataRowId', 'give a dataRowId or a vector');
    }
    const index = await this.indexOf(embedding);
    // Ask for a few more: the row itself and rows deleted since they were indexed are dropped below.
    const neighbors = index.search(query, first + 1 + Math.ceil(first / 5));
    const rows = await this.repo().rowsOfKeys(
      embedding.id,
      neighbors.map((n) => n.key),
    );
    const out: Similar[] = [];
    for (const n of neighbors) {
      const dataRowId = rows.get(n.key);
      if (dataRowId === undefined || dataRowId === self) continue;
      out.push({ dataRowId, score: n.score });
      if (out.length === first) break;
    }
    return out;
  }

  /** The embedding's index, caught up with every import committed so far (one catch-up at a time per embedding). */
  private async indexOf(embedding: EmbeddingRow): Promise<VectorIndex> {
    let cached = this.indexes.get(embedding.id);
    if (!cached || cached.index.dims !== embedding.dims) {
      const file = this.indexFile(embedding.id);
      const saved = VectorIndex.load(file, embedding.dims);
      // A saved index ahead of the database (a restored backup, say) cannot be trusted: rebuild.
      const usable = saved && saved.position.version <= embedding.version ? saved : undefined;
      cached = {
        index: usable ?? new VectorIndex(embedding.dims),
        pending: Promise.resolve(),
        unsaved: 0,
      };
      this.indexes.set(embedding.id, cached);
    }
    const entry = cached;
    if (entry.index.position.version < embedding.version) {
      entry.pending = entry.pending.then(async () => {
        entry.unsaved += await this.catchUp(embedding.id, entry.index);
        if (entry.unsaved >= Math.max(SAVE_EVERY, entry.index.size / 10)) {
          entry.index.save(this.indexFile(embedding.id));
          entry.unsaved = 0;
        }
      });
    }
    await entry.pending;
    return entry.index;
  }

  /** Applies the vectors written since the index's position; returns how many. */
  private async catchUp(embeddingId: string, index: VectorIndex): Promise<number> {
    const repo = this.repo();
    let applied = 0;
    for (;;) {
      const page = await repo.changedSince(embeddingId, index.position, CATCH_UP_PAGE);
      if (page.length === 0) return applied;
      applied += page.length;
      const dims = index.dims;
      const flat = new Float32Array(page.length * dims);
      page.forEach((r, i) => flat.set(bytesToVector(r.vector), i * dims));
      index.upsert(
        page.map((r) => Number(r.key)),
        flat,
      );
      const last = page[page.length - 1]!;
      index.position = { version: Number(last.version), key: Number(last.key) };
    }
  }
}

/** The vectors of some data rows for export v2 (`embeddings`), by data row: one query per 1,000 rows. */
export async function exportEmbeddings(
  db: ServiceDeps['db'],
  organizationId: string,
  dataRowIds: readonly string[],
): Promise<Map<string, ExportEmbedding[]>> {
  const out = new Map<string, ExportEmbedding[]>();
  for (const r of await new EmbeddingRepository(db).forDataRows(organizationId, dataRowIds)) {
    const list = out.get(r.data_row_id) ?? [];
    list.push({
      id: r.embedding_id,
      name: r.name,
      dimensions: r.dims,
      is_custom: true,
      values: [{ value: Array.from(bytesToVector(r.vector)) }],
    });
    out.set(r.data_row_id, list);
  }
  return out;
}
