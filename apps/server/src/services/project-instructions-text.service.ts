import type { Actor } from '../auth/actor.ts';
import type { Db } from '../db/database.ts';
import { invalid, notFound } from '../errors.ts';
import { ProjectInstructionsTextRepository } from '../repositories/project-instructions-text.repository.ts';
import { ProjectRepository } from '../repositories/project.repository.ts';
import { nowIso } from '../time.ts';
import { AccessService } from './access.service.ts';

export const MAX_INSTRUCTIONS_MARKDOWN = 100_000;

/**
 * The Markdown instructions written in the web app (the attached PDF or HTML file is `setProjectInstructions`).
 * Everyone who works in the project reads them; project managers write them; an empty text removes them. The web
 * app renders them through a sanitizer.
 */
export class ProjectInstructionsTextService {
  private readonly repo: ProjectInstructionsTextRepository;
  private readonly projects: ProjectRepository;
  private readonly access: AccessService;

  constructor(db: Db) {
    this.repo = new ProjectInstructionsTextRepository(db);
    this.projects = new ProjectRepository(db);
    this.access = new AccessService(db);
  }

  private async requireProject(
    actor: Actor,
    projectId: string,
    permission: 'read' | 'manage',
    action: string,
  ) {
    await this.access.requireProject(actor, projectId, permission, action);
    const project = await this.projects.find(actor.organizationId, projectId);
    if (!project || project.deleted) throw notFound('Project', projectId);
  }

  async get(actor: Actor, projectId: string): Promise<string | null> {
    await this.requireProject(actor, projectId, 'read', 'read project instructions');
    return (await this.repo.find(actor.organizationId, projectId))?.markdown ?? null;
  }

  async set(actor: Actor, projectId: string, markdown: string): Promise<void> {
    await this.requireProject(actor, projectId, 'manage', 'write project instructions');
    if (markdown.length > MAX_INSTRUCTIONS_MARKDOWN) {
      throw invalid('markdown', `at most ${MAX_INSTRUCTIONS_MARKDOWN} characters`);
    }
    if (markdown.trim() === '') return this.repo.remove(actor.organizationId, projectId);
    await this.repo.upsert({
      project_id: projectId,
      organization_id: actor.organizationId,
      markdown,
      updated_by: actor.userId,
      updated_at: nowIso(),
    });
  }
}
