import type { Services } from '../services/index.ts';
import { MEA_PREDICTION_IMPORT_JOB } from '../services/model/mea-prediction-import.service.ts';
import { QUEUE_PRIORITY_UPDATE, SEND_TO_TASK_QUEUE } from '../services/queue/workflow.service.ts';
import { ADD_DATA_ROWS_TO_BATCH, addDataRowsToBatchJob } from './add-data-rows-to-batch.job.ts';
import { ANNOTATION_IMPORT_JOB, annotationImportJob } from './annotation-import.job.ts';
import { registerCatalogJobs } from './data-row-upsert.job.ts';
import { registerExportJobs } from './export.job.ts';
import { registerLabelStudioStorageJobs } from './label-studio-storage-sync.job.ts';
import type { JobQueue } from './job-queue.ts';
import { MODEL_RUN_REGISTRATION_JOB, modelRunRegistrationJob } from './model-run-registration.job.ts';
import { SEND_TO_ANNOTATE_JOB, sendToAnnotateJob } from './send-to-annotate.job.ts';
import { WEBHOOK_DELIVERY_JOB, webhookDeliveryJob } from './webhook-delivery.job.ts';

/** Job type → handler. Each feature registers its own job types here. */
export function registerJobHandlers(jobs: JobQueue, services: Services): void {
  registerCatalogJobs(jobs, services);
  registerExportJobs(jobs, services);
  registerLabelStudioStorageJobs(jobs, services);
  jobs.register(ADD_DATA_ROWS_TO_BATCH, addDataRowsToBatchJob(services.batchJobs));
  jobs.register(ANNOTATION_IMPORT_JOB, annotationImportJob(services.annotationImports));
  jobs.register(MEA_PREDICTION_IMPORT_JOB, (ctx) => services.meaPredictionImports.run(ctx));
  jobs.register(MODEL_RUN_REGISTRATION_JOB, modelRunRegistrationJob(services.modelRuns));
  jobs.register(SEND_TO_ANNOTATE_JOB, sendToAnnotateJob(services.sendToAnnotate));
  jobs.register(WEBHOOK_DELIVERY_JOB, webhookDeliveryJob(services.webhooks));
  jobs.register(SEND_TO_TASK_QUEUE, (ctx) => services.workflow.applyMove(ctx));
  jobs.register(QUEUE_PRIORITY_UPDATE, (ctx) => services.workflow.applyPriorityJob(ctx));
}
