import type { Db, WebhookTable } from '../db/database.ts';

export type WebhookRow = WebhookTable;
export type WebhookPatch = Partial<Pick<WebhookRow, 'url' | 'secret' | 'topics' | 'status'>> & {
  updated_at: string;
};

/** Webhook subscriptions of an organization (org-wide when `project_id` is null). */
const DELIVERY_SCAN = 5000;

export class WebhookRepository {
  constructor(private readonly db: Db) {}

  async insert(row: WebhookRow): Promise<void> {
    await this.db.insertInto('webhooks').values(row).execute();
  }

  /**
   * The latest delivery jobs of a webhook. Deliveries are jobs whose payload names the webhook; only the
   * organization's most recent DELIVERY_SCAN deliveries are searched, which bounds the cost of the page.
   */
  recentDeliveries(organizationId: string, webhookId: string, limit: number) {
    const recent = this.db
      .selectFrom('jobs')
      .select(['id', 'status', 'attempts', 'payload', 'errors', 'result', 'created_at', 'finished_at'])
      .where('organization_id', '=', organizationId)
      .where('type', '=', 'webhook-delivery')
      .orderBy('id', 'desc')
      .limit(DELIVERY_SCAN)
      .as('j');
    return this.db
      .selectFrom(recent)
      .selectAll()
      .where('j.payload', 'like', `%"webhookId":${JSON.stringify(webhookId).replace(/[%_\\]/g, '')}%`)
      .orderBy('j.id', 'desc')
      .limit(limit)
      .execute();
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
