import { lsValidation } from '../project.service.ts';
import { compileKeyFilter } from './key-filter.ts';

/** What Label Studio's S3 import storage keeps besides its credentials (they are sealed apart: `S3Secrets`). */
export type S3Settings = {
  title: string | null;
  description: string | null;
  bucket: string;
  prefix: string | null;
  regex_filter: string | null;
  use_blob_urls: boolean;
  presign: boolean;
  /** Minutes. */
  presign_ttl: number;
  recursive_scan: boolean;
  aws_sse_kms_key_id: string | null;
  region_name: string | null;
  s3_endpoint: string | null;
  synchronizable: boolean;
};

export type S3Secrets = {
  aws_access_key_id: string | null;
  aws_secret_access_key: string | null;
  aws_session_token: string | null;
};

/** Label Studio's StorageStatus (`completed_with_errors` is not used here). */
export type StorageStatus = 'initialized' | 'queued' | 'in_progress' | 'failed' | 'completed';

export type SyncState = {
  status: StorageStatus;
  last_sync: string | null;
  last_sync_count: number | null;
  last_sync_job: string | null;
  traceback: string | null;
  meta: Record<string, unknown>;
};

export const INITIAL_STATE: SyncState = {
  status: 'initialized',
  last_sync: null,
  last_sync_count: null,
  last_sync_job: null,
  traceback: null,
  meta: {},
};

const DEFAULTS: Omit<S3Settings, 'bucket'> = {
  title: '',
  description: '',
  prefix: null,
  regex_filter: null,
  use_blob_urls: false,
  presign: true,
  presign_ttl: 1,
  recursive_scan: false,
  aws_sse_kms_key_id: null,
  region_name: null,
  s3_endpoint: null,
  synchronizable: true,
};

/** Caps on what a client chooses. */
export const LIMITS = {
  title: 256,
  description: 10_000,
  prefix: 1_024,
  regexFilter: 512,
  secret: 4_096,
  kmsKeyId: 2_048,
  endpoint: 2_048,
  /** Minutes: S3 signs URLs for at most 7 days. */
  presignTtl: 7 * 24 * 60,
} as const;

const BUCKET = /^[A-Za-z0-9._-]{1,255}$/;
const REGION = /^[a-z0-9-]{1,64}$/;

/** A field of the body: `undefined` when absent (kept on update), `null` when sent as null. */
type Read<T> = T | undefined;

function text(body: Record<string, unknown>, field: string, max: number): Read<string | null> {
  const v = body[field];
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (typeof v !== 'string') throw lsValidation(field, 'Not a valid string.');
  if (v.length > max) throw lsValidation(field, `Ensure this field has no more than ${max} characters.`);
  return v;
}

/** DRF's BooleanField: a boolean, or its usual spellings. */
function bool(body: Record<string, unknown>, field: string): Read<boolean> {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' || typeof v === 'number') {
    const s = String(v).trim().toLowerCase();
    if (['true', '1', 'yes', 'on', 't', 'y'].includes(s)) return true;
    if (['false', '0', 'no', 'off', 'f', 'n'].includes(s)) return false;
  }
  throw lsValidation(field, 'Must be a valid boolean.');
}

function endpoint(body: Record<string, unknown>): Read<string | null> {
  const v = text(body, 's3_endpoint', LIMITS.endpoint);
  if (v === undefined || v === null || v === '') return v === '' ? null : v;
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw lsValidation('s3_endpoint', 'Enter a valid URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw lsValidation('s3_endpoint', 'Only http and https endpoints are allowed.');
  if (url.username || url.password)
    throw lsValidation('s3_endpoint', 'Credentials go in aws_access_key_id and aws_secret_access_key.');
  return v;
}

/**
 * The settings and secrets a create, update or validate body names. On update (`before` given) an absent field keeps
 * its value; on create it takes Label Studio's default. Every error is a 400 naming its field.
 */
export function readS3Body(
  body: Record<string, unknown>,
  before?: { settings: S3Settings; secrets: S3Secrets },
): { settings: S3Settings; secrets: S3Secrets } {
  const base = before?.settings ?? { ...DEFAULTS, bucket: '' };
  const keep = <T>(v: Read<T>, old: T): T => (v === undefined ? old : v);
  const bucket = text(body, 'bucket', 255);
  const nextBucket = bucket === undefined ? base.bucket : (bucket ?? '');
  if (!nextBucket) throw lsValidation('bucket', 'This field is required.');
  if (!BUCKET.test(nextBucket)) throw lsValidation('bucket', 'Enter a valid bucket name.');
  const region = text(body, 'region_name', 64);
  if (region && !REGION.test(region)) throw lsValidation('region_name', 'Enter a valid AWS region name.');
  const regex = text(body, 'regex_filter', LIMITS.regexFilter);
  if (regex) {
    const compiled = compileKeyFilter(regex);
    if (typeof compiled === 'string') throw lsValidation('regex_filter', compiled);
  }
  const ttlRaw = body.presign_ttl;
  let presignTtl: number | undefined;
  if (ttlRaw !== undefined && ttlRaw !== null) {
    const n = typeof ttlRaw === 'string' && ttlRaw.trim() !== '' ? Number(ttlRaw) : ttlRaw;
    if (typeof n !== 'number' || !Number.isSafeInteger(n))
      throw lsValidation('presign_ttl', 'A valid integer is required.');
    if (n < 1 || n > LIMITS.presignTtl)
      throw lsValidation('presign_ttl', `Ensure this value is between 1 and ${LIMITS.presignTtl} (minutes).`);
    presignTtl = n;
  }
  const settings: S3Settings = {
    title: keep(text(body, 'title', LIMITS.title), base.title),
    description: keep(text(body, 'description', LIMITS.description), base.description),
    bucket: nextBucket,
    prefix: keep(text(body, 'prefix', LIMITS.prefix), base.prefix),
    regex_filter: keep(regex, base.regex_filter),
    use_blob_urls: keep(bool(body, 'use_blob_urls'), base.use_blob_urls),
    presign: keep(bool(body, 'presign'), base.presign),
    presign_ttl: keep(presignTtl, base.presign_ttl),
    recursive_scan: keep(bool(body, 'recursive_scan'), base.recursive_scan),
    aws_sse_kms_key_id: keep(text(body, 'aws_sse_kms_key_id', LIMITS.kmsKeyId), base.aws_sse_kms_key_id),
    region_name: keep(region, base.region_name),
    s3_endpoint: keep(endpoint(body), base.s3_endpoint),
    synchronizable: keep(bool(body, 'synchronizable'), base.synchronizable),
  };
  const oldSecrets = before?.secrets ?? {
    aws_access_key_id: null,
    aws_secret_access_key: null,
    aws_session_token: null,
  };
  // An empty string is "none", as Label Studio's form sends it.
  const secret = (field: keyof S3Secrets): string | null => {
    const v = text(body, field, LIMITS.secret);
    return v === undefined ? oldSecrets[field] : v || null;
  };
  const secrets: S3Secrets = {
    aws_access_key_id: secret('aws_access_key_id'),
    aws_secret_access_key: secret('aws_secret_access_key'),
    aws_session_token: secret('aws_session_token'),
  };
  if ((secrets.aws_access_key_id === null) !== (secrets.aws_secret_access_key === null))
    throw lsValidation(
      secrets.aws_access_key_id === null ? 'aws_access_key_id' : 'aws_secret_access_key',
      'Give both aws_access_key_id and aws_secret_access_key, or neither (a public bucket).',
    );
  return { settings, secrets };
}

/** Label Studio's S3ImportStorage JSON. Credentials are never answered (null), as Label Studio hides them. */
export function s3StorageJson(
  lsId: number,
  projectLsId: number,
  createdAt: string,
  settings: S3Settings,
  state: SyncState,
) {
  return {
    id: lsId,
    type: 's3',
    synchronizable: settings.synchronizable,
    presign: settings.presign,
    last_sync: state.last_sync,
    last_sync_count: state.last_sync_count,
    last_sync_job: state.last_sync_job,
    status: state.status,
    traceback: state.traceback,
    meta: state.meta,
    title: settings.title,
    description: settings.description,
    created_at: createdAt,
    bucket: settings.bucket,
    prefix: settings.prefix,
    regex_filter: settings.regex_filter,
    use_blob_urls: settings.use_blob_urls,
    aws_access_key_id: null,
    aws_secret_access_key: null,
    aws_session_token: null,
    aws_sse_kms_key_id: settings.aws_sse_kms_key_id,
    region_name: settings.region_name,
    s3_endpoint: settings.s3_endpoint,
    presign_ttl: settings.presign_ttl,
    recursive_scan: settings.recursive_scan,
    project: projectLsId,
  };
}
