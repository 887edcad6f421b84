import type { Services } from '../services/index.ts';
import type { JobQueue } from './job-queue.ts';

/** Job type → handler. Each feature registers its own job types here. */
export function registerJobHandlers(_jobs: JobQueue, _services: Services): void {}
