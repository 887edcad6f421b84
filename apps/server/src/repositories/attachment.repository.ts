import type { AttachmentTable, Db } from '../db/database.ts';

/** One data-row attachment at a time (bulk writes go through DataRowRepository); scoped to an organization. */
export class AttachmentRepository {
  constructor(private readonly db: Db) {}

  async get(organizationId: string, id: string): Promise<AttachmentTable | undefined> {
    return this.db
      .selectFrom('attachments')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async insert(row: AttachmentTable): Promise<void> {
    await this.db.insertInto('attachments').values(row).execute();
  }

  async update(
    organizationId: string,
    id: string,
    values: Partial<Pick<AttachmentTable, 'type' | 'value' | 'name'>>,
  ): Promise<void> {
    await this.db
      .updateTable('attachments')
      .set(values)
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .execute();
  }

  async delete(organizationId: string, id: string): Promise<void> {
    await this.db
      .deleteFrom('attachments')
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .execute();
  }
}
