import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { exportParams } from './export.sdk.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { fetchNdjson, importByFile } from './label.factory.ts';
import { exportedLabel, sdkLines, setupMediaProject, withoutIds, writtenBack } from './media.factory.ts';

for (const dialect of dialects) {
  describe(`video and DICOM annotations: SDK NDJSON → export v2 → NDJSON (${dialect})`, () => {
    let sut: TestServer;
    let projectId: string;
    let video: { id: string; globalKey: string };
    let video2: { id: string; globalKey: string };
    let dicom: { id: string; globalKey: string };
    let image: { id: string; globalKey: string };
    let video3: { id: string; globalKey: string };
    before(async () => {
      sut = await startTestServer({ dialect });
      const setup = await setupMediaProject(sut, [
        { rowData: 'https://example.com/clip.mp4', mediaType: 'VIDEO' },
        { rowData: 'https://example.com/clip-2.mp4', mediaType: 'VIDEO' },
        { rowData: 'https://example.com/scan.dcm', mediaType: 'DICOM' },
        { rowData: 'https://example.com/clip-3.mp4', mediaType: 'VIDEO' },
      ]);
      projectId = setup.project.projectId;
      [video, video2, dicom, video3] = setup.rows as [typeof video, typeof video, typeof video, typeof video];
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

    it('keeps no confidence on keyframe classifications of labels (predictions keep theirs)', async () => {
      const [box] = sdkLines('video').filter((l) => l.name === 'bbox');
      const keyframe = box!.segments[0].keyframes[0];
      const line = {
        ...box,
        uuid: 'with-confidence',
        dataRow: { id: video3.id },
        segments: [
          {
            keyframes: [
              {
                ...keyframe,
                classifications: [{ name: 'nested', answer: { name: 'radio_option_1', confidence: 0.5 } }],
              },
            ],
          },
        ],
      };
      const imported = await importByFile(sut, 'GT', projectId, 'video-confidence', [line]);
      assert.equal(imported.import.state, 'FINISHED', JSON.stringify(imported.import));
      const [written] = await writtenBack(sut, projectId, video3.id);
      assert.deepEqual(written!.segments[0].keyframes[0].classifications[0].answer, {
        name: 'radio_option_1',
        schemaId: written!.segments[0].keyframes[0].classifications[0].answer.schemaId,
      });
    });
  });
}
