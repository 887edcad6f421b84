import { sql, type RawBuilder } from 'kysely';
import type { Db, Dialect, QueueReservationTable } from '../db/database.ts';

export type ReservationRow = QueueReservationTable;
export type QueueType = 'LabelingQueue' | 'ReviewQueue';
export type WorkflowStatus = 'TO_LABEL' | 'IN_REVIEW' | 'IN_REWORK' | 'DONE';

/** A user holds at most this many live reservations per project and queue: the current row and the next one. */
export const MAX_HELD = 2;
/** Candidates a PostgreSQL reservation re-checks before it gives up for this call (each a row someone just took). */
const MAX_ATTEMPTS = 8;

export type ReserveRequest = {
  id: string;
  organizationId: string;
  projectId: string;
  userId: string;
  queueType: QueueType;
  now: string;
  expiresAt: string;
};

/** Which rows a reservation may take: rework for its author, fresh rows, or rows to review. */
type Pick = 'rework' | 'fresh' | 'review';

/**
 * Reservations of the labeling queue (docs/queue.md). A live reservation is ACTIVE with `expires_at` in the future;
 * an expired one is simply ignored by every statement, so no sweeper is needed for correctness.
 *
 * Atomicity: on SQLite each reservation is ONE `INSERT … SELECT … RETURNING` (SQLite runs one writer at a time, so
 * the statement's checks and its insert see the same database). On PostgreSQL it is a transaction that serializes
 * the user's own calls with an advisory lock, locks its candidate row `FOR UPDATE SKIP LOCKED` (concurrent callers
 * take different rows without waiting) and re-checks the row's holders in a fresh statement after the lock (READ
 * COMMITTED gives each statement a new snapshot, so a reservation committed meanwhile is seen).
 */
export class QueueRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {}

  with(trx: Db): QueueRepository {
    return new QueueRepository(trx, this.dialect);
  }

  find(organizationId: string, id: string): Promise<ReservationRow | undefined> {
    return this.db
      .selectFrom('queue_reservations')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** The user's live reservations in a project queue, oldest first. */
  held(projectId: string, userId: string, queueType: QueueType, now: string): Promise<ReservationRow[]> {
    return this.db
      .selectFrom('queue_reservations')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('user_id', '=', userId)
      .where('queue_type', '=', queueType)
      .where('status', '=', 'ACTIVE')
      .where('expires_at', '>', now)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  /**
   * Reserves the next row for the user (rework first in LabelingQueue), or returns undefined when nothing is left
   * for them or they already hold MAX_HELD. Never hands out a row another live reservation holds beyond what its
   * consensus count allows, a row the user holds, labeled or skipped, or (ReviewQueue) a label of their own.
   */
  async reserve(req: ReserveRequest): Promise<ReservationRow | undefined> {
    const picks: Pick[] = req.queueType === 'ReviewQueue' ? ['review'] : ['rework', 'fresh'];
    if (this.dialect === 'sqlite') {
      for (const pick of picks) {
        const row = await this.reserveSqlite(req, pick);
        if (row) return row;
      }
      return undefined;
    }
    return this.db.transaction().execute(async (trx) => {
      const repo = this.with(trx);
      // One reservation call per user and queue at a time: the MAX_HELD check cannot race with itself.
      await sql`select pg_advisory_xact_lock(hashtext(${`queue:${req.projectId}:${req.userId}:${req.queueType}`}))`.execute(
        trx,
      );
      if ((await repo.held(req.projectId, req.userId, req.queueType, req.now)).length >= MAX_HELD)
        return undefined;
      for (const pick of picks) {
        const row = await repo.reservePostgres(req, pick);
        if (row) return row;
      }
      return undefined;
    });
  }

  private async reserveSqlite(req: ReserveRequest, pick: Pick): Promise<ReservationRow | undefined> {
    const result = await sql<ReservationRow>`
      insert into queue_reservations
        (id, organization_id, project_id, data_row_id, user_id, queue_type, row_status, label_id, status,
         created_at, expires_at, finished_at, result_id)
      select ${req.id}, ${req.organizationId}, pdr.project_id, pdr.data_row_id, ${req.userId}, ${req.queueType},
        pdr.workflow_status, pdr.workflow_label_id, 'ACTIVE', ${req.now}, ${req.expiresAt}, null, null
      from project_data_rows pdr
      where ${candidateWhere(req, pick)}
        and (select count(*) from queue_reservations h
             where h.project_id = ${req.projectId} and h.user_id = ${req.userId} and h.queue_type = ${req.queueType}
               and h.status = 'ACTIVE' and h.expires_at > ${req.now}) < ${MAX_HELD}
      order by pdr.priority, pdr.created_at, pdr.data_row_id
      limit 1
      returning *`.execute(this.db);
    return result.rows[0];
  }

  private async reservePostgres(req: ReserveRequest, pick: Pick): Promise<ReservationRow | undefined> {
    const tried: string[] = [];
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const skip = tried.length > 0 ? sql`and pdr.data_row_id not in (${sql.join(tried)})` : sql``;
      const candidate = (
        await sql<{ data_row_id: string; workflow_status: string; workflow_label_id: string | null }>`
          select pdr.data_row_id, pdr.workflow_status, pdr.workflow_label_id
          from project_data_rows pdr
          where ${candidateWhere(req, pick)} ${skip}
          order by pdr.priority, pdr.created_at, pdr.data_row_id
          limit 1
          for update of pdr skip locked`.execute(this.db)
      ).rows[0];
      if (!candidate) return undefined;
      // The row is locked now; a fresh statement sees reservations committed since the scan began.
      const still = (
        await sql<{ ok: number }>`
          select 1 as ok from project_data_rows pdr
          where ${candidateWhere(req, pick)} and pdr.data_row_id = ${candidate.data_row_id}`.execute(this.db)
      ).rows[0];
      if (!still) {
        tried.push(candidate.data_row_id);
        continue;
      }
      const row: ReservationRow = {
        id: req.id,
        organization_id: req.organizationId,
        project_id: req.projectId,
        data_row_id: candidate.data_row_id,
        user_id: req.userId,
        queue_type: req.queueType,
        row_status: candidate.workflow_status,
        label_id: candidate.workflow_label_id,
        status: 'ACTIVE',
        created_at: req.now,
        expires_at: req.expiresAt,
        finished_at: null,
        result_id: null,
      };
      await this.db.insertInto('queue_reservations').values(row).execute();
      return row;
    }
    return undefined;
  }

  /**
   * Ends a live reservation of the user (ACTIVE and not expired) with `status`; false when it was not live. The
   * conditional UPDATE is what makes two racing submissions of one reservation produce one result.
   */
  async finish(
    id: string,
    userId: string,
    status: 'RELEASED' | 'SKIPPED' | 'SUBMITTED' | 'REVIEWED',
    now: string,
    resultId: string | null = null,
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('queue_reservations')
      .set({ status, finished_at: now, result_id: resultId })
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .where('status', '=', 'ACTIVE')
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** `extendReservations`: the user's live reservations in the queue last `expiresAt` from now; returns how many. */
  async extend(
    projectId: string,
    userId: string,
    queueType: QueueType,
    now: string,
    expiresAt: string,
  ): Promise<number> {
    const result = await this.db
      .updateTable('queue_reservations')
      .set({ expires_at: expiresAt })
      .where('project_id', '=', projectId)
      .where('user_id', '=', userId)
      .where('queue_type', '=', queueType)
      .where('status', '=', 'ACTIVE')
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** The row's MAL predictions (pre-label documents as stored), oldest import first. */
  async prelabels(projectId: string, dataRowId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('prelabels')
      .select('content')
      .where('project_id', '=', projectId)
      .where('data_row_id', '=', dataRowId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => r.content);
  }

  /** Ends every live reservation of these rows (they moved to another queue or left the project). */
  async releaseRows(projectId: string, dataRowIds: readonly string[], now: string): Promise<void> {
    if (dataRowIds.length === 0) return;
    await this.db
      .updateTable('queue_reservations')
      .set({ status: 'RELEASED', finished_at: now })
      .where('project_id', '=', projectId)
      .where('data_row_id', 'in', dataRowIds)
      .where('status', '=', 'ACTIVE')
      .execute();
  }
}

/**
 * The rows a reservation may take (alias `pdr`), shared by both dialects' statements and the benchmark's baseline.
 * Holders are counted from live reservations; a row needs `labels_needed` labels (consensus) from different users.
 */
export function candidateWhere(req: ReserveRequest, pick: Pick): RawBuilder<unknown> {
  const liveOnRow = (who: RawBuilder<unknown>) => sql`
    select count(*) from queue_reservations r
    where r.project_id = pdr.project_id and r.data_row_id = pdr.data_row_id
      and r.status = 'ACTIVE' and r.expires_at > ${req.now} ${who}`;
  const mine = sql`and r.user_id = ${req.userId}`;
  const labeledByMe = sql`exists (select 1 from labels l where l.project_id = pdr.project_id
      and l.data_row_id = pdr.data_row_id and l.created_by = ${req.userId})`;
  const base = sql`pdr.project_id = ${req.projectId}`;
  switch (pick) {
    case 'rework':
      return sql`${base} and pdr.workflow_status = 'IN_REWORK' and pdr.workflow_user_id = ${req.userId}
        and (${liveOnRow(sql``)}) = 0`;
    case 'review':
      return sql`${base} and pdr.workflow_status = 'IN_REVIEW'
        and (pdr.workflow_user_id is null or pdr.workflow_user_id <> ${req.userId})
        and not ${labeledByMe}
        and (${liveOnRow(sql``)}) = 0`;
    case 'fresh':
      // The cheapest test that rejects a row first: rows held by others sit at the head of the queue, and the
      // scan passes over all of them (SQLite evaluates these terms in order).
      return sql`${base} and pdr.workflow_status = 'TO_LABEL'
        and (${liveOnRow(sql``)}) + (select count(*) from labels l where l.project_id = pdr.project_id
          and l.data_row_id = pdr.data_row_id) < pdr.labels_needed
        and not exists (select 1 from queue_skips s where s.project_id = pdr.project_id
          and s.data_row_id = pdr.data_row_id and s.user_id = ${req.userId})
        and not ${labeledByMe}
        and (${liveOnRow(mine)}) = 0`;
  }
}
