import { useCallback, useState } from 'react';
import { useApi } from '../../api/api-context.tsx';
import type { GraphQLClient } from '../../api/client.ts';
import { toApiError } from '../../api/hooks.ts';
import {
  FailedRowImportsQuery,
  ImportTaskQuery,
  UploadFileMutation,
  UpsertDataRowsMutation,
} from './datasets.generated.ts';
import { isManifestFile, mediaTypeOfFile, parseManifest, type RowSpec } from './manifest-parser.ts';

export type FileProgress = {
  name: string;
  size: number;
  /** 0..1 of the bytes sent. */
  progress: number;
  state: 'waiting' | 'uploading' | 'done' | 'failed';
  message?: string;
};

/** A row that did not make it, with where it came from. */
export type RowError = { source: string; line?: number; message: string };

export type UploadState = {
  files: FileProgress[];
  phase: 'idle' | 'uploading' | 'importing' | 'done' | 'failed';
  created: number;
  rowErrors: RowError[];
  message?: string;
};

const POLL_MS = 500;
const IDLE: UploadState = { files: [], phase: 'idle', created: 0, rowErrors: [] };

/**
 * Uploads media files (each with its own progress) and manifests, then creates the rows with one
 * `upsertDataRows` task and reports every row that failed, from parsing (by line) or from the server.
 */
export function useDatasetUpload(
  datasetId: string,
  sleep = (ms: number) => new Promise((r) => setTimeout(r, ms)),
) {
  const api = useApi();
  const [state, setState] = useState<UploadState>(IDLE);

  const start = useCallback(
    async (picked: File[]) => {
      const files: FileProgress[] = picked.map((f) => ({
        name: f.name,
        size: f.size,
        progress: 0,
        state: 'waiting',
      }));
      const rowErrors: RowError[] = [];
      const items: RowSpec[] = [];
      setState({ files, phase: 'uploading', created: 0, rowErrors });
      const patch = (i: number, change: Partial<FileProgress>) =>
        setState((s) => ({ ...s, files: s.files.map((f, j) => (j === i ? { ...f, ...change } : f)) }));

      for (const [i, file] of picked.entries()) {
        if (isManifestFile(file.name)) {
          const parsed = parseManifest(file.name, await file.text());
          items.push(...parsed.rows);
          for (const p of parsed.problems)
            rowErrors.push({ source: file.name, line: p.line, message: p.message });
          patch(i, { state: 'done', progress: 1, message: `${parsed.rows.length} rows read` });
          continue;
        }
        const mediaType = mediaTypeOfFile(file);
        if (!mediaType) {
          patch(i, { state: 'failed', message: 'Not an image, text, video, audio, PDF or manifest file' });
          rowErrors.push({ source: file.name, message: 'Unsupported file type' });
          continue;
        }
        patch(i, { state: 'uploading' });
        try {
          const uploaded = await api.upload(
            UploadFileMutation,
            { contentLength: file.size },
            'file',
            file,
            (p) => patch(i, { progress: p }),
          );
          items.push({ row_data: uploaded.uploadFile.url, external_id: file.name, media_type: mediaType });
          patch(i, { state: 'done', progress: 1 });
        } catch (e) {
          const message = toApiError(e).message;
          patch(i, { state: 'failed', message });
          rowErrors.push({ source: file.name, message });
        }
      }
      if (items.length === 0) {
        setState((s) => ({ ...s, phase: rowErrors.length > 0 ? 'failed' : 'done', rowErrors }));
        return;
      }
      setState((s) => ({ ...s, phase: 'importing', rowErrors }));
      try {
        const failures = await importRows(api, datasetId, items, sleep);
        rowErrors.push(...failures);
        setState((s) => ({
          ...s,
          phase: 'done',
          created: items.length - failures.length,
          rowErrors: [...rowErrors],
        }));
      } catch (e) {
        setState((s) => ({
          ...s,
          phase: 'failed',
          message: toApiError(e).message,
          rowErrors: [...rowErrors],
        }));
      }
    },
    [api, datasetId, sleep],
  );

  const reset = useCallback(() => setState(IDLE), []);
  return { state, start, reset };
}

async function importRows(
  api: GraphQLClient,
  datasetId: string,
  items: RowSpec[],
  sleep: (ms: number) => Promise<unknown>,
): Promise<RowError[]> {
  const chunk = items.map((payload) => ({
    id: { type: 'AUTO' },
    payload: { ...payload, dataset_id: datasetId },
  }));
  const chunkFile = new File([JSON.stringify(chunk)], 'chunk.json', { type: 'application/json' });
  const chunkUrl = (
    await api.upload(UploadFileMutation, { contentLength: chunkFile.size }, 'file', chunkFile)
  ).uploadFile.url;
  const manifest = new File(
    [JSON.stringify({ source: 'web', item_count: items.length, chunk_uris: [chunkUrl] })],
    'manifest.json',
    {
      type: 'application/json',
    },
  );
  const manifestUrl = (
    await api.upload(UploadFileMutation, { contentLength: manifest.size }, 'file', manifest)
  ).uploadFile.url;
  let task = (await api.request(UpsertDataRowsMutation, { manifestUri: manifestUrl })).upsertDataRows;
  while (task.status === 'IN_PROGRESS') {
    await sleep(POLL_MS);
    const polled = (await api.request(ImportTaskQuery, { id: task.id })).task;
    if (!polled) break;
    task = polled;
  }
  const failures: RowError[] = [];
  let from: string | null = null;
  do {
    const result: FailedRowImportsQuery = await api.request(FailedRowImportsQuery, { taskId: task.id, from });
    const page = result.failedDataRowImports;
    for (const f of page.results) {
      failures.push({
        source: f.spec.externalId ?? f.spec.globalKey ?? f.spec.rowData ?? 'row',
        message: f.message,
      });
    }
    from = page.after;
  } while (from && failures.length < 10_000);
  return failures;
}
