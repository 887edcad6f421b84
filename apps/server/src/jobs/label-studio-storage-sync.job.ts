import type { Services } from '../services/index.ts';
import { LS_STORAGE_SYNC_JOB } from '../services/label-studio/storage/s3-storage.service.ts';
import type { JobQueue } from './job-queue.ts';

/** Label Studio import storage syncs (`POST /api/storages/s3/{id}/sync`). */
export function registerLabelStudioStorageJobs(jobs: JobQueue, services: Services): void {
  jobs.register(LS_STORAGE_SYNC_JOB, (ctx) => services.labelStudio.s3Sync.run(ctx));
}
