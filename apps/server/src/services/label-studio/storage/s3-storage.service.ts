import type { Actor } from '../../../auth/actor.ts';
import type { Db } from '../../../db/database.ts';
import { AppError, notFound } from '../../../errors.ts';
import type { GuardOptions } from '../../../http/url-guard.ts';
import type { JobQueue } from '../../../jobs/job-queue.ts';
import { LabelStudioRepository, type LsRef } from '../../../repositories/label-studio.repository.ts';
import { LabelStudioSourceRepository } from '../../../repositories/label-studio-sources.repository.ts';
import { newId } from '../../../ids.ts';
import { nowIso } from '../../../time.ts';
import type { LabelStudioProjectService, LsProject } from '../project.service.ts';
import { lsValidation } from '../project.service.ts';
import { BucketError, S3Bucket, type ObjectDownload } from './s3-bucket.ts';
import {
  INITIAL_STATE,
  readS3Body,
  s3StorageJson,
  type S3Secrets,
  type S3Settings,
  type SyncState,
} from './s3-settings.ts';
import { SecretBox } from './secrets.ts';

export const LS_STORAGE_SYNC_JOB = 'label-studio-storage-sync';
export type StorageSyncPayload = { storage: number };

/** What a storage's `ls_refs.data` holds: its settings, its credentials sealed (secrets.ts) and its sync state. */
type StoredStorage = { settings: S3Settings; secrets: string | null; state: SyncState };

/** A storage as the service hands it around. */
export type S3Storage = {
  ref: LsRef;
  project: LsProject;
  settings: S3Settings;
  secrets: S3Secrets;
  state: SyncState;
};

const NO_SECRETS: S3Secrets = {
  aws_access_key_id: null,
  aws_secret_access_key: null,
  aws_session_token: null,
};
/** The most storages one project may have. */
export const MAX_STORAGES_PER_PROJECT = 100;
/** The longest object key S3 allows. */
const MAX_KEY = 1_024;

/**
 * Label Studio's S3 import storages (`/api/storages/s3/`): a bucket and prefix connected to a project, synced into
 * tasks by a durable job (s3-sync.ts). Records are `ls_refs` of kind `storage_s3`; credentials are sealed at rest
 * and never answered. Access: the routes' table (reads `read`, writes `manage`); every lookup is scoped to the
 * caller's organization and to projects they may see.
 */
export class LabelStudioS3StorageService {
  private readonly repo: LabelStudioRepository;
  private readonly sources: LabelStudioSourceRepository;
  private readonly box: SecretBox;

  constructor(
    db: Db,
    private readonly projects: LabelStudioProjectService,
    private readonly jobs: JobQueue,
    secretKey: Buffer,
    readonly guard: GuardOptions,
  ) {
    this.repo = new LabelStudioRepository(db);
    this.sources = new LabelStudioSourceRepository(db);
    this.box = new SecretBox(secretKey);
  }

  json(storage: S3Storage) {
    return s3StorageJson(
      storage.ref.ls_id,
      storage.project.lsId,
      storage.ref.created_at,
      storage.settings,
      storage.state,
    );
  }

  /** The storages of a project, oldest first. */
  async list(actor: Actor, project: LsProject): Promise<S3Storage[]> {
    const refs = await this.sources.storagesOf('storage_s3', [project.row.id]);
    return Promise.all(refs.map((ref) => this.reconciled(actor, this.assemble(ref, project))));
  }

  /** Creates a storage after checking that its bucket can be listed (Label Studio validates on create too). */
  async create(actor: Actor, project: LsProject, body: Record<string, unknown>): Promise<S3Storage> {
    const { settings, secrets } = readS3Body(body);
    if ((await this.sources.storagesOf('storage_s3', [project.row.id])).length >= MAX_STORAGES_PER_PROJECT)
      throw lsValidation('project', `A project has at most ${MAX_STORAGES_PER_PROJECT} storages.`);
    await this.check(settings, secrets);
    const refId = newId();
    const stored: StoredStorage = { settings, secrets: this.seal(secrets), state: INITIAL_STATE };
    const ids = await this.repo.insert([
      {
        kind: 'storage_s3',
        ref_id: refId,
        organization_id: actor.organizationId,
        project_id: project.row.id,
        data: JSON.stringify(stored),
        created_at: nowIso(),
      },
    ]);
    return this.get(actor, ids.get(refId)!);
  }

  /** `validate`: the body's settings (merged over storage `id`'s when given) can list the bucket, else a 400. */
  async validate(actor: Actor, body: Record<string, unknown>, id: number | undefined): Promise<void> {
    const before = id === undefined ? undefined : await this.get(actor, id);
    const { settings, secrets } = readS3Body(body, before);
    await this.check(settings, secrets);
  }

  async get(actor: Actor, lsId: number): Promise<S3Storage> {
    const ref = await this.repo.findByLsId(actor.organizationId, 'storage_s3', lsId);
    if (!ref) throw notFound('Storage', String(lsId));
    const project = await this.projects.ofProject(actor, ref.project_id).catch(() => undefined);
    if (!project) throw notFound('Storage', String(lsId));
    return this.reconciled(actor, this.assemble(ref, project));
  }

  /**
   * A storage whose sync job ended without saying so (its handler failed outside the sync, or the job was removed)
   * is `failed`, as Label Studio's `ensure_storage_statuses` does, so it can be synced again. A job whose worker
   * died is not ended: it is taken again by another worker once its lease expires, and resumes.
   */
  private async reconciled(actor: Actor, storage: S3Storage): Promise<S3Storage> {
    const running = (s: S3Storage) => s.state.status === 'queued' || s.state.status === 'in_progress';
    if (!running(storage)) return storage;
    const id = storage.state.last_sync_job;
    const job = id ? await this.jobs.get(actor.organizationId, id) : undefined;
    if (job && job.status !== 'DONE' && job.status !== 'FAILED') return storage;
    // Read again after the job: a sync writes its outcome before its job ends, so this sees it if there was one.
    const fresh = await this.repo.findByLsId(actor.organizationId, 'storage_s3', storage.ref.ls_id);
    if (!fresh) return storage;
    const now = this.assemble(fresh, storage.project);
    if (!running(now) || now.state.last_sync_job !== id) return now;
    const change = {
      status: 'failed',
      traceback: 'The sync job ended without finishing; sync again.',
    } as const;
    await this.setState(fresh, change);
    return { ...now, state: { ...now.state, ...change } };
  }

  /** `PATCH`: absent fields keep their values; the merged settings must list the bucket. */
  async update(actor: Actor, lsId: number, body: Record<string, unknown>): Promise<S3Storage> {
    const before = await this.get(actor, lsId);
    if (body.project !== undefined && body.project !== null && Number(body.project) !== before.project.lsId)
      throw lsValidation('project', 'A storage stays in the project it was made in.');
    const { settings, secrets } = readS3Body(body, before);
    await this.check(settings, secrets);
    // The state as it is now (a sync may have moved it meanwhile), not as it was read.
    const fresh = await this.repo.findByLsId(actor.organizationId, 'storage_s3', lsId);
    const state = fresh ? (JSON.parse(fresh.data ?? '{}') as StoredStorage).state : before.state;
    await this.write(before.ref, { settings, secrets: this.seal(secrets), state });
    return this.get(actor, lsId);
  }

  /** Deletes the storage and its links; the tasks it made stay, as in Label Studio. */
  async delete(actor: Actor, lsId: number): Promise<void> {
    const storage = await this.get(actor, lsId);
    await this.sources.deleteLinks(storage.project.row.id, lsId);
    await this.repo.deleteByLsIds([lsId]);
  }

  /**
   * `POST …/sync`: queues the sync job and answers the storage `queued` (a sync already queued or running is
   * answered as it is, not queued twice). The job runs in this process right away, or on any worker after a restart.
   */
  async sync(actor: Actor, lsId: number): Promise<S3Storage> {
    const storage = await this.get(actor, lsId);
    if (!storage.settings.synchronizable)
      throw lsValidation('synchronizable', `Storage ${lsId} is not synchronizable`);
    if (storage.state.status === 'queued' || storage.state.status === 'in_progress') return storage;
    await this.check(storage.settings, storage.secrets);
    const job = await this.jobs.enqueue(actor, {
      type: LS_STORAGE_SYNC_JOB,
      name: `Label Studio storage ${lsId} sync`,
      payload: { storage: lsId } satisfies StorageSyncPayload,
      maxAttempts: 1,
    });
    const queued = { status: 'queued', traceback: null, last_sync_job: job.id } as const;
    await this.setState(storage.ref, queued);
    this.jobs.runSoon(job.id);
    // Answered as queued, as Label Studio does (the job may already have started when the answer leaves).
    return { ...storage, state: { ...storage.state, ...queued } };
  }

  /** Changes the sync state (read again first: settings may have changed meanwhile). */
  async setState(ref: LsRef, change: Partial<SyncState>): Promise<void> {
    const fresh = await this.repo.findByLsId(ref.organization_id, 'storage_s3', ref.ls_id);
    if (!fresh) return;
    const stored = JSON.parse(fresh.data ?? '{}') as StoredStorage;
    await this.write(fresh, { ...stored, state: { ...INITIAL_STATE, ...stored.state, ...change } });
  }

  /** The storage's bucket client (the caller closes it). */
  open(storage: Pick<S3Storage, 'settings' | 'secrets'>): Promise<S3Bucket> {
    return S3Bucket.open(storage.settings, storage.secrets, this.guard);
  }

  /**
   * An object of the storage's bucket, for a caller who may read its project (`/data/storage/s3/<id>?key=`); a
   * missing key is a 404. `done` closes the bucket client once the body has been sent.
   */
  async object(
    actor: Actor,
    lsId: number,
    key: string,
    range?: string,
  ): Promise<{ download: ObjectDownload; done: () => void }> {
    if (key === '' || key.length > MAX_KEY) throw notFound('Object', key.slice(0, 100));
    const storage = await this.get(actor, lsId);
    const bucket = await this.open(storage);
    try {
      const download = await bucket.get(key, range);
      if (!download) throw notFound('Object', key);
      return { download, done: () => bucket.close() };
    } catch (error) {
      bucket.close();
      if (error instanceof BucketError)
        throw new AppError('RESOURCE_NOT_FOUND', `Object not readable: ${error.message}`);
      throw error;
    }
  }

  /** The buckets the project's storages read (to resolve `s3://` URLs in its tasks). */
  async bucketsOf(project: LsProject): Promise<Set<string>> {
    const refs = await this.sources.storagesOf('storage_s3', [project.row.id]);
    return new Set(refs.map((r) => this.assemble(r, project).settings.bucket));
  }

  /** The storage of the project whose bucket is this one (Label Studio resolves `s3://` URLs so), if any. */
  async forBucket(actor: Actor, project: LsProject, bucket: string): Promise<S3Storage | undefined> {
    const refs = await this.sources.storagesOf('storage_s3', [project.row.id]);
    return refs.map((r) => this.assemble(r, project)).find((s) => s.settings.bucket === bucket);
  }

  private async check(settings: S3Settings, secrets: S3Secrets): Promise<void> {
    let bucket: S3Bucket | undefined;
    try {
      bucket = await S3Bucket.open(settings, secrets, this.guard);
      await bucket.check();
    } catch (error) {
      if (error instanceof BucketError) throw lsValidation(error.field, error.message);
      throw error;
    } finally {
      bucket?.close();
    }
  }

  private assemble(ref: LsRef, project: LsProject): S3Storage {
    const stored = JSON.parse(ref.data ?? '{}') as StoredStorage;
    const opened = stored.secrets ? this.box.open(stored.secrets) : undefined;
    return {
      ref,
      project,
      settings: stored.settings,
      secrets: opened ? (JSON.parse(opened) as S3Secrets) : NO_SECRETS,
      state: { ...INITIAL_STATE, ...stored.state },
    };
  }

  private seal(secrets: S3Secrets): string | null {
    const any = Object.values(secrets).some((v) => v !== null);
    return any ? this.box.seal(JSON.stringify(secrets)) : null;
  }

  private async write(ref: LsRef, stored: StoredStorage): Promise<void> {
    await this.repo.updateData(ref.ls_id, JSON.stringify(stored));
  }
}
