import {
  completeOntology,
  completeRoot,
  parseRootNode,
  retitledRoot,
  rootKindOf,
  type DraftOntology,
  type NormalizedOntology,
  type NormalizedRoot,
  type OntologyResult,
  type RootKind,
} from '@labelyard/schema';
import type { Actor } from '../auth/actor.ts';
import type { Db, Dialect } from '../db/database.ts';
import { AppError, invalid } from '../errors.ts';
import { newId } from '../ids.ts';
import { FeatureSchemaRepository, type FeatureSchemaRow } from '../repositories/feature-schema.repository.ts';
import { OntologyRepository } from '../repositories/ontology.repository.ts';
import { nowIso } from '../time.ts';

/** A root feature schema with its parsed tree. */
export type FeatureSchemaRecord = { row: FeatureSchemaRow; node: NormalizedRoot };
export type Page<T> = { items: T[]; nextCursor: string | null };

export const UNUSED_PAGE_SIZE = 100;

export const featureSchemaNotFound = (id: string): AppError =>
  new AppError('RESOURCE_NOT_FOUND', `Cannot find root schema node with feature schema id ${id}`, {
    details: { entity: 'FeatureSchema', id },
  });

/** The SDK sends normalized JSON as a string; objects are accepted too. */
export function parseJsonInput(value: unknown, field: string): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch (error) {
    throw invalid(field, `is not valid JSON (${(error as Error).message})`);
  }
}

/** Throws the first validation issue as MALFORMED_REQUEST naming its path (`Invalid normalized.tools[1].tool: …`). */
export function unwrap<T>(result: OntologyResult<T>): T {
  if (result.ok) return result.value;
  const issue = result.issues[0];
  throw new AppError('MALFORMED_REQUEST', `Invalid ${issue.path}: ${issue.message}`, {
    field: issue.path,
    details: { issues: result.issues.slice(0, 20) },
  });
}

export const parseNode = (row: FeatureSchemaRow): NormalizedRoot =>
  JSON.parse(row.normalized) as NormalizedRoot;

function newRow(actor: Actor, node: NormalizedRoot, now: string): FeatureSchemaRow {
  return {
    id: node.featureSchemaId,
    organization_id: actor.organizationId,
    name: node.name,
    kind: rootKindOf(node),
    normalized: JSON.stringify(node),
    created_at: now,
    updated_at: now,
    deleted: 0,
    created_by: actor.userId,
  };
}

/** Root feature schemas: the reusable tools and classifications ontologies are assembled from. */
export class FeatureSchemaService {
  private readonly repo: FeatureSchemaRepository;

  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {
    this.repo = new FeatureSchemaRepository(db, dialect);
  }

  async get(actor: Actor, featureSchemaId: string): Promise<FeatureSchemaRecord> {
    const row = await this.repo.find(actor.organizationId, featureSchemaId);
    if (!row) throw featureSchemaNotFound(featureSchemaId);
    return { row, node: parseNode(row) };
  }

  /** Keyset page by id; `search` matches names case-insensitively; `nextCursor` is null on the last page. */
  async list(
    actor: Actor,
    page: { search?: string | null; after?: string | null; first: number },
  ): Promise<Page<FeatureSchemaRecord>> {
    const rows = await this.repo.list(actor.organizationId, page);
    const items = rows.slice(0, page.first).map((row) => ({ row, node: parseNode(row) }));
    return { items, nextCursor: rows.length > page.first ? items[items.length - 1].row.id : null };
  }

  /**
   * Creates or updates one root feature from its normalized JSON. `targetId` (REST path) must name an existing
   * feature schema; without it, a `featureSchemaId` in the JSON that exists in the organization is updated and any
   * other is ignored (a new feature schema is created).
   */
  async upsert(actor: Actor, normalized: unknown, targetId?: string): Promise<FeatureSchemaRecord> {
    const draft = unwrap(parseRootNode(parseJsonInput(normalized, 'normalized'), 'normalized'));
    const id = targetId ?? draft.featureSchemaId;
    return this.db.transaction().execute(async (trx) => {
      const repo = new FeatureSchemaRepository(trx, this.dialect);
      const stored = id ? await repo.find(actor.organizationId, id) : undefined;
      if (targetId !== undefined && !stored) throw featureSchemaNotFound(targetId);
      const now = nowIso();
      if (!stored) {
        const row = newRow(actor, completeRoot(draft, { newId }), now);
        await repo.insertMany([row]);
        return { row, node: parseNode(row) };
      }
      checkKind(stored, rootKindOf(draft), 'normalized');
      const node = completeRoot(draft, { newId, stored: parseNode(stored) });
      return this.save(trx, stored, node, now);
    });
  }

  /** Renames the root feature (`PATCH /feature-schemas/{id}/definition {"title"}`). */
  async updateTitle(actor: Actor, featureSchemaId: string, title: unknown): Promise<FeatureSchemaRecord> {
    if (typeof title !== 'string' || title.trim() === '')
      throw invalid('title', 'must be a non-empty string');
    return this.db.transaction().execute(async (trx) => {
      const stored = await new FeatureSchemaRepository(trx, this.dialect).find(
        actor.organizationId,
        featureSchemaId,
      );
      if (!stored) throw featureSchemaNotFound(featureSchemaId);
      return this.save(trx, stored, retitledRoot(parseNode(stored), title), nowIso());
    });
  }

  /** Stores a changed tree (inside the caller's transaction) and touches the ontologies that share it. */
  async save(
    trx: Db,
    stored: FeatureSchemaRow,
    node: NormalizedRoot,
    now: string,
  ): Promise<FeatureSchemaRecord> {
    const normalized = JSON.stringify(node);
    if (normalized === stored.normalized) return { row: stored, node };
    const values = { name: node.name, kind: stored.kind, normalized, updated_at: now };
    await new FeatureSchemaRepository(trx, this.dialect).update(stored.organization_id, stored.id, values);
    const ontologies = new OntologyRepository(trx, this.dialect);
    await ontologies.touch(await ontologies.ontologiesWithFeatures([stored.id]), now);
    return { row: { ...stored, ...values }, node };
  }

  /** Soft-deletes a feature schema no live ontology and no label uses. */
  async deleteUnused(actor: Actor, featureSchemaId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const repo = new FeatureSchemaRepository(trx, this.dialect);
      const row = await repo.find(actor.organizationId, featureSchemaId, { includeDeleted: true });
      if (!row) throw featureSchemaNotFound(featureSchemaId);
      if (row.deleted === 1) throw new AppError('RESOURCE_CONFLICT', 'Feature schema is already deleted');
      const ontologies = await repo.ontologiesUsing(featureSchemaId);
      if (ontologies.length > 0) {
        throw new AppError(
          'RESOURCE_CONFLICT',
          `Feature schema cannot be deleted because it is used in ontologies: ${ontologies.join(', ')}`,
        );
      }
      if (await repo.isFeatureUsedByLabels(actor.organizationId, featureSchemaId)) {
        throw new AppError(
          'RESOURCE_CONFLICT',
          'Feature schema cannot be deleted because it is used in labels',
        );
      }
      await repo.softDelete(actor.organizationId, featureSchemaId, nowIso());
    });
  }

  listUnused(actor: Actor, after: string | null): Promise<string[]> {
    return this.repo.listUnused(actor.organizationId, after, UNUSED_PAGE_SIZE);
  }

  /**
   * Inside the caller's transaction: turns a validated ontology draft into normalized roots. Roots whose
   * `featureSchemaId` names a live feature schema of the organization reuse it (updated when the JSON differs);
   * every other root becomes a new feature schema. Returns the ontology and which roots were reused.
   */
  async materialize(
    trx: Db,
    actor: Actor,
    draft: DraftOntology,
    now: string,
  ): Promise<{ ontology: NormalizedOntology; reused: Set<string> }> {
    const repo = new FeatureSchemaRepository(trx, this.dialect);
    const given = [...draft.tools, ...draft.classifications].flatMap((r) =>
      r.featureSchemaId ? [r.featureSchemaId] : [],
    );
    const storedRows = new Map(
      (await repo.findByIds(actor.organizationId, given)).map((row) => [row.id, row]),
    );
    draft.tools.forEach((t, i) =>
      checkKind(storedRows.get(t.featureSchemaId ?? ''), 'tool', `normalized.tools[${i}]`),
    );
    draft.classifications.forEach((c, i) =>
      checkKind(
        storedRows.get(c.featureSchemaId ?? ''),
        'classification',
        `normalized.classifications[${i}]`,
      ),
    );
    const ontology = completeOntology(draft, {
      newId,
      stored: (id) => {
        const row = storedRows.get(id);
        return row ? parseNode(row) : undefined;
      },
    });
    const inserts: FeatureSchemaRow[] = [];
    for (const root of [...ontology.tools, ...ontology.classifications]) {
      const stored = storedRows.get(root.featureSchemaId);
      if (stored) await this.save(trx, stored, root, now);
      else inserts.push(newRow(actor, root, now));
    }
    await repo.insertMany(inserts);
    return { ontology, reused: new Set(storedRows.keys()) };
  }
}

/** A stored feature keeps its kind: a tool's id cannot be reused as a classification or the other way round. */
function checkKind(stored: FeatureSchemaRow | undefined, kind: RootKind, path: string): void {
  if (!stored || stored.kind === kind) return;
  const field = kind === 'tool' ? 'tool' : 'type';
  throw invalid(`${path}.${field}`, `feature schema ${stored.id} is a ${stored.kind}, not a ${kind}`);
}
