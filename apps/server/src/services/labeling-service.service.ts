import { notAllowed } from '../errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { ProjectService } from './project.service.ts';

/** What `upsertProjectBoostWorkforce` answers: Boost is Labelbox's own workforce, which this server cannot sell. */
export const LABELING_SERVICE_NOT_OFFERED =
  'The labeling service (Labelbox Boost) is not offered on this server: projects are labeled by members of your organization';

/**
 * Labelbox Boost (`project.get_labeling_service*`): no project here has a labeling service. Asking about one answers
 * null, as Labelbox does for a project without the service (the SDK raises ResourceNotFoundError); requesting one is
 * refused with OPERATION_NOT_ALLOWED naming why (the SDK raises OperationNotAllowedException with this message).
 * Both check the project first, so other organizations' projects are not found.
 */
export class LabelingServiceService {
  constructor(private readonly projects: ProjectService) {}

  async status(actor: Actor, projectId: string): Promise<null> {
    await this.projects.get(actor, projectId);
    return null;
  }

  async request(actor: Actor, projectId: string): Promise<never> {
    await this.projects.get(actor, projectId);
    throw notAllowed(LABELING_SERVICE_NOT_OFFERED);
  }
}
