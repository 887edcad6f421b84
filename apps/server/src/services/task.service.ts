import type { Actor } from '../auth/actor.ts';
import type { JobRow } from '../repositories/job.repository.ts';
import type { ServiceDeps } from './index.ts';

/** Labelbox "tasks" are our jobs seen through the creator's eyes. */
export class TaskService {
  constructor(private readonly deps: Pick<ServiceDeps, 'jobs'>) {}

  get(actor: Actor, id: string): Promise<JobRow | undefined> {
    return this.deps.jobs.get(actor.organizationId, id);
  }

  createdBy(
    actor: Actor,
    userId: string,
    filter: { id?: string | undefined },
    page: { skip: number; first: number },
  ) {
    return this.deps.jobs.listByCreator(actor, userId, filter, page);
  }
}
