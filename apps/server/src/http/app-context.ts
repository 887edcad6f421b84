import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { DatabaseHandle } from '../db/connect.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { Services } from '../services/index.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import type { UrlSigner } from '../storage/url-signer.ts';
import type { RateLimiter } from './rate-limit.ts';

/** Everything the HTTP layer needs, built once by `createAppContext`. */
export type AppContext = {
  config: Config;
  logger: Logger;
  database: DatabaseHandle;
  services: Services;
  jobs: JobQueue;
  blobs: BlobStore;
  signer: UrlSigner;
  rateLimiter: RateLimiter;
};
