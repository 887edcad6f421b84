import { sql } from 'kysely';
import type { Db, Dialect, OntologyFeatureTable, OntologyTable } from '../db/database.ts';
import { bulkInsert, chunks } from './bulk-insert.ts';
import { containsPattern } from './feature-schema.repository.ts';

export type OntologyRow = OntologyTable;
export type OntologyLinkRow = OntologyFeatureTable;
/** A link with its root feature's stored tree. */
export type OntologyFeatureRow = OntologyLinkRow & { normalized: string };

const LINK_COLUMNS = [
  'ontology_id',
  'feature_schema_id',
  'schema_node_id',
  'kind',
  'position',
  'archived',
] as const;
const IDS_PER_QUERY = 10_000;

/** Ontologies, the root features linked to them (ordered by `position` within tools and within classifications),
 * and the project → ontology connection. Soft-deleted ontologies are invisible to reads. */
export class OntologyRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {}

  /** The caller's live ontology made by the same upsertOntology request since `since` (a client retry). */
  findRetried(
    organizationId: string,
    createdBy: string,
    requestHash: string,
    since: string,
  ): Promise<OntologyRow | undefined> {
    return this.db
      .selectFrom('ontologies')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('request_hash', '=', requestHash)
      .where('created_by', '=', createdBy)
      .where('deleted', '=', 0)
      .where('created_at', '>=', since)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /** `updated_at` of a visible ontology: its version (every change to it or to a feature it links touches it). */
  async version(organizationId: string, id: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('ontologies')
      .select('updated_at')
      .where('id', '=', id)
      .where('organization_id', '=', organizationId)
      .where('deleted', '=', 0)
      .executeTakeFirst();
    return row?.updated_at;
  }

  async insert(row: OntologyRow): Promise<void> {
    await this.db.insertInto('ontologies').values(row).execute();
  }

  async findByIds(
    organizationId: string,
    ids: readonly string[],
    options: { includeDeleted?: boolean } = {},
  ): Promise<OntologyRow[]> {
    const out: OntologyRow[] = [];
    for (const part of chunks([...new Set(ids)], IDS_PER_QUERY)) {
      let query = this.db
        .selectFrom('ontologies')
        .selectAll()
        .where('organization_id', '=', organizationId)
        .where('id', 'in', part);
      if (!options.includeDeleted) query = query.where('deleted', '=', 0);
      out.push(...(await query.execute()));
    }
    return out;
  }

  /** A keyset page in id (= creation) order, one row more than `first`. */
  list(
    organizationId: string,
    page: { search?: string | null; after?: string | null; first: number },
  ): Promise<OntologyRow[]> {
    let query = this.db
      .selectFrom('ontologies')
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

  /** The root features of the ontologies, with their trees, in position order. */
  async features(ontologyIds: readonly string[]): Promise<OntologyFeatureRow[]> {
    const out: OntologyFeatureRow[] = [];
    for (const part of chunks([...new Set(ontologyIds)], IDS_PER_QUERY)) {
      const rows = await this.db
        .selectFrom('ontology_features as f')
        .innerJoin('feature_schemas as s', 's.id', 'f.feature_schema_id')
        .select([
          'f.ontology_id',
          'f.feature_schema_id',
          'f.schema_node_id',
          'f.kind',
          'f.position',
          'f.archived',
          's.normalized',
        ])
        .where('f.ontology_id', 'in', part)
        .orderBy('f.ontology_id')
        .orderBy('f.kind')
        .orderBy('f.position')
        .execute();
      out.push(...rows);
    }
    return out;
  }

  async insertLinks(rows: readonly OntologyLinkRow[]): Promise<void> {
    if (rows.length === 0) return;
    const values = rows.flatMap((row) => LINK_COLUMNS.map((column) => row[column]));
    await bulkInsert(this.db, this.dialect, 'ontology_features', LINK_COLUMNS, values);
  }

  /** Rewrites the positions of an ontology's links in one statement. */
  async setPositions(
    ontologyId: string,
    positions: ReadonlyArray<{ featureSchemaId: string; position: number }>,
  ): Promise<void> {
    if (positions.length === 0) return;
    const cases = sql.join(
      positions.map((p) => sql`when ${p.featureSchemaId} then ${p.position}`),
      sql` `,
    );
    await this.db
      .updateTable('ontology_features')
      .set({ position: sql<number>`case feature_schema_id ${cases} else position end` })
      .where('ontology_id', '=', ontologyId)
      .where(
        'feature_schema_id',
        'in',
        positions.map((p) => p.featureSchemaId),
      )
      .execute();
  }

  async deleteLink(ontologyId: string, featureSchemaId: string): Promise<void> {
    await this.db
      .deleteFrom('ontology_features')
      .where('ontology_id', '=', ontologyId)
      .where('feature_schema_id', '=', featureSchemaId)
      .execute();
  }

  projectsUsing(organizationId: string, ontologyId: string): Promise<Array<{ id: string; name: string }>> {
    return this.db
      .selectFrom('projects')
      .select(['id', 'name'])
      .where('organization_id', '=', organizationId)
      .where('ontology_id', '=', ontologyId)
      .where('deleted', '=', 0)
      .orderBy('id', 'desc')
      .limit(100)
      .execute();
  }

  async setArchived(ontologyId: string, featureSchemaId: string, archived: boolean): Promise<void> {
    await this.db
      .updateTable('ontology_features')
      .set({ archived: archived ? 1 : 0 })
      .where('ontology_id', '=', ontologyId)
      .where('feature_schema_id', '=', featureSchemaId)
      .execute();
  }

  async touch(ontologyIds: readonly string[], now: string): Promise<void> {
    if (ontologyIds.length === 0) return;
    await this.db
      .updateTable('ontologies')
      .set({ updated_at: now })
      .where('id', 'in', [...ontologyIds])
      .execute();
  }

  /** Soft-deletes the ontology and unlinks its features, so they count as unused again. */
  async softDelete(organizationId: string, id: string, now: string): Promise<void> {
    await this.db
      .updateTable('ontologies')
      .set({ deleted: 1, updated_at: now })
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .execute();
    await this.db.deleteFrom('ontology_features').where('ontology_id', '=', id).execute();
  }

  /** Ontologies linking any of the feature schemas (deleted ones have no links): a shared feature change touches them all. */
  async ontologiesWithFeatures(featureSchemaIds: readonly string[]): Promise<string[]> {
    if (featureSchemaIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('ontology_features')
      .select('ontology_id')
      .distinct()
      .where('feature_schema_id', 'in', [...featureSchemaIds])
      .execute();
    return rows.map((r) => r.ontology_id);
  }

  /** Live projects connected to the ontology. */
  async connectedProjects(ontologyId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('projects')
      .select('id')
      .where('ontology_id', '=', ontologyId)
      .where('deleted', '=', 0)
      .orderBy('id')
      .execute();
    return rows.map((r) => r.id);
  }

  /** Ids of live ontologies no live project uses, after `after`, in id order. */
  async listUnused(organizationId: string, after: string | null, limit: number): Promise<string[]> {
    let query = this.db
      .selectFrom('ontologies as o')
      .select('o.id')
      .where('o.organization_id', '=', organizationId)
      .where('o.deleted', '=', 0)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('projects as p')
              .select('p.id')
              .whereRef('p.ontology_id', '=', 'o.id')
              .where('p.deleted', '=', 0),
          ),
        ),
      );
    query = query.where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('labels as l')
            .innerJoin('projects as lp', 'lp.id', 'l.project_id')
            .select('l.id')
            .whereRef('lp.ontology_id', '=', 'o.id'),
        ),
      ),
    );
    if (after) query = query.where('o.id', '>', after);
    return (await query.orderBy('o.id').limit(limit).execute()).map((r) => r.id);
  }

  /** Whether labels were made with the ontology: labels of any project (deleted ones too) connected to it. */
  async isOntologyUsedByLabels(organizationId: string, ontologyId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('labels')
      .innerJoin('projects', 'projects.id', 'labels.project_id')
      .select('labels.id')
      .where('labels.organization_id', '=', organizationId)
      .where('projects.ontology_id', '=', ontologyId)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  findProject(organizationId: string, projectId: string) {
    return this.db
      .selectFrom('projects')
      .select(['id', 'ontology_id'])
      .where('organization_id', '=', organizationId)
      .where('id', '=', projectId)
      .where('deleted', '=', 0)
      .executeTakeFirst();
  }

  async setProjectOntology(
    organizationId: string,
    projectId: string,
    ontologyId: string,
    now: string,
    /** Connected too when the project has no labeling frontend yet. */
    defaultFrontendId: string,
  ): Promise<void> {
    await this.db
      .updateTable('projects')
      .set({
        ontology_id: ontologyId,
        labeling_frontend_id: sql<string>`coalesce(labeling_frontend_id, ${defaultFrontendId})`,
        // A project with an ontology and an editor is set up, whichever face connected them (the SDK's
        // upsert_instructions refuses a project whose setupComplete is null).
        setup_complete: sql<string>`coalesce(setup_complete, ${now})`,
        updated_at: now,
      })
      .where('organization_id', '=', organizationId)
      .where('id', '=', projectId)
      .execute();
  }
}
