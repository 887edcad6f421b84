import { sql } from 'kysely';
import type { Db, Dialect, TaskQueueTable, WorkflowHistoryTable } from '../db/database.ts';
import { chunks } from './bulk-insert.ts';
import type { WorkflowStatus } from './queue.repository.ts';

export type TaskQueueRow = TaskQueueTable;
export type WorkflowHistoryRow = WorkflowHistoryTable;
export type WorkflowRow = {
  data_row_id: string;
  workflow_status: WorkflowStatus;
  workflow_label_id: string | null;
  workflow_user_id: string | null;
  labels_needed: number;
  skip_count: number;
};

/** The three queues every project has (Labelbox's names and types); Done is the state after them. */
export const TASK_QUEUES = [
  {
    queueType: 'INITIAL_LABELING_QUEUE',
    name: 'Initial labeling task',
    description: 'Rows waiting for a label',
    status: 'TO_LABEL',
  },
  {
    queueType: 'MANUAL_REVIEW_QUEUE',
    name: 'Initial review task',
    description: 'Labels waiting for a review',
    status: 'IN_REVIEW',
  },
  {
    queueType: 'MANUAL_REWORK_QUEUE',
    name: 'Rework',
    description: 'Rejected labels going back to their authors',
    status: 'IN_REWORK',
  },
] as const;

const LOOKUP_CHUNK = 5_000;

/** Workflow state of a project's rows (columns of `project_data_rows`), task queues, counts and history. */
export class WorkflowRepository {
  constructor(private readonly db: Db) {}

  with(trx: Db): WorkflowRepository {
    return new WorkflowRepository(trx);
  }

  /**
   * A row's workflow state; with `lock` on PostgreSQL the row stays locked until the transaction ends, so that
   * concurrent submissions for one row (consensus) count each other's labels.
   */
  async row(projectId: string, dataRowId: string, lock?: Dialect): Promise<WorkflowRow | undefined> {
    let q = this.db
      .selectFrom('project_data_rows')
      .select([
        'data_row_id',
        'workflow_status',
        'workflow_label_id',
        'workflow_user_id',
        'labels_needed',
        'skip_count',
      ])
      .where('project_id', '=', projectId)
      .where('data_row_id', '=', dataRowId);
    if (lock === 'postgres') q = q.forUpdate();
    return (await q.executeTakeFirst()) as WorkflowRow | undefined;
  }

  async rows(projectId: string, dataRowIds: readonly string[]): Promise<Map<string, WorkflowRow>> {
    const out = new Map<string, WorkflowRow>();
    for (const part of chunks(dataRowIds, LOOKUP_CHUNK)) {
      const found = await this.db
        .selectFrom('project_data_rows')
        .select([
          'data_row_id',
          'workflow_status',
          'workflow_label_id',
          'workflow_user_id',
          'labels_needed',
          'skip_count',
        ])
        .where('project_id', '=', projectId)
        .where('data_row_id', 'in', part)
        .execute();
      for (const r of found) out.set(r.data_row_id, r as WorkflowRow);
    }
    return out;
  }

  /** Moves one row from `from` to `to` if it is still in `from`; false when someone moved it first. */
  async transition(
    projectId: string,
    dataRowId: string,
    from: WorkflowStatus,
    to: { status: WorkflowStatus; labelId: string | null; userId: string | null; now: string },
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('project_data_rows')
      .set({
        workflow_status: to.status,
        workflow_label_id: to.labelId,
        workflow_user_id: to.userId,
        workflow_updated_at: to.now,
      })
      .where('project_id', '=', projectId)
      .where('data_row_id', '=', dataRowId)
      .where('workflow_status', '=', from)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * `move_data_rows_to_task_queue`: puts rows in `status`. Rows sent to review or rework keep (or take) their latest
   * label as the one under review; rows sent back to labeling forget it.
   */
  async move(projectId: string, dataRowIds: readonly string[], status: WorkflowStatus, now: string) {
    const latest = (column: 'id' | 'created_by') =>
      sql<
        string | null
      >`(select l.${sql.ref(column)} from labels l where l.project_id = project_data_rows.project_id
        and l.data_row_id = project_data_rows.data_row_id order by l.created_at desc, l.id desc limit 1)`;
    for (const part of chunks(dataRowIds, LOOKUP_CHUNK)) {
      await this.db
        .updateTable('project_data_rows')
        .set(
          status === 'TO_LABEL'
            ? {
                workflow_status: status,
                workflow_label_id: null,
                workflow_user_id: null,
                workflow_updated_at: now,
              }
            : {
                workflow_status: status,
                workflow_label_id: sql`coalesce(workflow_label_id, ${latest('id')})`,
                workflow_user_id: sql`coalesce(workflow_user_id, ${latest('created_by')})`,
                workflow_updated_at: now,
              },
        )
        .where('project_id', '=', projectId)
        .where('data_row_id', 'in', part)
        .execute();
    }
  }

  /**
   * Labels that arrived outside the queue (ground-truth imports, the Label Studio face) finish their rows: rows still
   * in TO_LABEL move to DONE with their latest label. Each move is written to the history as `action` by `by`;
   * returns those history rows (for WORKFLOW_ACTION once the transaction commits).
   */
  async markLabeledOutsideQueue(
    projectId: string,
    dataRowIds: readonly string[],
    now: string,
    by: { organizationId: string; userId: string; action: 'IMPORTED' | 'ANNOTATED'; newId: () => string },
  ): Promise<WorkflowHistoryRow[]> {
    const latest = (column: 'id' | 'created_by') =>
      sql<
        string | null
      >`(select l.${sql.ref(column)} from labels l where l.project_id = project_data_rows.project_id
        and l.data_row_id = project_data_rows.data_row_id order by l.created_at desc, l.id desc limit 1)`;
    const steps: WorkflowHistoryRow[] = [];
    for (const part of chunks([...new Set(dataRowIds)], LOOKUP_CHUNK)) {
      const rows = await this.db
        .updateTable('project_data_rows')
        .set({
          workflow_status: 'DONE',
          workflow_label_id: latest('id'),
          workflow_user_id: latest('created_by'),
          workflow_updated_at: now,
        })
        .where('project_id', '=', projectId)
        .where('data_row_id', 'in', part)
        .where('workflow_status', '=', 'TO_LABEL')
        .returning(['data_row_id', 'workflow_label_id'])
        .execute();
      for (const r of rows)
        steps.push({
          id: by.newId(),
          organization_id: by.organizationId,
          project_id: projectId,
          data_row_id: r.data_row_id,
          action: by.action,
          from_status: 'TO_LABEL',
          to_status: 'DONE',
          user_id: by.userId,
          label_id: r.workflow_label_id ?? null,
          review_id: null,
          created_at: now,
        });
    }
    await this.addHistory(steps);
    return steps;
  }

  /** Labeling parameter overrides: the rows' queue priority (lower first). */
  async setPriority(projectId: string, dataRowIds: readonly string[], priority: number): Promise<number> {
    let updated = 0;
    for (const part of chunks(dataRowIds, LOOKUP_CHUNK)) {
      const result = await this.db
        .updateTable('project_data_rows')
        .set({ priority })
        .where('project_id', '=', projectId)
        .where('data_row_id', 'in', part)
        .executeTakeFirst();
      updated += Number(result.numUpdatedRows);
    }
    return updated;
  }

  /** A page of the project's rows with their labeling priority, in data-row id order (the primary key). */
  priorities(
    projectId: string,
    skip: number,
    first: number,
  ): Promise<Array<{ data_row_id: string; priority: number }>> {
    return this.db
      .selectFrom('project_data_rows')
      .select(['data_row_id', 'priority'])
      .where('project_id', '=', projectId)
      .orderBy('data_row_id')
      .limit(first)
      .offset(skip)
      .execute();
  }

  /**
   * Rows whose label under review/rework was deleted go back to labeling, written to the history as REQUEUED by
   * `by` (the rows are locked first on PostgreSQL, so the history names the state they really left). Returns those
   * history rows (for WORKFLOW_ACTION once the transaction commits).
   */
  async requeueDeletedLabels(
    labels: ReadonlyArray<{ id: string; project_id: string }>,
    now: string,
    by: { organizationId: string; userId: string; dialect: Dialect; newId: () => string },
  ): Promise<WorkflowHistoryRow[]> {
    const byProject = new Map<string, string[]>();
    for (const l of labels) byProject.set(l.project_id, [...(byProject.get(l.project_id) ?? []), l.id]);
    const steps: WorkflowHistoryRow[] = [];
    for (const [projectId, ids] of byProject)
      for (const part of chunks(ids, LOOKUP_CHUNK)) {
        let find = this.db
          .selectFrom('project_data_rows')
          .select(['data_row_id', 'workflow_status', 'workflow_label_id'])
          .where('project_id', '=', projectId)
          .where('workflow_label_id', 'in', part);
        if (by.dialect === 'postgres') find = find.forUpdate();
        const rows = await find.execute();
        if (rows.length === 0) continue;
        await this.db
          .updateTable('project_data_rows')
          .set({
            workflow_status: 'TO_LABEL',
            workflow_label_id: null,
            workflow_user_id: null,
            workflow_updated_at: now,
          })
          .where('project_id', '=', projectId)
          .where('workflow_label_id', 'in', part)
          .execute();
        for (const r of rows)
          steps.push({
            id: by.newId(),
            organization_id: by.organizationId,
            project_id: projectId,
            data_row_id: r.data_row_id,
            action: 'REQUEUED',
            from_status: r.workflow_status!,
            to_status: 'TO_LABEL',
            user_id: by.userId,
            label_id: r.workflow_label_id ?? null,
            review_id: null,
            created_at: now,
          });
      }
    await this.addHistory(steps);
    return steps;
  }

  async labelCount(projectId: string, dataRowId: string): Promise<number> {
    const row = await this.db
      .selectFrom('labels')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('project_id', '=', projectId)
      .where('data_row_id', '=', dataRowId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async addSkip(
    projectId: string,
    dataRowId: string,
    userId: string,
    reason: string | null,
    now: string,
  ): Promise<void> {
    await this.db
      .insertInto('queue_skips')
      .values({ project_id: projectId, data_row_id: dataRowId, user_id: userId, reason, created_at: now })
      .onConflict((oc) => oc.columns(['project_id', 'data_row_id', 'user_id']).doUpdateSet({ reason }))
      .execute();
    await this.db
      .updateTable('project_data_rows')
      .set((eb) => ({ skip_count: eb('skip_count', '+', 1), workflow_updated_at: now }))
      .where('project_id', '=', projectId)
      .where('data_row_id', '=', dataRowId)
      .execute();
  }

  async addHistory(rows: readonly WorkflowHistoryRow[]): Promise<void> {
    for (const part of chunks(rows, 2_000))
      if (part.length > 0) await this.db.insertInto('workflow_history').values(part).execute();
  }

  /** The row's latest workflow step, if any. */
  lastStep(projectId: string, dataRowId: string): Promise<WorkflowHistoryRow | undefined> {
    return this.db
      .selectFrom('workflow_history')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('data_row_id', '=', dataRowId)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /** History of rows in a project, oldest first (ids are time-sortable). */
  async history(projectId: string, dataRowIds: readonly string[]): Promise<WorkflowHistoryRow[]> {
    const out: WorkflowHistoryRow[] = [];
    for (const part of chunks(dataRowIds, LOOKUP_CHUNK)) {
      out.push(
        ...(await this.db
          .selectFrom('workflow_history')
          .selectAll()
          .where('project_id', '=', projectId)
          .where('data_row_id', 'in', part)
          .orderBy('id')
          .execute()),
      );
    }
    return out;
  }

  /** Rows per workflow status, rows with a Skipped label, rows with a submitted label, all rows of the project. */
  async counts(projectId: string): Promise<{
    byStatus: Map<string, number>;
    skipped: number;
    labeled: number;
    total: number;
  }> {
    const byStatus = new Map<string, number>();
    const rows = await this.db
      .selectFrom('project_data_rows')
      .select(['workflow_status', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('project_id', '=', projectId)
      .groupBy('workflow_status')
      .execute();
    let total = 0;
    for (const r of rows) {
      byStatus.set(r.workflow_status!, Number(r.n));
      total += Number(r.n);
    }
    // Labelbox's meanings: Skipped counts rows with a Skipped label, Labeled rows with a submitted one.
    const withLabel = (skipped: boolean) =>
      this.db
        .selectFrom('project_data_rows as pdr')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('pdr.project_id', '=', projectId)
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('labels as l')
              .select('l.id')
              .whereRef('l.project_id', '=', 'pdr.project_id')
              .whereRef('l.data_row_id', '=', 'pdr.data_row_id')
              .where('l.type', skipped ? '=' : '<>', 'SKIPPED'),
          ),
        )
        .executeTakeFirstOrThrow();
    const skipped = await withLabel(true);
    const labeled = await withLabel(false);
    return { byStatus, skipped: Number(skipped.n), labeled: Number(labeled.n), total };
  }

  /** The project's three task queues, created on first use with ids that then never change. */
  async taskQueues(
    organizationId: string,
    projectId: string,
    newId: () => string,
    now: string,
  ): Promise<TaskQueueRow[]> {
    const existing = await this.db
      .selectFrom('task_queues')
      .selectAll()
      .where('project_id', '=', projectId)
      .orderBy('position')
      .execute();
    if (existing.length === TASK_QUEUES.length) return existing;
    await this.db
      .insertInto('task_queues')
      .values(
        TASK_QUEUES.map((q, position) => ({
          id: newId(),
          organization_id: organizationId,
          project_id: projectId,
          queue_type: q.queueType,
          name: q.name,
          description: q.description,
          position,
          created_at: now,
        })),
      )
      .onConflict((oc) => oc.columns(['project_id', 'queue_type']).doNothing())
      .execute();
    return this.db
      .selectFrom('task_queues')
      .selectAll()
      .where('project_id', '=', projectId)
      .orderBy('position')
      .execute();
  }

  setReviewStep(projectId: string, enabled: boolean): Promise<unknown> {
    return this.db
      .updateTable('projects')
      .set({ review_step: enabled ? 1 : 0 })
      .where('id', '=', projectId)
      .execute();
  }

  async reviewStep(projectId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('projects')
      .select('review_step')
      .where('id', '=', projectId)
      .executeTakeFirst();
    return row?.review_step !== 0;
  }
}
