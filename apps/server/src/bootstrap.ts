import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import type { Config } from './config.ts';
import { connectDatabase, type DatabaseHandle } from './db/connect.ts';
import type { Db } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import type { AppContext } from './http/app-context.ts';
import { createRateLimiter } from './http/rate-limit.ts';
import { JobQueue } from './jobs/job-queue.ts';
import { registerJobHandlers } from './jobs/handlers.ts';
import { createServices } from './services/index.ts';
import type { BlobStore } from './storage/blob-store.ts';
import { LocalBlobStore } from './storage/local-blob-store.ts';
import { UrlSigner } from './storage/url-signer.ts';
import { nowIso } from './time.ts';

export type BootstrapOptions = { config: Config; logger?: Logger; database?: DatabaseHandle };

/** config → database (migrated) → storage → jobs → services: everything but the listening socket. */
export async function createAppContext(options: BootstrapOptions): Promise<AppContext> {
  const { config } = options;
  const logger = options.logger ?? pino({ level: config.logLevel });
  const database =
    options.database ?? connectDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const applied = await migrateToLatest(database.db);
  if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
  const secret = config.signingSecret ?? (await sharedSecret(database.db, 'url-signing'));
  const signer = new UrlSigner(secret, config.signedUrlTtlSeconds);
  const blobs = await openBlobStore(config);
  const jobs = new JobQueue(database.db, logger, config.workerConcurrency);
  const services = createServices({
    db: database.db,
    dialect: database.dialect,
    config,
    logger,
    jobs,
    blobs,
    signer,
  });
  registerJobHandlers(jobs, services);
  const rateLimiter = await createRateLimiter({
    perMinute: config.rateLimitPerMinute,
    authFailuresPerMinute: config.authFailuresPerMinute,
    redisUrl: config.redisUrl,
    logger,
  });
  return { config, logger, database, services, jobs, blobs, signer, rateLimiter };
}

export async function closeAppContext(ctx: AppContext): Promise<void> {
  await ctx.jobs.stop();
  await ctx.rateLimiter.close();
  await ctx.database.close();
  ctx.blobs.close?.();
}

/** DATA_DIR/files, or the S3 bucket when one is configured (loaded only then, and checked before serving). */
async function openBlobStore(config: Config): Promise<BlobStore> {
  if (!config.s3) return new LocalBlobStore(path.join(config.dataDir, 'files'));
  const { S3BlobStore } = await import('./storage/s3-blob-store.ts');
  return S3BlobStore.open(config.s3);
}

/** A secret shared by every replica on the same database, created on first start. */
async function sharedSecret(db: Db, name: string): Promise<string> {
  const existing = await db
    .selectFrom('server_secrets')
    .select('value')
    .where('name', '=', name)
    .executeTakeFirst();
  if (existing) return existing.value;
  await db
    .insertInto('server_secrets')
    .values({ name, value: randomBytes(32).toString('base64url'), created_at: nowIso() })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db
    .selectFrom('server_secrets')
    .select('value')
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return row.value;
}
