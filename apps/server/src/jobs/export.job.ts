import type { Services } from '../services/index.ts';
import { EXPORT_V2_JOB, LEGACY_EXPORT_JOB } from '../services/export.service.ts';
import type { JobQueue } from './job-queue.ts';

/** Export jobs: Labelbox export v2 (`export-data-rows`, the SDK checks that task type) and legacy `exportLabels`. */
export function registerExportJobs(jobs: JobQueue, services: Services): void {
  jobs.register(EXPORT_V2_JOB, (ctx) => services.exports.runV2Job(ctx));
  jobs.register(LEGACY_EXPORT_JOB, (ctx) => services.exports.runLegacyJob(ctx));
}
