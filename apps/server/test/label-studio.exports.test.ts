import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { pngToMask, type LabelDocument, type MaskAnnotation } from '@labelyard/schema';
import { parseStoredLabel, serializeLabel } from '../src/services/label.content.ts';
import { readZip } from './zip.reader.ts';

/**
 * Label Studio export snapshots (`/api/projects/{id}/exports/…`: create, list, get, convert, download, delete, run
 * as jobs) and the file formats of both the easy export and the snapshots (COCO, YOLO, VOC, CONLL2003), pinned to
 * what the SDKs read: Label Studio's names, zip layouts and pixel coordinates.
 */
const CONFIG = `<View><Image name="image" value="$image"/>
<RectangleLabels name="label" toName="image"><Label value="Cat"/><Label value="Dog"/></RectangleLabels></View>`;
const TEXT_CONFIG = `<View><Text name="text" value="$text"/>
<Labels name="ner" toName="text"><Label value="PER"/></Labels></View>`;
const box = (label: string, x: number) => ({
  from_name: 'label',
  to_name: 'image',
  type: 'rectanglelabels',
  original_width: 200,
  original_height: 100,
  value: { x, y: 20, width: 25, height: 50, rotation: 0, rectanglelabels: [label] },
});

for (const dialect of dialects) {
  describe(`Label Studio export snapshots and formats (${dialect})`, () => {
    let sut: TestServer;
    let background: TestServer;
    let project: number;
    let taskIds: number[];
    const call = async (server: TestServer, method: string, p: string, body?: unknown) => {
      const res = await fetch(server.url + p, {
        method,
        headers: {
          authorization: `Token ${server.key}`,
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      const bytes = Buffer.from(await res.arrayBuffer());
      let json: any;
      try {
        json = JSON.parse(bytes.toString('utf8'));
      } catch {
        json = undefined;
      }
      return { status: res.status, json, bytes, headers: res.headers };
    };
    const seed = async (server: TestServer) => {
      const id = (await call(server, 'POST', '/api/projects/', { title: 'Snap', label_config: CONFIG })).json
        .id;
      const imported = await call(server, 'POST', `/api/projects/${id}/import?return_task_ids=true`, [
        { data: { image: 'https://example.com/a/cat.jpg' }, annotations: [{ result: [box('Cat', 10)] }] },
        { data: { image: 'https://example.com/a/dog.jpg' }, annotations: [{ result: [box('Dog', 50)] }] },
        { data: { image: 'https://example.com/a/none.jpg' } },
      ]);
      return { id: id as number, tasks: imported.json.task_ids as number[] };
    };

    before(async () => {
      sut = await startTestServer({ dialect });
      // Every job here runs in the background: the create call answers before the snapshot is written.
      background = await startTestServer({ dialect, config: { inlineJobMaxItems: 0 } });
      ({ id: project, tasks: taskIds } = await seed(sut));
    });
    after(async () => {
      await sut.close();
      await background.close();
    });

    it('creates a snapshot as a job, lists, gets and downloads it, and deletes it with its files', async () => {
      const created = await call(sut, 'POST', `/api/projects/${project}/exports/`, { title: 'first' });
      assert.equal(created.status, 201);
      assert.equal(created.json.status, 'completed');
      assert.equal(created.json.title, 'first');
      assert.deepEqual(created.json.counters, { task_number: 3 });
      assert.match(created.json.md5, /^[0-9a-f]{32}$/);
      assert.equal(typeof created.json.created_by.id, 'number');
      const second = await call(sut, 'POST', `/api/projects/${project}/exports`, {
        task_filter_options: { only_with_annotations: true },
      });
      assert.deepEqual(second.json.counters, { task_number: 2 });
      const list = await call(sut, 'GET', `/api/projects/${project}/exports/`);
      assert.deepEqual(
        list.json.map((e: any) => e.id),
        [second.json.id, created.json.id],
      );
      const got = await call(sut, 'GET', `/api/projects/${project}/exports/${created.json.id}`);
      assert.equal(got.json.status, 'completed');
      const download = await call(sut, 'GET', `/api/projects/${project}/exports/${created.json.id}/download`);
      assert.equal(download.status, 200);
      assert.match(
        download.headers.get('content-disposition')!,
        new RegExp(
          `^attachment; filename="project-${project}-at-\\d{4}-\\d\\d-\\d\\d-\\d\\d-\\d\\d-[0-9a-f]{8}\\.json"$`,
        ),
      );
      const { createHash } = await import('node:crypto');
      assert.equal(createHash('md5').update(download.bytes).digest('hex'), created.json.md5);
      assert.deepEqual(
        download.json.map((t: any) => t.id),
        taskIds,
      );
      assert.deepEqual(download.json[0].annotations[0].result[0].value, box('Cat', 10).value);
      // Another project's id does not reach this snapshot.
      const other = (await call(sut, 'POST', '/api/projects/', { title: 'Other', label_config: CONFIG })).json
        .id;
      assert.equal((await call(sut, 'GET', `/api/projects/${other}/exports/${created.json.id}`)).status, 404);
      const dir = path.join(sut.ctx.config.dataDir);
      const files = (d: string): string[] =>
        fs.existsSync(d)
          ? fs
              .readdirSync(d, { withFileTypes: true })
              .flatMap((e) => (e.isDirectory() ? files(path.join(d, e.name)) : [path.join(d, e.name)]))
          : [];
      await call(sut, 'POST', `/api/projects/${project}/exports/${created.json.id}/convert`, {
        export_type: 'CSV',
      });
      const before = files(dir).filter((f) => f.includes('ls-exports')).length;
      const deleted = await call(sut, 'DELETE', `/api/projects/${project}/exports/${created.json.id}/`);
      assert.equal(deleted.status, 204);
      assert.equal(
        (await call(sut, 'GET', `/api/projects/${project}/exports/${created.json.id}`)).status,
        404,
      );
      assert.equal(files(dir).filter((f) => f.includes('ls-exports')).length, before - 2);
    });

    it('converts a snapshot to CSV, COCO, YOLO and VOC with Label Studio layouts and pixel boxes', async () => {
      const snap = (await call(sut, 'POST', `/api/projects/${project}/exports/`, {})).json.id;
      const convert = (format: string) =>
        call(sut, 'POST', `/api/projects/${project}/exports/${snap}/convert`, { export_type: format });
      const download = (format: string) =>
        call(sut, 'GET', `/api/projects/${project}/exports/${snap}/download?exportType=${format}`);
      assert.equal((await download('COCO')).status, 404, 'not converted yet');
      for (const format of ['CSV', 'COCO', 'YOLO', 'VOC']) {
        const c = await convert(format);
        assert.equal(c.status, 200, JSON.stringify(c.json));
        assert.equal(c.json.export_type, format);
        assert.equal(typeof c.json.converted_format, 'number');
      }
      const got = (await call(sut, 'GET', `/api/projects/${project}/exports/${snap}`)).json;
      assert.deepEqual(got.converted_formats.map((f: any) => [f.export_type, f.status]).sort(), [
        ['COCO', 'completed'],
        ['CSV', 'completed'],
        ['JSON', 'completed'],
        ['VOC', 'completed'],
        ['YOLO', 'completed'],
      ]);
      const csv = (await download('CSV')).bytes.toString('utf8').trim().split('\n');
      assert.equal(csv[0], 'annotation_id,annotator,created_at,id,image,label,lead_time,updated_at');
      assert.equal(csv.length, 4);

      const coco = await download('COCO');
      assert.equal(coco.headers.get('content-type'), 'application/zip');
      assert.match(coco.headers.get('content-disposition')!, /\.zip"$/);
      const result = JSON.parse(readZip(coco.bytes).get('result.json')!.toString('utf8'));
      assert.deepEqual(
        result.categories.map((c: any) => c.name),
        ['Cat', 'Dog'],
      );
      const cat = result.annotations.find((a: any) => a.category_id === result.categories[0].id);
      // 10 %, 20 %, 25 %, 50 % of 200 × 100.
      assert.deepEqual(cat.bbox, [20, 20, 50, 50]);

      const yolo = readZip((await download('YOLO')).bytes);
      assert.equal(yolo.get('classes.txt')!.toString('utf8').trim(), 'Cat\nDog');
      const catLine = yolo.get('labels/cat.txt')!.toString('utf8').trim();
      assert.equal(catLine, '0 0.225 0.45 0.25 0.5');
      const voc = readZip((await download('VOC')).bytes);
      const xml = voc.get('Annotations/dog.xml')!.toString('utf8');
      assert.match(xml, /<name>Dog<\/name>/);
      assert.match(xml, /<xmin>100<\/xmin>/);
      // A format the config cannot express, and a missing one, are 400s naming the field.
      const bad = await convert('CONLL2003');
      assert.equal(bad.status, 400);
      assert.deepEqual(bad.json.validation_errors, {
        export_type: ['CONLL2003 is not supported export format'],
      });
      const missing = await call(sut, 'POST', `/api/projects/${project}/exports/${snap}/convert`, {});
      assert.deepEqual(missing.json.validation_errors, { export_type: ['This field is required.'] });
    });

    it('serves COCO, YOLO, VOC and CONLL2003 from the easy export, with ids[]', async () => {
      const coco = await call(
        sut,
        'GET',
        `/api/projects/${project}/export?exportType=COCO&ids[]=${taskIds[1]}`,
      );
      assert.equal(coco.status, 200);
      const result = JSON.parse(readZip(coco.bytes).get('result.json')!.toString('utf8'));
      assert.equal(result.images.length, 1);
      assert.equal(result.annotations.length, 1);
      const yolo = await call(sut, 'GET', `/api/projects/${project}/export?export_type=yolo`);
      assert.deepEqual([...readZip(yolo.bytes).keys()].sort(), [
        'classes.txt',
        'labels/cat.txt',
        'labels/dog.txt',
      ]);
      const text = (await call(sut, 'POST', '/api/projects/', { title: 'NER', label_config: TEXT_CONFIG }))
        .json.id;
      await call(sut, 'POST', `/api/projects/${text}/import`, [
        {
          data: { text: 'Ada Lovelace wrote' },
          annotations: [
            {
              result: [
                {
                  from_name: 'ner',
                  to_name: 'text',
                  type: 'labels',
                  value: { start: 0, end: 12, text: 'Ada Lovelace', labels: ['PER'] },
                },
              ],
            },
          ],
        },
      ]);
      const formats = (await call(sut, 'GET', `/api/projects/${text}/export/formats`)).json;
      assert.deepEqual(
        formats.filter((f: any) => !f.disabled).map((f: any) => f.name),
        ['JSON', 'JSON_MIN', 'CSV', 'TSV', 'CONLL2003'],
      );
      const conll = await call(sut, 'GET', `/api/projects/${text}/export?exportType=CONLL2003`);
      assert.equal(conll.status, 200);
      assert.match(conll.headers.get('content-disposition')!, /\.conll"$/);
      assert.match(conll.bytes.toString('utf8'), /Ada -X- _ B-PER\nLovelace -X- _ I-PER\nwrote -X- _ O/);
    });

    it('keeps brush RLE results as masks: read back byte for byte and exported as PNG masks', async () => {
      // Made by the Label Studio SDK's converter/brush.py (mask2rle) for a 7 × 5 mask.
      const rle = [
        0, 0, 0, 140, 57, 27, 252, 127, 248, 124, 2, 255, 253, 176, 11, 255, 246, 192, 47, 255, 225, 240, 0,
      ];
      const expected = [
        255, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 255, 255, 255,
        255, 0, 0, 0, 0, 0, 0, 0, 0,
      ];
      const config = `<View><Image name="image" value="$image"/>
<BrushLabels name="brush" toName="image"><Label value="Road"/></BrushLabels></View>`;
      const id = (await call(sut, 'POST', '/api/projects/', { title: 'Brush', label_config: config })).json
        .id;
      const result = [
        {
          id: 'b1',
          from_name: 'brush',
          to_name: 'image',
          type: 'brushlabels',
          original_width: 7,
          original_height: 5,
          value: { format: 'rle', rle, brushlabels: ['Road'] },
        },
      ];
      const imported = await call(sut, 'POST', `/api/projects/${id}/import?return_task_ids=true`, [
        { data: { image: 'https://example.com/road.png' }, annotations: [{ result }] },
      ]);
      assert.equal(imported.status, 201, JSON.stringify(imported.json));
      const task = (await call(sut, 'GET', `/api/tasks/${imported.json.task_ids[0]}`)).json;
      const item = task.annotations[0].result[0];
      assert.deepEqual(item.value, { format: 'rle', rle, brushlabels: ['Road'] });
      assert.equal(item.original_width, 7);
      assert.equal(item.type, 'brushlabels');
      // The same mask stored as a file, as the Labelbox face's imports keep masks: the same RLE comes out.
      const row = await sut.db
        .selectFrom('labels')
        .select(['id', 'content'])
        .where('id', '=', task.annotations[0].graphql_id)
        .executeTakeFirstOrThrow();
      const doc = parseStoredLabel(row.content);
      const mask = doc.objects[0] as MaskAnnotation;
      assert.equal(mask.source.type, 'png');
      const key = `${sut.actor.organizationId}/masks/brush-test.png`;
      await sut.ctx.blobs.put(key, Buffer.from((mask.source as { base64: string }).base64, 'base64'));
      const moved = { ...doc, objects: [{ ...mask, source: { type: 'blob', key } }] } as LabelDocument;
      await sut.db
        .updateTable('labels')
        .set({ content: serializeLabel(moved) })
        .where('id', '=', row.id)
        .execute();
      const again = (await call(sut, 'GET', `/api/tasks/${imported.json.task_ids[0]}`)).json;
      assert.deepEqual(again.annotations[0].result[0].value, { format: 'rle', rle, brushlabels: ['Road'] });
      const bad = await call(sut, 'POST', `/api/tasks/${imported.json.task_ids[0]}/annotations/`, {
        result: [{ ...result[0], original_width: 8 }],
      });
      assert.equal(bad.status, 400);
      assert.match(JSON.stringify(bad.json.validation_errors), /needs 160/);
      const zip = await call(sut, 'GET', `/api/projects/${id}/export?exportType=BRUSH_TO_PNG`);
      assert.equal(zip.status, 200);
      const pngs = [...readZip(zip.bytes)].filter(([name]) => name.endsWith('.png'));
      assert.equal(pngs.length, 1);
      const decoded = pngToMask(new Uint8Array(pngs[0]![1]));
      assert.ok(decoded.ok);
      assert.deepEqual(
        [...decoded.value.data],
        expected.map((v) => (v ? 1 : 0)),
      );
    });

    it('runs large snapshots in the background: convert and download right after create wait for the job', async () => {
      const { id } = await seed(background);
      const created = await call(background, 'POST', `/api/projects/${id}/exports/`, {});
      assert.equal(created.status, 201);
      // SDK 2.x: convert, then download at once, without polling.
      const c = await call(background, 'POST', `/api/projects/${id}/exports/${created.json.id}/convert`, {
        export_type: 'JSON_MIN',
      });
      assert.equal(c.status, 200);
      const min = await call(
        background,
        'GET',
        `/api/projects/${id}/exports/${created.json.id}/download?exportType=JSON_MIN`,
      );
      assert.equal(min.status, 200);
      assert.equal(min.json.length, 3);
      const json = await call(background, 'GET', `/api/projects/${id}/exports/${created.json.id}/download`);
      assert.equal(json.json.length, 3);
      assert.equal(
        (await call(background, 'GET', `/api/projects/${id}/exports/${created.json.id}`)).json.status,
        'completed',
      );
    });
  });
}
