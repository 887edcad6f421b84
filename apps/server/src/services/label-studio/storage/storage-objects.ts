/**
 * Objects of an import storage as tasks name them: Label Studio keeps `s3://bucket/key` in task data; the data row
 * (what the Labelbox face's `rowData` and the web editor load) gets the URL this server serves the object at.
 */

import { taskTag } from '../task-tag.ts';

/** The object a task was made from, carried beside the task through the import (never serialised). */
export type StorageObject = { storage: number; bucket: string; key: string };

const fromStorage = taskTag<StorageObject>('storage object');

export const tagStorageObject = fromStorage.set;
export const storageObjectOf = fromStorage.of;

export const s3Url = (bucket: string, key: string) => `s3://${bucket}/${key}`;

/** Where this server serves an object of an S3 import storage (to callers who may read its project). */
export const servedObjectUrl = (storage: number, key: string) =>
  `/data/storage/s3/${storage}?key=${encodeURIComponent(key)}`;

/** `s3://bucket/key` → its parts (undefined for anything else). */
export function parseS3Url(url: string): { bucket: string; key: string } | undefined {
  const m = /^s3:\/\/([^/]+)\/(.+)$/s.exec(url);
  return m ? { bucket: m[1]!, key: m[2]! } : undefined;
}

/** A task's main data value as its data row keeps it: an `s3://` URL of the storage's bucket becomes served. */
export function servedRowData(value: string, object: StorageObject | undefined): string {
  if (!object) return value;
  const url = parseS3Url(value);
  return url && url.bucket === object.bucket ? servedObjectUrl(object.storage, url.key) : value;
}

/**
 * `resolve_uri=true` (task lists): each top-level `s3://` value of a bucket the project has a storage for becomes
 * Label Studio's proxy URL, `/tasks/<id>/presign/?fileuri=<base64url of the s3:// URL>`, served to the project's users.
 */
export function resolveStorageUrls(
  taskLsId: number,
  data: Record<string, unknown>,
  buckets: ReadonlySet<string>,
): Record<string, unknown> {
  if (buckets.size === 0) return data;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    const url = typeof v === 'string' ? parseS3Url(v) : undefined;
    out[k] =
      url && buckets.has(url.bucket)
        ? `/tasks/${taskLsId}/presign/?fileuri=${Buffer.from(v as string).toString('base64url')}`
        : v;
  }
  return out;
}
