import type { Db } from '../../db/database.ts';
import { ProjectRepository } from '../../repositories/project.repository.ts';

/** How often one process writes a busy project's `lastActivityTime`. */
const TOUCH_EVERY_MS = 1_000;

/**
 * Marks queue work on a project (`lastActivityTime`) outside the submission's transaction and at most once a second
 * per project: a hundred labelers submitting at once must not queue up on the project's row lock.
 */
export class ProjectActivity {
  private readonly last = new Map<string, number>();

  constructor(private readonly db: Db) {}

  async touch(projectId: string, now: string): Promise<void> {
    const ms = Date.parse(now);
    if (ms - (this.last.get(projectId) ?? 0) < TOUCH_EVERY_MS) return;
    this.last.set(projectId, ms);
    if (this.last.size > 10_000) this.last.clear();
    await new ProjectRepository(this.db).touch(projectId, now);
  }
}
