import type { Actor } from '../../auth/actor.ts';
import { invalid, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import type { JobContext, JobOutcome } from '../../jobs/job-queue.ts';
import { ModelRepository } from '../../repositories/model.repository.ts';
import {
  MeaPredictionRepository,
  type MeaPredictionImportRow,
} from '../../repositories/mea-prediction.repository.ts';
import { ModelRunRepository } from '../../repositories/model-run.repository.ts';
import { nowIso } from '../../time.ts';
import { runNdjsonImport } from '../annotation-import.run.ts';
import { importSource, isSmallImport, type ImportFilePayload } from '../annotation-import.source.ts';
import type { ServiceDeps } from '../index.ts';

export const MEA_PREDICTION_IMPORT_JOB = 'mea-prediction-import';
export type MeaImportJobPayload = { importId: string; sourceUrl?: string };
export type CreateMeaImportInput = {
  modelRunId: string;
  name: string;
  fileUrl?: string | null;
  filePayload?: ImportFilePayload | null;
};

/**
 * `createModelErrorAnalysisPredictionImport` / `modelErrorAnalysisPredictionImport` (the SDK's
 * `model_run.add_predictions` → `MEAPredictionImport`): predictions for a model run's data rows, checked against
 * the model's ontology exactly as label imports are (the same NDJSON loop, chunks and status files). Lines for data
 * rows outside the run fail with `DataRowNotInModelRun`. The name is unique per model run: creating it again
 * returns the existing import, so retries never import twice.
 */
export class MeaPredictionImportService {
  private readonly repo: MeaPredictionRepository;

  constructor(private readonly deps: ServiceDeps) {
    this.repo = new MeaPredictionRepository(deps.db, deps.dialect);
  }

  async create(actor: Actor, input: CreateMeaImportInput): Promise<MeaPredictionImportRow> {
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (name === '')
      throw invalid('data.name', 'must be a non-empty string (it is how the import is looked up)');
    if (name.length > 255) throw invalid('data.name', 'must be at most 255 characters');
    const file = input.filePayload?.file;
    if (!file === !input.fileUrl) throw invalid('data', 'give exactly one of fileUrl and filePayload');
    const run = await new ModelRunRepository(this.deps.db).find(actor.organizationId, input.modelRunId);
    if (!run) throw notFound('ModelRun', input.modelRunId);
    const existing = await this.repo.findByName(actor.organizationId, run.id, input.name);
    if (existing) return existing;

    const id = newId();
    const source = await importSource(this.deps, actor, id, file ? { file } : { url: input.fileUrl! });
    const now = nowIso();
    const inserted = await this.repo.insert({
      id,
      organization_id: actor.organizationId,
      model_run_id: run.id,
      name: input.name,
      state: 'RUNNING',
      progress: 0,
      input_key: source.key,
      status_key: null,
      error_key: null,
      job_id: null,
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    });
    // A concurrent retry of the same request inserted it first.
    if (!inserted) return (await this.repo.findByName(actor.organizationId, run.id, input.name))!;
    const payload: MeaImportJobPayload = {
      importId: id,
      ...(source.url !== undefined && { sourceUrl: source.url }),
    };
    const job = await this.deps.jobs.enqueue(actor, {
      type: MEA_PREDICTION_IMPORT_JOB,
      name: `MEA prediction import ${input.name}`,
      payload,
      idempotencyKey: id,
    });
    await this.repo.update(id, { job_id: job.id, updated_at: now });
    // RUNNING on return, as in Labelbox; small files finish right after the answer (the SDK polls).
    const created = (await this.repo.find(actor.organizationId, id))!;
    if (source.size !== undefined && (await isSmallImport(this.deps, source.key, source.size)))
      this.deps.jobs.runSoon(job.id);
    return created;
  }

  /** `modelErrorAnalysisPredictionImport(where: {modelRunId, name})`, or by `id`. */
  async get(
    actor: Actor,
    where: { id?: string | null; modelRunId?: string | null; name?: string | null },
  ): Promise<MeaPredictionImportRow> {
    let row: MeaPredictionImportRow | undefined;
    if (where.id) row = await this.repo.find(actor.organizationId, where.id);
    else if (where.modelRunId && typeof where.name === 'string')
      row = await this.repo.findByName(actor.organizationId, where.modelRunId, where.name);
    else throw invalid('where', 'give modelRunId and name, or id');
    if (!row) throw notFound('MEAPredictionImport', where.id ?? `${where.modelRunId}/${where.name}`);
    return row;
  }

  /** The job handler: the label-import loop, writing model-run predictions. */
  async run(ctx: JobContext): Promise<JobOutcome> {
    const payload = ctx.payload as MeaImportJobPayload;
    const row = await this.repo.find(ctx.job.organization_id, payload.importId);
    if (!row || row.state !== 'RUNNING') return { result: { skipped: true } };
    const { db, dialect } = this.deps;
    return runNdjsonImport(this.deps, ctx, {
      row,
      sourceUrl: payload.sourceUrl,
      target: {
        importId: row.id,
        organizationId: row.organization_id,
        userId: row.created_by,
        kind: 'MEA',
        modelRunId: row.model_run_id,
      },
      ontologyId: async () => {
        const run = await new ModelRunRepository(db).find(row.organization_id, row.model_run_id);
        if (!run) return null;
        return (
          (await new ModelRepository(db, dialect).find(row.organization_id, run.model_id))?.ontology_id ??
          null
        );
      },
      discardPartial: () => new MeaPredictionRepository(db, dialect).deleteOfImport(row.id),
      update: (patch) => this.repo.update(row.id, patch),
    });
  }
}
