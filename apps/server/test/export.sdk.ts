import assert from 'node:assert/strict';
import type { TestServer } from './harness.ts';

/** Export v2 operations exactly as the Labelbox SDK 6.0 writes them (labelbox/schema/export_task.py, project.py, dataset.py). */
export const exportOps = {
  project:
    'mutation exportDataRowsInProjectPyApi($input: ExportDataRowsInProjectInput!){exportDataRowsInProject(input: $input){taskId isStreamable}}',
  catalog:
    'mutation exportDataRowsInCatalogPyApi($input: ExportDataRowsInCatalogInput!){exportDataRowsInCatalog(input: $input){taskId isStreamable}}',
  header:
    'query GetExportMetadataHeaderPyApi($where: WhereUniqueIdInput, $streamType: TaskStreamType!){task(where: $where){exportMetadataHeader(streamType: $streamType){totalSize totalLines}}}',
  chunk:
    'query GetExportFileFromOffsetPyApi($where: WhereUniqueIdInput, $streamType: TaskStreamType!, $offset: UInt64!){task(where: $where){exportFileFromOffset(streamType: $streamType, offset: $offset){offsets {start end} lines {start end} file}}}',
  userTasks:
    'query GetUserCreatedTasksPyApi($param_0: ID!, $param_1: ID!){user(where: {id: $param_1}){createdTasks(where: {id: $param_0} skip: 0 first: 100){completionPercentage createdAt errors metadata name result status type id updatedAt}}}',
};

/** `params` as `project.export(params=…)` sends them; `on` switches every include flag. */
export function exportParams(on: boolean, catalog: Record<string, unknown> | null = null) {
  return {
    mediaTypeOverride: null,
    includeAttachments: on,
    includeEmbeddings: on,
    includeMetadata: on,
    includeDataRowDetails: on,
    includeProjectDetails: on,
    includePerformanceDetails: on,
    includeLabelDetails: on,
    includeInterpolatedFrames: false,
    ...(catalog
      ? {
          includePredictions: false,
          projectIds: null,
          modelRunIds: null,
          allProjects: false,
          allModelRuns: false,
          ...catalog,
        }
      : {}),
  };
}

export function projectInput(projectId: string, query: unknown[] = [], params = exportParams(false)) {
  return {
    input: {
      taskName: null,
      isStreamableReady: true,
      filters: { projectId, searchQuery: { scope: null, query } },
      params,
      streamable: true,
    },
  };
}

export function catalogInput(query: unknown[], params = exportParams(false, {})) {
  return {
    input: {
      taskName: 'Export v2: dataset - ds',
      filters: { searchQuery: { scope: null, query } },
      isStreamableReady: true,
      params,
      streamable: true,
    },
  };
}

export type ChunkInfo = {
  offsets: { start: number; end: number };
  lines: { start: number; end: number };
  file: string;
};
export type StreamRead = {
  header: { totalSize: number; totalLines: number };
  bytes: Buffer;
  chunks: ChunkInfo[];
  rows: any[];
};

/**
 * Reads a stream as `ExportTask.get_buffered_stream()` does: header, then chunks from offset "0", each fetched
 * without auth and checked to hold exactly `end - start + 1` bytes, next offset `end + 1` until `totalSize`.
 * Returns null when the header is null (no stream).
 */
export async function readExportStream(
  sut: TestServer,
  taskId: string,
  streamType: 'RESULT' | 'ERRORS' = 'RESULT',
): Promise<StreamRead | null> {
  const head = await sut.data(exportOps.header, { where: { id: taskId }, streamType });
  const header = head.task.exportMetadataHeader as { totalSize: number; totalLines: number } | null;
  if (header === null) return null;
  const parts: Buffer[] = [];
  const chunks: ChunkInfo[] = [];
  for (let offset = 0; offset < header.totalSize;) {
    const res = await sut.data(exportOps.chunk, {
      where: { id: taskId },
      streamType,
      offset: String(offset),
    });
    const info = res.task.exportFileFromOffset as ChunkInfo;
    assert.ok(info, `chunk at ${offset}`);
    const got = await fetch(info.file);
    assert.equal(got.status, 200);
    const body = Buffer.from(await got.arrayBuffer());
    assert.equal(
      body.length,
      info.offsets.end - info.offsets.start + 1,
      'chunk body has exactly the announced bytes',
    );
    parts.push(body);
    chunks.push(info);
    offset = info.offsets.end + 1;
  }
  const bytes = Buffer.concat(parts);
  const rows = bytes
    .toString('utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l));
  return { header, bytes, chunks, rows };
}

/** Starts a project export and returns the task id (asserting the SDK's expectations of the answer). */
export async function startProjectExport(
  sut: TestServer,
  projectId: string,
  query: unknown[] = [],
  params = exportParams(false),
): Promise<string> {
  const res = await sut.data(exportOps.project, projectInput(projectId, query, params));
  assert.equal(res.exportDataRowsInProject.isStreamable, true);
  return res.exportDataRowsInProject.taskId;
}
