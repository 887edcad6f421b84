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
    const created = await this.insertNamed(actor, projectId, { prefix, priority, consensus }, parts);
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
      tasks.push({ batchUuid: batch.id, taskId: await this.enqueue(actor, batch, payload, values.length) });
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
    const ranges = await repo.datasetRanges(actor.organizationId, projectId, input.datasetId, MAX_BATCH_ROWS);
    const created = await this.insertNamed(actor, projectId, { prefix, priority, consensus }, ranges);
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
      tasks.push({ batchUuid: batch.id, taskId: await this.enqueue(actor, batch, payload, count) });
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
  ): Promise<string> {
    const job = await this.jobs.enqueue(actor, {
      type: ADD_DATA_ROWS_TO_BATCH,
      name: `Add data rows to batch ${batch.name}`,
      payload,
    });
    if (rowCount <= RUN_NOW_MAX_ROWS) await this.jobs.runNow(job.id);
    return job.id;
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
