import type { Actor } from '../auth/actor.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import { BatchRepository } from '../repositories/batch.repository.ts';
import {
  DataRowRepository,
  type AttachmentRow,
  type DataRowPatch,
  type DataRowRow,
} from '../repositories/data-row.repository.ts';
import { DatasetRepository } from '../repositories/dataset.repository.ts';
import { nowIso } from '../time.ts';
import {
  globalKeyProblem,
  interpretRowData,
  type InterpretedRowData,
  ItemError,
  mediaTypeMismatch,
} from './data-row-descriptor.parser.ts';
import type { ServiceDeps } from './index.ts';

export const MAX_EXTERNAL_IDS = 1500;
const MAX_DATASET_PAGE = 1000;

export type DataRowUpdateInput = {
  externalId?: string | null;
  globalKey?: string | null;
  rowData?: string | null;
};

/** Reading, editing and deleting data rows of the caller's organization. */
export class DataRowService {
  private readonly rows: DataRowRepository;
  private readonly datasets: DatasetRepository;

  constructor(private readonly deps: Pick<ServiceDeps, 'db' | 'dialect'>) {
    this.rows = new DataRowRepository(deps.db, deps.dialect);
    this.datasets = new DatasetRepository(deps.db, deps.dialect);
  }

  async get(actor: Actor, id: string): Promise<DataRowRow> {
    const row = await this.rows.find(actor.organizationId, id);
    if (!row) throw notFound('DataRow', id);
    return row;
  }

  /** `columns`: only these (the rows are then partial). */
  byIds(
    actor: Actor,
    ids: readonly string[],
    columns?: readonly (keyof DataRowRow)[],
  ): Promise<DataRowRow[]> {
    return this.rows.findByIds(actor.organizationId, ids, columns);
  }

  /** Resolves data-row ids and global keys of the caller's organization (see the repository method). */
  resolve(actor: Actor, input: { ids?: readonly string[] | null; globalKeys?: readonly string[] | null }) {
    return this.rows.resolveDataRowIds(actor.organizationId, input);
  }

  /** A dataset's rows, newest first; `next` is the cursor of the following page, null after the last one. */
  async datasetPage(
    actor: Actor,
    datasetId: string,
    args: {
      from?: string | null;
      first?: number | null;
      externalId?: string | null;
      globalKey?: string | null;
    },
    /** Only these columns (the rows are then partial; `id` is always read). */
    columns?: readonly (keyof DataRowRow)[],
  ): Promise<{ rows: DataRowRow[]; next: string | null }> {
    const dataset = await this.datasets.find(actor.organizationId, datasetId);
    if (!dataset || dataset.deleted) throw notFound('Dataset', datasetId);
    const first = args.first ?? 100;
    if (!Number.isInteger(first) || first < 1) throw invalid('first', 'must be a positive integer');
    const limit = Math.min(first, MAX_DATASET_PAGE);
    const rows = await this.rows.listDatasetPage(
      dataset.id,
      {
        before: args.from || undefined,
        limit: limit + 1,
        externalId: args.externalId ?? undefined,
        globalKey: args.globalKey ?? undefined,
      },
      columns,
    );
    const more = rows.length > limit;
    if (more) rows.pop();
    return { rows, next: more ? rows[rows.length - 1]!.id : null };
  }

  async externalIdsToIds(
    actor: Actor,
    externalIds: readonly string[],
  ): Promise<Array<{ id: string; external_id: string }>> {
    if (externalIds.length > MAX_EXTERNAL_IDS) {
      throw invalid(
        'externalId_in',
        `at most ${MAX_EXTERNAL_IDS} external ids per request, got ${externalIds.length}`,
      );
    }
    return this.rows.idsByExternalIds(actor.organizationId, externalIds);
  }

  async attachments(actor: Actor, dataRowIds: readonly string[]): Promise<AttachmentRow[]> {
    return this.rows.attachmentsOf(actor.organizationId, dataRowIds);
  }

  /** `updateDataRow`: external id, global key and row data. */
  async update(actor: Actor, id: string, input: DataRowUpdateInput): Promise<DataRowRow> {
    const row = await this.get(actor, id);
    const patch: DataRowPatch = { updated_at: nowIso() };
    if (input.rowData !== undefined && input.rowData !== null) {
      const data = interpretUpdatedRowData(input.rowData);
      const mismatch = mediaTypeMismatch(row.media_type, data);
      if (mismatch) throw invalid('data.rowData', mismatch);
      patch.row_data = data.rowData;
      patch.media_attributes = data.mediaAttributes;
    }
    if (input.externalId !== undefined) patch.external_id = input.externalId;
    if (input.globalKey !== undefined && input.globalKey !== null && input.globalKey !== row.global_key) {
      const problem = globalKeyProblem(input.globalKey);
      if (problem) throw invalid('data.globalKey', problem);
      const owner = (await this.rows.idsByGlobalKeys(actor.organizationId, [input.globalKey])).get(
        input.globalKey,
      );
      if (owner !== undefined) throw conflict(`Duplicate global key: '${input.globalKey}'`, 'data.globalKey');
      patch.global_key = input.globalKey;
    }
    await this.rows.update(actor.organizationId, row.id, patch);
    return { ...row, ...patch };
  }

  /**
   * Deletes rows (with their attachments, batch memberships and labels, which cascade), lowers their datasets' row
   * counts and recounts the batches that held them, in one transaction.
   */
  async delete(actor: Actor, ids: readonly string[]): Promise<DataRowRow[]> {
    return this.deps.db.transaction().execute(async (trx) => {
      const rows = await this.rows.with(trx).findByIds(actor.organizationId, ids);
      if (rows.length === 0) return [];
      const rowIds = rows.map((r) => r.id);
      const batches = new BatchRepository(trx);
      const heldBy = await batches.batchIdsHolding(rowIds);
      await this.rows.with(trx).deleteByIds(actor.organizationId, rowIds);
      const removed = new Map<string, number>();
      for (const r of rows) removed.set(r.dataset_id, (removed.get(r.dataset_id) ?? 0) + 1);
      const now = nowIso();
      for (const [datasetId, n] of removed) await this.datasets.with(trx).addRowCount(datasetId, -n, now);
      for (const batchId of heldBy) await batches.refreshSize(batchId, now);
      return rows;
    });
  }

  /** Deletes every data row of a (deleted) dataset, a page at a time; each page is its own transaction. */
  async purgeDataset(
    actor: Actor,
    datasetId: string,
    progress: (deleted: number) => Promise<void>,
  ): Promise<number> {
    let deleted = 0;
    for (;;) {
      const page = await this.rows.listDatasetPage(datasetId, { limit: 1000 });
      const own = page.filter((r) => r.organization_id === actor.organizationId).map((r) => r.id);
      if (own.length === 0) return deleted;
      deleted += (await this.delete(actor, own)).length;
      await progress(deleted);
    }
  }

  /**
   * True once every named row is committed. Imports commit batch by batch, so a missing row can only still appear
   * while an upsert job of the organization is unfinished; rows that will never exist do not keep callers waiting.
   */
  async allProcessed(
    actor: Actor,
    input: { ids?: readonly string[] | null; globalKeys?: readonly string[] | null },
  ): Promise<boolean> {
    const { failed } = await this.rows.resolveDataRowIds(actor.organizationId, input);
    if (failed.length === 0) return true;
    return !(await this.rows.hasUnfinishedUpserts(actor.organizationId));
  }
}

/**
 * `data_row.update(row_data=dict)` arrives as the dict's JSON text (the SDK dumps it); it is read back into the dict
 * and interpreted as `create_data_rows` interprets it. Texts that are not a JSON object stay as given.
 */
function interpretUpdatedRowData(text: string): InterpretedRowData {
  let raw: unknown = text;
  if (text.startsWith('{')) {
    try {
      raw = JSON.parse(text);
    } catch {
      raw = text;
    }
  }
  try {
    return interpretRowData(raw);
  } catch (error) {
    if (error instanceof ItemError) throw invalid('data.rowData', error.message);
    throw error;
  }
}
