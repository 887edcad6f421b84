import { dataKeysOf } from '@labelyard/schema';
import type { Actor } from '../../../auth/actor.ts';
import { AppError } from '../../../errors.ts';
import { newId } from '../../../ids.ts';
import type { JobContext, JobOutcome } from '../../../jobs/job-queue.ts';
import { LabelStudioSourceRepository } from '../../../repositories/label-studio-sources.repository.ts';
import type { Db } from '../../../db/database.ts';
import { nowIso } from '../../../time.ts';
import type { LabelStudioTaskService } from '../task.service.ts';
import { filterKeys, KeyFilterTimeout } from './key-filter.ts';
import { BucketError, LIST_PAGE, type ListedObject, type S3Bucket } from './s3-bucket.ts';
import type { LabelStudioS3StorageService, S3Storage, StorageSyncPayload } from './s3-storage.service.ts';
import { s3Url, tagStorageObject } from './storage-objects.ts';

/** The most new objects one sync run makes into tasks; a larger bucket is finished by the next sync. */
export const MAX_OBJECTS_PER_SYNC = 100_000;
/** The largest JSON task object read (`use_blob_urls: false`). */
export const MAX_JSON_OBJECT_BYTES = 16 * 1024 * 1024;
/** JSON read before its tasks are imported (one import, one transaction): memory stays bounded per import. */
const MAX_JSON_BYTES_PER_IMPORT = 64 * 1024 * 1024;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

async function* iterate<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

/**
 * The sync job, as Label Studio's `scan_and_create_links`: lists the bucket under the prefix a page at a time, keeps
 * the keys `regex_filter` matches that no task of this storage was made from yet, and imports their tasks through
 * the ordinary import (one transaction per page, links recorded in it, so a sync that stops resumes where it was
 * and a second sync adds only new objects). `use_blob_urls`: one task per object with `s3://bucket/key` under the
 * label config's first variable; otherwise each object is JSON holding a task or a list of tasks.
 */
export class LabelStudioS3SyncRunner {
  private readonly sources: LabelStudioSourceRepository;
  /** Keys listed per request (S3's maximum; tests lower it to see several pages). */
  pageSize = LIST_PAGE;

  constructor(
    db: Db,
    private readonly storages: LabelStudioS3StorageService,
    private readonly tasks: LabelStudioTaskService,
  ) {
    this.sources = new LabelStudioSourceRepository(db);
  }

  async run(job: JobContext): Promise<JobOutcome> {
    const { storage: lsId } = job.payload as StorageSyncPayload;
    const actor: Actor = {
      organizationId: job.job.organization_id,
      userId: job.job.created_by,
      role: 'ADMIN',
      email: '',
    };
    const storage = await this.storages.get(actor, lsId).catch(() => undefined);
    if (!storage) return { status: 'FAILED', errors: [{ message: 'storage deleted' }] };
    await this.storages.setState(storage.ref, { status: 'in_progress', traceback: null });
    let bucket: S3Bucket | undefined;
    try {
      bucket = await this.storages.open(storage);
      const outcome = await this.scan(actor, storage, bucket, () => job.progress(0));
      await this.storages.setState(storage.ref, {
        status: 'completed',
        last_sync: nowIso(),
        last_sync_count: outcome.created,
        traceback: null,
        meta: { objects: outcome.objects, tasks_existed: outcome.existed, more: outcome.more },
      });
      return { result: outcome };
    } catch (error) {
      const message = explain(error);
      await this.storages.setState(storage.ref, { status: 'failed', traceback: message });
      return { status: 'FAILED', errors: [{ message }] };
    } finally {
      bucket?.close();
    }
  }

  private async scan(actor: Actor, storage: S3Storage, bucket: S3Bucket, alive: () => Promise<void>) {
    const { project, settings } = storage;
    const lsId = storage.ref.ls_id;
    await this.sources.dropOrphanLinks(project.row.id, lsId);
    let created = 0;
    let objects = 0;
    let existed = 0;
    let token: string | undefined;
    do {
      const page = await bucket.listPage(token, this.pageSize);
      token = page.next;
      const matched = new Set(
        filterKeys(
          settings.regex_filter,
          page.objects.map((o) => o.key),
        ),
      );
      const wanted = page.objects.filter((o) => matched.has(o.key));
      const linked = await this.sources.linkedKeys(
        project.row.id,
        lsId,
        wanted.map((o) => o.key),
      );
      existed += linked.size;
      let fresh = wanted.filter((o) => !linked.has(o.key));
      if (objects + fresh.length > MAX_OBJECTS_PER_SYNC) {
        fresh = fresh.slice(0, MAX_OBJECTS_PER_SYNC - objects);
        token = undefined;
        objects += fresh.length;
        created += await this.importObjects(actor, storage, bucket, fresh, alive);
        return { created, objects, existed, more: true };
      }
      objects += fresh.length;
      created += await this.importObjects(actor, storage, bucket, fresh, alive);
      await alive();
    } while (token);
    return { created, objects, existed, more: false };
  }

  /** Makes these objects' tasks: one import per page (JSON objects: per 64 MB read). Returns the tasks made. */
  private async importObjects(
    actor: Actor,
    storage: S3Storage,
    bucket: S3Bucket,
    objects: readonly ListedObject[],
    alive: () => Promise<void>,
  ): Promise<number> {
    if (objects.length === 0) return 0;
    const { project, settings } = storage;
    const tag = (item: unknown, key: string) =>
      tagStorageObject(item, { storage: storage.ref.ls_id, bucket: settings.bucket, key });
    if (settings.use_blob_urls) {
      const dataKey = dataKeysOf(project.config)[0] ?? '$undefined$';
      return this.importItems(
        actor,
        storage,
        objects.map((o) => tag({ data: { [dataKey]: s3Url(settings.bucket, o.key) } }, o.key)),
      );
    }
    const keys = dataKeysOf(project.config);
    let made = 0;
    let items: unknown[] = [];
    let bytes = 0;
    for (const [i, o] of objects.entries()) {
      // Reading many objects takes a while: keep the job's lease.
      if (i > 0 && i % 100 === 0) await alive();
      const raw = await bucket.readSmall(o.key, MAX_JSON_OBJECT_BYTES);
      bytes += raw.length;
      for (const task of tasksOfJson(raw, s3Url(settings.bucket, o.key))) {
        const data = isRecord(task.data) ? task.data : task;
        for (const k of keys)
          if (!Object.hasOwn(data, k))
            throw new BucketError(
              'non_field_errors',
              `${s3Url(settings.bucket, o.key)}: "${k}" key is expected in task data`,
            );
        items.push(tag(task, o.key));
      }
      if (bytes >= MAX_JSON_BYTES_PER_IMPORT) {
        made += await this.importItems(actor, storage, items);
        await alive();
        items = [];
        bytes = 0;
      }
    }
    return made + (await this.importItems(actor, storage, items));
  }

  private async importItems(actor: Actor, storage: S3Storage, items: readonly unknown[]): Promise<number> {
    if (items.length === 0) return 0;
    // A fresh receipt key: a retried page is told apart by its links, not by its bytes.
    const hash = `storage:${storage.ref.ls_id}:${newId()}`;
    const result = await this.tasks.importTasks(actor, storage.project, {
      items: iterate(items),
      hash: () => hash,
      again: async () => ({ items: iterate(items), hash: () => hash }),
    });
    return result.taskIds.length;
  }
}

/** An object's tasks: one task object or a list of them. */
function tasksOfJson(raw: Buffer, url: string): Record<string, unknown>[] {
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch (error) {
    throw new BucketError('non_field_errors', `${url} is not valid JSON: ${(error as Error).message}`);
  }
  const list = Array.isArray(value) ? value : [value];
  if (!list.every(isRecord))
    throw new BucketError('non_field_errors', `${url} must hold a task object or a list of task objects`);
  return list;
}

/** A failed sync's `traceback`: what went wrong in a sentence (never a stack, never a credential). */
function explain(error: unknown): string {
  if (error instanceof BucketError || error instanceof KeyFilterTimeout) return error.message;
  if (error instanceof AppError) return `Tasks could not be imported: ${error.message}`;
  return `Sync failed: ${error instanceof Error ? error.message : String(error)}`;
}
