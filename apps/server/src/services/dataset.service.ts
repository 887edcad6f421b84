import type { Actor } from '../auth/actor.ts';
import { invalid, notFound } from '../errors.ts';
import { newId } from '../ids.ts';
import {
  DatasetRepository,
  type DatasetFilterField,
  type DatasetRow,
} from '../repositories/dataset.repository.ts';
import { nowIso } from '../time.ts';
import { parseOrderBy, parseWhereInput, type WhereSpec } from './where-input.ts';
import type { ServiceDeps } from './index.ts';

const DATASET_WHERE: WhereSpec<DatasetFilterField> = {
  entity: 'Dataset',
  fields: {
    id: 'string',
    name: 'string',
    description: 'string',
    deleted: 'boolean',
    rowCount: 'integer',
    createdAt: 'datetime',
    updatedAt: 'datetime',
  },
};

export const PURGE_DATASET_JOB = 'delete-dataset-data-rows';

export type CreateDatasetInput = { name?: string | null; description?: string | null };
export type UpdateDatasetInput = {
  name?: string | null;
  description?: string | null;
  deleted?: boolean | null;
};

const MAX_NAME = 1000;

function checkName(name: unknown, field: string): string {
  if (typeof name !== 'string' || name.trim().length === 0)
    throw invalid(field, 'must be a non-empty string');
  if (name.length > MAX_NAME) throw invalid(field, `must be at most ${MAX_NAME} characters`);
  return name;
}

/** Datasets: containers of data rows. Deleting one is a soft delete (`deleted: true`), as on Labelbox. */
export class DatasetService {
  private readonly repo: DatasetRepository;

  constructor(private readonly deps: Pick<ServiceDeps, 'db' | 'dialect' | 'jobs' | 'config'>) {
    this.repo = new DatasetRepository(deps.db, deps.dialect);
  }

  async create(actor: Actor, input: CreateDatasetInput): Promise<DatasetRow> {
    const now = nowIso();
    const row: DatasetRow = {
      id: newId(),
      organization_id: actor.organizationId,
      name: checkName(input.name, 'data.name'),
      description: input.description ?? '',
      row_count: 0,
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
      deleted: 0,
    };
    await this.repo.insert(row);
    return row;
  }

  /** A live dataset of the caller's organization; deleted and foreign ones are not found. */
  async get(actor: Actor, id: string): Promise<DatasetRow> {
    const row = await this.repo.find(actor.organizationId, id);
    if (!row || row.deleted) throw notFound('Dataset', id);
    return row;
  }

  byIds(actor: Actor, ids: readonly string[]): Promise<DatasetRow[]> {
    return this.repo.findByIds(actor.organizationId, ids);
  }

  list(
    actor: Actor,
    args: { where?: unknown; orderBy?: string | null },
    page: { skip: number; first: number },
    /** Only these columns (the rows are then partial). */
    columns?: readonly (keyof DatasetRow)[],
  ): Promise<DatasetRow[]> {
    return this.repo.list(
      actor.organizationId,
      parseWhereInput(DATASET_WHERE, args.where),
      parseOrderBy(DATASET_WHERE, args.orderBy),
      page,
      columns,
    );
  }

  async update(actor: Actor, id: string, input: UpdateDatasetInput): Promise<DatasetRow> {
    const current = await this.get(actor, id);
    const patch: Parameters<DatasetRepository['update']>[2] = { updated_at: nowIso() };
    if (input.name !== undefined && input.name !== null) patch.name = checkName(input.name, 'data.name');
    if (input.description !== undefined && input.description !== null) patch.description = input.description;
    if (input.deleted !== undefined && input.deleted !== null) patch.deleted = input.deleted ? 1 : 0;
    await this.repo.update(actor.organizationId, current.id, patch);
    if (patch.deleted === 1) await this.purgeRows(actor, current);
    return { ...current, ...patch };
  }

  /**
   * A deleted dataset's data rows go too (as on Labelbox), freeing their global keys. That can be millions of
   * rows, so it is a job; small datasets finish inside the request.
   */
  private async purgeRows(actor: Actor, dataset: DatasetRow): Promise<void> {
    const job = await this.deps.jobs.enqueue(actor, {
      type: PURGE_DATASET_JOB,
      name: `Delete data rows of dataset ${dataset.id}`,
      payload: { datasetId: dataset.id },
      idempotencyKey: `purge:${dataset.id}`,
    });
    if (dataset.row_count <= this.deps.config.inlineJobMaxItems) await this.deps.jobs.runNow(job.id);
  }

  /** Delegated-access signers (IAM integrations) do not exist here: files are served by this server. */
  async setSigner(actor: Actor, id: string, signerId: string): Promise<DatasetRow> {
    await this.get(actor, id);
    throw notFound('IAM integration', signerId);
  }

  async validate(
    actor: Actor,
    id: string,
  ): Promise<{ valid: boolean; checks: Array<{ name: string; success: boolean }> }> {
    await this.get(actor, id);
    return { valid: true, checks: [{ name: 'Files are stored by this server', success: true }] };
  }
}
