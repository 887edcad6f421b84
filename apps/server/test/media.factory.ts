// Test factories for media annotation kinds (video, DICOM, message evaluation): the SDK's NDJSON fixtures, a project
// on an ontology naming their features, and readers for the export v2 label and the NDJSON write-back.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { newId } from '../src/ids.ts';
import { exportParams, readExportStream, startProjectExport } from './export.sdk.ts';
import type { TestServer } from './harness.ts';
import { insertRows, setupLabelProject, type LabelProject } from './label.factory.ts';
import { CONNECT_ONTOLOGY, CREATE_ONTOLOGY } from './ontology.helpers.ts';

/** The Labelbox SDK's own NDJSON (labelbox 6.0.0 `NDJsonConverter.serialize`; see packages/schema/test/fixtures). */
export const sdkLines = (name: string): Record<string, any>[] =>
  readFileSync(new URL(`../../../packages/schema/test/fixtures/sdk-${name}.ndjson`, import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, any>);

/** The tools and classifications the SDK fixtures name. */
export const mediaOntology = () => ({
  tools: [
    {
      tool: 'rectangle',
      name: 'bbox',
      classifications: [
        {
          type: 'radio',
          name: 'nested',
          options: [{ label: 'radio_option_1', value: 'radio_option_1', options: [] }],
        },
      ],
    },
    { tool: 'point', name: 'point', classifications: [] },
    { tool: 'line', name: 'line', classifications: [] },
    { tool: 'line', name: 'dicom_polyline', classifications: [] },
    { tool: 'line', name: 'dicom_polyline_2', classifications: [] },
    { tool: 'raster-segmentation', name: 'video_mask', classifications: [] },
    { tool: 'raster-segmentation', name: 'video_mask_2', classifications: [] },
    { tool: 'raster-segmentation', name: 'dicom_mask', classifications: [] },
    { tool: 'named-entity', name: 'ner', classifications: [] },
    { tool: 'message-single-selection', name: 'single-selection', classifications: [] },
    { tool: 'message-multi-selection', name: 'multi-selection', classifications: [] },
    { tool: 'message-ranking', name: 'ranking', classifications: [] },
  ],
  classifications: [
    {
      type: 'checklist',
      name: 'checklist',
      options: [
        { label: 'first_checklist_answer', value: 'first_checklist_answer' },
        { label: 'second_checklist_answer', value: 'second_checklist_answer' },
      ],
    },
    {
      type: 'radio',
      name: 'radio_class',
      options: [{ label: 'first_radio_answer', value: 'first_radio_answer' }],
    },
    { type: 'text', name: 'text_class', options: [] },
    { type: 'prompt', name: 'prompt-text', options: [], minCharacters: 1, maxCharacters: 50 },
    { type: 'response-text', name: 'response-text', options: [], minCharacters: 1, maxCharacters: 20 },
    {
      type: 'response-checklist',
      name: 'checklist-response',
      options: [
        { label: 'first_checklist_answer', value: 'first_checklist_answer' },
        { label: 'second_checklist_answer', value: 'second_checklist_answer' },
      ],
    },
    {
      type: 'response-radio',
      name: 'radio-response',
      options: [{ label: 'first_radio_answer', value: 'first_radio_answer' }],
    },
  ],
});

/** A project on the media ontology with rows of the given media types in its batch. */
export async function setupMediaProject(
  sut: TestServer,
  rows: Array<{ rowData: string; mediaType: string }>,
): Promise<{ project: LabelProject; rows: Array<{ id: string; globalKey: string }> }> {
  const project = await setupLabelProject(sut, { images: 1, texts: 0, ontology: false });
  const ontology = (
    await sut.data(CREATE_ONTOLOGY, {
      data: { name: `media-${newId()}`, normalized: JSON.stringify(mediaOntology()), mediaType: 'VIDEO' },
    })
  ).upsertOntology;
  await sut.data(CONNECT_ONTOLOGY, { projectId: project.projectId, ontologyId: ontology.id });
  const inserted = await insertRows(sut.db, sut.actor, project.datasetId, rows);
  const batch = await sut.data(
    'mutation($projectId: ID!, $input: CreateBatchInput!) { project(where: {id: $projectId}) { createBatchV2(input: $input) { failedDataRowIds } } }',
    {
      projectId: project.projectId,
      input: { name: `media-${newId()}`, dataRowIds: inserted.map((r) => r.id), priority: 5 },
    },
  );
  assert.deepEqual(batch.project.createBatchV2.failedDataRowIds, []);
  return { project, rows: inserted };
}

/** The row's first label in a project export v2 (`params` as the SDK sends them). */
export async function exportedLabel(
  sut: TestServer,
  projectId: string,
  dataRowId: string,
  params: ReturnType<typeof exportParams> = exportParams(true),
) {
  const taskId = await startProjectExport(sut, projectId, [], params);
  let read = await readExportStream(sut, taskId);
  for (let i = 0; read === null && i < 400; i++) {
    await new Promise((r) => setTimeout(r, 50));
    read = await readExportStream(sut, taskId);
  }
  const row = read!.rows.find((r) => r.data_row.id === dataRowId);
  return row.projects[projectId].labels[0];
}

const LABEL_ANNOTATIONS = `query($id: ID!) { project(where: {id: $id}) { labels(first: 10) { id dataRow { id } annotations } } }`;

/** `Label.annotations` (the NDJSON write-back) of a row's label. */
export async function writtenBack(sut: TestServer, projectId: string, dataRowId: string) {
  const labels = (await sut.data(LABEL_ANNOTATIONS, { id: projectId })).project.labels as any[];
  return labels.find((l) => l.dataRow.id === dataRowId).annotations as Array<Record<string, any>>;
}

/** Feature ids (generated on import) removed, as the SDK's export tests compare. */
export function withoutIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIds);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== 'feature_id' && k !== 'feature_schema_id')
        .map(([k, v]) => [k, withoutIds(v)]),
    );
  return value;
}
