import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { newId } from '../src/ids.ts';
import { exportParams, readExportStream, startProjectExport } from './export.sdk.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import {
  fetchNdjson,
  importByFile,
  insertRows,
  setupLabelProject,
  type LabelProject,
} from './label.factory.ts';
import { CONNECT_ONTOLOGY, CREATE_ONTOLOGY } from './ontology.helpers.ts';

/** The Labelbox SDK's own NDJSON (labelbox 6.0.0 `NDJsonConverter.serialize`; see packages/schema/test/fixtures). */
const sdkLines = (name: string): Record<string, any>[] =>
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

/** Feature ids (generated on import) replaced, as the SDK's export tests compare. */
function withoutIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIds);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== 'feature_id' && k !== 'feature_schema_id')
        .map(([k, v]) => [k, withoutIds(v)]),
    );
  return value;
}

for (const dialect of dialects) {
  describe(`video and DICOM annotations: SDK NDJSON → export v2 → NDJSON (${dialect})`, () => {
    let sut: TestServer;
    let projectId: string;
    let video: { id: string; globalKey: string };
    let video2: { id: string; globalKey: string };
    let dicom: { id: string; globalKey: string };
    let image: { id: string; globalKey: string };
    before(async () => {
      sut = await startTestServer({ dialect });
      const setup = await setupMediaProject(sut, [
        { rowData: 'https://example.com/clip.mp4', mediaType: 'VIDEO' },
        { rowData: 'https://example.com/clip-2.mp4', mediaType: 'VIDEO' },
        { rowData: 'https://example.com/scan.dcm', mediaType: 'DICOM' },
      ]);
      projectId = setup.project.projectId;
      [video, video2, dicom] = setup.rows as [typeof video, typeof video, typeof video];
      image = setup.project.images[0]!;
    });
    after(async () => sut.close());

    it('imports video objects and frame classifications and exports them as Labelbox lays out video', async () => {
      const lines = sdkLines('video').map((l) => ({ ...l, dataRow: { globalKey: video.globalKey } }));
      const imported = await importByFile(sut, 'GT', projectId, 'video', lines);
      assert.equal(imported.import.state, 'FINISHED', JSON.stringify(imported.import));
      const statuses = await fetchNdjson(imported.import.statusFileUrl);
      assert.deepEqual(
        statuses.map((s) => s.status),
        lines.map(() => 'SUCCESS'),
      );

      const label = await exportedLabel(sut, projectId, video.id);
      assert.equal(label.label_kind, 'Video');
      const a = label.annotations;
      assert.deepEqual(Object.keys(a), ['frames', 'segments', 'key_frame_feature_map', 'classifications']);
      const boxId = Object.keys(a.frames['13'].objects)[0]!;
      assert.deepEqual(withoutIds(a.frames['13']), {
        objects: {
          [boxId]: {
            name: 'bbox',
            value: 'bbox',
            annotation_kind: 'VideoBoundingBox',
            classifications: [
              {
                name: 'nested',
                value: 'nested',
                radio_answer: { name: 'radio_option_1', value: 'radio_option_1', classifications: [] },
              },
            ],
            bounding_box: { top: 98, left: 146, height: 243, width: 236 },
          },
        },
        classifications: [],
      });
      assert.deepEqual(Object.keys(a.frames), ['1', '2', '5', '8', '9', '13', '19', '30']);
      assert.deepEqual(a.segments[boxId], [
        [13, 19],
        [30, 30],
      ]);
      assert.deepEqual(a.key_frame_feature_map[boxId], { '13': true, '19': true, '30': true });
      // The SDK's expected_export_v2_video: frame-ranged classifications listed once, their ranges in segments.
      const checklist = a.classifications.find((c: any) => c.name === 'checklist');
      assert.deepEqual(a.segments[checklist.feature_id], [
        [7, 13],
        [18, 19],
      ]);
      assert.deepEqual(withoutIds(checklist), {
        name: 'checklist',
        value: 'checklist',
        checklist_answers: [
          { name: 'first_checklist_answer', value: 'first_checklist_answer', classifications: [] },
          { name: 'second_checklist_answer', value: 'second_checklist_answer', classifications: [] },
        ],
      });
      assert.deepEqual(
        a.classifications.map((c: any) => c.name),
        ['text_class', 'checklist', 'radio_class'],
      );

      const interpolated = await exportedLabel(sut, projectId, video.id, {
        ...exportParams(true),
        includeInterpolatedFrames: true,
      });
      assert.deepEqual(interpolated.annotations.frames['16'].objects[boxId].bounding_box, {
        top: 98,
        left: 166,
        height: 243,
        width: 270,
      });
    });

    it('writes the label back as NDJSON that imports again to the same export', async () => {
      const written = await writtenBack(sut, projectId, video.id);
      const box = written.find((l) => l.name === 'bbox')!;
      const sdkBox = sdkLines('video').find((l) => l.name === 'bbox')!;
      assert.deepEqual(
        box.segments.map((s: any) => s.keyframes.map((k: any) => ({ frame: k.frame, bbox: k.bbox }))),
        sdkBox.segments.map((s: any) => s.keyframes.map((k: any) => ({ frame: k.frame, bbox: k.bbox }))),
      );
      assert.deepEqual(written.find((l) => l.name === 'radio_class')!.frames, [{ start: 3, end: 4 }]);
      const again = written.map((l) => ({ ...l, uuid: `${l.uuid}-2`, dataRow: { id: video2.id } }));
      const imported = await importByFile(sut, 'GT', projectId, 'video-again', again);
      assert.equal(imported.import.state, 'FINISHED', JSON.stringify(imported.import));
      const first = await exportedLabel(sut, projectId, video.id);
      const second = await exportedLabel(sut, projectId, video2.id);
      const renumber = (annotations: any) => JSON.parse(JSON.stringify(annotations).replace(/-2"/g, '"'));
      assert.deepEqual(renumber(withoutIds(second.annotations)), withoutIds(first.annotations));
    });

    it('imports DICOM lines with groupKey and exports groups per plane', async () => {
      const lines = sdkLines('dicom').map((l) => ({ ...l, dataRow: { id: dicom.id } }));
      const imported = await importByFile(sut, 'GT', projectId, 'dicom', lines);
      assert.equal(imported.import.state, 'FINISHED', JSON.stringify(imported.import));
      const label = await exportedLabel(sut, projectId, dicom.id);
      const a = label.annotations;
      const axialId = Object.keys(a.segments.Axial)[0]!;
      assert.deepEqual(withoutIds(a.groups.Axial.frames['1']), {
        objects: {
          [axialId]: {
            name: 'dicom_polyline',
            value: 'dicom_polyline',
            annotation_kind: 'DICOMPolyline',
            classifications: [],
            line: [
              { x: 147.692, y: 118.154 },
              { x: 150.692, y: 160.154 },
            ],
          },
        },
        classifications: [],
      });
      assert.deepEqual(a.groups.Coronal, { name: 'Coronal', classifications: [], frames: {} });
      assert.deepEqual(a.segments.Axial, { [axialId]: [[1, 4]] });
      assert.deepEqual(a.segments.Coronal, {});
      assert.deepEqual(a.key_frame_feature_map[axialId], {
        Axial: { '1': true, '4': true },
        Sagittal: {},
        Coronal: {},
      });
      assert.deepEqual(a.classifications, []);
      const written = await writtenBack(sut, projectId, dicom.id);
      assert.deepEqual(
        written.map((l) => [l.name, l.groupKey]),
        [
          ['dicom_polyline', 'axial'],
          ['dicom_polyline_2', 'sagittal'],
        ],
      );
    });

    it('refuses video lines on rows of another media type and bad keyframes, naming the field', async () => {
      const [box] = sdkLines('video').filter((l) => l.name === 'bbox');
      const bad = [
        { ...box, uuid: 'on-image', dataRow: { id: image.id } },
        { ...sdkLines('dicom')[0], uuid: 'dicom-on-video', dataRow: { id: video2.id } },
        {
          ...box,
          uuid: 'backwards',
          dataRow: { id: video2.id },
          segments: [
            {
              keyframes: [
                { frame: 9, bbox: box!.segments[0].keyframes[0].bbox },
                { frame: 2, bbox: box!.segments[0].keyframes[0].bbox },
              ],
            },
          ],
        },
        {
          uuid: 'frames-on-image',
          dataRow: { id: image.id },
          name: 'radio_class',
          answer: { name: 'first_radio_answer' },
          frames: [{ start: 1, end: 2 }],
        },
      ];
      const imported = await importByFile(sut, 'GT', projectId, 'video-bad', bad);
      const errors = await fetchNdjson(imported.import.errorFileUrl);
      const byUuid = new Map(errors.map((e) => [e.uuid, JSON.stringify(e.errors)]));
      assert.equal(errors.length, 4, JSON.stringify(errors));
      assert.match(byUuid.get('on-image')!, /segments: video objects \(segments\) need a VIDEO data row/);
      assert.match(
        byUuid.get('dicom-on-video')!,
        /groupKey: DICOM objects \(groupKey\) need a DICOM data row/,
      );
      assert.match(byUuid.get('backwards')!, /segments\[0\]\.keyframes\[1\]\.frame: must be greater than/);
      assert.match(
        byUuid.get('frames-on-image')!,
        /frames: classifications with frames need a VIDEO data row/,
      );
    });
  });
}
