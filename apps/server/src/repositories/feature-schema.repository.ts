import { sql } from 'kysely';
import type { Db, Dialect, FeatureSchemaTable } from '../db/database.ts';
import { bulkInsert, chunks } from './bulk-insert.ts';

export type FeatureSchemaRow = FeatureSchemaTable;

const COLUMNS = [
  'id',
  'organization_id',
  'name',
  'kind',
  'normalized',
  'created_at',
  'updated_at',
  'deleted',
  'created_by',
] as const;
const IDS_PER_QUERY = 10_000;

/** `%text%` for a case-insensitive LIKE, with the pattern characters escaped. */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Root feature schemas (one row per root tool or classification, its whole tree in `normalized`). */
export class FeatureSchemaRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {}

  async findByIds(
    organizationId: string,
    ids: readonly string[],
    options: { includeDeleted?: boolean } = {},
  ): Promise<FeatureSchemaRow[]> {
    const out: FeatureSchemaRow[] = [];
    for (const part of chunks([...new Set(ids)], IDS_PER_QUERY)) {
      let query = this.db
        .selectFrom('feature_schemas')
        .selectAll()
        .where('organization_id', '=', organizationId)
        .where('id', 'in', part);
      if (!options.includeDeleted) query = query.where('deleted', '=', 0);
      out.push(...(await query.execute()));
    }
    return out;
  }

  async find(
    organizationId: string,
    id: string,
    options: { includeDeleted?: boolean } = {},
  ): Promise<FeatureSchemaRow | undefined> {
    return (await this.findByIds(organizationId, [id], options))[0];
  }

  /** A keyset page in id (= creation) order; asks for one row more than `first` so the caller knows if more follow. */
  list(
    organizationId: string,
    page: { search?: string | null; after?: string | null; first: number },
  ): Promise<FeatureSchemaRow[]> {
    let query = this.db
      .selectFrom('feature_schemas')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('deleted', '=', 0);
    if (page.search)
      query = query.where(sql<boolean>`lower(name) like ${containsPattern(page.search)} escape '\\'`);
    if (page.after) query = query.where('id', '>', page.after);
    return query
      .orderBy('id')
      .limit(page.first + 1)
      .execute();
  }

  async insertMany(rows: readonly FeatureSchemaRow[]): Promise<void> {
    if (rows.length === 0) return;
    const values = rows.flatMap((row) => COLUMNS.map((column) => row[column]));
    await bulkInsert(this.db, this.dialect, 'feature_schemas', COLUMNS, values);
  }

  async update(
    organizationId: string,
    id: string,
    values: Pick<FeatureSchemaRow, 'name' | 'kind' | 'normalized' | 'updated_at'>,
  ): Promise<void> {
    await this.db
      .updateTable('feature_schemas')
      .set(values)
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .execute();
  }

  async softDelete(organizationId: string, id: string, now: string): Promise<void> {
    await this.db
      .updateTable('feature_schemas')
      .set({ deleted: 1, updated_at: now })
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .execute();
  }

  /** Live ontologies that contain the feature schema as a root. */
  async ontologiesUsing(featureSchemaId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('ontology_features as f')
      .innerJoin('ontologies as o', 'o.id', 'f.ontology_id')
      .select('o.id')
      .where('f.feature_schema_id', '=', featureSchemaId)
      .where('o.deleted', '=', 0)
      .orderBy('o.id')
      .execute();
    return rows.map((r) => r.id);
  }

  /** Ids of live feature schemas in no live ontology, after `after`, in id order. */
  async listUnused(organizationId: string, after: string | null, limit: number): Promise<string[]> {
    let query = this.db
      .selectFrom('feature_schemas as s')
      .select('s.id')
      .where('s.organization_id', '=', organizationId)
      .where('s.deleted', '=', 0)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('ontology_features as f')
              .innerJoin('ontologies as o', 'o.id', 'f.ontology_id')
              .select('f.feature_schema_id')
              .whereRef('f.feature_schema_id', '=', 's.id')
              .where('o.deleted', '=', 0),
          ),
        ),
      );
    query = query.where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('label_features as lf')
            .select('lf.label_id')
            .whereRef('lf.feature_schema_id', '=', 's.id')
            .where('lf.organization_id', '=', organizationId),
        ),
      ),
    );
    if (after) query = query.where('s.id', '>', after);
    return (await query.orderBy('s.id').limit(limit).execute()).map((r) => r.id);
  }

  /** Whether any label uses the feature schema, as a top-level feature or a nested node (`label_features`). */
  async isFeatureUsedByLabels(organizationId: string, featureSchemaId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('label_features')
      .select('label_id')
      .where('organization_id', '=', organizationId)
      .where('feature_schema_id', '=', featureSchemaId)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }
}
