import type { Actor } from '../auth/actor.ts';
import { notFound } from '../errors.ts';
import type { JobContext, JobOutcome } from '../jobs/job-queue.ts';
import { DataRowRepository } from '../repositories/data-row.repository.ts';
import { nowIso } from '../time.ts';
import { globalKeyProblem } from './data-row-descriptor.parser.ts';
import type { ServiceDeps } from './index.ts';

/** Job types of the three global-key operations (Labelbox runs them as jobs the SDK polls). */
export const GLOBAL_KEY_JOBS = {
  lookup: 'data-rows-for-global-keys',
  assign: 'assign-global-keys',
  clear: 'clear-global-keys',
} as const;
export type GlobalKeyJobKind = keyof typeof GLOBAL_KEY_JOBS;

export type Assignment = { dataRowId: string; globalKey: string };
export type LookupData = {
  fetchedDataRows: Array<{ id: string; globalKey: string | null }>;
  notFoundGlobalKeys: string[];
  accessDeniedGlobalKeys: string[];
};
export type AssignData = {
  sanitizedAssignments: Assignment[];
  invalidGlobalKeyAssignments: Assignment[];
  unmodifiedAssignments: Assignment[];
  accessDeniedAssignments: Assignment[];
};
export type ClearData = {
  clearedGlobalKeys: string[];
  failedToClearGlobalKeys: string[];
  notFoundGlobalKeys: string[];
  accessDeniedGlobalKeys: string[];
};
export type JobResult<T> = { jobStatus: 'IN_PROGRESS' | 'COMPLETE' | 'FAILED'; data: T | null };

const STATUS = { QUEUED: 'IN_PROGRESS', RUNNING: 'IN_PROGRESS', DONE: 'COMPLETE', FAILED: 'FAILED' } as const;

/**
 * Global keys: lookup, assignment and clearing. Each call is a job, finished inside the request when small, so the
 * SDK's first poll already sees COMPLETE. Another organization's rows and keys behave as absent.
 */
export class GlobalKeyService {
  private readonly rows: DataRowRepository;

  constructor(private readonly deps: ServiceDeps) {
    this.rows = new DataRowRepository(deps.db, deps.dialect);
  }

  async start(actor: Actor, kind: GlobalKeyJobKind, payload: string[] | Assignment[]): Promise<string> {
    const job = await this.deps.jobs.enqueue(actor, {
      type: GLOBAL_KEY_JOBS[kind],
      name: `Global keys: ${kind}`,
      payload,
    });
    if (payload.length <= this.deps.config.inlineJobMaxItems) await this.deps.jobs.runNow(job.id);
    return job.id;
  }

  async result<T>(actor: Actor, kind: GlobalKeyJobKind, jobId: string): Promise<JobResult<T>> {
    const job = await this.deps.jobs.get(actor.organizationId, jobId);
    if (!job || job.type !== GLOBAL_KEY_JOBS[kind]) throw notFound('Job', jobId);
    const status = STATUS[job.status as keyof typeof STATUS] ?? 'IN_PROGRESS';
    const data =
      status === 'COMPLETE' && job.result ? ((JSON.parse(job.result) as { data: T }).data ?? null) : null;
    return { jobStatus: status, data };
  }

  /** The job handler for one kind: runs the operation as the job's creator and stores its data on the job. */
  handler(kind: GlobalKeyJobKind) {
    return async (ctx: JobContext): Promise<JobOutcome> => {
      const actor: Actor = {
        organizationId: ctx.job.organization_id,
        userId: ctx.job.created_by,
        role: 'ADMIN',
        email: '',
      };
      const data =
        kind === 'lookup'
          ? await this.lookup(actor, ctx.payload as string[])
          : kind === 'assign'
            ? await this.assign(actor, ctx.payload as Assignment[])
            : await this.clear(actor, ctx.payload as string[]);
      return { result: { data } };
    };
  }

  /** One fetched entry per input key, positionally; `{id: ""}` where nothing matched. */
  async lookup(actor: Actor, keys: readonly string[]): Promise<LookupData> {
    const ids = await this.rows.idsByGlobalKeys(actor.organizationId, keys);
    const notFoundGlobalKeys: string[] = [];
    const fetchedDataRows = keys.map((key) => {
      const id = ids.get(key);
      if (id === undefined) notFoundGlobalKeys.push(key);
      return { id: id ?? '', globalKey: id === undefined ? null : key };
    });
    return { fetchedDataRows, notFoundGlobalKeys, accessDeniedGlobalKeys: [] };
  }

  /**
   * Assigns keys. Invalid: a malformed key (over 200 characters, whitespace at an end or doubled), a key or row
   * already named earlier in the request (the first wins), a row that does not exist, a key another row keeps.
   * Nothing is sanitized, so valid assignments are reported as unmodified.
   */
  async assign(actor: Actor, inputs: readonly Assignment[]): Promise<AssignData> {
    const invalid: Assignment[] = [];
    const candidates: Assignment[] = [];
    const keys = new Set<string>();
    const rowIds = new Set<string>();
    for (const a of inputs) {
      if (globalKeyProblem(a.globalKey) !== null || keys.has(a.globalKey) || rowIds.has(a.dataRowId))
        invalid.push(a);
      else {
        candidates.push(a);
        keys.add(a.globalKey);
        rowIds.add(a.dataRowId);
      }
    }
    const rows = new Map(
      (
        await this.rows.findByIds(
          actor.organizationId,
          candidates.map((c) => c.dataRowId),
        )
      ).map((r) => [r.id, r]),
    );
    const owners = await this.rows.idsByGlobalKeys(
      actor.organizationId,
      candidates.map((c) => c.globalKey),
    );
    // A key held by a row that gets another key in this request is free (keys may move, even in cycles): start
    // from every candidate whose row exists and drop, until stable, those whose key stays with a row that keeps it.
    const ok = new Set(candidates.filter((c) => rows.has(c.dataRowId)).map((c) => c.dataRowId));
    for (let changed = true; changed;) {
      changed = false;
      for (const c of candidates) {
        const owner = owners.get(c.globalKey);
        if (ok.has(c.dataRowId) && owner !== undefined && owner !== c.dataRowId && !ok.has(owner)) {
          ok.delete(c.dataRowId);
          changed = true;
        }
      }
    }
    const valid: Assignment[] = [];
    for (const c of candidates) (ok.has(c.dataRowId) ? valid : invalid).push(c);
    const changes = valid.filter((v) => rows.get(v.dataRowId)!.global_key !== v.globalKey);
    if (changes.length > 0) {
      await this.deps.db.transaction().execute(async (trx) => {
        await this.rows.with(trx).setGlobalKeys(
          actor.organizationId,
          changes.map((c) => ({ id: c.dataRowId, globalKey: c.globalKey })),
          nowIso(),
        );
      });
    }
    const order = new Map(inputs.map((a, i) => [a, i]));
    invalid.sort((a, b) => order.get(a)! - order.get(b)!);
    return {
      sanitizedAssignments: [],
      invalidGlobalKeyAssignments: invalid,
      unmodifiedAssignments: valid,
      accessDeniedAssignments: [],
    };
  }

  async clear(actor: Actor, keys: readonly string[]): Promise<ClearData> {
    const unique = [...new Set(keys)];
    const ids = await this.rows.idsByGlobalKeys(actor.organizationId, unique);
    const cleared = unique.filter((k) => ids.has(k));
    if (cleared.length > 0) {
      await this.deps.db.transaction().execute(async (trx) => {
        await this.rows.with(trx).setGlobalKeys(
          actor.organizationId,
          cleared.map((k) => ({ id: ids.get(k)!, globalKey: null })),
          nowIso(),
        );
      });
    }
    return {
      clearedGlobalKeys: cleared,
      failedToClearGlobalKeys: [],
      notFoundGlobalKeys: unique.filter((k) => !ids.has(k)),
      accessDeniedGlobalKeys: [],
    };
  }
}
