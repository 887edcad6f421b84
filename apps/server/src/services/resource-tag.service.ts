import type { Actor } from '../auth/actor.ts';
import type { Db } from '../db/database.ts';
import { conflict, invalid } from '../errors.ts';
import { newId } from '../ids.ts';
import { ResourceTagRepository, type ResourceTagRow } from '../repositories/resource-tag.repository.ts';
import { nowIso } from '../time.ts';
import { hexColor } from './hex-color.ts';
import type { AccessService } from './access.service.ts';

const MAX_TEXT = 100;
const MAX_TAGS_PER_PROJECT = 100;

/** Resource tags: `organization.create_resource_tag`, `get_resource_tags`, `project.update_project_resource_tags`. */
export class ResourceTagService {
  private readonly repo: ResourceTagRepository;

  constructor(
    db: Db,
    private readonly access: AccessService,
  ) {
    this.repo = new ResourceTagRepository(db);
  }

  list(actor: Actor): Promise<ResourceTagRow[]> {
    return this.repo.list(actor.organizationId);
  }

  async create(actor: Actor, input: { text?: unknown; color?: unknown }): Promise<ResourceTagRow> {
    const text = typeof input.text === 'string' ? input.text.trim() : '';
    if (text === '') throw invalid('input.text', 'a tag text is required');
    if (text.length > MAX_TEXT) throw invalid('input.text', `at most ${MAX_TEXT} characters`);
    const color = hexColor(input.color, 'input.color', 'lower');
    if (await this.repo.byText(actor.organizationId, text))
      throw conflict(`A resource tag "${text}" already exists`, 'input.text');
    const row: ResourceTagRow = {
      id: newId(),
      organization_id: actor.organizationId,
      text,
      color,
      created_at: nowIso(),
    };
    await this.repo.insert(row);
    return row;
  }

  /** Tags per project id (the projects were already checked by whoever asks). */
  async ofProjects(actor: Actor, projectIds: readonly string[]): Promise<Map<string, ResourceTagRow[]>> {
    const out = new Map<string, ResourceTagRow[]>();
    for (const { project_id, ...tag } of await this.repo.ofProjects(actor.organizationId, projectIds)) {
      const list = out.get(project_id);
      if (list) list.push(tag);
      else out.set(project_id, [tag]);
    }
    return out;
  }

  /** Replaces the project's tags with `tagIds` (null or empty clears them); returns the project's tags. */
  async setProjectTags(actor: Actor, projectId: string, tagIds: unknown): Promise<ResourceTagRow[]> {
    await this.access.requireProject(actor, projectId, 'manage', 'change project resource tags');
    const ids = tagIds === null || tagIds === undefined ? [] : tagIds;
    if (!Array.isArray(ids) || !ids.every((i) => typeof i === 'string'))
      throw invalid('input.resourceTagIds', 'must be a list of resource tag ids');
    const unique = [...new Set(ids as string[])];
    if (unique.length > MAX_TAGS_PER_PROJECT)
      throw invalid('input.resourceTagIds', `at most ${MAX_TAGS_PER_PROJECT} tags per project`);
    const found = new Set((await this.repo.byIds(actor.organizationId, unique)).map((t) => t.id));
    const unknown = unique.filter((id) => !found.has(id));
    if (unknown.length > 0)
      throw invalid('input.resourceTagIds', `no such resource tags: ${unknown.join(', ')}`);
    await this.repo.setProjectTags(projectId, unique);
    return (await this.ofProjects(actor, [projectId])).get(projectId) ?? [];
  }
}
