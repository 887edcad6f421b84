import type { Actor } from '../auth/actor.ts';
import type { Db, Dialect } from '../db/database.ts';
import { newId } from '../ids.ts';
import type { LabelService } from './label.service.ts';
import { conflict, invalid, notAllowed, notFound } from '../errors.ts';
import { BatchRepository, type BatchRow } from '../repositories/batch.repository.ts';
import { LabelRepository } from '../repositories/label.repository.ts';
import { ProjectRepository } from '../repositories/project.repository.ts';
import { WorkflowRepository } from '../repositories/workflow.repository.ts';
import { nowIso } from '../time.ts';
import {
  parseBatchName,
  parseConsensus,
  parsePriority,
  parseRowRefs,
  type ConsensusSettings,
} from './batch.input.ts';
import {
  commitRows,
  newBatch,
  planRows,
  requireBatch,
  requireBatchableProject,
  requireProject,
} from './batch.rows.ts';

type RowRefInput = { dataRowIds?: string[] | null; globalKeys?: string[] | null };
export type BatchPage = { nodes: BatchRow[]; endCursor: string | null };

/**
 * Batches: groups of data rows queued in a project; a data row is in at most one batch of a project.
 * This service creates batches in-request and reads / deletes them; batch-async.service.ts adds rows in jobs.
 */
export class BatchService {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
    /** Where workflow steps taken here (rows sent back to labeling) are announced (WORKFLOW_ACTION). */
    private readonly labels: LabelService,
  ) {}

  /** `createBatchV2`: resolves and adds the rows in one transaction; batch names are unique per project. */
  async create(
    actor: Actor,
    projectId: string,
    input: RowRefInput & {
      name: string;
      priority?: number | null;
      consensusSettings?: ConsensusSettings | null;
    },
  ): Promise<{ batch: BatchRow; failedDataRowIds: string[] }> {
    const name = parseBatchName(input.name);
    const refs = parseRowRefs(input);
    const priority = parsePriority(input.priority);
    const consensus = parseConsensus(input.consensusSettings);
    return this.db.transaction().execute(async (trx) => {
      await requireBatchableProject(trx, actor.organizationId, projectId);
      const repo = new BatchRepository(trx);
      const plan = await planRows(repo, actor.organizationId, projectId, refs);
      // Labelbox answers a taken name with RESOURCE_CONFLICT (the SDK's ResourceConflict), same rows or not.
      const [existing] = await repo.findByNames(projectId, [name]);
      if (existing) {
        throw conflict(`A batch named "${name}" already exists in project ${projectId}`, 'input.name');
      }
      if (plan.membership.size === plan.refOf.size) {
        throw invalid(
          `input.${refs.field}`,
          `none of the ${refs.values.length} data rows can be added: they do not exist in your organization or are already in a batch of this project`,
        );
      }
      const now = nowIso();
      const batch = newBatch(actor, projectId, { name, priority, consensus, now });
      await repo.insert([batch]);
      const outcome = await commitRows(trx, plan, batch, priority, now);
      return { batch: { ...batch, size: outcome.size }, failedDataRowIds: outcome.failed };
    });
  }

  /** `createEmptyBatch`; an SDK retry finds its still-empty batch and gets it back. */
  async createEmpty(
    actor: Actor,
    projectId: string,
    input: { name: string; consensusSettings?: ConsensusSettings | null },
  ): Promise<BatchRow> {
    const name = parseBatchName(input.name);
    const consensus = parseConsensus(input.consensusSettings);
    return this.db.transaction().execute(async (trx) => {
      await requireBatchableProject(trx, actor.organizationId, projectId);
      const repo = new BatchRepository(trx);
      const [existing] = await repo.findByNames(projectId, [name]);
      if (existing) {
        const sameSettings = existing.consensus_settings === (consensus ? JSON.stringify(consensus) : null);
        if (existing.size === 0 && sameSettings) return existing;
        throw conflict(`A batch named "${name}" already exists in project ${projectId}`, 'input.name');
      }
      const batch = newBatch(actor, projectId, { name, priority: 5, consensus, now: nowIso() });
      await repo.insert([batch]);
      return batch;
    });
  }

  /** A batch by id alone (`batch(where:)`), in a live project of the caller's organization. */
  async find(actor: Actor, batchId: string): Promise<BatchRow> {
    const batch = await new BatchRepository(this.db).findInOrganization(actor.organizationId, batchId);
    if (!batch) throw notFound('Batch', batchId);
    return batch;
  }

  get(actor: Actor, projectId: string, batchId: string): Promise<BatchRow> {
    return requireBatch(this.db, actor.organizationId, projectId, batchId);
  }

  /** Keyset page in creation order; `endCursor` is null on the last page (the SDK stops on it). */
  async list(
    actor: Actor,
    projectId: string,
    page: { after?: string | null; first?: number | null },
    /** Only these columns (the rows are then partial; `id` is always read). */
    columns?: readonly (keyof BatchRow)[],
  ): Promise<BatchPage> {
    const first = page.first ?? 100;
    const rows = await new BatchRepository(this.db).list(
      actor.organizationId,
      projectId,
      page.after || undefined,
      first + 1,
      columns,
    );
    const nodes = rows.slice(0, first);
    const last = nodes.at(-1);
    return { nodes, endCursor: rows.length > first && last ? last.id : null };
  }

  /** `deleteBatch`: the batch and its queue entries; forbidden once any of its rows has labels. */
  async delete(actor: Actor, projectId: string, batchId: string): Promise<string> {
    return this.db.transaction().execute(async (trx) => {
      await requireProject(trx, actor.organizationId, projectId);
      const batch = await requireBatch(trx, actor.organizationId, projectId, batchId);
      if (await this.labeledRowCount(trx, batch)) {
        throw notAllowed(
          `Batch ${batchId} has labels and cannot be deleted; delete its labels first (batch.delete_labels())`,
        );
      }
      await new BatchRepository(trx).delete(batch.id);
      await new ProjectRepository(trx).touch(projectId, nowIso());
      return batch.id;
    });
  }

  /** `removeQueuedDataRowsFromBatch`: takes the rows that have no labels out of the project. */
  async removeQueued(actor: Actor, projectId: string, batchId: string): Promise<BatchRow> {
    return this.db.transaction().execute(async (trx) => {
      await requireProject(trx, actor.organizationId, projectId);
      const batch = await requireBatch(trx, actor.organizationId, projectId, batchId);
      // Only rows without labels leave; labeled rows stay in the batch.
      const repo = new BatchRepository(trx);
      await repo.removeUnlabeledMembers(projectId, batch.id);
      const now = nowIso();
      const size = await repo.refreshSize(batch.id, now);
      await new ProjectRepository(trx).touch(projectId, now);
      return { ...batch, size, updated_at: now };
    });
  }

  /**
   * `deleteBatchLabels` (`RequeueData` / `RequeueDataWithLabelAsTemplate`): deletes the labels of the batch's rows in
   * the project, in one transaction; the rows stay queued. (Templates for the editor are not kept yet.)
   */
  async deleteLabels(actor: Actor, projectId: string, batchId: string, _type: string): Promise<string[]> {
    const { ids, steps } = await this.db.transaction().execute(async (trx) => {
      await requireProject(trx, actor.organizationId, projectId);
      await requireBatch(trx, actor.organizationId, projectId, batchId);
      const labels = new LabelRepository(trx);
      const ids = await labels.idsInBatch(projectId, batchId);
      await labels.delete(ids);
      // Their rows go back to labeling (docs/queue.md).
      const steps = await new WorkflowRepository(trx).requeueDeletedLabels(
        ids.map((id) => ({ id, project_id: projectId })),
        nowIso(),
        { organizationId: actor.organizationId, userId: actor.userId, dialect: this.dialect, newId },
      );
      if (ids.length > 0) await new ProjectRepository(trx).touch(projectId, nowIso());
      return { ids, steps };
    });
    await this.labels.emitWorkflow(actor, projectId, steps);
    return ids;
  }

  /** Labels of the batch's rows in its project (a batch with labels cannot be deleted). */
  private labeledRowCount(trx: Db, batch: BatchRow): Promise<number> {
    return new LabelRepository(trx).countInBatch(batch.project_id, batch.id);
  }
}
