import type { Actor } from '../auth/actor.ts';
import { invalid } from '../errors.ts';
import { DataRowRepository, type DataRowRow } from '../repositories/data-row.repository.ts';
import { MetadataRepository } from '../repositories/metadata.repository.ts';
import { nowIso } from '../time.ts';
import type { ServiceDeps } from './index.ts';
import {
  type MetadataEntry,
  MetadataIndex,
  mergeMetadata,
  normalizeMetadata,
  parseStoredMetadata,
  absentSchemas,
  removeMetadata,
} from './metadata.values.ts';

export type MetadataUpsertInput = {
  dataRowId?: string | null;
  globalKey?: string | null;
  fields: Array<{ schemaId: string; value?: unknown }>;
};
export type MetadataDeleteInput = {
  dataRowIdentifier: { id: string; idType?: string | null };
  schemaIds: string[];
};
export type MetadataResult = {
  dataRowId: string | null;
  globalKey: string | null;
  error: string | null;
  fields: MetadataEntry[];
};

const MAX_ROWS = 1000;

/** Metadata values of existing data rows (`upsertDataRowCustomMetadata` and friends). Results list failures only. */
export class DataRowMetadataService {
  private readonly rows: DataRowRepository;
  private readonly schemas: MetadataRepository;

  constructor(private readonly deps: Pick<ServiceDeps, 'db' | 'dialect'>) {
    this.rows = new DataRowRepository(deps.db, deps.dialect);
    this.schemas = new MetadataRepository(deps.db);
  }

  async upsert(actor: Actor, inputs: readonly MetadataUpsertInput[]): Promise<MetadataResult[]> {
    if (inputs.length > MAX_ROWS) throw invalid('data', `at most ${MAX_ROWS} data rows per request`);
    const index = new MetadataIndex(await this.schemas.listVisible(actor.organizationId));
    const known = (fields: readonly MetadataEntry[]) => fields.filter((f) => index.byId.has(f.schemaId));
    const failures: MetadataResult[] = [];
    const writes: Array<{ row: DataRowRow; metadata: MetadataEntry[] }> = [];
    const found = await this.find(
      actor,
      inputs.map((i) => ({ id: i.dataRowId ?? undefined, key: i.globalKey ?? undefined })),
    );
    inputs.forEach((input, i) => {
      const fields = (input.fields ?? []).map((f) => ({ schemaId: f.schemaId, value: f.value ?? null }));
      const row = found[i];
      const fail = (error: string) =>
        failures.push({
          dataRowId: input.dataRowId ?? row?.id ?? null,
          globalKey: input.globalKey ?? null,
          error,
          fields: known(fields),
        });
      if (!row) return fail('Data row not found');
      const normalized = normalizeMetadata(index, fields);
      if (typeof normalized === 'string') return fail(normalized);
      const pending = writes.find((w) => w.row.id === row.id);
      if (pending) pending.metadata = mergeMetadata(index, pending.metadata, normalized);
      else
        writes.push({ row, metadata: mergeMetadata(index, parseStoredMetadata(row.metadata), normalized) });
      return undefined;
    });
    await this.write(actor, writes);
    return failures;
  }

  async delete(actor: Actor, inputs: readonly MetadataDeleteInput[]): Promise<MetadataResult[]> {
    if (inputs.length > MAX_ROWS)
      throw invalid('dataRowIdentifiers', `at most ${MAX_ROWS} data rows per request`);
    const index = new MetadataIndex(await this.schemas.listVisible(actor.organizationId));
    const refs = inputs.map((i) =>
      isGlobalKey(i.dataRowIdentifier.idType)
        ? { key: i.dataRowIdentifier.id }
        : { id: i.dataRowIdentifier.id },
    );
    const found = await this.find(actor, refs);
    const failures: MetadataResult[] = [];
    const writes: Array<{ row: DataRowRow; metadata: MetadataEntry[] }> = [];
    inputs.forEach((input, i) => {
      const row = found[i];
      const fields = input.schemaIds
        .filter((id) => index.byId.has(id))
        .map((schemaId) => ({ schemaId, value: null }));
      if (!row) {
        failures.push({
          dataRowId: input.dataRowIdentifier.id,
          globalKey: null,
          error: 'Data row not found',
          fields,
        });
        return;
      }
      const pending = writes.find((w) => w.row.id === row.id);
      const current = pending?.metadata ?? parseStoredMetadata(row.metadata);
      // Labelbox reports, per row, the schemas it was asked to delete that the row has no value for.
      const absent = absentSchemas(index, current, input.schemaIds);
      if (absent.length > 0) {
        failures.push({
          dataRowId: row.id,
          globalKey: row.global_key,
          error: 'Schema did not exist',
          fields: absent.map((schemaId) => ({ schemaId, value: null })),
        });
      }
      const next = removeMetadata(index, current, input.schemaIds);
      if (pending) pending.metadata = next;
      else writes.push({ row, metadata: next });
    });
    await this.write(actor, writes);
    return failures;
  }

  /** Stored values of the rows found (rows not found are left out). */
  async read(actor: Actor, input: { ids: readonly string[]; idType?: string | null }) {
    if (input.ids.length > MAX_ROWS)
      throw invalid('where.dataRowIdentifiers.ids', `at most ${MAX_ROWS} ids per request`);
    const rows = isGlobalKey(input.idType)
      ? await this.rows.findByGlobalKeys(actor.organizationId, input.ids)
      : await this.rows.findByIds(actor.organizationId, input.ids);
    const index = new MetadataIndex(await this.schemas.listVisible(actor.organizationId));
    return rows.map((r) => ({
      dataRowId: r.id,
      globalKey: r.global_key,
      fields: parseStoredMetadata(r.metadata).filter((f) => index.byId.has(f.schemaId)),
    }));
  }

  /** Rows for `{id}` / `{key}` references, positionally. */
  private async find(
    actor: Actor,
    refs: ReadonlyArray<{ id?: string | undefined; key?: string | undefined }>,
  ) {
    const ids = refs.flatMap((r) => (r.id ? [r.id] : []));
    const keys = refs.flatMap((r) => (!r.id && r.key ? [r.key] : []));
    const byId = new Map((await this.rows.findByIds(actor.organizationId, ids)).map((r) => [r.id, r]));
    const byKey = new Map(
      (await this.rows.findByGlobalKeys(actor.organizationId, keys)).map((r) => [r.global_key, r]),
    );
    return refs.map((r) => (r.id ? byId.get(r.id) : r.key ? byKey.get(r.key) : undefined));
  }

  private async write(
    actor: Actor,
    writes: ReadonlyArray<{ row: DataRowRow; metadata: MetadataEntry[] }>,
  ): Promise<void> {
    if (writes.length === 0) return;
    const now = nowIso();
    await this.deps.db.transaction().execute(async (trx) => {
      const rows = this.rows.with(trx);
      for (const w of writes) {
        await rows.update(actor.organizationId, w.row.id, {
          metadata: w.metadata.length > 0 ? JSON.stringify(w.metadata) : null,
          updated_at: now,
        });
      }
    });
  }
}

function isGlobalKey(idType: string | null | undefined): boolean {
  return idType === 'GKEY' || idType === 'GLOBAL_KEY';
}
