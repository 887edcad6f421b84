import type { TaskPresentation } from '../graphql/resolvers/task.resolvers.ts';
import type { AddRowsPayload, BatchAsyncService } from '../services/batch-async.service.ts';
import type { JobHandler } from './job-queue.ts';

export { ADD_DATA_ROWS_TO_BATCH } from '../services/batch-async.service.ts';

/**
 * `add-data-rows-to-batch`: resolves the rows and adds them to the batch. The Task's `result` is a JSON string
 * either way; on FAILED the SDK JSON-parses it as the task's errors (`"Batch was not created successfully: …"`).
 */
export function addDataRowsToBatchJob(batches: BatchAsyncService): JobHandler {
  return async ({ job, payload }) => {
    const outcome = await batches.applyAddRows(
      { organizationId: job.organization_id },
      payload as AddRowsPayload,
    );
    const body = outcome.ok
      ? {
          batchId: outcome.batchId,
          addedCount: outcome.addedCount,
          failedDataRowIds: outcome.failedDataRowIds,
        }
      : { error: outcome.error, batchId: outcome.batchId, failedDataRowIds: outcome.failedDataRowIds };
    const result: TaskPresentation = { resultString: JSON.stringify(body) };
    return { status: outcome.ok ? 'DONE' : 'FAILED', result };
  };
}
