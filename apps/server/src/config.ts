import path from 'node:path';
import { z } from 'zod';
import type { S3Options } from './storage/s3-blob-store.ts';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  REDIS_URL: z.string().optional(),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(1500),
  /** Failed authentications (bad or missing key) per client address per minute. */
  AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).default(100),
  PUBLIC_URL: z.string().url().optional(),
  SIGNING_SECRET: z.string().min(16).optional(),
  SIGNED_URL_TTL_SECONDS: z.coerce.number().int().min(1).default(3600),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(0).default(2),
  /** Work that fits under this many items is finished inside the request so clients need no polls. */
  INLINE_JOB_MAX_ITEMS: z.coerce.number().int().min(0).default(20000),
  /** SQLite: upsert chunks are read (JSON, validation) on a second thread while the first writes rows. */
  IMPORT_PARSE_THREAD: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
  /** Seconds a successful API-key lookup is reused; also how long a revoked key may still work on other replicas. */
  AUTH_CACHE_SECONDS: z.coerce.number().min(0).max(60).default(5),
  /** How long a labeling-queue reservation lasts (docs/queue.md); extendReservations starts it again. */
  QUEUE_RESERVATION_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  /** Largest JSON (or other non-upload) request body; uploads go through GraphQL multipart, streamed to disk. */
  JSON_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(4 * 1024 * 1024),
  UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(2 * 1024 ** 3),
  /** An upload that sends no byte for this long is aborted and its partial file deleted. */
  UPLOAD_STALL_SECONDS: z.coerce.number().positive().default(30),
  /** Largest decoded mask (width × height) when the row's media size is unknown. */
  MASK_MAX_PIXELS: z.coerce.number().int().min(1).default(50_000_000),
  /** Files in this S3 bucket instead of DATA_DIR/files (the scale profile). */
  S3_BUCKET: z.string().optional(),
  S3_ENDPOINT: z.string().url().optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_PREFIX: z
    .string()
    .regex(/^([A-Za-z0-9!_.*'()-]+\/)*$/, 'must be empty or path segments ending in "/"')
    .refine((p) => !p.split('/').some((s) => s === '.' || s === '..'), 'must not have "." or ".." segments')
    .default(''),
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false', '1', '0']).optional(),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  ALLOW_PRIVATE_URLS: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  rateLimitPerMinute: number;
  authFailuresPerMinute: number;
  publicUrl: string | undefined;
  signingSecret: string | undefined;
  signedUrlTtlSeconds: number;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  workerConcurrency: number;
  inlineJobMaxItems: number;
  importParseThread: boolean;
  allowPrivateUrls: boolean;
  authCacheSeconds: number;
  queueReservationSeconds: number;
  jsonBodyLimitBytes: number;
  uploadMaxBytes: number;
  uploadStallMs: number;
  maskMaxPixels: number;
  /** Set when files live in S3 (`S3_BUCKET`); otherwise under DATA_DIR/files. */
  s3: S3Options | undefined;
};

/** Parses the environment once into one typed object; a bad variable stops the process with its name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable counts as unset (`DATABASE_URL= npm start` means SQLite).
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    authFailuresPerMinute: e.AUTH_FAILURES_PER_MINUTE,
    publicUrl: e.PUBLIC_URL?.replace(/\/$/, ''),
    signingSecret: e.SIGNING_SECRET,
    signedUrlTtlSeconds: e.SIGNED_URL_TTL_SECONDS,
    logLevel: e.LOG_LEVEL,
    workerConcurrency: e.WORKER_CONCURRENCY,
    inlineJobMaxItems: e.INLINE_JOB_MAX_ITEMS,
    importParseThread: e.IMPORT_PARSE_THREAD,
    allowPrivateUrls: e.ALLOW_PRIVATE_URLS,
    authCacheSeconds: e.AUTH_CACHE_SECONDS,
    queueReservationSeconds: e.QUEUE_RESERVATION_SECONDS,
    jsonBodyLimitBytes: e.JSON_BODY_LIMIT_BYTES,
    uploadMaxBytes: e.UPLOAD_MAX_BYTES,
    uploadStallMs: e.UPLOAD_STALL_SECONDS * 1000,
    maskMaxPixels: e.MASK_MAX_PIXELS,
    s3: s3Options(e),
  };
}

function s3Options(e: z.infer<typeof envSchema>): S3Options | undefined {
  if (!e.S3_BUCKET) {
    if (e.S3_ENDPOINT) throw new Error('Invalid configuration: S3_ENDPOINT is set but S3_BUCKET is not');
    return undefined;
  }
  if ((e.S3_ACCESS_KEY_ID === undefined) !== (e.S3_SECRET_ACCESS_KEY === undefined))
    throw new Error('Invalid configuration: set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither');
  const pathStyle = e.S3_FORCE_PATH_STYLE;
  return {
    bucket: e.S3_BUCKET,
    prefix: e.S3_PREFIX,
    endpoint: e.S3_ENDPOINT,
    region: e.S3_REGION,
    // S3-compatible services mostly need path-style URLs; AWS itself wants virtual-hosted ones.
    forcePathStyle:
      pathStyle === undefined ? e.S3_ENDPOINT !== undefined : pathStyle === 'true' || pathStyle === '1',
    credentials:
      e.S3_ACCESS_KEY_ID !== undefined && e.S3_SECRET_ACCESS_KEY !== undefined
        ? { accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY }
        : undefined,
  };
}
