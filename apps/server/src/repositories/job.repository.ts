import type { Db, JobTable } from '../db/database.ts';

export type JobRow = JobTable;
export type JobStatus = 'QUEUED' | 'RUNNING' | 'DONE' | 'FAILED';

/** The durable job table: claims are conditional updates, so several workers (and processes) never share a job. */
export class JobRepository {
  constructor(private readonly db: Db) {}

  async insert(row: JobRow): Promise<void> {
    await this.db.insertInto('jobs').values(row).execute();
  }

  find(organizationId: string, id: string): Promise<JobRow | undefined> {
    return this.db
      .selectFrom('jobs')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  findById(id: string): Promise<JobRow | undefined> {
    return this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByIdempotencyKey(organizationId: string, type: string, key: string): Promise<JobRow | undefined> {
    return this.db
      .selectFrom('jobs')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('type', '=', type)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
  }

  listByCreator(
    organizationId: string,
    userId: string,
    filter: { id?: string | undefined },
    page: { skip: number; first: number },
  ): Promise<JobRow[]> {
    let q = this.db
      .selectFrom('jobs')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('created_by', '=', userId);
    if (filter.id !== undefined) q = q.where('id', '=', filter.id);
    return q.orderBy('id', 'desc').offset(page.skip).limit(page.first).execute();
  }

  /** Takes the job if it is still queued (or its lease ran out); returns it, or undefined if another worker won. */
  async claim(id: string, workerId: string, now: string, leaseUntil: string): Promise<JobRow | undefined> {
    return this.db
      .updateTable('jobs')
      .set((eb) => ({
        status: 'RUNNING',
        locked_by: workerId,
        locked_until: leaseUntil,
        attempts: eb('attempts', '+', 1),
        updated_at: now,
      }))
      .where('id', '=', id)
      .where((eb) =>
        eb.or([
          eb('status', '=', 'QUEUED'),
          eb.and([eb('status', '=', 'RUNNING'), eb('locked_until', '<', now)]),
        ]),
      )
      .returningAll()
      .executeTakeFirst();
  }

  /** Ids of jobs ready to run: queued and due, or running with an expired lease (their worker died). */
  async due(now: string, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('jobs')
      .select('id')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'QUEUED'), eb('run_after', '<=', now)]),
          eb.and([eb('status', '=', 'RUNNING'), eb('locked_until', '<', now)]),
        ]),
      )
      .orderBy('run_after')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  async extendLease(id: string, workerId: string, leaseUntil: string, progress?: number): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({ locked_until: leaseUntil, ...(progress === undefined ? {} : { progress }) })
      .where('id', '=', id)
      .where('locked_by', '=', workerId)
      .execute();
  }

  async finish(
    id: string,
    workerId: string,
    outcome: { status: 'DONE' | 'FAILED'; result: string | null; errors: string | null; now: string },
  ): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({
        status: outcome.status,
        result: outcome.result,
        errors: outcome.errors,
        progress: outcome.status === 'DONE' ? 1 : undefined,
        locked_by: null,
        locked_until: null,
        updated_at: outcome.now,
        finished_at: outcome.now,
      })
      .where('id', '=', id)
      .where('locked_by', '=', workerId)
      .execute();
  }

  async retryLater(
    id: string,
    workerId: string,
    runAfter: string,
    errors: string,
    now: string,
  ): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({
        status: 'QUEUED',
        run_after: runAfter,
        errors,
        locked_by: null,
        locked_until: null,
        updated_at: now,
      })
      .where('id', '=', id)
      .where('locked_by', '=', workerId)
      .execute();
  }
}
