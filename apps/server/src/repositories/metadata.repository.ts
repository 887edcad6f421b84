import type { Db, MetadataSchemaTable } from '../db/database.ts';

export type MetadataSchemaRow = MetadataSchemaTable;

/** Metadata schemas: the reserved ones (no organization) and each organization's custom ones. */
export class MetadataRepository {
  constructor(private readonly db: Db) {}

  with(trx: Db): MetadataRepository {
    return new MetadataRepository(trx);
  }

  /** Reserved schemas first, then the organization's, each in creation order; options included. */
  listVisible(organizationId: string): Promise<MetadataSchemaRow[]> {
    return this.db
      .selectFrom('metadata_schemas')
      .selectAll()
      .where((eb) => eb.or([eb('organization_id', 'is', null), eb('organization_id', '=', organizationId)]))
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  async insert(rows: readonly MetadataSchemaRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db
      .insertInto('metadata_schemas')
      .values([...rows])
      .execute();
  }

  async rename(organizationId: string, id: string, name: string): Promise<void> {
    await this.db
      .updateTable('metadata_schemas')
      .set({ name })
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .execute();
  }

  /** Deletes custom schemas (and their options when a parent is deleted). */
  async delete(organizationId: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .deleteFrom('metadata_schemas')
      .where('organization_id', '=', organizationId)
      .where((eb) => eb.or([eb('id', 'in', [...ids]), eb('parent_id', 'in', [...ids])]))
      .execute();
  }
}
