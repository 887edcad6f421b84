import type { ExportFilters, ExportParams, TaskStreamType } from './api/schema.generated.ts';
import { LabelyardError } from './errors.ts';
import { SdkExportCatalogMutation, SdkExportProjectMutation } from './exports.generated.ts';
import { ndjsonLines } from './ndjson.ts';
import { SdkExportChunkQuery, SdkExportSizeQuery } from './tasks.generated.ts';
import type { Tasks, WaitOptions } from './tasks.ts';
import type { Transport } from './transport.ts';

export type ExportOptions = WaitOptions & {
  /** Which blocks each row carries (`includeLabelDetails`, `includeMetadata`, …), as in Labelbox's export v2. */
  params?: ExportParams;
  /** Narrow the rows (labeled or workflow-status ranges, data-row ids, …). */
  filters?: Omit<ExportFilters, 'projectId' | 'modelRunId'>;
  taskName?: string;
};

/**
 * Export v2 as streams of rows: the server writes the export as a task, and the rows are read chunk by chunk
 * from signed URLs, so memory stays flat however large the project.
 */
export class Exports {
  constructor(
    private readonly transport: Transport,
    private readonly tasks: Tasks,
  ) {}

  /**
   * Every data row of a project with its labels (Labelbox export v2 rows), streamed.
   *
   * @example
   * for await (const row of client.exports.project(project.id, { params: { includeLabelDetails: true } }))
   *   console.log(row.data_row.id, row.projects[project.id].labels.length);
   */
  async *project<Row = ExportRow>(projectId: string, options: ExportOptions = {}): AsyncGenerator<Row> {
    const { exportDataRowsInProject } = await this.transport.request(SdkExportProjectMutation, {
      input: {
        taskName: options.taskName ?? null,
        streamable: true,
        filters: { ...options.filters, projectId },
        params: options.params ?? null,
      },
    });
    yield* this.rows<Row>(exportDataRowsInProject.taskId, 'RESULT', options);
  }

  /** Catalog rows (every dataset, or those `filters.searchQuery` selects), streamed. */
  async *catalog<Row = ExportRow>(options: ExportOptions = {}): AsyncGenerator<Row> {
    const { exportDataRowsInCatalog } = await this.transport.request(SdkExportCatalogMutation, {
      input: {
        taskName: options.taskName ?? null,
        streamable: true,
        filters: { ...options.filters },
        params: options.params ?? null,
      },
    });
    yield* this.rows<Row>(exportDataRowsInCatalog.taskId, 'RESULT', options);
  }

  /** The lines of a finished (or finishing) export task's stream: `RESULT` rows or `ERRORS`. */
  async *rows<Row = ExportRow>(
    taskId: string,
    stream: TaskStreamType = 'RESULT',
    options: WaitOptions = {},
  ): AsyncGenerator<Row> {
    await this.tasks.wait(taskId, options);
    const header = await this.transport.request(SdkExportSizeQuery, { id: taskId, streamType: stream });
    const size = Number(header.task?.exportMetadataHeader?.totalSize ?? 0);
    for (let offset = 0; offset < size;) {
      const { task } = await this.transport.request(SdkExportChunkQuery, {
        id: taskId,
        offset: String(offset),
        streamType: stream,
      });
      if (!task) throw new LabelyardError('RESOURCE_NOT_FOUND', `Task not found: ${taskId}`);
      const chunk = task.exportFileFromOffset;
      if (!chunk) return;
      const response = await this.transport.download(chunk.file);
      if (response.body) yield* ndjsonLines<Row>(response.body);
      offset = Number(chunk.offsets.end) + 1;
    }
  }
}

/** An export v2 row; see Labelbox's export v2 reference for every block. */
export type ExportRow = {
  data_row: { id: string; global_key?: string | null; external_id?: string | null; row_data: string };
  projects?: Record<
    string,
    { labels: Array<{ id: string; annotations: unknown }>; project_details?: unknown }
  >;
  [block: string]: unknown;
};
