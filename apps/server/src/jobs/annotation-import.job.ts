import type { AnnotationImportService } from '../services/annotation-import.service.ts';
import type { JobHandler } from './job-queue.ts';

export { ANNOTATION_IMPORT_JOB } from '../services/annotation-import.service.ts';

/**
 * `annotation-import`: one ground-truth or MAL import. The import row (not a Task) carries the state the SDK polls;
 * the job's own result only records where the status and error files are.
 */
export function annotationImportJob(imports: AnnotationImportService): JobHandler {
  return (ctx) => imports.run(ctx);
}
