import type { Actor } from '../auth/actor.ts';
import { invalid, notFound } from '../errors.ts';
import { newId } from '../ids.ts';
import type { JobContext, JobOutcome } from '../jobs/job-queue.ts';
import {
  AnnotationImportRepository,
  type AnnotationImportRow,
} from '../repositories/annotation-import.repository.ts';
import { ProjectRepository } from '../repositories/project.repository.ts';
import { nowIso } from '../time.ts';
import type { ImportKind } from './annotation-import.chunk.ts';
import { runAnnotationImport } from './annotation-import.run.ts';
import { importSource, isSmallImport, type ImportFilePayload } from './annotation-import.source.ts';
import type { ServiceDeps } from './index.ts';

export const ANNOTATION_IMPORT_JOB = 'annotation-import';
export type AnnotationImportJobPayload = { importId: string; sourceUrl?: string };
export type CreateImportInput = {
  projectId: string;
  name: string;
  fileUrl?: string | null;
  filePayload?: ImportFilePayload | null;
};
export type ImportWhere = { id?: string | null; projectId?: string | null; name?: string | null };

const KIND_LABEL: Record<ImportKind, string> = { GROUND_TRUTH: 'Label import', MAL: 'MAL prediction import' };

/**
 * `createLabelImport` / `createModelAssistedLabelingPredictionImport` and their status queries. The name is the
 * lookup key and unique per project and kind: creating an existing (project, name) again returns that import, so SDK
 * retries never import twice. The create call answers RUNNING; small files finish right after it.
 */
export class AnnotationImportService {
  private readonly repo: AnnotationImportRepository;

  constructor(private readonly deps: ServiceDeps) {
    this.repo = new AnnotationImportRepository(deps.db, deps.dialect);
  }

  async create(actor: Actor, kind: ImportKind, input: CreateImportInput): Promise<AnnotationImportRow> {
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (name === '')
      throw invalid('data.name', 'must be a non-empty string (it is how the import is looked up)');
    if (name.length > 255) throw invalid('data.name', 'must be at most 255 characters');
    const file = input.filePayload?.file;
    if (!file === !input.fileUrl) throw invalid('data', 'give exactly one of fileUrl and filePayload');
    const project = await new ProjectRepository(this.deps.db).find(actor.organizationId, input.projectId);
    if (!project) throw notFound('Project', input.projectId);
    const existing = await this.repo.findByName(actor.organizationId, project.id, kind, input.name);
    if (existing) return existing;
    if (!project.ontology_id)
      throw invalid(
        'data.projectId',
        `project ${project.id} has no ontology; connect one (project.connect_ontology) first`,
      );

    const id = newId();
    const source = await importSource(this.deps, actor, id, file ? { file } : { url: input.fileUrl! });
    const now = nowIso();
    const inserted = await this.repo.insert({
      id,
      organization_id: actor.organizationId,
      project_id: project.id,
      name: input.name,
      kind,
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
    if (!inserted) return (await this.repo.findByName(actor.organizationId, project.id, kind, input.name))!;
    const payload: AnnotationImportJobPayload = {
      importId: id,
      ...(source.url !== undefined && { sourceUrl: source.url }),
    };
    const job = await this.deps.jobs.enqueue(actor, {
      type: ANNOTATION_IMPORT_JOB,
      name: `${KIND_LABEL[kind]} ${input.name}`,
      payload,
      idempotencyKey: id,
    });
    await this.repo.update(id, { job_id: job.id, updated_at: now });
    // Like Labelbox, the create call always answers RUNNING with no status or error file yet (the SDK polls with
    // wait_until_done); small files start at once and finish within milliseconds after the answer.
    const created = (await this.repo.find(actor.organizationId, id))!;
    if (source.size !== undefined && (await isSmallImport(this.deps, source.key, source.size)))
      this.deps.jobs.runSoon(job.id);
    return created;
  }

  /** `labelImport` / `modelAssistedLabelingPredictionImport(where: {projectId, name})`, or by `id`. */
  async get(actor: Actor, kind: ImportKind, where: ImportWhere): Promise<AnnotationImportRow> {
    let row: AnnotationImportRow | undefined;
    if (where.id) row = await this.repo.find(actor.organizationId, where.id);
    else if (where.projectId && typeof where.name === 'string')
      row = await this.repo.findByName(actor.organizationId, where.projectId, kind, where.name);
    else throw invalid('where', 'give projectId and name, or id');
    if (!row || row.kind !== kind)
      throw notFound(KIND_LABEL[kind], where.id ?? `${where.projectId}/${where.name}`);
    return row;
  }

  /** The latest imports of a project, ground truth and MAL (checks the project is the caller's to see). */
  async listForProject(actor: Actor, projectId: string, limit = 50): Promise<AnnotationImportRow[]> {
    const project = await new ProjectRepository(this.deps.db).find(actor.organizationId, projectId);
    if (!project) throw notFound('Project', projectId);
    return this.repo.listForProject(actor.organizationId, projectId, Math.min(Math.max(limit, 1), 200));
  }

  /** The job handler (see annotation-import.run.ts). */
  run(ctx: JobContext): Promise<JobOutcome> {
    return runAnnotationImport(this.deps, ctx);
  }
}
