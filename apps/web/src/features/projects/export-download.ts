import type { GraphQLClient } from '../../api/client.ts';
import { ExportChunkQuery, ExportTaskStatusQuery, StartProjectExportMutation } from './projects.generated.ts';

/** The formats the server writes, with how each is fetched. */
export const EXPORT_FORMATS = [
  { id: 'ndjson', label: 'NDJSON (Labelbox export v2)' },
  { id: 'coco', label: 'COCO' },
  { id: 'yolo', label: 'YOLO' },
  { id: 'voc', label: 'Pascal VOC' },
  { id: 'conll', label: 'CoNLL' },
  { id: 'masks', label: 'PNG masks' },
] as const;

/** Standard formats stream straight from the server into the download (the session cookie authenticates). */
export const formatUrl = (projectId: string, format: string) =>
  `/api/v1/projects/${encodeURIComponent(projectId)}/exports/${format}`;

async function fetchChunk(url: string): Promise<string> {
  const res = await fetch(url, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`An export chunk could not be downloaded (HTTP ${res.status})`);
  return res.text();
}

/**
 * NDJSON goes through the public export API: start a task, wait for it, then read the result stream chunk by chunk
 * (the server hands out line-aligned chunks); the chunks become the parts of the downloaded file.
 */
export async function exportNdjson(
  api: GraphQLClient,
  projectId: string,
  onProgress: (message: string) => void,
  sleep = (ms: number) => new Promise((r) => setTimeout(r, ms)),
  fetchText = fetchChunk,
): Promise<Blob> {
  const started = await api.request(StartProjectExportMutation, {
    input: {
      filters: { projectId },
      params: {
        includeLabelDetails: true,
        includeMetadata: true,
        includeProjectDetails: true,
        includeAttachments: true,
      },
      streamable: true,
    },
  });
  const taskId = started.exportDataRowsInProject.taskId;
  let status = 'IN_PROGRESS';
  let totalSize = 0;
  while (status === 'IN_PROGRESS') {
    const task = (await api.request(ExportTaskStatusQuery, { id: taskId })).task;
    status = task?.status ?? 'FAILED';
    totalSize = Number(task?.exportMetadataHeader?.totalSize ?? 0);
    if (status === 'IN_PROGRESS') {
      onProgress('Preparing the export…');
      await sleep(500);
    }
  }
  if (status !== 'COMPLETE') throw new Error(`The export task ended ${status}`);
  const parts: string[] = [];
  let offset = 0;
  while (offset < totalSize) {
    const chunk = (await api.request(ExportChunkQuery, { id: taskId, offset: String(offset) })).task
      ?.exportFileFromOffset;
    if (!chunk) break;
    // `file` is the chunk's signed download URL (as Labelbox's SDK reads it), not its text.
    parts.push(await fetchText(chunk.file));
    const end = Number(chunk.offsets.end);
    if (end < offset) break;
    offset = end + 1;
    onProgress(`Downloading… ${Math.round((offset / totalSize) * 100)}%`);
  }
  return new Blob(parts, { type: 'application/x-ndjson' });
}

/** Hands a blob to the browser as a download. */
export function saveBlob(blob: Blob, fileName: string, doc: Document = document): void {
  const url = URL.createObjectURL(blob);
  const a = doc.createElement('a');
  a.href = url;
  a.download = fileName;
  doc.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
