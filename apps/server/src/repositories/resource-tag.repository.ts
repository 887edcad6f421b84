import type { Db, ResourceTagTable } from '../db/database.ts';

export type ResourceTagRow = ResourceTagTable;

/** Resource tags of an organization and the tags of its projects. */
export class ResourceTagRepository {
  constructor(private readonly db: Db) {}

  async list(organizationId: string): Promise<ResourceTagRow[]> {
    return this.db
      .selectFrom('resource_tags')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .orderBy('text')
      .execute();
  }

  async byIds(organizationId: string, ids: readonly string[]): Promise<ResourceTagRow[]> {
    if (ids.length === 0) return [];
    return this.db
      .selectFrom('resource_tags')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', 'in', [...ids])
      .execute();
  }

  async byText(organizationId: string, text: string): Promise<ResourceTagRow | undefined> {
    return this.db
      .selectFrom('resource_tags')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('text', '=', text)
      .executeTakeFirst();
  }

  async insert(row: ResourceTagRow): Promise<void> {
    await this.db.insertInto('resource_tags').values(row).execute();
  }

  /** The tags of each of the projects, in tag text order. */
  async ofProjects(
    organizationId: string,
    projectIds: readonly string[],
  ): Promise<Array<ResourceTagRow & { project_id: string }>> {
    if (projectIds.length === 0) return [];
    return this.db
      .selectFrom('project_resource_tags')
      .innerJoin('resource_tags', 'resource_tags.id', 'project_resource_tags.tag_id')
      .selectAll('resource_tags')
      .select('project_resource_tags.project_id')
      .where('resource_tags.organization_id', '=', organizationId)
      .where('project_resource_tags.project_id', 'in', [...projectIds])
      .orderBy('resource_tags.text')
      .execute();
  }

  /** Replaces a project's tags, in one transaction. */
  async setProjectTags(projectId: string, tagIds: readonly string[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('project_resource_tags').where('project_id', '=', projectId).execute();
      if (tagIds.length > 0)
        await trx
          .insertInto('project_resource_tags')
          .values(tagIds.map((tag_id) => ({ project_id: projectId, tag_id })))
          .execute();
    });
  }
}
