import { LabelyardError } from './errors.ts';
import {
  SdkCreateLabelImportMutation,
  SdkCreatePredictionImportMutation,
  SdkLabelImportQuery,
  SdkPredictionImportQuery,
  type SdkLabelImportQuery as LabelImportResult,
} from './label-imports.generated.ts';
import { ndjsonLines } from './ndjson.ts';
import type { WaitOptions } from './tasks.ts';
import type { Transport } from './transport.ts';

export type AnnotationImport = NonNullable<LabelImportResult['labelImport']>;

/** One line of an import's status file. */
export type ImportLineStatus = {
  uuid?: string;
  dataRow?: { id?: string; globalKey?: string };
  /** SUCCESS or FAILURE. */
  status: string;
  errors?: unknown[];
};

export type ImportResult = {
  import: AnnotationImport;
  /** One entry per input line, in input order. */
  statuses: ImportLineStatus[];
  /** The lines that failed, with their errors (empty when every line was imported). */
  failures: ImportLineStatus[];
};

export type ImportOptions = WaitOptions & {
  /**
   * Unique per project: it names the import, and a retry with the same name answers the same import instead of
   * importing twice. Default: a fresh name.
   */
  name?: string;
  /** `label` (ground truth, the default) or `prediction` (model-assisted pre-labels for labelers to edit). */
  kind?: 'label' | 'prediction';
};

/** Labels and MAL predictions from Labelbox NDJSON lines (docs/label-import.md). */
export class LabelImports {
  constructor(
    private readonly transport: Transport,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  /**
   * Imports NDJSON annotation lines (`{uuid, dataRow: {id | globalKey}, name | schemaId, bbox | polygon | …}`)
   * into a project and waits until every line is read. A line the server refuses fails alone, with its errors
   * in `failures`; the others are stored.
   *
   * @example
   * const { failures } = await client.labels.import(project.id, [
   *   { uuid: crypto.randomUUID(), dataRow: { globalKey: 'cat-1' }, name: 'car',
   *     bbox: { top: 10, left: 20, height: 30, width: 40 } },
   * ]);
   */
  async import(
    projectId: string,
    lines: Iterable<unknown> | AsyncIterable<unknown>,
    options: ImportOptions = {},
  ): Promise<ImportResult> {
    const parts: string[] = [];
    for await (const line of lines) parts.push(JSON.stringify(line) + '\n');
    if (parts.length === 0)
      throw new LabelyardError('MALFORMED_REQUEST', 'An import needs at least one line');
    const fileUrl = await this.transport.upload(new Blob(parts), 'import.ndjson');
    const name = options.name ?? `sdk-import-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`;
    const data = { projectId, name, fileUrl };
    const prediction = options.kind === 'prediction';
    if (prediction) await this.transport.request(SdkCreatePredictionImportMutation, { data });
    else await this.transport.request(SdkCreateLabelImportMutation, { data });
    const done = await this.waitFor(projectId, name, prediction, options);
    if (done.state === 'FAILED')
      throw new LabelyardError('IMPORT_FAILED', `Import ${name} failed`, { details: done.errorFileUrl });
    const statuses: ImportLineStatus[] = [];
    if (done.statusFileUrl) {
      const response = await this.transport.download(done.statusFileUrl);
      if (response.body) for await (const s of ndjsonLines<ImportLineStatus>(response.body)) statuses.push(s);
    }
    return { import: done, statuses, failures: statuses.filter((s) => s.status !== 'SUCCESS') };
  }

  private async waitFor(
    projectId: string,
    name: string,
    prediction: boolean,
    options: WaitOptions,
  ): Promise<AnnotationImport> {
    const deadline = Date.now() + (options.timeoutMs ?? 600_000);
    let interval = options.pollMs ?? 100;
    for (;;) {
      const current = prediction
        ? (await this.transport.request(SdkPredictionImportQuery, { projectId, name }))
            .modelAssistedLabelingPredictionImport
        : (await this.transport.request(SdkLabelImportQuery, { projectId, name })).labelImport;
      if (!current) throw new LabelyardError('RESOURCE_NOT_FOUND', `Import not found: ${name}`);
      if (current.state !== 'RUNNING') return current;
      if (Date.now() + interval > deadline)
        throw new LabelyardError('TIMEOUT', `Import ${name} is still running after the wait`);
      await this.sleep(interval);
      interval = Math.min(interval * 1.5, 2_000);
    }
  }
}
