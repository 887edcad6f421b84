import { once } from 'node:events';
import fs from 'node:fs';
import readline from 'node:readline';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { Labelyard, type DataRowInput } from '@labelyard/sdk';

export const REMOTE_USAGE = `Commands that talk to a running server through the SDK (--url or LABELYARD_URL, default
http://127.0.0.1:8080; --api-key or LABELYARD_API_KEY):
  import rows --dataset ID --file F.ndjson   create data rows, one JSON object a line:
                                          {"row_data", "global_key"?, "external_id"?, "media_type"?}
  import labels --project ID --file F.ndjson [--predictions] [--name N]
                                          import Labelbox NDJSON annotations (MAL pre-labels with
                                          --predictions); failed lines are listed, and the exit code is 1
  export project ID [--label-details] [--metadata]
                                          stream the project's export v2 rows to stdout as NDJSON`;

export type RemoteIo = { stdout: Writable; err: (line: string) => void };

const CONNECTION = { url: { type: 'string' }, 'api-key': { type: 'string' } } as const;

function connect(values: { url?: string | undefined; 'api-key'?: string | undefined }): Labelyard {
  const apiKey = values['api-key'] ?? process.env.LABELYARD_API_KEY;
  if (!apiKey) throw new TypeError('--api-key or LABELYARD_API_KEY is required');
  const url = values.url ?? process.env.LABELYARD_URL ?? 'http://127.0.0.1:8080';
  return new Labelyard({ url, apiKey });
}

/** The file's lines parsed as JSON, read as a stream (a file of millions of rows is never held whole). */
async function* jsonLines(file: string): AsyncGenerator<Record<string, unknown>> {
  const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (line.trim() === '') continue;
    try {
      yield JSON.parse(line) as Record<string, unknown>;
    } catch (error) {
      throw new TypeError(`${file}:${n}: not JSON (${(error as Error).message})`);
    }
  }
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

function rowOf(line: Record<string, unknown>): DataRowInput {
  const rowData = line.row_data ?? line.rowData;
  if (typeof rowData !== 'string' && (typeof rowData !== 'object' || rowData === null))
    throw new TypeError(
      `every line needs row_data (a URL or the text): ${JSON.stringify(line).slice(0, 200)}`,
    );
  const row: DataRowInput = { rowData: rowData as DataRowInput['rowData'] };
  const globalKey = text(line.global_key ?? line.globalKey);
  const externalId = text(line.external_id ?? line.externalId);
  const mediaType = text(line.media_type ?? line.mediaType);
  if (globalKey !== undefined) row.globalKey = globalKey;
  if (externalId !== undefined) row.externalId = externalId;
  if (mediaType !== undefined) row.mediaType = mediaType;
  return row;
}

/** Writes with backpressure, so a slow pipe never makes the export pile up in memory. */
async function write(stream: Writable, chunk: string): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain');
}

export async function importCommand(sub: string | undefined, args: string[], io: RemoteIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...CONNECTION,
      dataset: { type: 'string' },
      project: { type: 'string' },
      file: { type: 'string' },
      name: { type: 'string' },
      predictions: { type: 'boolean' },
    },
  });
  if (!values.file) throw new TypeError('--file is required');
  const file = values.file;
  if (sub === 'rows') {
    if (!values.dataset) throw new TypeError('--dataset is required');
    const client = connect(values);
    let count = 0;
    async function* rows() {
      for await (const line of jsonLines(file)) {
        count++;
        yield rowOf(line);
      }
    }
    const { errors } = await client.datasets.createDataRows(values.dataset, rows());
    for (const error of errors) io.err(JSON.stringify(error));
    io.err(`${count - errors.length} of ${count} data rows stored in dataset ${values.dataset}`);
    return errors.length > 0 ? 1 : 0;
  }
  if (sub === 'labels') {
    if (!values.project) throw new TypeError('--project is required');
    const client = connect(values);
    const result = await client.labels.import(values.project, jsonLines(file), {
      kind: values.predictions ? 'prediction' : 'label',
      ...(values.name ? { name: values.name } : {}),
    });
    for (const failure of result.failures) io.err(JSON.stringify(failure));
    io.err(
      `Import ${result.import.name}: ${result.statuses.length - result.failures.length} of ${result.statuses.length} lines imported`,
    );
    return result.failures.length > 0 ? 1 : 0;
  }
  throw new TypeError('Usage: labelyard import rows|labels …');
}

export async function exportCommand(sub: string | undefined, args: string[], io: RemoteIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...CONNECTION, 'label-details': { type: 'boolean' }, metadata: { type: 'boolean' } },
  });
  const projectId = positionals[0];
  if (sub !== 'project' || !projectId) throw new TypeError('Usage: labelyard export project ID');
  const client = connect(values);
  let rows = 0;
  const params = {
    includeLabelDetails: values['label-details'] ?? false,
    includeMetadata: values.metadata ?? false,
  };
  for await (const row of client.exports.project(projectId, { params })) {
    await write(io.stdout, JSON.stringify(row) + '\n');
    rows++;
  }
  io.err(`${rows} rows exported from project ${projectId}`);
  return 0;
}
