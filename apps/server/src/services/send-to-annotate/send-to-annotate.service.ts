import type { Actor } from '../../auth/actor.ts';
import { invalid, notAllowed, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { ProjectRepository } from '../../repositories/project.repository.ts';
import type { WorkflowStatus } from '../../repositories/queue.repository.ts';
import { WorkflowRepository } from '../../repositories/workflow.repository.ts';
import { nowIso } from '../../time.ts';
import type { ServiceDeps } from '../index.ts';
import { parseBatchName, parsePriority } from '../batch.input.ts';
import type { ModelRunService } from '../model/model-run.service.ts';
import type { OntologyService } from '../ontology.service.ts';
import { applySendToAnnotate, type SendPayload } from './apply.ts';
import { statusOfQueue } from '../queue/workflow.service.ts';
import { featureNamesOf } from './remap.ts';

export const SEND_TO_ANNOTATE_JOB = 'send-to-annotate';
export const CONFLICT_STRATEGIES = [
  'KEEP_EXISTING',
  'OVERRIDE_WITH_ANNOTATIONS',
  'OVERRIDE_WITH_PREDICTIONS',
] as const;
const MAX_ROWS = 1_000_000;
/** Sends of up to this many rows finish inside the request, so the SDK's first task poll sees COMPLETE. */
const RUN_NOW_MAX_ROWS = 20_000;

export type SendInput = {
  destinationProjectId: string;
  batchInput: { batchName: string; batchPriority?: number | null };
  destinationTaskQueue?: { type: string; value?: string | null } | null;
  excludeDataRowsInProject?: boolean | null;
  annotationsInput?: { projectId: string; featureSchemaIdsMapping?: unknown } | null;
  predictionsInput?: {
    modelRunId: string;
    featureSchemaIdsMapping?: unknown;
    minConfidence?: number | null;
    maxConfidence?: number | null;
  } | null;
  conflictLabelsResolutionStrategy?: string | null;
};

/** A `{type: "data_row_id" | "global_key", operator: "is", ids: [...]}` search clause (what the SDK builds). */
function parseRows(clauses: unknown, field: string): SendPayload['rows'] {
  if (!Array.isArray(clauses) || clauses.length !== 1)
    throw invalid(field, 'must hold one data_row_id or global_key clause');
  const c = clauses[0] as { type?: unknown; operator?: unknown; ids?: unknown };
  if (c.type !== 'data_row_id' && c.type !== 'global_key')
    throw invalid(`${field}[0].type`, `must be data_row_id or global_key (got ${JSON.stringify(c.type)})`);
  if (c.operator !== undefined && c.operator !== 'is') throw invalid(`${field}[0].operator`, 'must be "is"');
  if (!Array.isArray(c.ids) || c.ids.length === 0 || c.ids.some((v) => typeof v !== 'string' || v === ''))
    throw invalid(`${field}[0].ids`, 'must be a non-empty list of strings');
  if (c.ids.length > MAX_ROWS) throw invalid(`${field}[0].ids`, `must hold at most ${MAX_ROWS} ids`);
  return { kind: c.type === 'data_row_id' ? 'ids' : 'keys', values: [...new Set(c.ids as string[])] };
}

function parseMapping(value: unknown, field: string): Record<string, string> {
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw invalid(field, 'must be an object of feature schema ids');
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string' || v === '') throw invalid(`${field}.${k}`, 'must be a feature schema id');
    out[k] = v;
  }
  return out;
}

/**
 * Send to annotate: data rows from the catalog (or a model run) into a project as a new batch, optionally with the
 * annotations of a source project carried over as labels and a model run's predictions as pre-labels, under a
 * conflict rule for rows already labelled there.
 * Runs as a `send-to-annotate` task that reports per-row errors.
 */
export class SendToAnnotateService {
  constructor(
    private readonly deps: Pick<ServiceDeps, 'db' | 'dialect' | 'jobs'>,
    private readonly modelRuns: ModelRunService,
    private readonly ontologies: OntologyService,
  ) {}

  async fromCatalog(
    actor: Actor,
    input: SendInput & { searchQuery: { query?: unknown } | null },
  ): Promise<string> {
    const rows = parseRows(input.searchQuery?.query, 'input.searchQuery.query');
    return this.start(actor, input, rows, null);
  }

  async fromModelRun(
    actor: Actor,
    input: SendInput & { searchQuery: unknown; sourceModelRunId: string },
  ): Promise<string> {
    await this.modelRuns.get(actor, input.sourceModelRunId);
    const rows = parseRows(input.searchQuery, 'input.searchQuery');
    return this.start(actor, input, rows, input.sourceModelRunId);
  }

  private async start(
    actor: Actor,
    input: SendInput,
    rows: SendPayload['rows'],
    sourceModelRunId: string | null,
  ): Promise<string> {
    const batchName = parseBatchName(input.batchInput.batchName, 'input.batchInput.batchName');
    const priority = parsePriority(input.batchInput.batchPriority ?? 5);
    const projects = new ProjectRepository(this.deps.db);
    const destination = await projects.find(actor.organizationId, input.destinationProjectId);
    if (!destination || destination.deleted === 1) throw notFound('Project', input.destinationProjectId);
    const queue = input.destinationTaskQueue ?? { type: 'done' };
    if (queue.type !== 'id' && queue.type !== 'done')
      throw invalid('input.destinationTaskQueue.type', 'must be "id" or "done"');
    let destinationStatus: WorkflowStatus = 'DONE';
    if (queue.type === 'id') {
      const queues = await new WorkflowRepository(this.deps.db).taskQueues(
        actor.organizationId,
        destination.id,
        newId,
        nowIso(),
      );
      const found = queues.find((q) => q.id === queue.value);
      if (!found) throw notFound('Task queue', String(queue.value));
      destinationStatus = statusOfQueue(found.queue_type);
    }
    const strategy = input.conflictLabelsResolutionStrategy ?? 'KEEP_EXISTING';
    if (!(CONFLICT_STRATEGIES as readonly string[]).includes(strategy))
      throw invalid(
        'input.conflictLabelsResolutionStrategy',
        `must be one of ${CONFLICT_STRATEGIES.join(', ')}`,
      );
    if (strategy === 'OVERRIDE_WITH_PREDICTIONS' && !input.predictionsInput)
      throw invalid(
        'input.conflictLabelsResolutionStrategy',
        'OVERRIDE_WITH_PREDICTIONS needs predictionsInput',
      );
    // The destination ontology's features, when annotations or predictions are carried into it.
    const destinationFeatures = async (what: string) => {
      if (!destination.ontology_id)
        throw notAllowed(
          `Project ${destination.id} has no ontology: connect one before sending ${what} to it`,
        );
      const [ontology] = await this.ontologies.getMany(actor, [destination.ontology_id]);
      if (!ontology) throw notFound('Ontology', destination.ontology_id);
      return Object.fromEntries(featureNamesOf(ontology.full));
    };
    let predictions: SendPayload['predictions'] = null;
    if (input.predictionsInput) {
      const p = input.predictionsInput;
      const run = await this.modelRuns.get(actor, p.modelRunId);
      const min = p.minConfidence ?? 0;
      const max = p.maxConfidence ?? 1;
      if (!(min >= 0 && min <= 1)) throw invalid('input.predictionsInput.minConfidence', 'must be in [0, 1]');
      if (!(max >= min && max <= 1))
        throw invalid('input.predictionsInput.maxConfidence', 'must be in [minConfidence, 1]');
      predictions = {
        modelRunId: run.id,
        features: await destinationFeatures('predictions'),
        mapping: parseMapping(p.featureSchemaIdsMapping, 'input.predictionsInput.featureSchemaIdsMapping'),
        minConfidence: min,
        maxConfidence: max,
      };
    }
    let annotations: SendPayload['annotations'] = null;
    if (input.annotationsInput) {
      const source = await projects.find(actor.organizationId, input.annotationsInput.projectId);
      if (!source || source.deleted === 1) throw notFound('Project', input.annotationsInput.projectId);
      annotations = {
        projectId: source.id,
        features: await destinationFeatures('annotations'),
        mapping: parseMapping(
          input.annotationsInput.featureSchemaIdsMapping,
          'input.annotationsInput.featureSchemaIdsMapping',
        ),
      };
    } else if (strategy === 'OVERRIDE_WITH_ANNOTATIONS')
      throw invalid(
        'input.conflictLabelsResolutionStrategy',
        'OVERRIDE_WITH_ANNOTATIONS needs annotationsInput',
      );
    const payload: SendPayload = {
      destinationProjectId: destination.id,
      batchName,
      priority,
      excludeInProject: input.excludeDataRowsInProject === true,
      rows,
      annotations,
      override: strategy === 'OVERRIDE_WITH_ANNOTATIONS',
      predictions,
      overridePrelabels: strategy === 'OVERRIDE_WITH_PREDICTIONS',
      sourceModelRunId,
      destinationStatus,
    };
    const job = await this.deps.jobs.enqueue(actor, {
      type: SEND_TO_ANNOTATE_JOB,
      name: `Send ${rows.values.length} data rows to project ${destination.id}`,
      payload,
    });
    if (rows.values.length <= RUN_NOW_MAX_ROWS) await this.deps.jobs.runNow(job.id);
    return job.id;
  }

  apply(owner: { organizationId: string; userId: string }, payload: SendPayload) {
    return applySendToAnnotate(this.deps.db, this.deps.dialect, owner, payload);
  }
}
