import type { Actor } from '../auth/actor.ts';
import { invalid, notFound } from '../errors.ts';
import { newId } from '../ids.ts';
import { ExportRepository, type ExportRowFilter } from '../repositories/export.repository.ts';
import { SliceRepository, type SliceRow } from '../repositories/slice.repository.ts';
import { nowIso } from '../time.ts';
import type { EmbeddingService } from './embedding/embedding.service.ts';
import { parseExportInput, type ExportInput } from './export.filters.ts';
import type { ExportService } from './export.service.ts';
import type { ServiceDeps } from './index.ts';
import type { ModelRunService } from './model/model-run.service.ts';
import { checkName } from './model/model.service.ts';

export const SLICE_KINDS = ['CATALOG', 'MODEL'] as const;
const MAX_PAGE = 1000;

type Identifier = { id: string; globalKey: string | null };
export type IdentifierPage = {
  totalCount: number;
  nodes: Identifier[];
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
};

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Slices: saved catalog searches in the filter language of `exportDataRowsInCatalog`, plus a similarity clause
 * `{"type": "similarity", "embeddingId", "dataRowId", "first"?}` ("rows like this one"). A slice is evaluated when
 * read, so it follows the catalog as it changes.
 */
export class SliceService {
  private readonly repo: SliceRepository;

  constructor(
    private readonly deps: Pick<ServiceDeps, 'db' | 'dialect'>,
    private readonly embeddings: EmbeddingService,
    private readonly exports: ExportService,
    private readonly modelRuns: ModelRunService,
  ) {
    this.repo = new SliceRepository(deps.db);
  }

  async create(
    actor: Actor,
    input: { name: unknown; description?: string | null; filter: unknown; kind?: string | null },
  ): Promise<SliceRow> {
    const kind = input.kind ?? 'CATALOG';
    if (!(SLICE_KINDS as readonly string[]).includes(kind))
      throw invalid('input.kind', 'must be CATALOG or MODEL');
    const clauses = this.checkClauses(input.filter);
    await this.resolve(actor, clauses);
    const now = nowIso();
    const row: SliceRow = {
      id: newId(),
      organization_id: actor.organizationId,
      kind,
      name: checkName(input.name, 'input.name'),
      description: input.description ?? '',
      filter: JSON.stringify(clauses),
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    };
    await this.repo.insert(row);
    return row;
  }

  async update(
    actor: Actor,
    id: string,
    input: { name?: unknown; description?: string | null; filter?: unknown },
  ): Promise<SliceRow> {
    const current = await this.get(actor, id);
    const patch: Parameters<SliceRepository['update']>[2] = { updated_at: nowIso() };
    if (input.name !== undefined && input.name !== null) patch.name = checkName(input.name, 'input.name');
    if (input.description !== undefined && input.description !== null) patch.description = input.description;
    if (input.filter !== undefined && input.filter !== null) {
      const clauses = this.checkClauses(input.filter);
      await this.resolve(actor, clauses);
      patch.filter = JSON.stringify(clauses);
    }
    await this.repo.update(actor.organizationId, id, patch);
    return { ...current, ...patch };
  }

  async delete(actor: Actor, id: string): Promise<boolean> {
    if (!(await this.repo.delete(actor.organizationId, id))) throw notFound('Slice', id);
    return true;
  }

  /** The slice, or null (`getSavedQuery` answers null for an unknown id). */
  async find(actor: Actor, id: string): Promise<SliceRow | null> {
    return (await this.repo.find(actor.organizationId, id)) ?? null;
  }

  async get(actor: Actor, id: string): Promise<SliceRow> {
    const row = await this.repo.find(actor.organizationId, id);
    if (!row) throw notFound('Slice', id);
    return row;
  }

  /** `getDataRowIdentifiersBySavedQuery`: the slice's rows in id order, `first` at a time after the cursor. */
  async identifiers(actor: Actor, id: string, after: string | null, first: number): Promise<IdentifierPage> {
    const size = checkFirst(first);
    const filter = await this.filterOf(actor, await this.get(actor, id));
    const repo = new ExportRepository(this.deps.db, this.deps.dialect);
    const rows = await repo.catalogPage(actor.organizationId, filter, null, after, size + 1);
    const page = rows.slice(0, size);
    const hasNextPage = rows.length > size;
    return {
      totalCount: await repo.catalogRowCount(actor.organizationId, filter),
      nodes: page.map((r) => ({ id: r.id, globalKey: r.global_key })),
      pageInfo: { endCursor: hasNextPage ? page[page.length - 1]!.id : null, hasNextPage },
    };
  }

  /** `getDataRowIdentifiersBySavedModelQuery`: the slice's rows among a model run's, with a data-row cursor. */
  async modelIdentifiers(
    actor: Actor,
    id: string,
    modelRunId: string,
    after: { dataRowId?: string | null } | null,
    first: number,
  ) {
    const size = checkFirst(first);
    await this.modelRuns.get(actor, modelRunId);
    const filter = await this.filterOf(actor, await this.get(actor, id));
    const repo = new ExportRepository(this.deps.db, this.deps.dialect);
    const nodes: Identifier[] = [];
    let cursor = after?.dataRowId ?? '';
    let exhausted = false;
    while (nodes.length <= size && !exhausted) {
      const run = await this.repo.modelRunRows(modelRunId, cursor, 1000);
      exhausted = run.length < 1000;
      if (run.length === 0) break;
      cursor = run[run.length - 1]!.id;
      const ids = run.map((r) => r.id);
      const narrowed: ExportRowFilter = {
        ...filter,
        dataRowIds: filter.dataRowIds ? ids.filter((i) => filter.dataRowIds!.includes(i)) : ids,
      };
      if (narrowed.dataRowIds!.length === 0) continue;
      const matched = await repo.catalogPage(actor.organizationId, narrowed, null, null, 1000);
      nodes.push(...matched.map((r) => ({ id: r.id, globalKey: r.global_key })));
    }
    const page = nodes.slice(0, size);
    const hasNextPage = nodes.length > size;
    const last = page[page.length - 1];
    return {
      totalCount: null,
      nodes: page,
      pageInfo: {
        endCursor: hasNextPage && last ? { dataRowId: last.id, globalKey: last.globalKey } : null,
        hasNextPage,
      },
    };
  }

  /** `exportDataRowsInSlice`: a catalog export of the slice's rows. */
  async startExport(
    actor: Actor,
    input: ExportInput & { filters?: { sliceId?: string | null } | null },
    origin: string,
  ) {
    const sliceId = input.filters?.sliceId;
    if (!sliceId) throw invalid('input.filters.sliceId', 'must be a slice id');
    const slice = await this.get(actor, sliceId);
    const query = await this.resolve(actor, JSON.parse(slice.filter) as unknown[]);
    return this.exports.startCatalogExport(
      actor,
      {
        ...input,
        taskName: input.taskName ?? `Export v2: slice ${slice.name}`,
        filters: { searchQuery: { query } },
      },
      origin,
    );
  }

  private checkClauses(filter: unknown): unknown[] {
    if (!Array.isArray(filter)) throw invalid('input.filter', 'must be a list of search clauses');
    if (filter.length > 50) throw invalid('input.filter', 'must hold at most 50 clauses');
    return filter;
  }

  /** Similarity clauses become the ids of the rows they find; the rest is checked as catalog-export filters. */
  private async resolve(actor: Actor, clauses: readonly unknown[]): Promise<unknown[]> {
    const out: unknown[] = [];
    for (const [i, clause] of clauses.entries()) {
      if (isRecord(clause) && clause.type === 'similarity') {
        const path = `input.filter[${i}]`;
        if (typeof clause.embeddingId !== 'string')
          throw invalid(`${path}.embeddingId`, 'must be an embedding id');
        if (typeof clause.dataRowId !== 'string') throw invalid(`${path}.dataRowId`, 'must be a data row id');
        const first = clause.first ?? 100;
        if (typeof first !== 'number') throw invalid(`${path}.first`, 'must be a number');
        const found = await this.embeddings.similar(actor, {
          embeddingId: clause.embeddingId,
          dataRowId: clause.dataRowId,
          first,
        });
        out.push({
          type: 'data_row_id',
          operator: 'is',
          ids: found.length > 0 ? found.map((f) => f.dataRowId) : ['-'],
        });
      } else out.push(clause);
    }
    parseExportInput({ filters: { searchQuery: { query: out } } }, 'UTC');
    return out;
  }

  private async filterOf(actor: Actor, slice: SliceRow): Promise<ExportRowFilter> {
    const query = await this.resolve(actor, JSON.parse(slice.filter) as unknown[]);
    return parseExportInput({ filters: { searchQuery: { query } } }, 'UTC').filter;
  }
}

function checkFirst(first: number): number {
  if (!Number.isInteger(first) || first < 1) throw invalid('first', 'must be a positive integer');
  return Math.min(first, MAX_PAGE);
}
