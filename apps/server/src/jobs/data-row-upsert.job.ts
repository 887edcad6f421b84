import type { Services } from '../services/index.ts';
import { UPSERT_JOB_TYPE } from '../services/data-row-import/service.ts';
import { GLOBAL_KEY_JOBS, type GlobalKeyJobKind } from '../services/global-key.service.ts';
import { PURGE_DATASET_JOB } from '../services/dataset.service.ts';
import type { JobQueue } from './job-queue.ts';

/** Catalog jobs: data-row upserts (`adv-upsert-data-rows`, Labelbox's task type), global-key jobs, dataset purges. */
export function registerCatalogJobs(jobs: JobQueue, services: Services): void {
  jobs.register(UPSERT_JOB_TYPE, (ctx) => services.dataRowImports.runUpsertJob(ctx));
  jobs.register(PURGE_DATASET_JOB, async ({ job, payload }) => {
    const { datasetId } = payload as { datasetId: string };
    const actor = {
      organizationId: job.organization_id,
      userId: job.created_by,
      role: 'ADMIN' as const,
      email: '',
    };
    const deleted = await services.dataRows.purgeDataset(actor, datasetId, async () => undefined);
    return { result: { metadata: { deleted } } };
  });
  for (const kind of Object.keys(GLOBAL_KEY_JOBS) as GlobalKeyJobKind[]) {
    jobs.register(GLOBAL_KEY_JOBS[kind], services.globalKeys.handler(kind));
  }
}
