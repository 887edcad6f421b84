import type { DatasetCreateInput } from './api/schema.generated.ts';
import { LabelyardError } from './errors.ts';
import {
  SdkCreateDatasetMutation,
  SdkDatasetQuery,
  SdkDatasetsQuery,
  SdkUpsertDataRowsMutation,
  type SdkDatasetQuery as DatasetResult,
} from './datasets.generated.ts';
import { offsetPages } from './paginate.ts';
import type { Task, Tasks, WaitOptions } from './tasks.ts';
import type { Transport } from './transport.ts';

export type Dataset = NonNullable<DatasetResult['dataset']>;

/** One data row to create, or to update when `key` names an existing row. */
export type DataRowInput = {
  /** A URL of the asset (https, or a URL `client.upload` returned), or the text itself for text rows. */
  rowData: string | Record<string, unknown>;
  globalKey?: string;
  externalId?: string;
  /** IMAGE, TEXT, VIDEO, …; guessed by the server when absent. */
  mediaType?: string;
  metadataFields?: ReadonlyArray<{ schemaId?: string; name?: string; value: unknown }>;
  attachments?: ReadonlyArray<{ type: string; value: string; name?: string }>;
  /** Update this row instead of creating one: by its id or its global key. */
  key?: { id: string } | { globalKey: string };
};

export type DataRowsResult = {
  task: Task;
  /** Rows the server refused, with its reasons (empty when all were stored). */
  errors: unknown[];
};

/** Descriptor chunks stay under this size, as the Labelbox SDK keeps them (the server caps uploads). */
const CHUNK_BYTES = 16 * 1024 * 1024;

function descriptor(datasetId: string, row: DataRowInput) {
  const payload: Record<string, unknown> = { dataset_id: datasetId, row_data: row.rowData };
  if (row.globalKey !== undefined) payload.global_key = row.globalKey;
  if (row.externalId !== undefined) payload.external_id = row.externalId;
  if (row.mediaType !== undefined) payload.media_type = row.mediaType;
  if (row.metadataFields !== undefined)
    payload.metadata_fields = row.metadataFields.map((m) => ({
      ...(m.schemaId !== undefined ? { schema_id: m.schemaId } : {}),
      ...(m.name !== undefined ? { name: m.name } : {}),
      value: m.value,
    }));
  if (row.attachments !== undefined) payload.attachments = row.attachments;
  const id = !row.key
    ? { type: 'AUTO', value: '' }
    : 'id' in row.key
      ? { type: 'ID', value: row.key.id }
      : { type: 'GKEY', value: row.key.globalKey };
  return JSON.stringify({ id, payload });
}

export class Datasets {
  constructor(
    private readonly transport: Transport,
    private readonly tasks: Tasks,
  ) {}

  async create(data: DatasetCreateInput): Promise<Dataset> {
    return (await this.transport.request(SdkCreateDatasetMutation, { data })).createDataset;
  }

  /** The dataset, or null when it does not exist (or is not visible to this key). */
  async get(id: string): Promise<Dataset | null> {
    try {
      return (await this.transport.request(SdkDatasetQuery, { id })).dataset;
    } catch (error) {
      if (error instanceof LabelyardError && error.code === 'RESOURCE_NOT_FOUND') return null;
      throw error;
    }
  }

  /** Every dataset of the organization, page by page. */
  list(pageSize = 100): AsyncGenerator<Dataset> {
    return offsetPages(
      async (skip, first) => (await this.transport.request(SdkDatasetsQuery, { skip, first })).datasets,
      pageSize,
    );
  }

  /**
   * Creates (or, with `key`, updates) data rows in bulk the way the Labelbox SDK does: the rows go up as JSON
   * chunks of at most 16 MiB, then one `upsertDataRows` task stores them all in one transaction. `rows` may be
   * any (async) iterable, so a large input is never held in memory whole. Waits for the task unless `wait` is
   * false, and returns the rows the server refused.
   *
   * @example
   * const { errors } = await client.datasets.createDataRows(dataset.id, [
   *   { rowData: 'https://example.com/cat.jpg', globalKey: 'cat-1' },
   * ]);
   */
  async createDataRows(
    datasetId: string,
    rows: Iterable<DataRowInput> | AsyncIterable<DataRowInput>,
    options: WaitOptions & { wait?: boolean; chunkBytes?: number } = {},
  ): Promise<DataRowsResult> {
    const limit = options.chunkBytes ?? CHUNK_BYTES;
    const chunkUris: string[] = [];
    let parts: string[] = [];
    let bytes = 0;
    let count = 0;
    const flush = async () => {
      if (parts.length === 0) return;
      chunkUris.push(await this.transport.upload(`[${parts.join(',')}]`, 'json_import.json'));
      parts = [];
      bytes = 0;
    };
    for await (const row of rows) {
      const line = descriptor(datasetId, row);
      if (bytes > 0 && bytes + line.length + 1 > limit) await flush();
      parts.push(line);
      bytes += line.length + 1;
      count++;
    }
    await flush();
    if (count === 0) throw new LabelyardError('MALFORMED_REQUEST', 'createDataRows needs at least one row');
    const manifest = JSON.stringify({ source: 'SDK', item_count: count, chunk_uris: chunkUris });
    const manifestUri = await this.transport.upload(manifest, 'manifest.json');
    const started = (await this.transport.request(SdkUpsertDataRowsMutation, { manifestUri })).upsertDataRows;
    if (options.wait === false) return { task: await this.tasks.get(started.id), errors: [] };
    const task = await this.tasks.wait(started.id, options);
    const errors = await this.tasks.errorsOf(task);
    return { task, errors: Array.isArray(errors) ? errors : errors === null ? [] : [errors] };
  }
}
