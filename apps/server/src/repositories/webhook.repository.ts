import type { Db, WebhookTable } from '../db/database.ts';

export type WebhookRow = WebhookTable;
export type WebhookPatch = Partial<Pick<WebhookRow, 'url' | 'secret' | 'topics' | 'status'>> & {
  updated_at: string;
};

/** Webhook subscriptions of an organization (org-wide when `project_id` is null). */
export class WebhookRepository {
  constructor(private readonly db: Db) {}

  async insert(row: WebhookRow): Promise<void> {
    await this.db.insertInto('webhooks').values(row).execute();
  }

  find(organizationId: string, id: string): Promise<WebhookRow | undefined> {
    return this.db
      .selectFrom('webhooks')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  update(organizationId: string, id: string, patch: WebhookPatch): Promise<WebhookRow | undefined> {
    return this.db
      .updateTable('webhooks')
      .set(patch)
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  /** Offset page in creation order; `projectId` narrows to one project's webhooks. */
  list(
    organizationId: string,
    projectId: string | undefined,
    page: { skip: number; first: number },
  ): Promise<WebhookRow[]> {
    let q = this.db.selectFrom('webhooks').selectAll().where('organization_id', '=', organizationId);
    if (projectId !== undefined) q = q.where('project_id', '=', projectId);
    return q.orderBy('id').offset(page.skip).limit(page.first).execute();
  }

  /** ACTIVE webhooks that hear about a project: the project's own and the organization-wide ones. */
  active(organizationId: string, projectId: string): Promise<WebhookRow[]> {
    return this.db
      .selectFrom('webhooks')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('status', '=', 'ACTIVE')
      .where((eb) => eb.or([eb('project_id', 'is', null), eb('project_id', '=', projectId)]))
      .orderBy('id')
      .execute();
  }
}
