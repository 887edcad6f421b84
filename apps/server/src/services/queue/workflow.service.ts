import type { Actor } from '../../auth/actor.ts';
import { invalid, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import type { JobContext, JobOutcome } from '../../jobs/job-queue.ts';
import type { TaskPresentation } from '../../graphql/resolvers/task.resolvers.ts';
import { BatchRepository } from '../../repositories/batch.repository.ts';
import { ProjectRepository } from '../../repositories/project.repository.ts';
import { QueueRepository, type WorkflowStatus } from '../../repositories/queue.repository.ts';
import {
  TASK_QUEUES,
  WorkflowRepository,
  type TaskQueueRow,
  type WorkflowHistoryRow,
} from '../../repositories/workflow.repository.ts';
import { WebhookService } from '../webhook.service.ts';
import { nowIso } from '../../time.ts';
import type { AccessService } from '../access.service.ts';
import type { ServiceDeps } from '../index.ts';

export const SEND_TO_TASK_QUEUE = 'send-to-task-queue';
export const QUEUE_PRIORITY_UPDATE = 'queue-priority-update';
/** Rows per update_data_row_labeling_priority call (the SDK documents up to a million). */
const MAX_PRIORITY_ROWS = 1_000_000;
/** Rows per move_data_rows_to_task_queue call. */
const MAX_MOVE = 100_000;
/** Moves up to this many rows finish inside the request: the SDK's first poll already sees COMPLETE. */
const RUN_NOW_MAX_ROWS = 20_000;

export type TaskQueueView = TaskQueueRow & { dataRowCount: number };
export type Overview = {
  states: Array<{ state: string; count: number }>;
  queues: TaskQueueView[];
  done: number;
};
/** Rows per `labelingParameterOverrides` page (the SDK asks for 100). */
const MAX_OVERRIDES_PAGE = 1000;
type PriorityPayload = { projectId: string; priority: number; kind: 'ID' | 'GKEY'; values: string[] };
type MovePayload = { projectId: string; status: WorkflowStatus; kind: 'ID' | 'GKEY'; values: string[] };

/** Task queues, the project overview and moving rows between queues (Labelbox SDK calls). */
export class WorkflowService {
  private readonly workflow: WorkflowRepository;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly access: AccessService,
  ) {
    this.workflow = new WorkflowRepository(deps.db);
  }

  /** `Project.taskQueues`: the three queues with the rows in each. */
  async taskQueues(actor: Actor, projectId: string): Promise<TaskQueueView[]> {
    await this.requireProject(actor, projectId);
    const queues = await this.workflow.taskQueues(actor.organizationId, projectId, newId, nowIso());
    const { byStatus } = await this.workflow.counts(projectId);
    return queues.map((q) => ({ ...q, dataRowCount: byStatus.get(statusOfQueue(q.queue_type)) ?? 0 }));
  }

  /** `workstreamStateCounts` and friends (`project.get_overview()`). */
  async overview(actor: Actor, projectId: string): Promise<Overview> {
    await this.requireProject(actor, projectId);
    const queues = await this.workflow.taskQueues(actor.organizationId, projectId, newId, nowIso());
    const counts = await this.workflow.counts(projectId);
    const n = (status: WorkflowStatus) => counts.byStatus.get(status) ?? 0;
    return {
      states: [
        { state: 'Unlabeled', count: n('TO_LABEL') },
        { state: 'InReview', count: n('IN_REVIEW') },
        { state: 'InRework', count: n('IN_REWORK') },
        { state: 'Skipped', count: counts.skipped },
        { state: 'Done', count: n('DONE') },
        { state: 'Labeled', count: counts.labeled },
        { state: 'All', count: counts.total },
        { state: 'NotInTaskQueue', count: 0 },
      ],
      queues: queues.map((q) => ({ ...q, dataRowCount: n(statusOfQueue(q.queue_type)) })),
      done: n('DONE'),
    };
  }

  /** `createBulkAddRowsToQueueTask`: a `send-to-task-queue` task; `queueId` null means Done. */
  async moveToQueue(
    actor: Actor,
    projectId: string,
    input: { queueId?: string | null; dataRowIdentifiers: { ids: string[]; idType: string } },
  ): Promise<string> {
    await this.requireProject(actor, projectId);
    const { ids, idType } = input.dataRowIdentifiers;
    if (idType !== 'ID' && idType !== 'GKEY')
      throw invalid('data.dataRowIdentifiers.idType', `must be ID or GKEY (got ${JSON.stringify(idType)})`);
    if (ids.length === 0) throw invalid('data.dataRowIdentifiers.ids', 'name at least one data row');
    if (ids.length > MAX_MOVE)
      throw invalid('data.dataRowIdentifiers.ids', `at most ${MAX_MOVE} rows per call`);
    let status: WorkflowStatus = 'DONE';
    if (input.queueId) {
      const queues = await this.workflow.taskQueues(actor.organizationId, projectId, newId, nowIso());
      const queue = queues.find((q) => q.id === input.queueId);
      if (!queue) throw notFound('TaskQueue', input.queueId);
      status = statusOfQueue(queue.queue_type);
    }
    const payload: MovePayload = { projectId, status, kind: idType, values: ids };
    const job = await this.deps.jobs.enqueue(actor, {
      type: SEND_TO_TASK_QUEUE,
      name: `Move ${ids.length} data rows to ${status}`,
      payload,
    });
    if (ids.length <= RUN_NOW_MAX_ROWS) await this.deps.jobs.runNow(job.id);
    return job.id;
  }

  /** The job: rows of the project named by the payload move; their live reservations end; history records it. */
  async applyMove(ctx: JobContext): Promise<JobOutcome> {
    const payload = ctx.payload as MovePayload;
    const organizationId = ctx.job.organization_id;
    const resolved = await new BatchRepository(this.deps.db).resolve(
      organizationId,
      payload.kind === 'ID' ? 'ids' : 'keys',
      payload.values,
    );
    const now = nowIso();
    const steps: WorkflowHistoryRow[] = [];
    const moved = await this.deps.db.transaction().execute(async (trx) => {
      const workflow = this.workflow.with(trx);
      const states = await workflow.rows(payload.projectId, [
        ...new Set([...resolved.values()].map((r) => r.id)),
      ]);
      const ids = [...states.keys()];
      await workflow.move(payload.projectId, ids, payload.status, now);
      await new QueueRepository(trx, this.deps.dialect).releaseRows(payload.projectId, ids, now);
      steps.push(
        ...[...states.values()].map((s) => ({
          id: newId(),
          organization_id: organizationId,
          project_id: payload.projectId,
          data_row_id: s.data_row_id,
          action: 'MOVED',
          from_status: s.workflow_status,
          to_status: payload.status,
          user_id: ctx.job.created_by,
          label_id: null,
          review_id: null,
          created_at: now,
        })),
      );
      await workflow.addHistory(steps);
      return ids.length;
    });
    await new WebhookService(this.deps).emitWorkflowEvents(
      { organizationId, userId: ctx.job.created_by },
      payload.projectId,
      steps,
    );
    const missing = payload.values.length - moved;
    const result: TaskPresentation = {
      resultString: JSON.stringify({ movedCount: moved, notInProjectCount: missing }),
    };
    return { status: 'DONE', result };
  }

  /** `setLabelingParameterOverrides`: each named row of the project gets its priority; unknown rows are skipped. */
  async setPriorities(
    actor: Actor,
    projectId: string,
    items: ReadonlyArray<{ dataRowIdentifier: { id: string; idType: string }; priority: number }>,
  ): Promise<boolean> {
    await this.requireProject(actor, projectId);
    if (items.length > MAX_MOVE)
      throw invalid('dataWithDataRowIdentifiers', `at most ${MAX_MOVE} rows per call, got ${items.length}`);
    const byPriority = new Map<string, { priority: number; kind: 'ID' | 'GKEY'; values: string[] }>();
    for (const item of items) {
      const kind = item.dataRowIdentifier.idType === 'GKEY' ? 'GKEY' : 'ID';
      const key = `${kind}:${item.priority}`;
      const group = byPriority.get(key) ?? { priority: item.priority, kind, values: [] };
      group.values.push(item.dataRowIdentifier.id);
      byPriority.set(key, group);
    }
    for (const group of byPriority.values())
      await this.applyPriority(actor.organizationId, { projectId, ...group });
    return true;
  }

  /**
   * `Project.labelingParameterOverrides` (the SDK's `project.labeling_parameter_overrides()`): every row of the
   * project's batches with its labeling priority, as Labelbox lists them; `numberOfLabels` is always 1 there too
   * (consensus is set per batch, not per row).
   */
  async labelingParameterOverrides(
    actor: Actor,
    projectId: string,
    page: { skip?: number | null; first?: number | null },
  ): Promise<Array<{ id: string; dataRowId: string; priority: number; numberOfLabels: number }>> {
    await this.requireProject(actor, projectId);
    const skip = page.skip ?? 0;
    const first = page.first ?? MAX_OVERRIDES_PAGE;
    if (!Number.isInteger(skip) || skip < 0) throw invalid('skip', 'must be a non-negative integer');
    if (!Number.isInteger(first) || first < 0 || first > MAX_OVERRIDES_PAGE)
      throw invalid('first', `must be an integer from 0 to ${MAX_OVERRIDES_PAGE}`);
    const rows = await this.workflow.priorities(projectId, skip, first);
    return rows.map((r) => ({
      id: `${projectId}:${r.data_row_id}`,
      dataRowId: r.data_row_id,
      priority: Number(r.priority),
      numberOfLabels: 1,
    }));
  }

  /** `createQueuePriorityUpdateTask`: a `queue-priority-update` task giving the rows one priority. */
  async priorityTask(
    actor: Actor,
    projectId: string,
    input: { priority: number; dataRowIdentifiers?: { ids: string[]; idType: string } | null },
  ): Promise<string> {
    await this.requireProject(actor, projectId);
    const refs = input.dataRowIdentifiers;
    if (!refs || refs.ids.length === 0)
      throw invalid('data.dataRowIdentifiers.ids', 'name at least one data row');
    if (refs.idType !== 'ID' && refs.idType !== 'GKEY')
      throw invalid(
        'data.dataRowIdentifiers.idType',
        `must be ID or GKEY (got ${JSON.stringify(refs.idType)})`,
      );
    if (refs.ids.length > MAX_PRIORITY_ROWS)
      throw invalid('data.dataRowIdentifiers.ids', `at most ${MAX_PRIORITY_ROWS} rows per call`);
    const payload: PriorityPayload = {
      projectId,
      priority: input.priority,
      kind: refs.idType,
      values: refs.ids,
    };
    const job = await this.deps.jobs.enqueue(actor, {
      type: QUEUE_PRIORITY_UPDATE,
      name: `Set the labeling priority of ${refs.ids.length} data rows to ${input.priority}`,
      payload,
    });
    if (refs.ids.length <= RUN_NOW_MAX_ROWS) await this.deps.jobs.runNow(job.id);
    return job.id;
  }

  /** The priority job. */
  async applyPriorityJob(ctx: JobContext): Promise<JobOutcome> {
    const updated = await this.applyPriority(ctx.job.organization_id, ctx.payload as PriorityPayload);
    const result: TaskPresentation = { resultString: JSON.stringify({ updatedCount: updated }) };
    return { status: 'DONE', result };
  }

  private async applyPriority(organizationId: string, payload: PriorityPayload): Promise<number> {
    const resolved = await new BatchRepository(this.deps.db).resolve(
      organizationId,
      payload.kind === 'ID' ? 'ids' : 'keys',
      payload.values,
    );
    return this.workflow.setPriority(
      payload.projectId,
      [...new Set([...resolved.values()].map((r) => r.id))],
      payload.priority,
    );
  }

  /** Turns the project's review step on (default) or off: with it off, submitted labels go straight to DONE. */
  async setReviewStep(actor: Actor, projectId: string, enabled: boolean): Promise<boolean> {
    await this.access.requireProject(actor, projectId, 'manage', 'change the project workflow');
    await this.requireProject(actor, projectId);
    await this.workflow.setReviewStep(projectId, enabled);
    return enabled;
  }

  reviewStep(projectId: string): Promise<boolean> {
    return this.workflow.reviewStep(projectId);
  }

  private async requireProject(actor: Actor, projectId: string): Promise<void> {
    if (!(await new ProjectRepository(this.deps.db).find(actor.organizationId, projectId)))
      throw notFound('Project', projectId);
  }
}

export function statusOfQueue(queueType: string): WorkflowStatus {
  return (TASK_QUEUES.find((q) => q.queueType === queueType)?.status ?? 'DONE') as WorkflowStatus;
}
