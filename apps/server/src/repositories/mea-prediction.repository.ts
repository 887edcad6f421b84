import type { Db, Dialect, MeaPredictionImportTable, ModelRunPredictionTable } from '../db/database.ts';
import { bulkInsert, chunks } from './bulk-insert.ts';
import { bumpMetricsVersion } from './model-run.repository.ts';

/** A model-run prediction import with the status of its job (as for label imports). */
export type MeaPredictionImportRow = MeaPredictionImportTable & { job_status: string | null };
export type MeaPredictionImportPatch = Partial<
  Pick<MeaPredictionImportTable, 'state' | 'progress' | 'status_key' | 'error_key' | 'job_id'>
> & { updated_at: string };
export type ModelRunPredictionRow = ModelRunPredictionTable;

const PREDICTION_COLUMNS = [
  'id',
  'organization_id',
  'model_run_id',
  'data_row_id',
  'import_id',
  'content',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof ModelRunPredictionRow)[];
const IN_CHUNK = 1_000;

/** Model-run prediction imports (`MEAPredictionImport`) and the predictions they wrote. */
export class MeaPredictionRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {}

  private select() {
    return this.db
      .selectFrom('mea_prediction_imports as i')
      .leftJoin('jobs', 'jobs.id', 'i.job_id')
      .selectAll('i')
      .select('jobs.status as job_status');
  }

  find(organizationId: string, id: string): Promise<MeaPredictionImportRow | undefined> {
    return this.select()
      .where('i.organization_id', '=', organizationId)
      .where('i.id', '=', id)
      .executeTakeFirst();
  }

  findByName(
    organizationId: string,
    modelRunId: string,
    name: string,
  ): Promise<MeaPredictionImportRow | undefined> {
    return this.select()
      .where('i.organization_id', '=', organizationId)
      .where('i.model_run_id', '=', modelRunId)
      .where('i.name', '=', name)
      .executeTakeFirst();
  }

  /** Inserts unless (model run, name) exists; returns whether this call inserted it. */
  async insert(row: MeaPredictionImportTable): Promise<boolean> {
    const result = await this.db
      .insertInto('mea_prediction_imports')
      .values(row)
      .onConflict((oc) => oc.columns(['model_run_id', 'name']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return result !== undefined;
  }

  async update(id: string, patch: MeaPredictionImportPatch): Promise<void> {
    await this.db.updateTable('mea_prediction_imports').set(patch).where('id', '=', id).execute();
  }

  async byImport(importId: string, dataRowIds: readonly string[]): Promise<ModelRunPredictionRow[]> {
    const out: ModelRunPredictionRow[] = [];
    for (const part of chunks(dataRowIds, IN_CHUNK))
      out.push(
        ...(await this.db
          .selectFrom('model_run_predictions')
          .selectAll()
          .where('import_id', '=', importId)
          .where('data_row_id', 'in', part)
          .execute()),
      );
    return out;
  }

  /** Every prediction of a run for these data rows (all imports), oldest first. */
  async ofRows(modelRunId: string, dataRowIds: readonly string[]): Promise<ModelRunPredictionRow[]> {
    const out: ModelRunPredictionRow[] = [];
    for (const part of chunks([...new Set(dataRowIds)], IN_CHUNK))
      out.push(
        ...(await this.db
          .selectFrom('model_run_predictions')
          .selectAll()
          .where('model_run_id', '=', modelRunId)
          .where('data_row_id', 'in', part)
          .orderBy('id')
          .execute()),
      );
    return out;
  }

  async insertPredictions(rows: readonly ModelRunPredictionRow[]): Promise<void> {
    if (rows.length === 0) return;
    await bulkInsert(
      this.db,
      this.dialect,
      'model_run_predictions',
      PREDICTION_COLUMNS,
      rows.flatMap((r) => PREDICTION_COLUMNS.map((c) => r[c])),
    );
    await bumpMetricsVersion(
      this.db,
      rows.map((r) => r.model_run_id),
    );
  }

  async updatePrediction(id: string, content: string, now: string): Promise<void> {
    await this.db
      .updateTable('model_run_predictions')
      .set({ content, updated_at: now })
      .where('id', '=', id)
      .execute();
    const row = await this.db
      .selectFrom('model_run_predictions')
      .select('model_run_id')
      .where('id', '=', id)
      .executeTakeFirst();
    if (row) await bumpMetricsVersion(this.db, [row.model_run_id]);
  }

  async deleteOfImport(importId: string): Promise<void> {
    await this.db.deleteFrom('model_run_predictions').where('import_id', '=', importId).execute();
    const owner = await this.db
      .selectFrom('mea_prediction_imports')
      .select('model_run_id')
      .where('id', '=', importId)
      .executeTakeFirst();
    if (owner) await bumpMetricsVersion(this.db, [owner.model_run_id]);
  }
}
