import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { crc32, encodePng } from '@labelyard/schema';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { fetchNdjson, importByFile, localServer } from './label.factory.ts';
import { exportedLabel, sdkLines, setupMediaProject, withoutIds, writtenBack } from './media.factory.ts';

/** The frame PNGs the SDK fixture names by URL (written by the same SDK script, see sdk-video-mask.ndjson). */
const FRAMES = JSON.parse(
  readFileSync(
    new URL('../../../packages/schema/test/fixtures/sdk-video-mask-frames.json', import.meta.url),
    'utf8',
  ),
) as Record<string, string>;

/** An 8×6 RGB composite with the given pixels. */
function composite(pixels: Array<[number, number, [number, number, number]]>, width = 8, height = 6) {
  const data = new Uint8Array(width * height * 3);
  for (const [x, y, c] of pixels) data.set(c, (y * width + x) * 3);
  return Buffer.from(encodePng({ width, height, channels: 3, data }));
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** A PNG whose header claims 40000×40000 (1.6 G pixels) behind a few KB of zlib. */
function bomb(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(40_000, 0);
  ihdr.writeUInt32BE(40_000, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(1024 * 1024), { level: 9 })),
    chunk('IEND', new Uint8Array()),
  ]);
}

const RED: [number, number, number] = [255, 0, 0];
const GREEN: [number, number, number] = [0, 255, 0];

/** Export v2 objects with their composite URLs replaced by the PNG bytes they serve (base64). */
async function withPngs(value: unknown): Promise<unknown> {
  if (Array.isArray(value)) return Promise.all(value.map(withPngs));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === 'url' && typeof v === 'string') {
        const res = await fetch(v);
        assert.equal(res.status, 200, `GET ${v}`);
        out.png = Buffer.from(await res.arrayBuffer()).toString('base64');
      } else out[k] = await withPngs(v);
    }
    return out;
  }
  return value;
}

for (const dialect of dialects) {
  describe(`video and DICOM masks: SDK NDJSON → export v2 → NDJSON → import (${dialect})`, () => {
    let sut: TestServer;
    let files: Awaited<ReturnType<typeof localServer>>;
    let projectId: string;
    let rows: Array<{ id: string; globalKey: string }>;
    let image: { id: string; globalKey: string };
    const served: Record<string, Buffer> = {
      '/frame-3.png': Buffer.from(FRAMES['frame-3.png']!, 'base64'),
      '/dicom-2.png': Buffer.from(FRAMES['dicom-2.png']!, 'base64'),
      '/bomb.png': bomb(),
      '/big.png': composite([[0, 0, RED]], 9, 6),
      '/green.png': composite([[1, 1, GREEN]]),
    };
    const sdk = () =>
      sdkLines('video-mask').map((l) =>
        JSON.parse(JSON.stringify(l).replaceAll('https://masks.example', files.url)),
      );
    before(async () => {
      sut = await startTestServer({ dialect, config: { allowPrivateUrls: true } });
      files = await localServer((req) => {
        const body = served[req.url ?? ''];
        return body ? { body, type: 'image/png' } : { status: 404 };
      });
      const setup = await setupMediaProject(sut, [
        { rowData: 'https://example.com/clip.mp4', mediaType: 'VIDEO' },
        { rowData: 'https://example.com/clip-2.mp4', mediaType: 'VIDEO' },
        { rowData: 'https://example.com/scan.dcm', mediaType: 'DICOM' },
        { rowData: 'https://example.com/clip-3.mp4', mediaType: 'VIDEO' },
      ]);
      projectId = setup.project.projectId;
      rows = setup.rows;
      image = setup.project.images[0]!;
    });
    after(async () => {
      await files.close();
      await sut.close();
    });

    it('imports a video mask line per instance and exports composite masks per frame', async () => {
      const [video] = rows;
      const line = { ...sdk()[0], dataRow: { globalKey: video!.globalKey } };
      const imported = await importByFile(sut, 'GT', projectId, 'video-masks', [line]);
      assert.equal(imported.import.state, 'FINISHED', JSON.stringify(imported.import));
      const statuses = await fetchNdjson(imported.import.statusFileUrl);
      assert.deepEqual(
        statuses.map((s) => [s.uuid, s.status]),
        [[line.uuid, 'SUCCESS']],
      );

      const label = await exportedLabel(sut, projectId, video!.id);
      assert.equal(label.label_kind, 'Video');
      const a = label.annotations;
      assert.deepEqual(Object.keys(a.frames), ['1', '3']);
      const ids = [line.uuid, `${line.uuid}-1`];
      assert.deepEqual(Object.keys(a.frames['1'].objects), ids);
      // Frame 3's composite shows only the red instance, so only it is on frame 3.
      assert.deepEqual(Object.keys(a.frames['3'].objects), [line.uuid]);
      const red = a.frames['1'].objects[line.uuid];
      assert.deepEqual(withoutIds({ ...red, composite_mask: { ...red.composite_mask, url: 'u' } }), {
        name: 'video_mask',
        value: 'video_mask',
        annotation_kind: 'VideoSegmentationMask',
        classifications: [],
        composite_mask: { url: 'u', color_rgb: RED },
      });
      assert.equal(red.feature_id, line.uuid);
      assert.deepEqual(a.frames['1'].objects[ids[1]!].composite_mask.color_rgb, GREEN);
      // The composite is handed out as it was imported: the inline PNG on frame 1, the fetched one on frame 3.
      const png = async (url: string) =>
        Buffer.from(await (await fetch(url)).arrayBuffer()).toString('base64');
      assert.equal(await png(red.composite_mask.url), line.masks.frames[0].imBytes);
      assert.equal(await png(a.frames['3'].objects[line.uuid].composite_mask.url), FRAMES['frame-3.png']);
      assert.equal(
        a.frames['1'].objects[ids[1]!].composite_mask.url,
        red.composite_mask.url,
        'one composite per frame, shared by its instances',
      );
      assert.deepEqual(a.segments, {
        [ids[0]!]: [
          [1, 1],
          [3, 3],
        ],
        [ids[1]!]: [[1, 1]],
      });
      assert.deepEqual(a.key_frame_feature_map, {
        [ids[0]!]: { '1': true, '3': true },
        [ids[1]!]: { '1': true },
      });
      assert.deepEqual(a.classifications, []);
    });

    it('writes each instance back as a masks line that imports again to the same export', async () => {
      const [video, video2] = rows;
      const written = await writtenBack(sut, projectId, video!.id);
      assert.equal(written.length, 2);
      const first = written[0]!;
      assert.deepEqual(Object.keys(first), ['uuid', 'masks']);
      assert.deepEqual(first.masks.instances, [
        { name: 'video_mask', featureSchemaId: first.masks.instances[0].featureSchemaId, colorRGB: RED },
      ]);
      assert.deepEqual(
        first.masks.frames.map((f: any) => f.index),
        [1, 3],
      );
      assert.match(first.masks.frames[0].instanceURI, /^http:\/\/.*\/files\//);
      assert.deepEqual(
        written[1]!.masks.frames.map((f: any) => f.index),
        [1],
      );

      const again = written.map((l) => ({ ...l, uuid: `${l.uuid}-again`, dataRow: { id: video2!.id } }));
      const imported = await importByFile(sut, 'GT', projectId, 'video-masks-again', again);
      assert.equal(imported.import.state, 'FINISHED', JSON.stringify(imported.import));
      const statuses = await fetchNdjson(imported.import.statusFileUrl);
      assert.deepEqual(
        statuses.map((s) => s.status),
        ['SUCCESS', 'SUCCESS'],
      );
      const one = await exportedLabel(sut, projectId, video!.id);
      const two = await exportedLabel(sut, projectId, video2!.id);
      const renumber = (x: unknown) => JSON.parse(JSON.stringify(x).replace(/-again"/g, '"'));
      assert.deepEqual(renumber(await withPngs(two.annotations)), await withPngs(one.annotations));
    });

    it('imports a DICOM mask line with groupKey into its plane', async () => {
      const dicom = rows[2]!;
      const line = { ...sdk()[1], dataRow: { id: dicom.id } };
      const imported = await importByFile(sut, 'GT', projectId, 'dicom-masks', [line]);
      assert.equal(imported.import.state, 'FINISHED', JSON.stringify(imported.import));
      const label = await exportedLabel(sut, projectId, dicom.id);
      const a = label.annotations;
      const object = a.groups.Axial.frames['2'].objects[line.uuid];
      assert.equal(object.annotation_kind, 'DICOMSegmentationMask');
      assert.equal(object.name, 'dicom_mask');
      assert.deepEqual(object.composite_mask.color_rgb, [0, 0, 255]);
      assert.deepEqual(a.groups.Sagittal, { name: 'Sagittal', classifications: [], frames: {} });
      assert.deepEqual(a.segments.Axial, { [line.uuid]: [[2, 2]] });
      assert.deepEqual(a.key_frame_feature_map[line.uuid], {
        Axial: { '2': true },
        Sagittal: {},
        Coronal: {},
      });
      const written = await writtenBack(sut, projectId, dicom.id);
      assert.equal(written[0]!.groupKey, 'axial');
      assert.deepEqual(written[0]!.masks.instances[0].colorRGB, [0, 0, 255]);
    });

    it('refuses bad masks lines per field, fetching and decoding frames under the mask rules', async () => {
      const target = rows[3]!;
      const base = sdk()[0];
      const frame1 = base.masks.frames[0];
      const line = (uuid: string, masks: unknown, extra: Record<string, unknown> = {}) => ({
        uuid,
        dataRow: { id: target.id },
        masks,
        ...extra,
      });
      const inst = [{ name: 'video_mask', colorRGB: RED }];
      const lines = [
        line('m1', { frames: [frame1], instances: [{ name: 'nope', colorRGB: RED }] }),
        line('m2', { frames: [frame1], instances: [{ name: 'bbox', colorRGB: RED }] }),
        line('m3', { frames: [frame1], instances: [...inst, { name: 'video_mask_2', colorRGB: RED }] }),
        line('m4', { frames: [frame1, { ...frame1 }], instances: inst }),
        line('m5', { frames: [frame1], instances: [{ name: 'video_mask', colorRGB: [0, 0, 9] }] }),
        line('m6', {
          frames: [frame1, { index: 2, instanceURI: `${files.url}/missing.png` }],
          instances: inst,
        }),
        line('m7', { frames: [frame1, { index: 2, instanceURI: `${files.url}/bomb.png` }], instances: inst }),
        line('m8', { frames: [frame1, { index: 2, instanceURI: `${files.url}/big.png` }], instances: inst }),
        line('m9', { frames: [{ index: 1 }], instances: [{ name: 'video_mask' }] }),
        line('m10', { frames: [frame1], instances: inst }, { name: 'video_mask' }),
        { ...line('m11', { frames: [frame1], instances: inst }), dataRow: { id: image.id } },
        line('m12', { frames: [{ index: 2, imBytes: 'bm90IGEgcG5n' }], instances: inst }),
        line('m13', { frames: [{ index: 4, instanceURI: `${files.url}/green.png` }], instances: inst }),
      ];
      const started = Date.now();
      const imported = await importByFile(sut, 'GT', projectId, 'bad-masks', lines);
      assert.equal(imported.import.state, 'FINISHED', JSON.stringify(imported.import));
      assert.ok(Date.now() - started < 20_000);
      const statuses = await fetchNdjson(imported.import.statusFileUrl);
      const messages = statuses.map((s) => s.errors.map((e: any) => e.message).join(' | '));
      assert.deepEqual(
        statuses.map((s) => s.status),
        lines.map(() => 'FAILURE'),
      );
      assert.match(messages[0]!, /^masks\.instances\[0\]\.name: unknown feature: no feature named "nope"/);
      assert.match(messages[1]!, /^masks\.instances\[0\]\.name: rectangle tool "bbox" is not a segmentation/);
      assert.match(
        messages[2]!,
        /^masks\.instances\[1\]\.colorRGB: \[255, 0, 0\] is already the colour of masks\.instances\[0\]/,
      );
      assert.match(
        messages[3]!,
        /^masks\.frames\[1\]\.index: frame 1 is already given by masks\.frames\[0\]/,
      );
      assert.match(
        messages[4]!,
        /^masks\.instances\[0\]\.colorRGB: no pixel of colour \[0, 0, 9\] in any frame/,
      );
      assert.match(messages[5]!, /^masks\.frames\[1\]\.instanceURI: cannot fetch the mask PNG/);
      assert.match(
        messages[6]!,
        /^masks\.frames\[1\]\.instanceURI: mask is 40000×40000 but the image is 8×6/,
      );
      assert.match(
        messages[7]!,
        /^masks\.frames\[1\]\.instanceURI: mask is 9×6 but the image is 8×6 \(the size of masks\.frames\[0\]\)/,
      );
      assert.match(messages[8]!, /masks\.frames\[0\]: needs "instanceURI" \(a PNG URL\) or "imBytes"/);
      assert.match(messages[8]!, /masks\.instances\[0\]\.colorRGB: is required/);
      assert.match(messages[9]!, /^name: a "masks" line names its segmentation tools per instance/);
      assert.match(messages[10]!, /^masks: video masks need a VIDEO data row/);
      assert.match(messages[11]!, /^masks\.frames\[0\]\.imBytes: is not a readable PNG/);
      assert.match(messages[12]!, /^masks\.instances\[0\]\.colorRGB: no pixel of colour \[255, 0, 0\]/);
      const label = await exportedLabel(sut, projectId, target.id);
      assert.equal(label, undefined, 'no label was written');
    });
  });
}
