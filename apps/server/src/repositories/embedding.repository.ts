import { sql } from 'kysely';
import type { Db, EmbeddingTable, EmbeddingVectorTable } from '../db/database.ts';
import { chunks } from './bulk-insert.ts';

export type EmbeddingRow = EmbeddingTable;
export type StoredVector = Pick<EmbeddingVectorTable, 'data_row_id' | 'key' | 'version' | 'vector'>;

const IN_CHUNK = 1000;
const INSERT_CHUNK = 200;

/** Embeddings and their vectors (one per data row), scoped to an organization. */
export class EmbeddingRepository {
  constructor(private readonly db: Db) {}

  async insert(row: EmbeddingRow): Promise<void> {
    await this.db.insertInto('embeddings').values(row).execute();
  }

  find(organizationId: string, id: string): Promise<EmbeddingRow | undefined> {
    return this.db
      .selectFrom('embeddings')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  findByName(organizationId: string, name: string): Promise<EmbeddingRow | undefined> {
    return this.db
      .selectFrom('embeddings')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('name', '=', name)
      .executeTakeFirst();
  }

  list(organizationId: string): Promise<EmbeddingRow[]> {
    return this.db
      .selectFrom('embeddings')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .orderBy('id')
      .execute();
  }

  async delete(organizationId: string, id: string): Promise<boolean> {
    // Vectors first: one statement over an indexed key, rather than a cascade the database plans per row.
    await this.db.deleteFrom('embedding_vectors').where('embedding_id', '=', id).execute();
    const res = await this.db
      .deleteFrom('embeddings')
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  /**
   * Claims a new version and `count` fresh keys for one import chunk (row-locked on PostgreSQL, so concurrent
   * imports of one embedding get distinct versions and keys).
   */
  async claim(id: string, count: number): Promise<{ version: number; firstKey: number }> {
    const row = await this.db
      .updateTable('embeddings')
      .set((eb) => ({
        version: eb('version', '+', 1),
        next_key: eb('next_key', '+', count),
        updated_at: new Date().toISOString(),
      }))
      .where('id', '=', id)
      .returning(['version', 'next_key'])
      .executeTakeFirstOrThrow();
    return { version: Number(row.version), firstKey: Number(row.next_key) - count };
  }

  /** Upserts vectors; a data row that already has one keeps its key and gets the new vector and version. */
  async upsertVectors(rows: readonly EmbeddingVectorTable[]): Promise<void> {
    for (const part of chunks(rows, INSERT_CHUNK)) {
      await this.db
        .insertInto('embedding_vectors')
        .values(part)
        .onConflict((oc) =>
          oc.columns(['embedding_id', 'data_row_id']).doUpdateSet((eb) => ({
            vector: eb.ref('excluded.vector'),
            version: eb.ref('excluded.version'),
          })),
        )
        .execute();
    }
  }

  count(embeddingId: string): Promise<number> {
    return this.db
      .selectFrom('embedding_vectors')
      .select(sql<number>`count(*)`.as('n'))
      .where('embedding_id', '=', embeddingId)
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n));
  }

  /**
   * Vectors written after a point `(version, key)` in write order, a page at a time: `(v, 0)` starts after
   * version v; the last row of a page continues it.
   */
  changedSince(
    embeddingId: string,
    after: { version: number; key: number },
    limit: number,
  ): Promise<StoredVector[]> {
    return this.db
      .selectFrom('embedding_vectors')
      .select(['data_row_id', 'key', 'version', 'vector'])
      .where('embedding_id', '=', embeddingId)
      .where((eb) =>
        eb.or([
          eb('version', '>', after.version),
          eb.and([eb('version', '=', after.version), eb('key', '>', after.key)]),
        ]),
      )
      .orderBy('version')
      .orderBy('key')
      .limit(limit)
      .execute();
  }

  /** The stored vectors of some data rows. */
  async vectorsOf(embeddingId: string, dataRowIds: readonly string[]): Promise<StoredVector[]> {
    const out: StoredVector[] = [];
    for (const part of chunks([...new Set(dataRowIds)], IN_CHUNK)) {
      out.push(
        ...(await this.db
          .selectFrom('embedding_vectors')
          .select(['data_row_id', 'key', 'version', 'vector'])
          .where('embedding_id', '=', embeddingId)
          .where('data_row_id', 'in', part)
          .execute()),
      );
    }
    return out;
  }

  /** `key → data row id` for keys of one embedding (data rows deleted since indexing are missing). */
  async rowsOfKeys(embeddingId: string, keys: readonly number[]): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    for (const part of chunks([...new Set(keys)], IN_CHUNK)) {
      const rows = await this.db
        .selectFrom('embedding_vectors')
        .select(['key', 'data_row_id'])
        .where('embedding_id', '=', embeddingId)
        .where('key', 'in', part)
        .execute();
      for (const r of rows) out.set(Number(r.key), r.data_row_id);
    }
    return out;
  }

  /** Every embedding vector of some data rows (export `embeddings`), with the embedding's name. */
  async forDataRows(
    organizationId: string,
    dataRowIds: readonly string[],
  ): Promise<
    Array<{ data_row_id: string; embedding_id: string; name: string; dims: number; vector: Buffer }>
  > {
    const out: Array<{
      data_row_id: string;
      embedding_id: string;
      name: string;
      dims: number;
      vector: Buffer;
    }> = [];
    for (const part of chunks([...new Set(dataRowIds)], IN_CHUNK)) {
      out.push(
        ...(await this.db
          .selectFrom('embedding_vectors as v')
          .innerJoin('embeddings as e', 'e.id', 'v.embedding_id')
          .select(['v.data_row_id', 'v.embedding_id', 'e.name', 'e.dims', 'v.vector'])
          .where('v.organization_id', '=', organizationId)
          .where('v.data_row_id', 'in', part)
          .orderBy('v.embedding_id')
          .execute()),
      );
    }
    return out;
  }
}
