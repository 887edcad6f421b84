import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  collectPieces,
  collectedText,
  createCocoWriter,
  createPngMaskWriter,
  createVocWriter,
  createYoloWriter,
  pngToMask,
  rasterizeBox,
  type ExportPiece,
  type ExportRowInput,
  type FormatWriter,
} from '../src/index.ts';
import { categories, image, imageLabel, segPixels } from './format.fixtures.ts';

const row = (over: Partial<ExportRowInput['dataRow']> = {}): ExportRowInput => ({
  dataRow: { id: 'dr-1', externalId: 'img-1.jpg', ...image, ...over },
  labels: [imageLabel()],
  maskPixels: (m) => (m.uuid === 'u-seg' ? segPixels() : undefined),
});

/** Runs a writer over rows the way an export job does: row by row, then finish. */
function run(sut: FormatWriter, rows: ExportRowInput[]) {
  const pieces: ExportPiece[] = [];
  for (const r of rows) pieces.push(...sut.row(r));
  pieces.push(...sut.finish());
  return { pieces, files: collectPieces(pieces) };
}

describe('COCO', () => {
  it('writes categories, images and annotations (boxes, polygons, RLE masks) in one streamed document', () => {
    const sut = createCocoWriter({ categories });
    const { pieces, files } = run(sut, [row(), row({ id: 'dr-2', externalId: 'img-2.jpg' })]);
    assert.ok(
      pieces.some((p) => p.type === 'append-file'),
      'annotations are spooled, not held in memory',
    );
    const text = collectedText(files);
    assert.deepEqual([...text.keys()], ['annotations.json']);
    const ann = (id: number, imageId: number) => [
      {
        id,
        image_id: imageId,
        category_id: 1,
        segmentation: [[2, 1, 6, 1, 6, 4, 2, 4]],
        bbox: [2, 1, 4, 3],
        area: 12,
        iscrowd: 0,
      },
      {
        id: id + 1,
        image_id: imageId,
        category_id: 2,
        segmentation: [[0, 0, 4, 0, 0, 4]],
        bbox: [0, 0, 4, 4],
        area: 8,
        iscrowd: 0,
      },
      // Pixels (1,0), (1,1), (2,1) of 8×6, column-major: 6 zeros, 2 ones, 5 zeros, 1 one, 34 zeros.
      {
        id: id + 2,
        image_id: imageId,
        category_id: 3,
        segmentation: { counts: [6, 2, 5, 1, 34], size: [6, 8] },
        bbox: [1, 0, 2, 2],
        area: 3,
        iscrowd: 0,
      },
    ];
    assert.deepEqual(JSON.parse(text.get('annotations.json')!), {
      info: { description: 'Labelyard export' },
      licenses: [],
      categories: [
        { id: 1, name: 'box', supercategory: 'none' },
        { id: 2, name: 'poly', supercategory: 'none' },
        { id: 3, name: 'seg', supercategory: 'none' },
      ],
      images: [
        { id: 1, file_name: 'img-1.jpg', width: 8, height: 6, data_row_id: 'dr-1' },
        { id: 2, file_name: 'img-2.jpg', width: 8, height: 6, data_row_id: 'dr-2' },
      ],
      annotations: [...ann(1, 1), ...ann(4, 2)],
    });
    assert.deepEqual(sut.stats, { rows: 2, annotations: 6, skipped: 4 });
  });

  it('is a valid empty document without rows', () => {
    const { files } = run(createCocoWriter({ categories: [] }), []);
    assert.deepEqual(JSON.parse(collectedText(files).get('annotations.json')!), {
      info: { description: 'Labelyard export' },
      licenses: [],
      categories: [],
      images: [],
      annotations: [],
    });
  });
});

describe('YOLO', () => {
  it('writes one normalised label file per image and the classes list', () => {
    const sut = createYoloWriter({ categories });
    const { files } = run(sut, [
      row(),
      row({ id: 'dr-2', externalId: 'img-1.png' }),
      row({ id: 'dr-3', externalId: 'dir/../no size.jpg', width: undefined }),
    ]);
    assert.deepEqual(Object.fromEntries(collectedText(files)), {
      'labels/img-1.txt': '0 0.5 0.416667 0.5 0.5\n1 0 0 0.5 0 0 0.666667\n',
      // Same stem as the first row, so the data row id keeps the file apart.
      'labels/img-1_dr-2.txt': '0 0.5 0.416667 0.5 0.5\n1 0 0 0.5 0 0 0.666667\n',
      'labels/no_size.txt': '',
      'classes.txt': 'box\npoly\nseg\n',
    });
    assert.deepEqual(sut.stats, { rows: 3, annotations: 4, skipped: 11 });
  });
});

describe('Pascal VOC', () => {
  it('writes one XML per image with integer boxes and escaped names', () => {
    const label = imageLabel();
    const odd = { ...label, objects: [{ ...label.objects[0], name: 'cat <&> "dog"' }] };
    const { files } = run(createVocWriter(), [
      row(),
      { dataRow: { id: 'dr-9', externalId: 'a&b.jpg', ...image }, labels: [odd] },
    ]);
    const text = collectedText(files);
    assert.deepEqual([...text.keys()], ['Annotations/img-1.xml', 'Annotations/a_b.xml']);
    const object = (name: string, [xmin, ymin, xmax, ymax]: number[]) =>
      `  <object>\n    <name>${name}</name>\n    <pose>Unspecified</pose>\n    <truncated>0</truncated>\n    <difficult>0</difficult>\n` +
      `    <bndbox>\n      <xmin>${xmin}</xmin>\n      <ymin>${ymin}</ymin>\n      <xmax>${xmax}</xmax>\n      <ymax>${ymax}</ymax>\n    </bndbox>\n  </object>\n`;
    const doc = (file: string, objects: string) =>
      `<annotation>\n  <folder>images</folder>\n  <filename>${file}</filename>\n  <source><database>Labelyard</database></source>\n` +
      `  <size>\n    <width>8</width>\n    <height>6</height>\n    <depth>3</depth>\n  </size>\n  <segmented>0</segmented>\n${objects}</annotation>\n`;
    assert.equal(
      text.get('Annotations/img-1.xml'),
      doc(
        'img-1.jpg',
        object('box', [2, 1, 6, 4]) + object('poly', [0, 0, 4, 4]) + object('seg', [1, 0, 3, 2]),
      ),
    );
    assert.equal(
      text.get('Annotations/a_b.xml'),
      doc('a&amp;b.jpg', object('cat &lt;&amp;&gt; &quot;dog&quot;', [2, 1, 6, 4])),
    );
  });
});

describe('PNG instance masks', () => {
  it('writes one binary PNG per box, polygon and mask, and an index', () => {
    const sut = createPngMaskWriter();
    const { files } = run(sut, [row()]);
    assert.deepEqual(
      [...files.keys()],
      ['masks/img-1/u-box.png', 'masks/img-1/u-poly.png', 'masks/img-1/u-seg.png', 'masks/index.ndjson'],
    );
    const pixels = (file: string) => {
      const r = pngToMask(files.get(file)![0] as Uint8Array);
      assert.ok(r.ok);
      return [...r.value.data];
    };
    assert.deepEqual(pixels('masks/img-1/u-box.png'), [
      ...rasterizeBox({ left: 2, top: 1, width: 4, height: 3 }, 8, 6).data,
    ]);
    assert.deepEqual(pixels('masks/img-1/u-seg.png'), [...segPixels().data]);
    assert.equal(pixels('masks/img-1/u-poly.png').filter(Boolean).length, 10);
    const index = (files.get('masks/index.ndjson')![0] as string)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(index[0], {
      data_row_id: 'dr-1',
      global_key: null,
      file: 'masks/img-1/u-box.png',
      feature_id: 'u-box',
      feature_schema_id: 'fs-box',
      name: 'box',
    });
    assert.deepEqual(sut.stats, { rows: 1, annotations: 3, skipped: 2 });
  });
});
