import type { Actor } from '../../auth/actor.ts';
import { invalid, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import {
  AnnotationImportRepository,
  type AnnotationImportRow,
} from '../../repositories/annotation-import.repository.ts';
import { BatchRepository } from '../../repositories/batch.repository.ts';
import { ModelRunRepository } from '../../repositories/model-run.repository.ts';
import { ProjectRepository } from '../../repositories/project.repository.ts';
import { nowIso } from '../../time.ts';
import type { ServiceDeps } from '../index.ts';
import type { OntologyService } from '../ontology.service.ts';
import { carryPredictions } from '../send-to-annotate/predictions.ts';
import { featureNamesOf } from '../send-to-annotate/remap.ts';
import type { ModelRunService } from './model-run.service.ts';

/** The SDK trims to this many rows before calling (model_run.upsert_predictions_and_send_to_project). */
export const MAX_MEA_TO_MAL_ROWS = 100_000;

export type MeaToMalInput = { name: unknown; modelRunId: string; dataRowIds: unknown; projectId: string };

/**
 * `MEAToMALPredictionImport.create_for_model_run_data_rows` (`createMalPredictionImportForModelRunDataRows`): the
 * run's predictions of some data rows become model-assisted pre-labels in a project, as a MAL import would write
 * them (features by id into the project's ontology), recorded as a MAL import the SDK polls by (project, name)
 * through `meaToMalPredictionImport`. Done in one transaction; the status file has one line per data row.
 */
export class MeaToMalImportService {
  constructor(
    private readonly deps: Pick<ServiceDeps, 'db' | 'dialect' | 'blobs'>,
    private readonly runs: ModelRunService,
    private readonly ontologies: OntologyService,
  ) {}

  async create(actor: Actor, input: MeaToMalInput): Promise<AnnotationImportRow> {
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (name === '' || name.length > 255)
      throw invalid('data.name', 'must be a non-empty string of at most 255 characters');
    const ids = input.dataRowIds;
    if (!Array.isArray(ids) || ids.length === 0 || ids.some((id) => typeof id !== 'string' || id === ''))
      throw invalid('data.dataRowIds', 'must be a non-empty list of data row ids');
    if (ids.length > MAX_MEA_TO_MAL_ROWS)
      throw invalid('data.dataRowIds', `must hold at most ${MAX_MEA_TO_MAL_ROWS} ids`);
    const run = await this.runs.get(actor, input.modelRunId);
    const project = await new ProjectRepository(this.deps.db).find(actor.organizationId, input.projectId);
    if (!project || project.deleted === 1) throw notFound('Project', input.projectId);
    const repo = new AnnotationImportRepository(this.deps.db, this.deps.dialect);
    const existing = await repo.findByName(actor.organizationId, project.id, 'MAL', name);
    if (existing) return existing;
    if (!project.ontology_id)
      throw invalid('data.projectId', `project ${project.id} has no ontology; connect one first`);
    const [ontology] = await this.ontologies.getMany(actor, [project.ontology_id]);
    if (!ontology) throw notFound('Ontology', project.ontology_id);

    const id = newId();
    const rows = [...new Set(ids as string[])];
    const prefix = `${actor.organizationId}/imports/${id}`;
    const now = nowIso();
    const inserted = await this.deps.db.transaction().execute(async (trx) => {
      const imports = new AnnotationImportRepository(trx, this.deps.dialect);
      const ok = await imports.insert({
        id,
        organization_id: actor.organizationId,
        project_id: project.id,
        name,
        kind: 'MAL',
        state: 'FINISHED',
        progress: 1,
        input_key: `${prefix}/input.json`,
        status_key: `${prefix}/status.ndjson`,
        error_key: `${prefix}/errors.ndjson`,
        job_id: null,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      });
      if (!ok) return false;
      const inRun = new Set(
        (await new ModelRunRepository(trx).rowsOf(run.id, rows)).map((r) => r.data_row_id),
      );
      const inProject = await new BatchRepository(trx).membership(project.id, rows);
      const errors = new Map<string, string[]>();
      const fail = (row: string, message: string) => errors.set(row, [...(errors.get(row) ?? []), message]);
      for (const row of rows) {
        if (!inRun.has(row)) fail(row, `Data row is not in model run ${run.id}`);
        else if (!inProject.has(row))
          fail(row, `Data row is not in project ${project.id} (add it in a batch first)`);
      }
      const carried = await carryPredictions(
        trx,
        this.deps.dialect,
        actor,
        {
          modelRunId: run.id,
          mapping: {},
          features: Object.fromEntries(featureNamesOf(ontology.full)),
          minConfidence: 0,
          maxConfidence: 1,
        },
        { projectId: project.id, importId: id, conflict: 'add' },
        rows.filter((r) => !errors.has(r)),
        now,
      );
      for (const row of carried.missing) fail(row, `No predictions for this data row in model run ${run.id}`);
      for (const e of carried.errors) fail(e.dataRowId, e.error);
      const status = rows.map((row) => ({
        dataRow: { id: row },
        status: errors.has(row) ? 'FAILURE' : 'SUCCESS',
        errors: (errors.get(row) ?? []).map((message) => ({ name: 'DataRowError', message })),
      }));
      const lines = (list: unknown[]) =>
        list.map((l) => JSON.stringify(l)).join('\n') + (list.length ? '\n' : '');
      await this.deps.blobs.put(
        `${prefix}/input.json`,
        JSON.stringify({ modelRunId: run.id, dataRowIds: rows }),
      );
      await this.deps.blobs.put(`${prefix}/status.ndjson`, lines(status));
      await this.deps.blobs.put(
        `${prefix}/errors.ndjson`,
        lines(status.filter((s) => s.status === 'FAILURE')),
      );
      return true;
    });
    const row = inserted
      ? await repo.find(actor.organizationId, id)
      : await repo.findByName(actor.organizationId, project.id, 'MAL', name);
    return row!;
  }
}
