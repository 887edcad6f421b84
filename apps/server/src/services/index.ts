import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Db, Dialect } from '../db/database.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import type { UrlSigner } from '../storage/url-signer.ts';
import { IdentityService } from './identity.service.ts';
import { TaskService } from './task.service.ts';

/** What services are built from; `main.ts` and the test harness make one. */
export type ServiceDeps = {
  db: Db;
  dialect: Dialect;
  config: Config;
  logger: Logger;
  jobs: JobQueue;
  blobs: BlobStore;
  signer: UrlSigner;
};

export function createServices(deps: ServiceDeps) {
  return {
    identity: new IdentityService(deps.db),
    tasks: new TaskService(deps),
  };
}

export type Services = ReturnType<typeof createServices>;
