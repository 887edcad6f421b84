import type { Actor } from '../auth/actor.ts';
import type { Db } from '../db/database.ts';
import { conflict, notFound } from '../errors.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { BatchRepository, type BatchRow, type RowRefKind } from '../repositories/batch.repository.ts';
import { ProjectRepository } from '../repositories/project.repository.ts';
import { nowIso } from '../time.ts';
import {
  MAX_BATCH_ROWS,
  parseBatchName,
  parseConsensus,
  parsePriority,
  parseRowRefs,
  type ConsensusSettings,
  type RowRefs,
} from './batch.input.ts';
import { commitRows, newBatch, planRows, requireBatch, requireBatchableProject } from './batch.rows.ts';
import { applyConsensusSettings } from './quality/consensus-rows.ts';

export const ADD_DATA_ROWS_TO_BATCH = 'add-data-rows-to-batch';
/** Additions up to this many rows finish inside the request, so the SDK's first task poll already sees COMPLETE. */
export const RUN_NOW_MAX_ROWS = 20_000;

/** What an add-data-rows-to-batch job does: rows named by id / global key, or an id range of a dataset. */
export type AddRowsPayload = { projectId: string; batchId: string; priority: number } & (
  | { source: 'refs'; kind: RowRefKind; values: string[] }
  | { source: 'dataset'; datasetId: string; after: string | null; through: string }
);
export type AddRowsOutcome = {
  ok: boolean;
  batchId: string;
  addedCount: number;
  failedDataRowIds: string[];
  error?: string;
};

/** One addition task per batch made by createBatches: a retry finds it by this key. */
const keyOf = (batch: BatchRow) => `batch:${batch.id}`;

type RowRefInput = { dataRowIds?: string[] | null; globalKeys?: string[] | null };
type BatchTasks = Array<{ batchUuid: string; taskId: string }>;

/** Batch operations whose row additions run as `add-data-rows-to-batch` jobs (Labelbox tasks). */
export class BatchAsyncService {
  constructor(
    private readonly db: Db,
    private readonly jobs: JobQueue,
  ) {}

  /** `addDataRowsToBatchAsync`: checks the input now, adds the rows in a job; returns the task id. */
  async addDataRows(
    actor: Actor,
    projectId: string,
    input: RowRefInput & { batchId: string; priority?: number | null },
  ): Promise<string> {
    const refs = parseRowRefs(input);
    const priority = parsePriority(input.priority);
    await requireBatchableProject(this.db, actor.organizationId, projectId);
    const batch = await requireBatch(this.db, actor.organizationId, projectId, input.batchId);
    const payload: AddRowsPayload = {
      projectId,
      batchId: batch.id,
      priority,
      source: 'refs',
      kind: refs.kind,
      values: refs.values,
    };
    return this.enqueue(actor, batch, payload, refs.values.length);
  }

  /** `createBatches`: `<prefix>0000`, `<prefix>0001`, … of at most 100,000 rows each, one task per batch. */
  async createBatches(
    actor: Actor,
    projectId: string,
    input: RowRefInput & {
      batchNamePrefix: string;
      priority?: number | null;
      consensusSettings?: ConsensusSettings | null;
    },
  ): Promise<BatchTasks> {
    const prefix = parseBatchName(input.batchNamePrefix, 'input.batchNamePrefix');
    const refs: RowRefs = parseRowRefs(input, undefined);
    const priority = parsePriority(input.priority);
    const consensus = parseConsensus(input.consensusSettings);
    const parts: string[][] = [];
    for (let i = 0; i < refs.values.length; i += MAX_BATCH_ROWS)
      parts.push(refs.values.slice(i, i + MAX_BATCH_ROWS));
    const spec = { prefix, priority, consensus };
    const sameRows = (payload: AddRowsPayload, i: number) =>
      payload.source === 'refs' &&
      payload.kind === refs.kind &&
      JSON.stringify(payload.values) === JSON.stringify(parts[i]);
    const retried = await this.retried(actor, projectId, spec, parts.length, sameRows);
    if (retried) return retried;
    let created: Array<{ batch: BatchRow; item: string[] }>;
    try {
      created = await this.insertNamed(actor, projectId, spec, parts);
    } catch (error) {
      // A concurrent retry of the same request created the batches first: answer with them.
      const again = await this.retried(actor, projectId, spec, parts.length, sameRows);
      if (again) return again;
      throw error;
    }
    const tasks: BatchTasks = [];
    for (const { batch, item: values } of created) {
      const payload: AddRowsPayload = {
        projectId,
        batchId: batch.id,
        priority,
        source: 'refs',
        kind: refs.kind,
        values,
      };
      tasks.push({
        batchUuid: batch.id,
        taskId: await this.enqueue(actor, batch, payload, values.length, true),
      });
    }
    return tasks;
  }

  /** `createBatchesFromDataset`: the dataset's rows that are not yet in the project, in batches of ≤ 100,000. */
  async createBatchesFromDataset(
    actor: Actor,
    projectId: string,
    input: {
      batchNamePrefix: string;
      datasetId: string;
      priority?: number | null;
      consensusSettings?: ConsensusSettings | null;
    },
  ): Promise<BatchTasks> {
    const prefix = parseBatchName(input.batchNamePrefix, 'input.batchNamePrefix');
    const priority = parsePriority(input.priority);
    const consensus = parseConsensus(input.consensusSettings);
    await requireBatchableProject(this.db, actor.organizationId, projectId);
    const repo = new BatchRepository(this.db);
    if (!(await repo.datasetExists(actor.organizationId, input.datasetId)))
      throw notFound('Dataset', input.datasetId);
    const spec = { prefix, priority, consensus };
    const sameDataset = (payload: AddRowsPayload) =>
      payload.source === 'dataset' && payload.datasetId === input.datasetId;
    // A retry cannot recompute the ranges (the first call's rows are in the project by now): it matches by name.
    const retried = await this.retried(actor, projectId, spec, null, sameDataset);
    if (retried) return retried;
    const ranges = await repo.datasetRanges(actor.organizationId, projectId, input.datasetId, MAX_BATCH_ROWS);
    const created = await this.insertNamed(actor, projectId, spec, ranges);
    const tasks: BatchTasks = [];
    for (const { batch, item } of created) {
      const { after, through, count } = item;
      const payload: AddRowsPayload = {
        projectId,
        batchId: batch.id,
        priority,
        source: 'dataset',
        datasetId: input.datasetId,
        after,
        through,
      };
      tasks.push({ batchUuid: batch.id, taskId: await this.enqueue(actor, batch, payload, count, true) });
    }
    return tasks;
  }

  /** The job body, in one transaction. Bad input never throws (a throw would be retried): the task reports it. */
  async applyAddRows(owner: { organizationId: string }, payload: AddRowsPayload): Promise<AddRowsOutcome> {
    const base = { batchId: payload.batchId, addedCount: 0, failedDataRowIds: [] as string[] };
    return this.db.transaction().execute(async (trx) => {
      const project = await new ProjectRepository(trx).find(owner.organizationId, payload.projectId);
      if (!project) return { ...base, ok: false, error: `Project not found: ${payload.projectId}` };
      const repo = new BatchRepository(trx);
      const batch = await repo.find(owner.organizationId, payload.projectId, payload.batchId);
      if (!batch) return { ...base, ok: false, error: `Batch not found: ${payload.batchId}` };
      const now = nowIso();
      if (payload.source === 'dataset') {
        await repo.insertDatasetRange(
          { projectId: payload.projectId, batchId: batch.id, priority: payload.priority, now },
          {
            organizationId: owner.organizationId,
            datasetId: payload.datasetId,
            after: payload.after,
            through: payload.through,
          },
        );
        await applyConsensusSettings(trx, batch);
        const size = await repo.refreshSize(batch.id, now);
        await new ProjectRepository(trx).touch(payload.projectId, now);
        return { ...base, ok: true, addedCount: size - batch.size };
      }
      const refs: RowRefs = {
        kind: payload.kind,
        field: payload.kind === 'ids' ? 'dataRowIds' : 'globalKeys',
        values: payload.values,
      };
      const plan = await planRows(repo, owner.organizationId, payload.projectId, refs);
      const outcome = await commitRows(trx, plan, batch, payload.priority, now);
      // Rows already in this very batch count as added: a re-run (or an SDK retry) of the same addition succeeds.
      if (outcome.added + outcome.alreadyInBatch === 0) {
        const error = `None of the ${payload.values.length} data rows could be added to batch ${batch.name}: they do not exist in the organization or are already in another batch of the project`;
        return { ...base, ok: false, failedDataRowIds: outcome.failed, error };
      }
      return { ...base, ok: true, addedCount: outcome.added, failedDataRowIds: outcome.failed };
    });
  }

  private async enqueue(
    actor: Actor,
    batch: BatchRow,
    payload: AddRowsPayload,
    rowCount: number,
    keyed = false,
  ): Promise<string> {
    const job = await this.jobs.enqueue(actor, {
      type: ADD_DATA_ROWS_TO_BATCH,
      name: `Add data rows to batch ${batch.name}`,
      payload,
      ...(keyed && { idempotencyKey: keyOf(batch) }),
    });
    if (rowCount <= RUN_NOW_MAX_ROWS) await this.jobs.runNow(job.id);
    return job.id;
  }

  /**
   * A retry of `createBatches` / `createBatchesFromDataset`: when `<prefix>0000…` exist, they must be exactly the
   * batches this request makes (`count` of them, or every consecutive one when the count is unknown), with the same
   * priority, consensus settings and rows (`same`, checked on each batch's task payload); then their tasks are the
   * answer. Null when no such batch exists (create them); RESOURCE_CONFLICT naming what differs otherwise.
   */
  private async retried(
    actor: Actor,
    projectId: string,
    spec: { prefix: string; priority: number; consensus: ConsensusSettings | null },
    count: number | null,
    same: (payload: AddRowsPayload, index: number) => boolean,
  ): Promise<BatchTasks | null> {
    const repo = new BatchRepository(this.db);
    const nameOf = (i: number) => `${spec.prefix}${String(i).padStart(4, '0')}`;
    const wanted = count ?? (await this.consecutive(repo, projectId, nameOf));
    const names = Array.from({ length: wanted + 1 }, (_, i) => nameOf(i));
    const byName = new Map((await repo.findByNames(projectId, names)).map((b) => [b.name, b]));
    if (byName.size === 0) return null;
    const clash = (what: string) =>
      conflict(
        `Batches named "${spec.prefix}…" already exist in project ${projectId} with ${what}: a retry must repeat the same request; use another batchNamePrefix for new batches`,
        'input.batchNamePrefix',
      );
    if (byName.has(nameOf(wanted))) throw clash('more batches than this request makes');
    const consensus = spec.consensus ? JSON.stringify(spec.consensus) : null;
    const tasks: BatchTasks = [];
    for (let i = 0; i < wanted; i++) {
      const batch = byName.get(nameOf(i));
      if (!batch) throw clash(`fewer batches than this request makes (no ${nameOf(i)})`);
      if (batch.priority !== spec.priority) throw clash(`another priority (${batch.priority})`);
      if (batch.consensus_settings !== consensus) throw clash('other consensus settings');
      const job = await this.jobs.findByKey(actor.organizationId, ADD_DATA_ROWS_TO_BATCH, keyOf(batch));
      if (!job) throw clash(`batch ${batch.name} made by another call`);
      if (!same(JSON.parse(job.payload) as AddRowsPayload, i))
        throw clash(`other data rows (batch ${batch.name})`);
      tasks.push({ batchUuid: batch.id, taskId: job.id });
    }
    return tasks;
  }

  /** How many of `<prefix>0000`, `<prefix>0001`, … exist without a gap. */
  private async consecutive(
    repo: BatchRepository,
    projectId: string,
    nameOf: (i: number) => string,
  ): Promise<number> {
    for (let from = 0; ; from += 100) {
      const names = Array.from({ length: 100 }, (_, i) => nameOf(from + i));
      const found = new Set((await repo.findByNames(projectId, names)).map((b) => b.name));
      const gap = names.findIndex((n) => !found.has(n));
      if (gap >= 0) return from + gap;
    }
  }

  /** Creates one empty batch `<prefix>0000…` per item in one transaction; any name already taken is a conflict. */
  private async insertNamed<T>(
    actor: Actor,
    projectId: string,
    spec: { prefix: string; priority: number; consensus: ConsensusSettings | null },
    items: readonly T[],
  ): Promise<Array<{ batch: BatchRow; item: T }>> {
    const now = nowIso();
    const created = items.map((item, i) => ({
      item,
      batch: newBatch(actor, projectId, {
        name: `${spec.prefix}${String(i).padStart(4, '0')}`,
        priority: spec.priority,
        consensus: spec.consensus,
        now,
      }),
    }));
    return this.db.transaction().execute(async (trx) => {
      await requireBatchableProject(trx, actor.organizationId, projectId);
      const repo = new BatchRepository(trx);
      const [taken] = await repo.findByNames(
        projectId,
        created.map((c) => c.batch.name),
      );
      if (taken) {
        throw conflict(
          `A batch named "${taken.name}" already exists in project ${projectId}`,
          'input.batchNamePrefix',
        );
      }
      await repo.insert(created.map((c) => c.batch));
      return created;
    });
  }
}
