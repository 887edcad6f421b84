import type { Services } from '../services/index.ts';
import { UPSERT_JOB_TYPE } from '../services/data-row-import.service.ts';
import { GLOBAL_KEY_JOBS, type GlobalKeyJobKind } from '../services/global-key.service.ts';
import type { JobQueue } from './job-queue.ts';

/** Catalog jobs: data-row upserts (`adv-upsert-data-rows`, Labelbox's task type) and the global-key jobs. */
export function registerCatalogJobs(jobs: JobQueue, services: Services): void {
  jobs.register(UPSERT_JOB_TYPE, (ctx) => services.dataRowImports.runUpsertJob(ctx));
  for (const kind of Object.keys(GLOBAL_KEY_JOBS) as GlobalKeyJobKind[]) {
    jobs.register(GLOBAL_KEY_JOBS[kind], services.globalKeys.handler(kind));
  }
}
