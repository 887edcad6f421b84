import type { Db, ModelRunDataRowTable, ModelRunTable } from '../db/database.ts';
import { newId } from '../ids.ts';
import { chunks } from './bulk-insert.ts';

export type ModelRunRow = ModelRunTable;
export type ModelRunDataRowRow = ModelRunDataRowTable;
export type ModelRunPatch = Partial<
  Pick<ModelRunRow, 'training_metadata' | 'status' | 'status_metadata' | 'error_message'>
> & { updated_at: string };

const IN_CHUNK = 1000;
const INSERT_CHUNK = 500;

/** Model runs and their data rows ("annotation groups"), scoped to an organization. */
export class ModelRunRepository {
  constructor(private readonly db: Db) {}

  async insert(row: ModelRunRow): Promise<void> {
    await this.db.insertInto('model_runs').values(row).execute();
  }

  find(organizationId: string, id: string): Promise<ModelRunRow | undefined> {
    return this.db
      .selectFrom('model_runs')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  findByName(organizationId: string, modelId: string, name: string): Promise<ModelRunRow | undefined> {
    return this.db
      .selectFrom('model_runs')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('model_id', '=', modelId)
      .where('name', '=', name)
      .executeTakeFirst();
  }

  listByModel(
    organizationId: string,
    modelId: string,
    page: { skip: number; first: number },
  ): Promise<ModelRunRow[]> {
    return this.db
      .selectFrom('model_runs')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('model_id', '=', modelId)
      .orderBy('id')
      .offset(page.skip)
      .limit(page.first)
      .execute();
  }

  update(organizationId: string, id: string, patch: ModelRunPatch): Promise<ModelRunRow | undefined> {
    return this.db
      .updateTable('model_runs')
      .set(patch)
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  async delete(organizationId: string, ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const res = await this.db
      .deleteFrom('model_runs')
      .where('organization_id', '=', organizationId)
      .where('id', 'in', ids)
      .executeTakeFirst();
    return Number(res.numDeletedRows);
  }

  /**
   * Adds data rows to a run; rows already in it keep their label and split. With `labelId`, the pair's label
   * becomes the row's ground truth (replacing an earlier one), as Labelbox's label registration does.
   */
  async upsertDataRows(
    organizationId: string,
    modelRunId: string,
    rows: ReadonlyArray<{ dataRowId: string; labelId?: string | null }>,
    createdAt: string,
  ): Promise<void> {
    for (const part of chunks(rows, INSERT_CHUNK)) {
      const values = part.map((r) => ({
        id: newId(),
        organization_id: organizationId,
        model_run_id: modelRunId,
        data_row_id: r.dataRowId,
        label_id: r.labelId ?? null,
        data_split: 'UNASSIGNED',
        created_at: createdAt,
      }));
      const withLabel = part.some((r) => r.labelId);
      await this.db
        .insertInto('model_run_data_rows')
        .values(values)
        .onConflict((oc) => {
          const target = oc.columns(['model_run_id', 'data_row_id']);
          return withLabel
            ? target.doUpdateSet((eb) => ({ label_id: eb.ref('excluded.label_id') }))
            : target.doNothing();
        })
        .execute();
    }
    await bumpMetricsVersion(this.db, [modelRunId]);
  }

  /**
   * What cached metrics of a run depend on, as one string: the run's write counter, and the count and latest
   * `updated_at` of its ground-truth labels (edited in their projects, outside the run).
   */
  async metricsFingerprint(modelRunId: string): Promise<string> {
    const row = await this.db
      .selectFrom('model_runs as mr')
      .leftJoin('model_run_data_rows as r', 'r.model_run_id', 'mr.id')
      .leftJoin('labels as l', 'l.id', 'r.label_id')
      .select((eb) => [
        'mr.metrics_version',
        eb.fn.count<number | string>('r.id').as('rows'),
        eb.fn.count<number | string>('l.id').as('labels'),
        eb.fn.max('l.updated_at').as('labels_at'),
      ])
      .where('mr.id', '=', modelRunId)
      .groupBy('mr.metrics_version')
      .executeTakeFirst();
    if (!row) return 'none';
    return [row.metrics_version, row.rows, row.labels, row.labels_at ?? ''].join('|');
  }

  /** Sets the split of the run's rows among `dataRowIds`; returns how many rows of the run matched. */
  async setSplit(modelRunId: string, dataRowIds: readonly string[], split: string): Promise<number> {
    let matched = 0;
    for (const part of chunks([...new Set(dataRowIds)], IN_CHUNK)) {
      const res = await this.db
        .updateTable('model_run_data_rows')
        .set({ data_split: split })
        .where('model_run_id', '=', modelRunId)
        .where('data_row_id', 'in', part)
        .executeTakeFirst();
      matched += Number(res.numUpdatedRows);
    }
    return matched;
  }

  async deleteDataRows(modelRunId: string, dataRowIds: readonly string[]): Promise<number> {
    let deleted = 0;
    for (const part of chunks([...new Set(dataRowIds)], IN_CHUNK)) {
      // The rows' predictions go with them (metrics and exports only read rows of the run).
      await this.db
        .deleteFrom('model_run_predictions')
        .where('model_run_id', '=', modelRunId)
        .where('data_row_id', 'in', part)
        .execute();
      const res = await this.db
        .deleteFrom('model_run_data_rows')
        .where('model_run_id', '=', modelRunId)
        .where('data_row_id', 'in', part)
        .executeTakeFirst();
      deleted += Number(res.numDeletedRows);
    }
    await bumpMetricsVersion(this.db, [modelRunId]);
    return deleted;
  }

  /** A keyset page of the run's data rows in id order. */
  page(modelRunId: string, after: string | null, first: number): Promise<ModelRunDataRowRow[]> {
    let q = this.db.selectFrom('model_run_data_rows').selectAll().where('model_run_id', '=', modelRunId);
    if (after !== null) q = q.where('id', '>', after);
    return q.orderBy('id').limit(first).execute();
  }

  /** The run's rows among `dataRowIds`. */
  async rowsOf(modelRunId: string, dataRowIds: readonly string[]): Promise<ModelRunDataRowRow[]> {
    const out: ModelRunDataRowRow[] = [];
    for (const part of chunks([...new Set(dataRowIds)], IN_CHUNK)) {
      out.push(
        ...(await this.db
          .selectFrom('model_run_data_rows')
          .selectAll()
          .where('model_run_id', '=', modelRunId)
          .where('data_row_id', 'in', part)
          .execute()),
      );
    }
    return out;
  }

  /** `label id → data row id` for the organization's labels among `labelIds`. */
  async labelRows(organizationId: string, labelIds: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const part of chunks([...new Set(labelIds)], IN_CHUNK)) {
      const rows = await this.db
        .selectFrom('labels')
        .select(['id', 'data_row_id'])
        .where('organization_id', '=', organizationId)
        .where('id', 'in', part)
        .execute();
      for (const r of rows) out.set(r.id, r.data_row_id);
    }
    return out;
  }

  /** Each labelled data row of a project with its newest label, in label-id order (keyset pages). */
  projectLabelPage(
    organizationId: string,
    projectId: string,
    after: string | null,
    limit: number,
  ): Promise<Array<{ id: string; data_row_id: string }>> {
    let q = this.db
      .selectFrom('labels')
      .select(['id', 'data_row_id'])
      .where('organization_id', '=', organizationId)
      .where('project_id', '=', projectId);
    if (after !== null) q = q.where('id', '>', after);
    return q.orderBy('id').limit(limit).execute();
  }
}

/** Raises the runs' metrics counter (after a write to their rows or predictions). */
export async function bumpMetricsVersion(db: Db, modelRunIds: readonly string[]): Promise<void> {
  const ids = [...new Set(modelRunIds)];
  if (ids.length === 0) return;
  await db
    .updateTable('model_runs')
    .set((eb) => ({ metrics_version: eb('metrics_version', '+', 1) }))
    .where('id', 'in', ids)
    .execute();
}
