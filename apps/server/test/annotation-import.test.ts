import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createMask, decodePng, encodeBase64, maskToPng } from '@labelyard/schema';
import { FeatureSchemaRepository } from '../src/repositories/feature-schema.repository.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import {
  fetchNdjson,
  importByFile,
  localServer,
  ops,
  setupLabelProject,
  uploadData,
  waitForImport,
} from './label.factory.ts';

/** A 640×480 PNG with a `size`-pixel square at (10, 10): white on black, or `color` on transparent. */
function squarePng(size: number, color?: [number, number, number]): Uint8Array {
  const mask = createMask(640, 480);
  for (let y = 10; y < 10 + size; y++) for (let x = 10; x < 10 + size; x++) mask.data[y * 640 + x] = 1;
  return color ? maskToPng(mask, { format: 'rgba', color }) : maskToPng(mask, { format: 'gray' });
}

const BOX = { top: 10, left: 20, height: 30, width: 40 };

for (const dialect of dialects) {
  describe(`annotation imports over GraphQL (${dialect})`, () => {
    let sut: TestServer;
    let files: Awaited<ReturnType<typeof localServer>>;
    let served = '';
    const compositePng = Buffer.from(squarePng(20, [255, 0, 0]));
    before(async () => {
      sut = await startTestServer({ dialect, config: { allowPrivateUrls: true } });
      files = await localServer((req) =>
        req.url === '/composite.png'
          ? { body: compositePng, type: 'image/png' }
          : { body: served, type: 'application/x-ndjson' },
      );
    });
    after(async () => {
      await files.close();
      await sut.close();
    });

    const labelsOf = async (projectId: string) => {
      const out: any[] = [];
      for (let skip = 0; ; skip += 100) {
        const page = (await sut.data(ops.sdkLabels(skip), { projectId })).project.labels;
        out.push(...page);
        if (page.length < 100) return out;
      }
    };

    it('imports every annotation kind by file: RUNNING from the create call, FINISHED when polled', async () => {
      const p = await setupLabelProject(sut, { images: 2, texts: 1 });
      const [img, img2] = p.images;
      const checklist = p.ontology.normalized.classifications.find((c) => c.name === 'c');
      const ownMaskUrl = await uploadData(sut, squarePng(5, [0, 0, 255]), 'mask.png', 'image/png');
      const lines = [
        {
          uuid: 'u-box',
          dataRow: { id: img!.id },
          name: 'box',
          bbox: BOX,
          classifications: [
            {
              name: 'occluded',
              answer: { name: 'yes', classifications: [{ name: 'why', answer: 'behind tree' }] },
            },
          ],
        },
        {
          uuid: 'u-poly',
          dataRow: { id: img!.id },
          name: 'poly',
          polygon: [
            { x: 10, y: 20 },
            { x: 15, y: 20 },
            { x: 20, y: 25 },
            { x: 10, y: 20 },
          ],
          classifications: [],
        },
        {
          uuid: 'u-pt',
          dataRow: { globalKey: img!.globalKey },
          name: 'pt',
          point: { x: 100.5, y: 200.25 },
          classifications: [],
        },
        {
          uuid: 'u-ln',
          dataRow: { id: img!.id },
          name: 'ln',
          line: [
            { x: 1, y: 2 },
            { x: 30, y: 40 },
          ],
          classifications: [],
        },
        {
          uuid: 'u-radio',
          dataRow: { id: img!.id },
          name: 'q',
          answer: { name: 'yes', classifications: [{ name: 'sub', answer: [{ name: 'x' }] }] },
        },
        {
          uuid: 'u-check',
          dataRow: { id: img!.id },
          schemaId: checklist.featureSchemaId,
          answer: [{ schemaId: checklist.options[0].featureSchemaId }, { name: 'second' }],
        },
        { uuid: 'u-text', dataRow: { id: img!.id }, name: 'free_text', answer: 'sample text' },
        {
          uuid: 'u-rel',
          dataRow: { id: img!.id },
          name: 'rel',
          relationship: { source: 'u-box', target: 'u-poly', type: 'unidirectional' },
        },
        {
          uuid: 'u-png',
          dataRow: { id: img2!.id },
          name: 'seg',
          mask: { png: encodeBase64(squarePng(10)) },
          classifications: [],
        },
        {
          uuid: 'u-uri',
          dataRow: { id: img2!.id },
          name: 'seg',
          mask: { instanceURI: `${files.url}/composite.png`, colorRGB: [255, 0, 0] },
          classifications: [],
        },
        {
          uuid: 'u-own',
          dataRow: { id: img2!.id },
          name: 'seg',
          mask: { instanceURI: ownMaskUrl, colorRGB: [0, 0, 255] },
          classifications: [],
        },
        {
          uuid: 'u-ner',
          dataRow: { id: p.texts[0]!.id },
          name: 'ner',
          location: { start: 0, end: 14 },
          classifications: [],
        },
      ];
      const res = await importByFile(sut, 'GT', p.projectId, 'all kinds', lines);
      assert.equal(res.errors, undefined, JSON.stringify(res.errors));
      // The create call answers RUNNING without result files every time, as Labelbox does; wait_until_done polls.
      assert.equal(res.created.state, 'RUNNING');
      assert.equal(res.created.statusFileUrl, null);
      assert.equal(res.created.errorFileUrl, null);
      assert.match(res.created.inputFileUrl, /\/files\//);
      const imp = res.import;
      assert.equal(imp.state, 'FINISHED');
      assert.equal(imp.progress, '100%');
      assert.equal(imp.name, 'all kinds');
      assert.equal(imp.project.id, p.projectId);
      const statuses = await fetchNdjson(imp.statusFileUrl);
      assert.equal(statuses.length, lines.length);
      assert.deepEqual(
        statuses.map((s) => s.status),
        lines.map(() => 'SUCCESS'),
        JSON.stringify(statuses),
      );
      assert.deepEqual(
        statuses.map((s) => s.uuid),
        lines.map((l) => l.uuid),
      );
      assert.equal(statuses[2].dataRow.id, img!.id);
      assert.deepEqual(await fetchNdjson(imp.errorFileUrl), []);
      assert.equal(await (await fetch(imp.errorFileUrl)).text(), '');
      assert.deepEqual(await fetchNdjson(imp.inputFileUrl), lines);

      const labels = await labelsOf(p.projectId);
      assert.equal(labels.length, 3);
      const byRow = new Map<string, any>();
      for (const l of labels) {
        const full = (
          await sut.data(
            'query($id: ID!){label(where:{id:$id}){id dataRow{id} createdBy{id email} type{id name} label}}',
            { id: l.id },
          )
        ).label;
        byRow.set(full.dataRow.id, { ...full, json: JSON.parse(full.label) });
        assert.equal(full.createdBy.email, sut.actor.email);
        assert.deepEqual(full.type, { id: 'clabeltype000000submitted', name: 'Submitted' });
      }
      const first = byRow.get(img!.id).json;
      const box = first.objects.find((o: any) => o.title === 'box');
      assert.deepEqual(box.bbox, BOX);
      assert.equal(box.color, '#ff0000');
      assert.equal(box.featureId, 'u-box');
      assert.equal(box.classifications[0].answer.value, 'yes');
      assert.equal(box.classifications[0].answer.classifications[0].answer, 'behind tree');
      assert.deepEqual(
        first.objects.map((o: any) => o.title),
        ['box', 'poly', 'pt', 'ln'],
      );
      assert.deepEqual(first.objects.find((o: any) => o.title === 'pt').point, { x: 100.5, y: 200.25 });
      assert.deepEqual(
        first.classifications.map((c: any) => c.title),
        ['q', 'c', 'free_text'],
      );
      assert.deepEqual(
        first.classifications[1].answers.map((a: any) => a.value),
        ['first', 'second'],
      );
      assert.equal(first.classifications[0].answer.classifications[0].answers[0].value, 'x');
      assert.equal(first.classifications[2].answer, 'sample text');
      assert.deepEqual(first.relationships[0].data, { source: 'u-box', target: 'u-poly' });
      const ner = byRow.get(p.texts[0]!.id).json.objects[0];
      assert.deepEqual(ner.data.location, { start: 0, end: 14 });

      // Each mask is stored as a binary PNG (255 inside) and downloadable without the API key.
      const masks = byRow.get(img2!.id).json.objects;
      assert.deepEqual(
        masks.map((m: any) => m.featureId),
        ['u-png', 'u-uri', 'u-own'],
      );
      const areas = [];
      for (const m of masks) {
        const res = await fetch(m.instanceURI);
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('content-type'), 'image/png');
        const png = decodePng(new Uint8Array(await res.arrayBuffer()));
        assert.ok(png.ok);
        assert.equal(png.value.channels, 1);
        assert.equal(png.value.width, 640);
        areas.push(png.value.data.filter((v) => v === 255).length);
      }
      assert.deepEqual(areas, [100, 400, 25]);
      assert.equal(
        await sut.services.labels.maskBlobKey(sut.actor, 'u-uri').then((k) => k?.endsWith('.png')),
        true,
      );

      const count = (await sut.data(ops.labelCount, { projectId: p.projectId })).project.labelCount;
      assert.equal(count, 3);

      // Ontology edits see nested features in use: box → occluded → yes → why.
      const occluded = p.ontology.normalized.tools[0].classifications[0];
      const used = (id: string) =>
        new FeatureSchemaRepository(sut.db, dialect).isFeatureUsedByLabels(sut.actor.organizationId, id);
      assert.equal(await used(occluded.options[0].featureSchemaId), true);
      assert.equal(await used(occluded.options[0].options[0].featureSchemaId), true);
      assert.equal(await used(occluded.options[1].featureSchemaId), false);
    });

    it('reports bad lines one by one, writes nothing for them and lands the good ones', async () => {
      const p = await setupLabelProject(sut, { images: 1, texts: 1, outside: 1 });
      const img = p.images[0]!.id;
      const lines: unknown[] = [
        '{"uuid": "u1", "dataRow": {"id": ',
        { uuid: 'u2', dataRow: { id: img }, name: 'nope', bbox: BOX },
        { uuid: 'u3', dataRow: { id: img }, name: 'poly', bbox: BOX },
        {
          uuid: 'u4',
          dataRow: { id: img },
          name: 'box',
          bbox: { top: 400, left: 600, height: 200, width: 100 },
        },
        { uuid: 'u5', dataRow: { id: 'cnotarealdatarow000000000' }, name: 'box', bbox: BOX },
        { uuid: 'u6', dataRow: { globalKey: 'no-such-key' }, name: 'box', bbox: BOX },
        { uuid: 'u7', dataRow: { id: p.outside[0]!.id }, name: 'box', bbox: BOX },
        { uuid: 'u8', dataRow: { id: p.texts[0]!.id }, name: 'ner', location: { start: 0, end: 500 } },
        { uuid: 'u9', dataRow: { id: p.texts[0]!.id }, name: 'box', bbox: BOX },
        { uuid: 'u10', dataRow: { id: img }, name: 'box', bbox: BOX },
        { uuid: 'u10', dataRow: { id: img }, name: 'pt', point: { x: 1, y: 1 } },
        {
          uuid: 'u11',
          dataRow: { id: img },
          name: 'rel',
          relationship: { source: 'u10', target: 'missing', type: 'unidirectional' },
        },
      ];
      const res = await importByFile(sut, 'GT', p.projectId, 'bad lines', lines);
      assert.equal(res.import.state, 'FINISHED');
      const statuses = await fetchNdjson(res.import.statusFileUrl);
      assert.equal(statuses.length, lines.length);
      const failed = statuses.filter((s) => s.status === 'FAILURE');
      assert.equal(failed.length, lines.length - 1);
      const byLine = (n: number) => statuses[n - 1].errors[0];
      assert.equal(byLine(1).name, 'InvalidJson');
      assert.match(byLine(1).message, /not valid JSON/);
      assert.match(byLine(2).message, /^name: unknown feature: no feature named "nope"/);
      assert.match(byLine(3).message, /polygon tool "poly" takes "polygon", not "bbox"/);
      assert.match(byLine(4).message, /^bbox.width: box reaches x = 700, outside the image width 640/);
      assert.equal(byLine(5).name, 'DataRowNotFound');
      assert.match(byLine(5).message, /cnotarealdatarow000000000/);
      assert.equal(byLine(6).name, 'DataRowNotFound');
      assert.equal(byLine(7).name, 'DataRowNotInProject');
      assert.match(byLine(8).message, /location.end: is outside the text/);
      assert.match(byLine(9).message, /need an image data row/);
      assert.equal(statuses[9].status, 'SUCCESS');
      assert.match(byLine(11).message, /uuid "u10" is used by another annotation/);
      assert.match(byLine(12).message, /no object annotation with uuid "missing"/);
      assert.deepEqual(byLine(4).additional_info.line, 4);
      const errors = await fetchNdjson(res.import.errorFileUrl);
      assert.deepEqual(errors, failed);

      const labels = await labelsOf(p.projectId);
      assert.equal(labels.length, 1);
      assert.equal(JSON.parse(labels[0].label).objects.length, 1);
      const indexed = await sut.db
        .selectFrom('annotations')
        .select('uuid')
        .where('label_id', '=', labels[0].id)
        .execute();
      assert.deepEqual(
        indexed.map((r) => r.uuid),
        ['u10'],
      );
    });

    it('is idempotent per (project, name): re-sending returns the first import and adds no labels', async () => {
      const p = await setupLabelProject(sut, { images: 2 });
      const lines = p.images.map((r, i) => ({
        uuid: `r${i}`,
        dataRow: { id: r.id },
        name: 'box',
        bbox: BOX,
      }));
      const first = await importByFile(sut, 'GT', p.projectId, 'retry me', lines);
      const again = await importByFile(sut, 'GT', p.projectId, 'retry me', [...lines, ...lines]);
      assert.equal(again.import.id, first.import.id);
      assert.equal(again.import.state, 'FINISHED');
      assert.equal((await labelsOf(p.projectId)).length, 2);
      // A different name is a different import: one more label per data row.
      await importByFile(sut, 'GT', p.projectId, 'second import', lines);
      assert.equal((await labelsOf(p.projectId)).length, 4);
      const polled = (await sut.data(ops.getLabelImport, { projectId: p.projectId, name: 'retry me' }))
        .labelImport;
      assert.equal(polled.id, first.import.id);
      const missing = await sut.gql(ops.getLabelImport, { projectId: p.projectId, name: 'never' });
      assert.equal(missing.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
    });

    it('keeps MAL pre-labels apart from labels and ignores confidence', async () => {
      const p = await setupLabelProject(sut, { images: 1 });
      const img = p.images[0]!.id;
      const lines = [
        { uuid: 'm-box', dataRow: { id: img }, name: 'box', bbox: BOX, confidence: 0.8, classifications: [] },
        {
          uuid: 'm-poly',
          dataRow: { id: img },
          name: 'poly',
          polygon: [
            { x: 1, y: 1 },
            { x: 9, y: 1 },
            { x: 9, y: 9 },
          ],
          classifications: [],
        },
        {
          uuid: 'm-rel',
          dataRow: { id: img },
          name: 'rel',
          relationship: { source: 'm-box', target: 'm-poly', type: 'bidirectional' },
        },
        {
          uuid: 'm-q',
          dataRow: { id: img },
          name: 'q',
          answer: { name: 'no', confidence: 0.3 },
          customMetrics: [{ name: 'iou', value: 0.5 }],
        },
      ];
      const res = await importByFile(sut, 'MAL', p.projectId, 'predictions', lines);
      assert.equal(res.import.state, 'FINISHED');
      assert.deepEqual(
        (await fetchNdjson(res.import.statusFileUrl)).map((s) => s.status),
        ['SUCCESS', 'SUCCESS', 'SUCCESS', 'SUCCESS'],
      );
      assert.deepEqual(await labelsOf(p.projectId), []);
      assert.equal((await sut.data(ops.labelCount, { projectId: p.projectId })).project.labelCount, 0);
      const prelabels = await sut.db
        .selectFrom('prelabels')
        .selectAll()
        .where('project_id', '=', p.projectId)
        .execute();
      assert.equal(prelabels.length, 1);
      assert.doesNotMatch(prelabels[0]!.content, /confidence/);
      const doc = JSON.parse(prelabels[0]!.content);
      assert.equal(doc.objects.length, 2);
      assert.equal(doc.relationships[0].direction, 'bidirectional');
      const polled = (await sut.data(ops.getMalImport, { projectId: p.projectId, name: 'predictions' }))
        .modelAssistedLabelingPredictionImport;
      assert.equal(polled.state, 'FINISHED');
      // Ground-truth and MAL names live apart.
      const gt = await sut.gql(ops.getLabelImport, { projectId: p.projectId, name: 'predictions' });
      assert.equal(gt.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
    });

    it('imports by URL: a foreign URL is fetched, an own signed URL is read from the blob store', async () => {
      const p = await setupLabelProject(sut, { images: 2 });
      served = JSON.stringify({ uuid: 'url-1', dataRow: { id: p.images[0]!.id }, name: 'box', bbox: BOX });
      const foreign = (
        await sut.data(ops.labelImportByUrl, {
          projectId: p.projectId,
          name: 'by url',
          fileUrl: `${files.url}/labels.ndjson`,
        })
      ).createLabelImport;
      assert.equal(foreign.state, 'RUNNING');
      const foreignDone = await waitForImport(sut, 'GT', p.projectId, 'by url');
      assert.equal(foreignDone.state, 'FINISHED');
      assert.deepEqual(
        (await fetchNdjson(foreignDone.statusFileUrl)).map((s) => s.status),
        ['SUCCESS'],
      );
      assert.deepEqual(await fetchNdjson(foreign.inputFileUrl), [JSON.parse(served)]);
      const own = await uploadData(
        sut,
        JSON.stringify({
          uuid: 'url-2',
          dataRow: { id: p.images[1]!.id },
          name: 'pt',
          point: { x: 3, y: 4 },
        }),
        'x.ndjson',
        'application/x-ndjson',
      );
      const mal = (
        await sut.data(ops.malImportByUrl, { projectId: p.projectId, name: 'own url', fileUrl: own })
      ).createModelAssistedLabelingPredictionImport;
      assert.equal(mal.state, 'RUNNING');
      const malDone = await waitForImport(sut, 'MAL', p.projectId, 'own url');
      assert.equal(malDone.state, 'FINISHED');
      assert.deepEqual(
        (await fetchNdjson(malDone.statusFileUrl)).map((s) => s.status),
        ['SUCCESS'],
      );
      const gone = await sut.gql(ops.labelImportByUrl, {
        projectId: p.projectId,
        name: '404',
        fileUrl: `${files.url.replace(/:\d+$/, ':1')}/x`,
      });
      assert.equal(gone.body.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST');
      assert.match(gone.body.errors![0]!.message, /data\.fileUrl/);
    });

    it('refuses an unknown project, a project without an ontology and an empty name', async () => {
      const p = await setupLabelProject(sut, { images: 1, ontology: false });
      const line = { dataRow: { id: p.images[0]!.id }, name: 'box', bbox: BOX };
      const res = await sut.gql(ops.labelImportByUrl, {
        projectId: 'cnotarealproject000000000',
        name: 'x',
        fileUrl: `${files.url}/x`,
      });
      assert.equal(res.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
      const noOntology = await importByFile(sut, 'GT', p.projectId, 'no ontology', [line]);
      assert.equal(noOntology.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST');
      assert.match(noOntology.errors![0]!.message, /has no ontology/);
      const empty = await importByFile(sut, 'GT', p.projectId, '', [line]);
      assert.equal(empty.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST');
      assert.match(empty.errors![0]!.message, /data\.name/);
    });
  });
}
