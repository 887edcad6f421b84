import type { ModelRunService, RegistrationPayload } from '../services/model/model-run.service.ts';
import type { JobHandler } from './job-queue.ts';

export { MODEL_RUN_REGISTRATION_JOB } from '../services/model/model-run.service.ts';

/** `model-run-registration`: data rows, labels or splits into a model run; a refusal fails the task with its reason. */
export function modelRunRegistrationJob(runs: ModelRunService): JobHandler {
  return async ({ job, payload }) => {
    const error = await runs.applyRegistration(job.organization_id, payload as RegistrationPayload);
    return error === null
      ? { status: 'DONE', result: {} }
      : { status: 'FAILED', result: { errorMessage: error } };
  };
}
