import type { TaskPresentation } from '../graphql/resolvers/task.resolvers.ts';
import type { SendPayload } from '../services/send-to-annotate/apply.ts';
import type { SendToAnnotateService } from '../services/send-to-annotate/send-to-annotate.service.ts';
import type { JobHandler } from './job-queue.ts';

export { SEND_TO_ANNOTATE_JOB } from '../services/send-to-annotate/send-to-annotate.service.ts';

/**
 * `send-to-annotate`: the Task's `result` (`result_url`) is the JSON outcome — batches, counts and per-row `errors`
 * (`{dataRowId | globalKey, error}`). Rows that fail do not fail the task; no row found, or a vanished project, does
 * (the SDK then reads `task.errors` as that JSON).
 */
export function sendToAnnotateJob(service: SendToAnnotateService): JobHandler {
  return async ({ job, payload }) => {
    const outcome = await service.apply(
      { organizationId: job.organization_id, userId: job.created_by },
      payload as SendPayload,
    );
    const { ok, ...body } = outcome;
    const result: TaskPresentation = { resultString: JSON.stringify(body) };
    return { status: ok ? 'DONE' : 'FAILED', result };
  };
}
