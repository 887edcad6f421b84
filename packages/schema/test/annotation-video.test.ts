import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  annotationToNdjson,
  groupAnnotations,
  objectIou,
  parseNdjsonLine,
  toV2DicomAnnotations,
  toV2VideoAnnotations,
  v2Layout,
  videoObjectAt,
  type Annotation,
  type VideoMaskAnnotation,
  type VideoObjectAnnotation,
} from '../src/index.ts';
import { createParseContext } from './annotation.fixtures.ts';

/**
 * NDJSON lines written by the Labelbox SDK itself (labelbox 6.0.0, `NDJsonConverter.serialize` of `lb_types.Label`s
 * holding `VideoObjectAnnotation`s, `VideoClassificationAnnotation`s and `DICOMObjectAnnotation`s): video objects
 * arrive without `uuid`, keyframes grouped into segments by `segment_index` or by consecutive frames.
 */
const sdkLines = (name: string): Record<string, any>[] =>
  readFileSync(new URL(`./fixtures/sdk-${name}.ndjson`, import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, any>);

function parseAll(lines: readonly unknown[]): Annotation[] {
  const ctx = createParseContext(undefined);
  return lines.map((l) => {
    const r = parseNdjsonLine(JSON.stringify(l), ctx);
    assert.ok(r.ok, JSON.stringify(r));
    return r.annotation;
  });
}

const errorsOf = (line: unknown) => {
  const r = parseNdjsonLine(JSON.stringify(line), createParseContext(undefined));
  assert.equal(r.ok, false, 'expected the line to be refused');
  return r.ok ? [] : r.errors;
};

const box = (left: number) => ({ top: 10, left, height: 20, width: 30 });
const videoLine = (segments: unknown, extra: Record<string, unknown> = {}) => ({
  uuid: 'v-1',
  dataRow: { globalKey: 'video-1' },
  name: 'bbox',
  segments,
  ...extra,
});

describe('video objects and frame classifications (SDK NDJSON)', () => {
  const lines = sdkLines('video');
  const annotations = parseAll(lines);
  const doc = groupAnnotations(annotations);

  it('reads segments of keyframes per tool shape, with keyframe classifications', () => {
    const bbox = doc.objects.find((o) => o.name === 'bbox') as VideoObjectAnnotation;
    assert.equal(bbox.kind, 'video-object');
    assert.equal(bbox.shape, 'bbox');
    assert.equal(bbox.segments.length, 2);
    assert.deepEqual(
      bbox.segments.map((s) => s.keyframes.map((k) => k.frame)),
      [[13, 19], [30]],
    );
    assert.equal(bbox.segments[0]!.keyframes[0]!.classifications[0]!.name, 'nested');
    const shapes = doc.objects.map((o) => (o as VideoObjectAnnotation).shape);
    assert.deepEqual(shapes, ['bbox', 'point', 'line']);
    const checklist = doc.classifications.find((c) => c.name === 'checklist')!;
    assert.deepEqual(checklist.frames, [
      { start: 7, end: 13 },
      { start: 18, end: 19 },
    ]);
    assert.equal(doc.classifications.find((c) => c.name === 'text_class')!.frames, undefined);
  });

  it('exports v2 frames, segments and key_frame_feature_map as Labelbox lays out video labels', () => {
    const v2 = toV2VideoAnnotations(doc) as Record<string, any>;
    const bbox = doc.objects[0]!;
    const checklist = doc.classifications.find((c) => c.name === 'checklist')!;
    assert.deepEqual(Object.keys(v2), ['frames', 'segments', 'key_frame_feature_map', 'classifications']);
    assert.deepEqual(Object.keys(v2.frames), ['1', '2', '5', '8', '9', '13', '19', '30']);
    assert.deepEqual(v2.frames['13'].objects[bbox.uuid], {
      feature_id: bbox.uuid,
      feature_schema_id: 'fs-v-bbox',
      name: 'bbox',
      value: 'bbox',
      annotation_kind: 'VideoBoundingBox',
      classifications: [
        {
          feature_id: v2.frames['13'].objects[bbox.uuid].classifications[0].feature_id,
          feature_schema_id: 'fs-v-nested',
          name: 'nested',
          value: 'nested',
          radio_answer: {
            feature_id: v2.frames['13'].objects[bbox.uuid].classifications[0].radio_answer.feature_id,
            feature_schema_id: 'fs-v-opt1',
            name: 'radio_option_1',
            value: 'radio_option_1',
            classifications: [],
          },
        },
      ],
      bounding_box: { top: 98, left: 146, height: 243, width: 236 },
    });
    assert.deepEqual(v2.frames['13'].classifications, []);
    assert.equal(v2.frames['1'].objects[doc.objects[1]!.uuid].annotation_kind, 'VideoPoint');
    assert.deepEqual(v2.frames['5'].objects[doc.objects[2]!.uuid].line, [
      { x: 1, y: 2 },
      { x: 3, y: 4 },
    ]);
    assert.equal(v2.frames['5'].objects[doc.objects[2]!.uuid].annotation_kind, 'VideoPolyline');
    assert.deepEqual(v2.segments[bbox.uuid], [
      [13, 19],
      [30, 30],
    ]);
    assert.deepEqual(v2.segments[checklist.uuid], [
      [7, 13],
      [18, 19],
    ]);
    assert.deepEqual(v2.key_frame_feature_map[bbox.uuid], { '13': true, '19': true, '30': true });
    assert.deepEqual(
      v2.classifications.map((c: any) => c.name),
      ['text_class', 'checklist', 'radio_class'],
    );
    assert.deepEqual(
      v2.classifications[1].checklist_answers.map((a: any) => a.name),
      ['first_checklist_answer', 'second_checklist_answer'],
    );
  });

  it('interpolates the frames between keyframes of a segment when asked, not across segments', () => {
    const v2 = toV2VideoAnnotations(doc, { interpolatedFrames: true }) as Record<string, any>;
    const id = doc.objects[0]!.uuid;
    const frames = Object.keys(v2.frames)
      .filter((f) => v2.frames[f].objects[id])
      .map(Number);
    assert.deepEqual(frames, [13, 14, 15, 16, 17, 18, 19, 30]);
    const at16 = v2.frames['16'].objects[id];
    assert.deepEqual(at16.bounding_box, { top: 98, left: 166, height: 243, width: 270 });
    // Interpolated frames carry the previous keyframe's classifications; only keyframes are in the map.
    assert.equal(at16.classifications[0].name, 'nested');
    assert.deepEqual(v2.key_frame_feature_map[id], { '13': true, '19': true, '30': true });
  });

  it('writes NDJSON back that reads to the same records (uuid and schemaId added)', () => {
    const written = annotations.map((a) => annotationToNdjson(a)!);
    const bbox = written.find((l) => l.name === 'bbox')!;
    const sdk = lines.find((l) => l.name === 'bbox')!;
    assert.deepEqual(
      (bbox.segments as any[]).map((s) => s.keyframes.map((k: any) => [k.frame, k.bbox])),
      sdk.segments.map((s: any) => s.keyframes.map((k: any) => [k.frame, k.bbox])),
    );
    const checklist = written.find((l) => l.name === 'checklist')!;
    assert.deepEqual(checklist.frames, [
      { start: 7, end: 13 },
      { start: 18, end: 19 },
    ]);
    const again = parseAll(written.map((l) => ({ ...l, dataRow: { globalKey: 'video-1' } })));
    assert.deepEqual(stripUuids(again), stripUuids(annotations));
  });

  it('scores agreement of tracked objects per keyframe (interpolating the other object)', () => {
    const a = doc.objects[0] as VideoObjectAnnotation;
    assert.equal(objectIou(a, a), 1);
    const shifted: VideoObjectAnnotation = {
      ...a,
      segments: [{ keyframes: a.segments[0]!.keyframes }],
    };
    // Frame 30 is a keyframe of `a` only: it scores 0, the two shared keyframes 1.
    assert.ok(Math.abs(objectIou(a, shifted) - 2 / 3) < 1e-9);
    assert.deepEqual(videoObjectAt(a, 25), undefined);
  });
});

/** Records with generated ids (nested classifications, answers) replaced, to compare two reads. */
function stripUuids(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripUuids);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'uuid' ? '*' : stripUuids(v)]));
  return value;
}

describe('video NDJSON errors name the field', () => {
  it('refuses a keyframe geometry that does not match the tool', () => {
    const errors = errorsOf(videoLine([{ keyframes: [{ frame: 1, point: { x: 1, y: 2 } }] }]));
    assert.deepEqual(
      errors.map((e) => e.path),
      ['segments[0].keyframes[0].point', 'segments[0].keyframes[0].bbox'],
    );
  });

  it('refuses keyframes out of order and overlapping segments', () => {
    const errors = errorsOf(
      videoLine([
        {
          keyframes: [
            { frame: 5, bbox: box(1) },
            { frame: 3, bbox: box(2) },
          ],
        },
        { keyframes: [{ frame: 3, bbox: box(1) }] },
      ]),
    );
    assert.deepEqual(
      errors.map((e) => e.path),
      ['segments[0].keyframes[1].frame', 'segments[1].keyframes[0].frame'],
    );
    assert.match(errors[1]!.message, /without overlapping/);
  });

  it('refuses bad frames, empty segments and bad boxes with their paths', () => {
    assert.deepEqual(
      errorsOf(videoLine([])).map((e) => e.path),
      ['segments'],
    );
    assert.deepEqual(
      errorsOf(videoLine([{ keyframes: [] }])).map((e) => e.path),
      ['segments[0].keyframes'],
    );
    assert.deepEqual(
      errorsOf(videoLine([{ keyframes: [{ frame: 1.5, bbox: box(1) }] }])).map((e) => e.path),
      ['segments[0].keyframes[0].frame'],
    );
    const bad = errorsOf(videoLine([{ keyframes: [{ frame: 1, bbox: { ...box(1), width: -3 } }] }]));
    assert.deepEqual(
      bad.map((e) => e.path),
      ['segments[0].keyframes[0].bbox.width'],
    );
    const nested = errorsOf(
      videoLine([{ keyframes: [{ frame: 1, bbox: box(1), classifications: [{ name: 'nope' }] }] }]),
    );
    assert.deepEqual(
      nested.map((e) => e.path),
      ['segments[0].keyframes[0].classifications[0].name'],
    );
  });

  it('refuses classification frames that are not ordered ranges', () => {
    const line = { dataRow: { globalKey: 'v' }, name: 'radio_class', answer: { name: 'first_radio_answer' } };
    assert.deepEqual(
      errorsOf({ ...line, frames: [{ start: 5, end: 2 }] }).map((e) => e.path),
      ['frames[0].end'],
    );
    assert.deepEqual(
      errorsOf({
        ...line,
        frames: [
          { start: 1, end: 4 },
          { start: 3, end: 6 },
        ],
      }).map((e) => e.path),
      ['frames[1].start'],
    );
    assert.deepEqual(
      errorsOf({ ...line, frames: [{ start: 'a', end: 2 }] }).map((e) => e.path),
      ['frames[0].start'],
    );
    assert.deepEqual(
      errorsOf({ ...line, frames: [] }).map((e) => e.path),
      ['frames'],
    );
  });
});

describe('video and DICOM masks (SDK NDJSON `masks` lines)', () => {
  const lines = sdkLines('video-mask');
  const ctx = createParseContext(undefined);
  const read = lines.map((l) => parseNdjsonLine(JSON.stringify(l), ctx));

  it('reads one record per instance; the first takes the line uuid', () => {
    const [video, dicom] = read;
    assert.ok(video?.ok && dicom?.ok);
    const masks = video.annotations as VideoMaskAnnotation[];
    assert.deepEqual(
      masks.map((m) => [m.uuid, m.featureSchemaId, m.name, m.colorRGB, m.groupKey]),
      [
        [lines[0]!.uuid, 'fs-vmask', 'video_mask', [255, 0, 0], undefined],
        [`${lines[0]!.uuid}-1`, 'fs-vmask-2', 'video_mask_2', [0, 255, 0], undefined],
      ],
    );
    assert.deepEqual(
      masks[0]!.frames.map((f) => [f.index, f.source.type]),
      [
        [1, 'png'],
        [3, 'uri'],
      ],
    );
    assert.equal((dicom.annotation as VideoMaskAnnotation).groupKey, 'axial');
    assert.equal(v2Layout(null, groupAnnotations(dicom.annotations)), 'dicom');
    assert.equal(v2Layout(null, groupAnnotations(video.annotations)), 'video');
  });

  it('writes an instance back as the SDK writes a one-instance VideoMaskAnnotation', () => {
    assert.ok(read[1]?.ok);
    const [dicom] = read[1].annotations;
    assert.deepEqual(annotationToNdjson(dicom!), {
      uuid: lines[1]!.uuid,
      groupKey: 'axial',
      masks: {
        frames: [{ index: 2, instanceURI: 'https://masks.example/dicom-2.png' }],
        instances: [{ name: 'dicom_mask', featureSchemaId: 'fs-dmask', colorRGB: [0, 0, 255] }],
      },
    });
  });

  it('takes instances by featureSchemaId and refuses tools that are not segmentation tools', () => {
    const line = (instances: unknown) => ({
      uuid: 'm',
      dataRow: { id: 'r' },
      masks: { frames: lines[0]!.masks.frames, instances },
    });
    const byId = parseNdjsonLine(
      JSON.stringify(line([{ name: 'x', featureSchemaId: 'fs-vmask-2', colorRGB: [0, 255, 0] }])),
      ctx,
    );
    assert.ok(byId.ok);
    assert.equal(byId.annotation.name, 'video_mask_2');
    assert.deepEqual(errorsOf(line([{ featureSchemaId: 'fs-v-bbox', colorRGB: [1, 1, 1] }])), [
      {
        path: 'masks.instances[0].featureSchemaId',
        message: 'rectangle tool "bbox" is not a segmentation (raster-segmentation) tool',
      },
    ]);
    assert.deepEqual(
      errorsOf({ ...line([{ name: 'video_mask', colorRGB: [1, 1, 1] }]), groupKey: 'up' }).map((e) => e.path),
      ['groupKey'],
    );
  });
});

describe('DICOM objects (SDK NDJSON with groupKey)', () => {
  const lines = sdkLines('dicom');
  const annotations = parseAll(lines);
  const doc = groupAnnotations(annotations);

  it('reads groupKey and exports groups, segments and keyframes per plane', () => {
    assert.deepEqual(
      doc.objects.map((o) => (o as VideoObjectAnnotation).groupKey),
      ['axial', 'sagittal'],
    );
    assert.equal(v2Layout(null, doc), 'dicom');
    assert.equal(v2Layout('DICOM', doc), 'dicom');
    const [axial, sagittal] = doc.objects;
    const v2 = toV2DicomAnnotations(doc) as Record<string, any>;
    assert.deepEqual(Object.keys(v2.groups), ['Axial', 'Sagittal', 'Coronal']);
    assert.deepEqual(v2.groups.Coronal, { name: 'Coronal', classifications: [], frames: {} });
    assert.deepEqual(Object.keys(v2.groups.Axial.frames), ['1', '4']);
    assert.deepEqual(v2.groups.Axial.frames['1'].objects[axial!.uuid], {
      feature_id: axial!.uuid,
      feature_schema_id: 'fs-dicom-1',
      name: 'dicom_polyline',
      value: 'dicom_polyline',
      annotation_kind: 'DICOMPolyline',
      classifications: [],
      line: [
        { x: 147.692, y: 118.154 },
        { x: 150.692, y: 160.154 },
      ],
    });
    assert.deepEqual(v2.segments, {
      Axial: { [axial!.uuid]: [[1, 4]] },
      Sagittal: { [sagittal!.uuid]: [[2, 2]] },
      Coronal: {},
    });
    assert.deepEqual(v2.key_frame_feature_map[axial!.uuid], {
      Axial: { '1': true, '4': true },
      Sagittal: {},
      Coronal: {},
    });
    assert.deepEqual(v2.classifications, []);
  });

  it('writes groupKey back', () => {
    const written = annotationToNdjson(annotations[0]!)!;
    assert.equal(written.groupKey, 'axial');
    assert.deepEqual(written.segments, lines[0]!.segments);
  });

  it('refuses a groupKey outside the three planes, and on tools other than lines', () => {
    const line = { ...lines[0], groupKey: 'transverse' };
    assert.deepEqual(
      errorsOf(line).map((e) => e.path),
      ['groupKey'],
    );
    const onBox = errorsOf({
      dataRow: { globalKey: 'd' },
      name: 'bbox',
      groupKey: 'axial',
      segments: [{ keyframes: [{ frame: 1, bbox: box(1) }] }],
    });
    assert.deepEqual(
      onBox.map((e) => e.path),
      ['groupKey'],
    );
    assert.match(onBox[0]!.message, /DICOM segments only support line tools/);
  });
});
