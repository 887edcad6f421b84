import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeBase64, maskAnnotationPixels, maskToPng, createMask } from '@labelyard/schema';
import { loadMaskUrls, loadNdjson, setActiveFeature, toNdjson } from '../src/index.ts';
import { TestEditor } from './test-editor.ts';

const pixelsOf = (sut: TestEditor, uuid: string) => {
  const o = sut.getObject(uuid);
  assert.ok(o?.kind === 'mask');
  const r = maskAnnotationPixels(o);
  assert.ok(r.ok);
  return r.value;
};
const count = (m: { data: Uint8Array }) => m.data.reduce((n, v) => n + v, 0);

describe('mask brush and eraser', () => {
  it('paints a stroke into a new PNG mask of the image size, erases part of it, undoes each stroke', () => {
    const sut = new TestEditor({ width: 64, height: 48 });
    setActiveFeature(sut, 'fs-sky');
    assert.equal(sut.path, 'brush.idle');
    sut.setInstance({ brushSize: 10 });
    sut.drag([10, 10], [50, 10]);
    assert.deepEqual([...new Set(sut.trail)], ['brush.painting', 'brush.idle']);
    const [mask] = sut.objects();
    const painted = pixelsOf(sut, mask.uuid);
    assert.deepEqual([painted.width, painted.height], [64, 48]);
    assert.equal(painted.data[10 * 64 + 30], 1);
    assert.equal(painted.data[30 * 64 + 30], 0);
    const line = toNdjson(sut)[0];
    assert.equal(
      typeof (line.mask as { png: string }).png,
      'string',
      'stored as an inline PNG, as imports take',
    );

    sut.setTool('eraser');
    sut.drag([25, 10], [35, 10]);
    const erased = pixelsOf(sut, mask.uuid);
    assert.equal(erased.data[10 * 64 + 30], 0);
    assert.equal(erased.data[10 * 64 + 12], 1);
    assert.ok(count(erased) < count(painted));
    sut.undo();
    assert.equal(count(pixelsOf(sut, mask.uuid)), count(painted));
    sut.undo();
    assert.equal(sut.objects().length, 0);
  });

  it('a second stroke adds to the same mask; erasing everything removes the mask', () => {
    const sut = new TestEditor({ width: 32, height: 32 });
    setActiveFeature(sut, 'fs-sky');
    sut.drag([5, 5], [6, 5]).drag([20, 20], [21, 20]);
    assert.equal(sut.objects().length, 1);
    sut.setInstance({ brushSize: 100 });
    sut.setTool('eraser');
    sut.drag([16, 16], [17, 16]);
    assert.equal(sut.objects().length, 0);
  });

  it('hit-tests masks by their pixels', () => {
    const sut = new TestEditor({ width: 32, height: 32 });
    setActiveFeature(sut, 'fs-sky');
    sut.setInstance({ brushSize: 4 });
    sut.drag([5, 5], [6, 5]);
    assert.equal(sut.hitTest({ x: 5, y: 5 })?.kind, 'mask');
    assert.equal(sut.hitTest({ x: 25, y: 25 }), undefined);
  });
});

describe('loading NDJSON (pre-labels, drafts, labels in review)', () => {
  it('loads lines through the importer reader without history, and reports the lines it refuses', () => {
    const sut = new TestEditor({ width: 100, height: 100 });
    const mask = createMask(100, 100);
    mask.data.fill(1, 0, 500);
    const problems = loadNdjson(sut, [
      {
        uuid: 'p1',
        name: 'Car',
        bbox: { top: 1, left: 2, height: 3, width: 4 },
        classifications: [{ name: 'color', answer: { name: 'red' } }],
      },
      { uuid: 'p2', schemaId: 'fs-sky', mask: { png: encodeBase64(maskToPng(mask)) } },
      JSON.stringify({ uuid: 'p3', name: 'weather', answer: { name: 'sunny' } }),
      { uuid: 'bad', name: 'Car', bbox: { top: 1, left: 2, height: 3, width: 400 } },
      { uuid: 'gone', name: 'Nope', point: { x: 1, y: 1 } },
    ]);
    assert.deepEqual(
      problems.map((p) => [p.index, p.uuid, p.errors[0].path]),
      [
        [3, 'bad', 'bbox.width'],
        [4, 'gone', 'name'],
      ],
    );
    assert.deepEqual(
      sut.records().map((r) => r.uuid),
      ['p1', 'p2', 'p3'],
    );
    assert.equal(sut.canUndo, false, 'loading is never undoable');
    assert.equal(sut.hitTest({ x: 3, y: 2 })?.uuid, 'p1');
    setActiveFeature(sut, 'fs-car');
    sut.setTool('select');
    sut.drag([4, 3], [14, 13]);
    assert.deepEqual(toNdjson(sut)[0].bbox, {
      top: 11,
      left: 12,
      height: 3,
      width: 4,
    });
  });
});

describe('masks given by URL (stored masks in review or rework, MAL pre-labels)', () => {
  const png = (fill: [number, number]) => {
    const mask = createMask(40, 30);
    mask.data.fill(1, fill[0], fill[1]);
    return { mask, bytes: maskToPng(mask) };
  };

  it('downloads each URL once, registers the pixels for drawing and hit-testing, and keeps the URL', async () => {
    const sut = new TestEditor({ width: 40, height: 30 });
    const a = png([0, 200]);
    const fetched: string[] = [];
    loadNdjson(sut, [
      { uuid: 'm1', schemaId: 'fs-sky', mask: { instanceURI: 'https://example.com/a.png' } },
      { uuid: 'm2', schemaId: 'fs-sky', mask: { instanceURI: 'https://example.com/gone.png' } },
      { uuid: 'm3', schemaId: 'fs-sky', mask: { instanceURI: 'https://example.com/a.png' } },
    ]);
    assert.equal(sut.hitTest({ x: 5, y: 1 }), undefined, 'nothing to hit before the pixels arrive');
    const problems = await loadMaskUrls(sut, async (url) => {
      fetched.push(url);
      if (url.endsWith('gone.png')) throw new Error('HTTP 404');
      return a.bytes;
    });
    assert.deepEqual(fetched, ['https://example.com/a.png', 'https://example.com/gone.png']);
    assert.deepEqual(
      problems.map((p) => [p.uuid, p.errors[0].path]),
      [['m2', 'mask.instanceURI']],
    );
    assert.match(problems[0]!.errors[0]!.message, /HTTP 404/);
    assert.deepEqual(sut.maskPixels(sut.getObject('m1') as never)?.data, a.mask.data);
    assert.ok(['m1', 'm3'].includes(sut.hitTest({ x: 5, y: 1 })?.uuid ?? ''));
    assert.deepEqual(
      toNdjson(sut)[0].mask,
      { instanceURI: 'https://example.com/a.png' },
      'untouched: same URL',
    );
  });

  it('refuses a mask of another size than the image, and the brush edits a downloaded mask', async () => {
    const sut = new TestEditor({ width: 40, height: 30 });
    loadNdjson(sut, [{ uuid: 'm1', schemaId: 'fs-sky', mask: { instanceURI: 'https://example.com/a.png' } }]);
    const small = maskToPng(createMask(10, 10));
    const [problem] = await loadMaskUrls(sut, () => Promise.resolve(small));
    assert.match(problem!.errors[0]!.message, /10×10 but the image is 40×30/);

    const edited = new TestEditor({ width: 40, height: 30 });
    loadNdjson(edited, [
      { uuid: 'm1', schemaId: 'fs-sky', mask: { instanceURI: 'https://example.com/a.png' } },
    ]);
    assert.deepEqual(await loadMaskUrls(edited, () => Promise.resolve(png([0, 40]).bytes)), []);
    setActiveFeature(edited, 'fs-sky');
    edited.select(['m1']);
    edited.setInstance({ brushSize: 4 });
    edited.drag([20, 20], [21, 20]);
    const line = toNdjson(edited)[0];
    assert.equal(typeof (line.mask as { png?: string }).png, 'string', 'an edited mask goes back inline');
    const pixels = pixelsOf(edited, 'm1');
    assert.equal(pixels.data[0], 1, 'the downloaded pixels are kept');
    assert.equal(pixels.data[20 * 40 + 20], 1, 'and the stroke added');
  });
});
