import type { Services } from '../services/index.ts';
import { ADD_DATA_ROWS_TO_BATCH, addDataRowsToBatchJob } from './add-data-rows-to-batch.job.ts';
import { registerCatalogJobs } from './data-row-upsert.job.ts';
import type { JobQueue } from './job-queue.ts';

/** Job type → handler. Each feature registers its own job types here. */
export function registerJobHandlers(jobs: JobQueue, services: Services): void {
  registerCatalogJobs(jobs, services);
  jobs.register(ADD_DATA_ROWS_TO_BATCH, addDataRowsToBatchJob(services.batchJobs));
}
