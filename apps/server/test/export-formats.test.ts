import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodePng, fromCocoRle } from '@labelyard/schema';
import { ZipStreamWriter } from '../src/services/zip-stream.ts';
import { createActor, startTestServer, tempDir, type TestServer } from './harness.ts';
import {
  imageDocument,
  insertLabel,
  seedExportProject,
  storeMask,
  textDocument,
  type ExportProject,
} from './export.factory.ts';
import { readZip } from './zip.reader.ts';

const hasUnzip = spawnSync('unzip', ['-v']).status === 0;

describe('standard formats, streamed from /api/v1/projects/:id/exports/:format', () => {
  let sut: TestServer;
  let project: ExportProject;

  before(async () => {
    sut = await startTestServer();
    project = await seedExportProject(sut, { images: 2, texts: 1 });
    const maskKey = await storeMask(sut);
    await insertLabel(sut, {
      projectId: project.projectId,
      dataRowId: project.images[0]!.id,
      doc: imageDocument(project.ontology, maskKey),
    });
    await insertLabel(sut, {
      projectId: project.projectId,
      dataRowId: project.texts[0]!.id,
      doc: textDocument(project.ontology),
    });
    // Skipped labels are not exported to standard formats.
    await insertLabel(sut, {
      projectId: project.projectId,
      dataRowId: project.images[1]!.id,
      doc: imageDocument(project.ontology, maskKey),
      type: 'SKIPPED',
    });
  });
  after(async () => sut.close());

  const download = async (format: string, auth: 'header' | 'query' = 'header', key = sut.key) => {
    const url = `${sut.url}/api/v1/projects/${project.projectId}/exports/${format}${auth === 'query' ? `?token=${key}` : ''}`;
    const res = await fetch(url, auth === 'header' ? { headers: { authorization: `Bearer ${key}` } } : {});
    return { res, body: Buffer.from(await res.arrayBuffer()) };
  };

  it('COCO: categories from the ontology, images, boxes / polygons / masks as uncompressed RLE', async () => {
    const { res, body } = await download('coco');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json');
    assert.match(res.headers.get('content-disposition')!, /attachment; filename=".*-coco\.json"/);
    const coco = JSON.parse(body.toString('utf8'));
    assert.deepEqual(
      coco.categories.map((c: any) => c.name),
      ['box', 'poly', 'seg'],
    );
    assert.equal(coco.images.length, 3);
    const image = coco.images.find((i: any) => i.data_row_id === project.images[0]!.id);
    assert.deepEqual([image.file_name, image.width, image.height], ['img-0.png', 8, 6]);
    const anns = coco.annotations.filter((a: any) => a.image_id === image.id);
    assert.deepEqual(
      anns.map((a: any) => a.category_id),
      [1, 2, 3],
    );
    assert.deepEqual(anns[0].bbox, [1, 1, 3, 2]);
    assert.deepEqual(anns[1].segmentation, [[1, 1, 5, 1, 5, 4]]);
    const rle = anns[2].segmentation;
    assert.deepEqual(rle.size, [6, 8]);
    assert.equal(anns[2].area, 12);
    assert.equal(
      fromCocoRle(rle).data.reduce((n: number, v: number) => n + v, 0),
      12,
    );
    assert.equal(coco.annotations.length, 3);
  });

  it('YOLO (ZIP, ?token= auth): normalised boxes and polygons per image, classes list', async () => {
    const { res, body } = await download('yolo', 'query');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/zip');
    const files = readZip(body);
    assert.equal(files.get('classes.txt')!.toString(), 'box\npoly\n');
    const lines = files.get('labels/img-0.txt')!.toString().trim().split('\n');
    assert.equal(lines[0], '0 0.3125 0.333333 0.375 0.333333');
    assert.ok(lines[1]!.startsWith('1 0.125 0.166667 0.625 0.166667 0.625 0.666667'));
    assert.equal(files.get('labels/img-1.txt')!.toString(), '');
    if (hasUnzip) {
      const file = path.join(tempDir(), 'yolo.zip');
      fs.writeFileSync(file, body);
      assert.equal(spawnSync('unzip', ['-tq', file]).status, 0, 'unzip -t accepts the archive');
    }
  });

  it('Pascal VOC (ZIP): one XML per image with pixel boxes of every shape with an area', async () => {
    const files = readZip((await download('voc')).body);
    const xml = files.get('Annotations/img-0.xml')!.toString();
    assert.equal((xml.match(/<object>/g) ?? []).length, 3);
    assert.match(
      xml,
      /<name>box<\/name>[\s\S]*<xmin>1<\/xmin>\s*<ymin>1<\/ymin>\s*<xmax>4<\/xmax>\s*<ymax>3<\/ymax>/,
    );
    assert.match(xml, /<width>8<\/width>/);
    assert.ok(files.has('Annotations/img-1.xml'));
  });

  it('PNG instance masks (ZIP): one binary PNG per instance plus an index', async () => {
    const files = readZip((await download('masks')).body);
    const index = files
      .get('masks/index.ndjson')!
      .toString()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(
      index.map((e) => e.name),
      ['box', 'poly', 'seg'],
    );
    for (const entry of index) {
      const png = decodePng(files.get(entry.file)!);
      assert.ok(png.ok);
      assert.deepEqual([png.value.width, png.value.height], [8, 6]);
    }
    const seg = decodePng(files.get(index[2].file)!);
    assert.ok(seg.ok);
    assert.equal(seg.value.data.filter((v) => v === 255).length, 12);
  });

  it('CoNLL-2003: BIO tags of the text rows', async () => {
    const { res, body } = await download('conll');
    assert.equal(res.status, 200);
    const text = body.toString('utf8');
    assert.match(text, /^-DOCSTART- -X- -X- O\n/);
    assert.match(text, /Michael -X- _ B-ner\nJordan -X- _ I-ner\nplayed -X- _ O\n/);
    assert.match(text, /Chicago -X- _ B-ner\n/);
  });

  it('refuses unknown formats, missing keys and other organizations before streaming', async () => {
    const bad = await download('tiff');
    assert.equal(bad.res.status, 400);
    assert.match(JSON.parse(bad.body.toString()).message, /format/);
    const anonymous = await fetch(`${sut.url}/api/v1/projects/${project.projectId}/exports/coco`);
    assert.equal(anonymous.status, 401);
    await anonymous.arrayBuffer();
    const other = await createActor(sut.ctx, 'formats-stranger@example.com', 'formats-other-org');
    assert.equal((await download('coco', 'header', other.key)).res.status, 404);
  });
});

describe('ZIP stream writer', () => {
  it('writes ZIP64 end records past 65,535 entries, readable entry by entry', async () => {
    const dir = tempDir();
    const sut = new ZipStreamWriter(path.join(dir, 'cd'));
    const parts: Buffer[] = [];
    const count = 70_000;
    for (let i = 0; i < count; i++) {
      parts.push(...(await sut.open(`f/${i}.txt`)));
      parts.push(sut.write(Buffer.from(`entry ${i}\n`)));
    }
    for await (const chunk of sut.finish()) parts.push(chunk);
    const zip = Buffer.concat(parts);
    const files = readZip(zip);
    assert.equal(files.size, count);
    assert.equal(files.get('f/69999.txt')!.toString(), 'entry 69999\n');
    if (hasUnzip) {
      const file = path.join(dir, 'big.zip');
      fs.writeFileSync(file, zip);
      assert.equal(spawnSync('unzip', ['-tq', file]).status, 0);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
