import {
  buildOntologyIndex,
  parseOntology,
  parseRootNode,
  withoutNestedNode,
  type NormalizedClassification,
  type NormalizedOntology,
  type NormalizedRoot,
  type NormalizedTool,
  type OntologyIndex,
} from '@labelyard/schema';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../auth/actor.ts';
import type { Db, Dialect } from '../db/database.ts';
import { AppError, invalid, notAllowed, notFound } from '../errors.ts';
import { newId } from '../ids.ts';
import { FeatureSchemaRepository } from '../repositories/feature-schema.repository.ts';
import {
  OntologyRepository,
  type OntologyFeatureRow,
  type OntologyLinkRow,
  type OntologyRow,
} from '../repositories/ontology.repository.ts';
import { LruMap } from '../cache/lru-map.ts';
import { nowIso } from '../time.ts';
import { EDITOR_FRONTEND_ID } from './labeling-frontend.service.ts';
import {
  FeatureSchemaService,
  featureSchemaNotFound,
  parseJsonInput,
  parseNode,
  UNUSED_PAGE_SIZE,
  unwrap,
  type Page,
} from './feature-schema.service.ts';

/**
 * An ontology with its root features in position order. `normalized` is what clients see (archived roots left out,
 * as Labelbox hides them); `full` keeps archived roots flagged `archived: true`, for labels that still use them.
 */
export type OntologyRecord = {
  id: string;
  row: OntologyRow;
  normalized: NormalizedOntology;
  full: NormalizedOntology;
  links: OntologyFeatureRow[];
};

export type CreateOntologyInput = {
  name: string;
  normalized: unknown;
  mediaType?: string | null;
  editorTaskType?: string | null;
  description?: string | null;
};

/** How long a repeated upsertOntology request counts as a retry of the first (then it makes a new ontology). */
const RETRY_WINDOW_MS = 60 * 60 * 1000;

/** Fingerprint of an upsertOntology request: its fields, with the normalized JSON's keys in a stable order. */
function requestHash(input: CreateOntologyInput, normalized: unknown): string {
  const stable = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(stable)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, stable((v as Record<string, unknown>)[k])]),
          )
        : v;
  const request = {
    name: input.name,
    normalized: stable(normalized),
    mediaType: input.mediaType ?? null,
    editorTaskType: input.editorTaskType ?? null,
    description: input.description ?? '',
  };
  return createHash('sha256').update(JSON.stringify(request)).digest('hex');
}

export const ontologyNotFound = (id: string): AppError =>
  new AppError('RESOURCE_NOT_FOUND', `Failed to find ontology by id: ${id}`, {
    details: { entity: 'Ontology', id },
  });
const nodeNotFound = (id: string): AppError =>
  new AppError('RESOURCE_NOT_FOUND', `Failed to find feature schema node by id: ${id}`, {
    details: { entity: 'FeatureSchemaNode', id },
  });

function assemble(row: OntologyRow, links: OntologyFeatureRow[]): OntologyRecord {
  const full: NormalizedOntology = { tools: [], classifications: [] };
  const normalized: NormalizedOntology = { tools: [], classifications: [] };
  for (const link of links) {
    const node = JSON.parse(link.normalized) as NormalizedRoot;
    const flagged = link.archived === 1 ? { ...node, archived: true } : node;
    if (link.kind === 'tool') {
      full.tools.push(flagged as NormalizedTool);
      if (link.archived !== 1) normalized.tools.push(node as NormalizedTool);
    } else {
      full.classifications.push(flagged as NormalizedClassification);
      if (link.archived !== 1) normalized.classifications.push(node as NormalizedClassification);
    }
  }
  return { id: row.id, row, normalized, full, links };
}

/** Tool colours by ontology id with the version they were read at (`toolColors`); bounded, oldest first out. */
const toolColorsKept = new LruMap<
  string,
  { organizationId: string; version: string; colors: ReadonlyMap<string, string | null> }
>(500);

/** Ontologies: create from normalized JSON, read, edit their root features, delete, connect to projects. */
export class OntologyService {
  private readonly repo: OntologyRepository;
  private readonly featureSchemas: FeatureSchemaService;

  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {
    this.repo = new OntologyRepository(db, dialect);
    this.featureSchemas = new FeatureSchemaService(db, dialect);
  }

  /**
   * `upsertOntology`: a new ontology; roots naming an existing feature schema reuse it. One transaction. With
   * `retry`, the same request by the same user within RETRY_WINDOW_MS (a client retrying after a timeout) answers the
   * ontology the first one made. Names are not unique (as in Labelbox): another request under the same name makes
   * another ontology.
   */
  async create(
    actor: Actor,
    input: CreateOntologyInput,
    options: { retry?: boolean } = {},
  ): Promise<OntologyRecord> {
    if (typeof input.name !== 'string' || input.name.trim() === '')
      throw invalid('data.name', 'must be a non-empty string');
    const json = parseJsonInput(input.normalized, 'normalized');
    const draft = unwrap(parseOntology(json, 'normalized'));
    const hash = options.retry ? requestHash(input, json) : null;
    const made = await this.db.transaction().execute(async (trx) => {
      if (hash) {
        // One retry at a time per request on PostgreSQL; SQLite runs one writer at a time anyway.
        if (this.dialect === 'postgres')
          await sql`select pg_advisory_xact_lock(hashtext(${`${actor.organizationId}:${hash}`}))`.execute(
            trx,
          );
        const since = new Date(Date.now() - RETRY_WINDOW_MS).toISOString();
        const earlier = await new OntologyRepository(trx, this.dialect).findRetried(
          actor.organizationId,
          actor.userId,
          hash,
          since,
        );
        if (earlier) return earlier.id;
      }
      const now = nowIso();
      const { ontology } = await this.featureSchemas.materialize(trx, actor, draft, now);
      const row: OntologyRow = {
        id: newId(),
        organization_id: actor.organizationId,
        name: input.name,
        description: input.description ?? '',
        media_type: input.mediaType ?? null,
        created_at: now,
        updated_at: now,
        deleted: 0,
        created_by: actor.userId,
        editor_task_type: input.editorTaskType ?? null,
        request_hash: hash,
      };
      await new OntologyRepository(trx, this.dialect).insert(row);
      const link = (root: NormalizedRoot, kind: string, position: number): OntologyFeatureRow => ({
        ontology_id: row.id,
        feature_schema_id: root.featureSchemaId,
        schema_node_id: root.schemaNodeId,
        kind,
        position,
        archived: 0,
        normalized: JSON.stringify(root),
      });
      const links = [
        ...ontology.tools.map((t, i) => link(t, 'tool', i)),
        ...ontology.classifications.map((c, i) => link(c, 'classification', i)),
      ];
      await new OntologyRepository(trx, this.dialect).insertLinks(links.map(({ normalized: _, ...l }) => l));
      return assemble(row, links);
    });
    return typeof made === 'string' ? this.get(actor, made) : made;
  }

  async get(actor: Actor, id: string): Promise<OntologyRecord> {
    const [record] = await this.getMany(actor, [id]);
    if (!record) throw ontologyNotFound(id);
    return record;
  }

  /**
   * The colour of each tool (v1 `color`) by feature schema id; empty for a missing or deleted ontology. Kept while
   * the ontology's `updated_at` is unchanged, as the queue keeps its lookups (services/queue/label-content.ts):
   * one indexed read stands for reading and assembling the whole ontology on every labels page.
   */
  async toolColors(actor: Actor, id: string): Promise<ReadonlyMap<string, string | null>> {
    const version = await this.repo.version(actor.organizationId, id);
    if (version === undefined) return new Map();
    const kept = toolColorsKept.get(id);
    if (kept && kept.version === version && kept.organizationId === actor.organizationId) return kept.colors;
    const [record] = await this.getMany(actor, [id]);
    const colors = new Map((record?.full.tools ?? []).map((t) => [t.featureSchemaId, t.color ?? null]));
    if (record?.row.updated_at === version)
      toolColorsKept.set(id, { organizationId: actor.organizationId, version, colors });
    return colors;
  }

  /** Batch read (one query for the rows, one for the features), in no particular order; missing ids are skipped. */
  async getMany(actor: Actor, ids: readonly string[]): Promise<OntologyRecord[]> {
    if (ids.length === 0) return [];
    return this.withFeatures(await this.repo.findByIds(actor.organizationId, ids));
  }

  /** Keyset page by id; `search` matches names case-insensitively; `nextCursor` is null on the last page. */
  async list(
    actor: Actor,
    page: { search?: string | null; after?: string | null; first: number },
  ): Promise<Page<OntologyRecord>> {
    const rows = await this.repo.list(actor.organizationId, page);
    const items = await this.withFeatures(rows.slice(0, page.first));
    return { items, nextCursor: rows.length > page.first ? items[items.length - 1].row.id : null };
  }

  /** The lookup index the label import resolves NDJSON `name` / `schemaId` references with (archived roots flagged). */
  async index(actor: Actor, ontologyId: string): Promise<OntologyIndex> {
    return buildOntologyIndex((await this.get(actor, ontologyId)).full);
  }

  private async withFeatures(rows: OntologyRow[]): Promise<OntologyRecord[]> {
    const byOntology = new Map<string, OntologyFeatureRow[]>(rows.map((r) => [r.id, []]));
    for (const link of await this.repo.features(rows.map((r) => r.id)))
      byOntology.get(link.ontology_id)?.push(link);
    return rows.map((row) => assemble(row, byOntology.get(row.id)!));
  }

  /** Adds a root feature at `position` (index among the tools or classifications), or moves it there. */
  async insertFeature(
    actor: Actor,
    ontologyId: string,
    featureSchemaId: string,
    position: unknown,
  ): Promise<void> {
    if (position != null && (typeof position !== 'number' || !Number.isInteger(position) || position < 0)) {
      throw invalid('position', `must be a non-negative integer, got ${JSON.stringify(position)}`);
    }
    await this.db.transaction().execute(async (trx) => {
      const repo = new OntologyRepository(trx, this.dialect);
      const [ontology] = await repo.findByIds(actor.organizationId, [ontologyId]);
      if (!ontology) throw ontologyNotFound(ontologyId);
      const feature = await new FeatureSchemaRepository(trx, this.dialect).find(
        actor.organizationId,
        featureSchemaId,
      );
      if (!feature) throw featureSchemaNotFound(featureSchemaId);
      const node = parseNode(feature);
      const links = (await repo.features([ontologyId])).filter((l) => l.kind === feature.kind);
      const existing = links.find((l) => l.feature_schema_id === featureSchemaId);
      const order: OntologyLinkRow[] = links.filter((l) => l !== existing);
      const clash = links.find(
        (l) => l !== existing && (JSON.parse(l.normalized) as NormalizedRoot).name === node.name,
      );
      if (clash)
        throw new AppError(
          'RESOURCE_CONFLICT',
          `Ontology ${ontologyId} already has a ${feature.kind} named ${JSON.stringify(node.name)}`,
          { field: 'featureSchemaId' },
        );
      // Positions count what clients see: archived roots are skipped, and keep their place relative to the others.
      const visible = order.filter((l) => l.archived !== 1);
      const at =
        position == null || position >= visible.length ? order.length : order.indexOf(visible[position]);
      const link: OntologyLinkRow = existing ?? {
        ontology_id: ontologyId,
        feature_schema_id: featureSchemaId,
        schema_node_id: node.schemaNodeId,
        kind: feature.kind,
        position: at,
        archived: 0,
      };
      order.splice(at, 0, link);
      if (!existing) await repo.insertLinks([link]);
      await repo.setPositions(
        ontologyId,
        order.map((l, i) => ({ featureSchemaId: l.feature_schema_id, position: i })),
      );
      await repo.touch([ontologyId], nowIso());
    });
  }

  /**
   * Removes a feature from the ontology. A root feature that labels use is archived instead; a nested node is cut
   * out of its root's tree (shared by every ontology using that root) unless labels use it.
   */
  async removeFeature(
    actor: Actor,
    ontologyId: string,
    featureSchemaId: string,
  ): Promise<{ deleted: boolean; archived: boolean }> {
    return this.db.transaction().execute(async (trx) => {
      const repo = new OntologyRepository(trx, this.dialect);
      const features = new FeatureSchemaRepository(trx, this.dialect);
      const [ontology] = await repo.findByIds(actor.organizationId, [ontologyId]);
      if (!ontology) throw ontologyNotFound(ontologyId);
      const links = await repo.features([ontologyId]);
      const now = nowIso();
      const link = links.find((l) => l.feature_schema_id === featureSchemaId);
      if (link) {
        if (await features.isFeatureUsedByLabels(actor.organizationId, featureSchemaId)) {
          await repo.setArchived(ontologyId, featureSchemaId, true);
          await repo.touch([ontologyId], now);
          return { deleted: false, archived: true };
        }
        await repo.deleteLink(ontologyId, featureSchemaId);
        const rest = links.filter((l) => l.kind === link.kind && l !== link);
        await repo.setPositions(
          ontologyId,
          rest.map((l, i) => ({ featureSchemaId: l.feature_schema_id, position: i })),
        );
        await repo.touch([ontologyId], now);
        return { deleted: true, archived: false };
      }
      for (const rootLink of links) {
        const { root, removed } = withoutNestedNode(
          JSON.parse(rootLink.normalized) as NormalizedRoot,
          featureSchemaId,
        );
        if (!removed) continue;
        if (await features.isFeatureUsedByLabels(actor.organizationId, featureSchemaId))
          return { deleted: false, archived: false };
        const check = parseRootNode(root, 'normalized');
        if (!check.ok)
          throw notAllowed(
            `Removing feature schema node ${featureSchemaId} would leave ${check.issues[0].path.replace(/^normalized\.?/, 'its root ')} invalid: ${check.issues[0].message}`,
          );
        const stored = await features.find(actor.organizationId, rootLink.feature_schema_id);
        if (!stored) throw featureSchemaNotFound(rootLink.feature_schema_id);
        await this.featureSchemas.save(trx, stored, root, now);
        return { deleted: true, archived: false };
      }
      throw nodeNotFound(featureSchemaId);
    });
  }

  async unarchiveFeature(actor: Actor, ontologyId: string, featureSchemaId: string): Promise<void> {
    await this.setFeatureArchived(actor, ontologyId, featureSchemaId, false);
  }

  /** Archives (hides from new labels, keeps for old ones) or restores a root feature of the ontology. */
  async setFeatureArchived(
    actor: Actor,
    ontologyId: string,
    featureSchemaId: string,
    archived: boolean,
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const repo = new OntologyRepository(trx, this.dialect);
      const [ontology] = await repo.findByIds(actor.organizationId, [ontologyId]);
      if (!ontology) throw ontologyNotFound(ontologyId);
      const link = (await repo.features([ontologyId])).find((l) => l.feature_schema_id === featureSchemaId);
      if (!link) throw nodeNotFound(featureSchemaId);
      if ((link.archived === 1) !== archived) {
        await repo.setArchived(ontologyId, featureSchemaId, archived);
        await repo.touch([ontologyId], nowIso());
      }
    });
  }

  /** Projects connected to the ontology (what the ontology page shows as "used by"). */
  async projectsUsing(actor: Actor, ontologyId: string): Promise<Array<{ id: string; name: string }>> {
    return new OntologyRepository(this.db, this.dialect).projectsUsing(actor.organizationId, ontologyId);
  }

  /** Soft-deletes an ontology no live project and no label uses. */
  async deleteUnused(actor: Actor, id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const repo = new OntologyRepository(trx, this.dialect);
      const [ontology] = await repo.findByIds(actor.organizationId, [id]);
      if (!ontology) throw ontologyNotFound(id);
      const projects = await repo.connectedProjects(id);
      if (projects.length > 0) {
        throw new AppError(
          'RESOURCE_CONFLICT',
          `Cannot delete an ontology connected to a project. The ontology is connected to projects: ${projects.join(', ')}`,
        );
      }
      if (await repo.isOntologyUsedByLabels(actor.organizationId, id)) {
        throw new AppError(
          'RESOURCE_CONFLICT',
          'Cannot delete an ontology whose features are used by labels',
        );
      }
      await repo.softDelete(actor.organizationId, id, nowIso());
    });
  }

  listUnused(actor: Actor, after: string | null): Promise<string[]> {
    return this.repo.listUnused(actor.organizationId, after, UNUSED_PAGE_SIZE);
  }

  /**
   * Points the project at another ontology even when the current one has features: the Label Studio face does
   * this when a project's label config changes, after checking that every feature its labels use is still there.
   */
  async reconnectOntology(actor: Actor, projectId: string, ontologyId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const repo = new OntologyRepository(trx, this.dialect);
      if (!(await repo.findProject(actor.organizationId, projectId))) throw notFound('Project', projectId);
      const [ontology] = await repo.findByIds(actor.organizationId, [ontologyId]);
      if (!ontology) throw ontologyNotFound(ontologyId);
      await repo.setProjectOntology(
        actor.organizationId,
        projectId,
        ontologyId,
        nowIso(),
        EDITOR_FRONTEND_ID,
      );
    });
  }

  /**
   * `project.connectOntology`: the project (live, caller's organization) gets the ontology. Replacing an ontology
   * that still has features is refused, as the SDK itself refuses it.
   */
  async connectOntology(actor: Actor, projectId: string, ontologyId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const repo = new OntologyRepository(trx, this.dialect);
      const project = await repo.findProject(actor.organizationId, projectId);
      if (!project) throw notFound('Project', projectId);
      const [ontology] = await repo.findByIds(actor.organizationId, [ontologyId]);
      if (!ontology) throw ontologyNotFound(ontologyId);
      if (project.ontology_id === ontologyId) return;
      if (project.ontology_id) {
        const current = await repo.features([project.ontology_id]);
        if (current.some((l) => l.archived !== 1)) throw notAllowed('Ontology already connected to project.');
      }
      // Like Labelbox, connecting an ontology connects the default Editor to a project that has no frontend.
      await repo.setProjectOntology(
        actor.organizationId,
        projectId,
        ontologyId,
        nowIso(),
        EDITOR_FRONTEND_ID,
      );
    });
  }
}
