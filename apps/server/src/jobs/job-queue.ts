import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { Actor } from '../auth/actor.ts';
import type { Db } from '../db/database.ts';
import { newId } from '../ids.ts';
import { JobRepository, type JobRow } from '../repositories/job.repository.ts';
import { nowIso } from '../time.ts';

export type JobOutcome = { status?: 'DONE' | 'FAILED'; result?: unknown; errors?: unknown };
export type JobContext = {
  job: JobRow;
  payload: unknown;
  /** Records progress (0–1) and extends the lease; call it every few seconds during long work. */
  progress: (fraction: number) => Promise<void>;
};
export type JobHandler = (ctx: JobContext) => Promise<JobOutcome>;

const LEASE_MS = 60_000;

export type EnqueueInput = {
  type: string;
  name: string;
  payload: unknown;
  idempotencyKey?: string | undefined;
  maxAttempts?: number;
};

/**
 * A durable queue in the jobs table. Work is enqueued and then either run right away in the request
 * (`runNow`, when it is small) or by the worker loop; either way a crash leaves the job RUNNING with an expiring
 * lease, and the next worker to look takes it again — so a job survives a restart. Handlers must be idempotent.
 */
export class JobQueue {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly repo: JobRepository;
  private readonly workerId = `${hostname()}:${process.pid}:${newId().slice(-6)}`;
  private timer: NodeJS.Timeout | undefined;
  private running = 0;
  private stopped = true;
  private readonly idle = new Set<() => void>();

  constructor(
    db: Db,
    private readonly logger: Logger,
    private readonly concurrency: number,
    private readonly pollMs = 500,
  ) {
    this.repo = new JobRepository(db);
  }

  register(type: string, handler: JobHandler): void {
    this.handlers.set(type, handler);
  }

  async enqueue(actor: Actor, input: EnqueueInput): Promise<JobRow> {
    if (input.idempotencyKey) {
      const existing = await this.repo.findByIdempotencyKey(
        actor.organizationId,
        input.type,
        input.idempotencyKey,
      );
      if (existing) return existing;
    }
    const now = nowIso();
    const row: JobRow = {
      id: newId(),
      organization_id: actor.organizationId,
      created_by: actor.userId,
      type: input.type,
      name: input.name,
      status: 'QUEUED',
      payload: JSON.stringify(input.payload ?? null),
      progress: 0,
      result: null,
      errors: null,
      attempts: 0,
      max_attempts: input.maxAttempts ?? 3,
      run_after: now,
      locked_by: null,
      locked_until: null,
      idempotency_key: input.idempotencyKey ?? null,
      created_at: now,
      updated_at: now,
      finished_at: null,
    };
    try {
      await this.repo.insert(row);
    } catch (error) {
      // A concurrent retry of the same request inserted it first.
      if (input.idempotencyKey) {
        const existing = await this.repo.findByIdempotencyKey(
          actor.organizationId,
          input.type,
          input.idempotencyKey,
        );
        if (existing) return existing;
      }
      throw error;
    }
    this.kick();
    return row;
  }

  /**
   * Starts a job in this process right away, without waiting for it (nor for the poll interval): for work a request
   * hands off but that should finish within milliseconds (small annotation imports). Errors are logged.
   */
  runSoon(id: string): void {
    this.execute(id).catch((error: unknown) =>
      this.logger.error({ err: error, jobId: id }, 'job run failed'),
    );
  }

  /** Runs a job in the caller's request if nobody has taken it; returns its row afterwards. */
  async runNow(id: string): Promise<JobRow | undefined> {
    await this.execute(id);
    return this.repo.findById(id);
  }

  /** The job enqueued earlier with this idempotency key, if any. */
  findByKey(organizationId: string, type: string, key: string): Promise<JobRow | undefined> {
    return this.repo.findByIdempotencyKey(organizationId, type, key);
  }

  get(organizationId: string, id: string): Promise<JobRow | undefined> {
    return this.repo.find(organizationId, id);
  }

  listByCreator(
    actor: Actor,
    userId: string,
    filter: { id?: string | undefined },
    page: { skip: number; first: number },
  ) {
    return this.repo.listByCreator(actor.organizationId, userId, filter, page);
  }

  start(): void {
    if (this.concurrency === 0 || !this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.running > 0) await new Promise<void>((resolve) => this.idle.add(resolve));
  }

  /** Resolves when no job is running in this process (tests use it). */
  async drain(): Promise<void> {
    for (;;) {
      const ids = await this.repo.due(nowIso(), 10);
      if (ids.length === 0 && this.running === 0) return;
      if (ids.length > 0) await Promise.all(ids.map((id) => this.execute(id)));
      else await new Promise<void>((resolve) => this.idle.add(resolve));
    }
  }

  private kick(): void {
    if (!this.stopped) this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.poll(), ms);
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    if (this.stopped) return;
    try {
      const free = this.concurrency - this.running;
      if (free > 0) {
        const ids = await this.repo.due(nowIso(), free);
        for (const id of ids) void this.execute(id);
      }
    } catch (error) {
      this.logger.error({ err: error }, 'job poll failed');
    }
    if (!this.stopped) this.schedule(this.pollMs);
  }

  private async execute(id: string): Promise<void> {
    const now = Date.now();
    const job = await this.repo.claim(
      id,
      this.workerId,
      new Date(now).toISOString(),
      new Date(now + LEASE_MS).toISOString(),
    );
    if (!job) return;
    this.running++;
    const handler = this.handlers.get(job.type);
    try {
      if (!handler) throw new Error(`No handler for job type ${job.type}`);
      const outcome = await handler({
        job,
        payload: JSON.parse(job.payload),
        progress: (fraction) =>
          this.repo.extendLease(
            job.id,
            this.workerId,
            new Date(Date.now() + LEASE_MS).toISOString(),
            fraction,
          ),
      });
      await this.repo.finish(job.id, this.workerId, {
        status: outcome.status ?? 'DONE',
        result: outcome.result === undefined ? null : JSON.stringify(outcome.result),
        errors: outcome.errors === undefined ? null : JSON.stringify(outcome.errors),
        now: nowIso(),
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error({ err: error, jobId: job.id, type: job.type }, 'job failed');
      if (job.attempts < job.max_attempts) {
        const backoff = 1000 * 2 ** job.attempts;
        await this.repo.retryLater(
          job.id,
          this.workerId,
          new Date(Date.now() + backoff).toISOString(),
          JSON.stringify([{ message }]),
          nowIso(),
        );
      } else {
        await this.repo.finish(job.id, this.workerId, {
          status: 'FAILED',
          result: null,
          errors: JSON.stringify([{ message }]),
          now: nowIso(),
        });
      }
    } finally {
      this.running--;
      if (this.running === 0) {
        for (const resolve of this.idle) resolve();
        this.idle.clear();
      }
    }
  }
}
