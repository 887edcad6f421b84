import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createMask, encodeBase64, maskToPng } from '@labelyard/schema';
import { startTestServer, type TestServer } from './harness.ts';
import { exportParams, readExportStream, startProjectExport } from './export.sdk.ts';
import { importByFile, setupLabelProject, type LabelProject } from './label.factory.ts';
import { readZip } from './zip.reader.ts';

/** A 640×480 grayscale mask with a 10×10 square at (100, 100). */
function squarePng(): string {
  const mask = createMask(640, 480);
  for (let y = 100; y < 110; y++) for (let x = 100; x < 110; x++) mask.data[y * 640 + x] = 1;
  return encodeBase64(maskToPng(mask));
}

/** Labels made by the real ground-truth import (Labelbox NDJSON), then every export of them. */
describe('import → legacy export → v2 export → converters', () => {
  let sut: TestServer;
  let p: LabelProject;

  before(async () => {
    sut = await startTestServer();
    p = await setupLabelProject(sut, { images: 1, texts: 1, outside: 0 });
    const img = { id: p.images[0]!.id };
    const lines = [
      {
        uuid: 'u-box',
        dataRow: img,
        name: 'box',
        bbox: { top: 10, left: 20, height: 30, width: 40 },
        classifications: [
          {
            name: 'occluded',
            answer: { name: 'yes', classifications: [{ name: 'why', answer: 'behind tree' }] },
          },
        ],
      },
      {
        uuid: 'u-poly',
        dataRow: img,
        name: 'poly',
        polygon: [
          { x: 10, y: 20 },
          { x: 15, y: 20 },
          { x: 20, y: 25 },
          { x: 10, y: 20 },
        ],
        classifications: [],
      },
      { uuid: 'u-pt', dataRow: img, name: 'pt', point: { x: 5, y: 6 }, classifications: [] },
      {
        uuid: 'u-ln',
        dataRow: img,
        name: 'ln',
        line: [
          { x: 1, y: 2 },
          { x: 3, y: 4 },
        ],
        classifications: [],
      },
      { uuid: 'u-mask', dataRow: img, name: 'seg', mask: { png: squarePng() }, classifications: [] },
      {
        uuid: 'u-q',
        dataRow: img,
        name: 'q',
        answer: { name: 'yes', classifications: [{ name: 'sub', answer: [{ name: 'x' }] }] },
      },
      { uuid: 'u-c', dataRow: img, name: 'c', answer: [{ name: 'first' }, { name: 'second' }] },
      { uuid: 'u-t', dataRow: img, name: 'free_text', answer: 'sample text' },
      {
        uuid: 'u-ner',
        dataRow: { globalKey: p.texts[0]!.globalKey },
        name: 'ner',
        location: { start: 0, end: 13 },
        classifications: [],
      },
    ];
    const result = await importByFile(sut, 'GT', p.projectId, 'all-kinds', lines);
    assert.equal(result.import?.state, 'FINISHED', JSON.stringify(result));
  });
  after(async () => sut.close());

  it('exports the imported labels in the legacy file', async () => {
    const state = (
      await sut.data(
        `mutation{exportLabels(data:{projectId:"${p.projectId}"}){downloadUrl createdAt shouldPoll}}`,
      )
    ).exportLabels;
    const rows = (await (await fetch(state.downloadUrl)).json()) as any[];
    const image = rows.find((r) => r['DataRow ID'] === p.images[0]!.id);
    assert.deepEqual(
      image.Label.objects.map((o: any) => o.featureId),
      ['u-box', 'u-poly', 'u-pt', 'u-ln', 'u-mask'],
    );
    assert.deepEqual(
      image.Label.classifications.map((c: any) => c.featureId),
      ['u-q', 'u-c', 'u-t'],
    );
    const mask = await fetch(image.Label.objects[4].instanceURI);
    assert.equal(mask.status, 200);
    await mask.arrayBuffer();
    const text = rows.find((r) => r['DataRow ID'] === p.texts[0]!.id);
    assert.deepEqual(text.Label.objects[0].data.location, { start: 0, end: 13 });
  });

  it('exports them through export v2 and COCO', async () => {
    const read = (await readExportStream(
      sut,
      await startProjectExport(sut, p.projectId, [], exportParams(true)),
    ))!;
    const image = read.rows.find((r) => r.data_row.id === p.images[0]!.id);
    const annotations = image.projects[p.projectId].labels[0].annotations;
    assert.deepEqual(
      annotations.objects.map((o: any) => o.feature_id),
      ['u-box', 'u-poly', 'u-pt', 'u-ln', 'u-mask'],
    );
    assert.equal(
      annotations.objects[0].classifications[0].radio_answer.classifications[0].text_answer.content,
      'behind tree',
    );
    const maskPng = await fetch(annotations.objects[4].composite_mask.url);
    assert.equal(maskPng.status, 200);
    await maskPng.arrayBuffer();
    const text = read.rows.find((r) => r.data_row.id === p.texts[0]!.id);
    assert.equal(
      text.projects[p.projectId].labels[0].annotations.objects[0].location.token,
      'Michael Jordan',
    );

    const coco = (await (
      await fetch(`${sut.url}/api/v1/projects/${p.projectId}/exports/coco?token=${sut.key}`)
    ).json()) as any;
    assert.deepEqual(
      coco.annotations.map((a: any) => a.area),
      [1200, 12.5, 100],
    );
    const masks = readZip(
      Buffer.from(
        await (
          await fetch(`${sut.url}/api/v1/projects/${p.projectId}/exports/masks?token=${sut.key}`)
        ).arrayBuffer(),
      ),
    );
    assert.equal([...masks.keys()].filter((k) => k.endsWith('.png')).length, 3);
  });
});
