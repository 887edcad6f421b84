import type { Actor } from '../auth/actor.ts';
import type { Db } from '../db/database.ts';
import { ProjectFlagsRepository } from '../repositories/project-flags.repository.ts';
import type { AccessService } from './access.service.ts';

/** Whether labelers are shown MAL pre-labels, when nothing turned it off. */
export const SHOW_PREDICTIONS_DEFAULT = true;

/** Per-project switches: `project.enable_model_assisted_labeling(toggle)` (showPredictionsToLabelers). */
export class ProjectFlagsService {
  private readonly repo: ProjectFlagsRepository;

  constructor(
    db: Db,
    private readonly access: AccessService,
  ) {
    this.repo = new ProjectFlagsRepository(db);
  }

  /** Each project's switch (the projects were already checked by whoever asks). */
  async showPredictions(projectIds: readonly string[]): Promise<Map<string, boolean>> {
    const set = await this.repo.showPredictions(projectIds);
    return new Map(projectIds.map((id) => [id, set.get(id) ?? SHOW_PREDICTIONS_DEFAULT]));
  }

  async setShowPredictions(actor: Actor, projectId: string, show: boolean): Promise<boolean> {
    await this.access.requireProject(actor, projectId, 'manage', 'turn model-assisted labeling on or off');
    await this.repo.setShowPredictions(projectId, show);
    return show;
  }
}
