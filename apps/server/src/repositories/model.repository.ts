import type { Db, ModelConfigTable, ModelTable, ProjectModelConfigTable } from '../db/database.ts';
import { compileFilter, type Filter } from './where-sql.ts';
import type { Dialect } from '../db/database.ts';

export type ModelRow = ModelTable;
export type ModelConfigRow = ModelConfigTable;
export type ProjectModelConfigRow = ProjectModelConfigTable;
export type ModelFilterField = 'id' | 'name' | 'ontologyId' | 'createdAt' | 'updatedAt';

const MODEL_COLUMNS: Record<ModelFilterField, string> = {
  id: 'id',
  name: 'name',
  ontologyId: 'ontology_id',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

/** Models, their configs and the configs' attachments to projects, always within one organization. */
export class ModelRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {}

  async insert(row: ModelRow): Promise<void> {
    await this.db.insertInto('models').values(row).execute();
  }

  find(organizationId: string, id: string): Promise<ModelRow | undefined> {
    return this.db
      .selectFrom('models')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  findMany(organizationId: string, ids: readonly string[]): Promise<ModelRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('models')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', 'in', ids)
      .execute();
  }

  list(
    organizationId: string,
    filter: Filter<ModelFilterField> | undefined,
    page: { skip: number; first: number },
  ): Promise<ModelRow[]> {
    let q = this.db.selectFrom('models').selectAll().where('organization_id', '=', organizationId);
    if (filter) q = q.where((eb) => compileFilter(eb, filter, MODEL_COLUMNS, this.dialect));
    return q.orderBy('id').offset(page.skip).limit(page.first).execute();
  }

  /** Deletes models with their configs, runs and everything under them (foreign keys cascade). */
  async delete(organizationId: string, ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const res = await this.db
      .deleteFrom('models')
      .where('organization_id', '=', organizationId)
      .where('id', 'in', ids)
      .executeTakeFirst();
    return Number(res.numDeletedRows);
  }

  async insertConfig(row: ModelConfigRow): Promise<void> {
    await this.db.insertInto('model_configs').values(row).execute();
  }

  findConfig(organizationId: string, id: string): Promise<ModelConfigRow | undefined> {
    return this.db
      .selectFrom('model_configs')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  findConfigs(organizationId: string, ids: readonly string[]): Promise<ModelConfigRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('model_configs')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', 'in', ids)
      .execute();
  }

  async deleteConfig(organizationId: string, id: string): Promise<boolean> {
    const res = await this.db
      .deleteFrom('model_configs')
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  /** Attaches a config to a project; attaching it again returns the existing attachment. */
  async attachConfig(row: ProjectModelConfigRow): Promise<ProjectModelConfigRow> {
    await this.db
      .insertInto('project_model_configs')
      .values(row)
      .onConflict((oc) => oc.columns(['project_id', 'model_config_id']).doNothing())
      .execute();
    return this.db
      .selectFrom('project_model_configs')
      .selectAll()
      .where('project_id', '=', row.project_id)
      .where('model_config_id', '=', row.model_config_id)
      .executeTakeFirstOrThrow();
  }

  findAttachment(organizationId: string, id: string): Promise<ProjectModelConfigRow | undefined> {
    return this.db
      .selectFrom('project_model_configs')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async detachConfig(organizationId: string, id: string): Promise<boolean> {
    const res = await this.db
      .deleteFrom('project_model_configs')
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  projectAttachments(organizationId: string, projectId: string): Promise<ProjectModelConfigRow[]> {
    return this.db
      .selectFrom('project_model_configs')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('project_id', '=', projectId)
      .orderBy('id')
      .execute();
  }

  async setModelSetupComplete(organizationId: string, projectId: string, updatedAt: string): Promise<void> {
    await this.db
      .updateTable('projects')
      .set({ model_setup_complete: 1, updated_at: updatedAt })
      .where('organization_id', '=', organizationId)
      .where('id', '=', projectId)
      .execute();
  }
}
