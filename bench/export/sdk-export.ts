import { createdTask, gql, type SdkClient } from '../lib/labelbox-wire.ts';

/**
 * `project.export(params)` + `ExportTask.get_buffered_stream()` over HTTP as the Labelbox SDK 6 does it:
 * `exportDataRowsInProject`, the task polled through `user.createdTasks` until COMPLETE, then the RESULT stream's
 * header and `exportFileFromOffset` from offset 0, each chunk downloaded from its `file` URL without auth, the next
 * offset being the chunk's end + 1.
 */
const EXPORT =
  'mutation exportDataRowsInProjectPyApi($input: ExportDataRowsInProjectInput!){exportDataRowsInProject(input: $input){taskId isStreamable}}';
const HEADER =
  'query GetExportMetadataHeaderPyApi($where: WhereUniqueIdInput, $streamType: TaskStreamType!){task(where: $where){exportMetadataHeader(streamType: $streamType){totalSize totalLines}}}';
const CHUNK =
  'query GetExportFileFromOffsetPyApi($where: WhereUniqueIdInput, $streamType: TaskStreamType!, $offset: UInt64!){task(where: $where){exportFileFromOffset(streamType: $streamType, offset: $offset){offsets {start end} lines {start end} file}}}';

/** Times of one export, in ms from the `exportDataRowsInProject` request. */
export type SdkExportTimes = {
  /** The poll that saw COMPLETE. */
  complete: number;
  /** The first chunk's bytes received (header, offset query and download after COMPLETE). */
  firstChunk: number;
  /** The last chunk's bytes received. */
  done: number;
  lines: number;
  bytes: number;
  chunks: number;
};

/** Every include option on, as `project.export(params={…: True})` sends them. */
export const ALL_INCLUDES = {
  mediaTypeOverride: null,
  includeAttachments: true,
  includeEmbeddings: false,
  includeMetadata: true,
  includeDataRowDetails: true,
  includeProjectDetails: true,
  includePerformanceDetails: true,
  includeLabelDetails: true,
  includeInterpolatedFrames: false,
};

/** Exports the project and reads the whole RESULT stream; lines are counted, not kept. */
export async function sdkExport(
  c: SdkClient,
  projectId: string,
  onComplete?: () => void,
): Promise<SdkExportTimes> {
  const start = performance.now();
  const { exportDataRowsInProject: started } = await gql<{
    exportDataRowsInProject: { taskId: string };
  }>(c, EXPORT, {
    input: {
      taskName: null,
      isStreamableReady: true,
      filters: { projectId, searchQuery: { scope: null, query: [] } },
      params: ALL_INCLUDES,
      streamable: true,
    },
  });
  const taskId = started.taskId;
  for (;;) {
    const task = await createdTask(c, taskId);
    if (task?.status === 'COMPLETE') break;
    if (!task || task.status === 'FAILED') throw new Error(`export task ${taskId}: ${JSON.stringify(task)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const complete = performance.now() - start;
  onComplete?.();
  const where = { id: taskId };
  const { task: head } = await gql<{
    task: { exportMetadataHeader: { totalSize: number; totalLines: number } };
  }>(c, HEADER, { where, streamType: 'RESULT' });
  const total = head.exportMetadataHeader.totalSize;
  let firstChunk = 0;
  let lines = 0;
  let bytes = 0;
  let chunks = 0;
  for (let offset = 0; offset < total;) {
    const { task } = await gql<{
      task: { exportFileFromOffset: { offsets: { start: number; end: number }; file: string } };
    }>(c, CHUNK, { where, streamType: 'RESULT', offset: String(offset) });
    const chunk = task.exportFileFromOffset;
    const res = await fetch(chunk.file);
    if (!res.ok || !res.body) throw new Error(`chunk at ${offset}: HTTP ${res.status}`);
    let size = 0;
    for await (const part of res.body) {
      const buf = part as Uint8Array;
      size += buf.length;
      for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) lines++;
    }
    if (size !== chunk.offsets.end - chunk.offsets.start + 1)
      throw new Error(`chunk at ${offset}: ${size} bytes, announced ${chunk.offsets.end - offset + 1}`);
    if (chunks === 0) firstChunk = performance.now() - start;
    bytes += size;
    chunks++;
    offset = chunk.offsets.end + 1;
  }
  return { complete, firstChunk, done: performance.now() - start, lines, bytes, chunks };
}
