import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { exportParams, readExportStream, startProjectExport } from './export.sdk.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import {
  fetchNdjson,
  importByFile,
  insertRows,
  setupLabelProject,
  type LabelProject,
} from './label.factory.ts';

const SELECTIONS = [
  { tokenIds: ['d1b6', 'a7e1'], groupId: 'grp-1', page: 1 },
  { tokenIds: ['ff02'], groupId: 'grp-7', page: 2 },
];

for (const dialect of dialects) {
  describe(`document entities: NDJSON import → export v2 (${dialect})`, () => {
    let sut: TestServer;
    let p: LabelProject;
    let pdfRow: string;
    before(async () => {
      sut = await startTestServer({ dialect });
      p = await setupLabelProject(sut, { images: 1, texts: 0 });
      const [pdf] = await insertRows(sut.db, sut.actor, p.datasetId, [
        { rowData: 'https://example.com/contract.pdf', mediaType: 'PDF' },
      ]);
      pdfRow = pdf!.id;
      const batch = await sut.data(
        'mutation($projectId: ID!, $input: CreateBatchInput!) { project(where: {id: $projectId}) { createBatchV2(input: $input) { failedDataRowIds } } }',
        { projectId: p.projectId, input: { name: 'pdfs', dataRowIds: [pdfRow], priority: 5 } },
      );
      assert.deepEqual(batch.project.createBatchV2.failedDataRowIds, []);
    });
    after(async () => sut.close());

    it('imports textSelections on a PDF row and exports them as DocumentEntityToken groups', async () => {
      const line = {
        uuid: 'doc-ent-1',
        dataRow: { id: pdfRow },
        name: 'ner',
        textSelections: SELECTIONS,
        classifications: [],
      };
      const imported = await importByFile(sut, 'GT', p.projectId, 'doc-entities', [line]);
      assert.equal(imported.import.state, 'FINISHED', JSON.stringify(imported.import));

      const taskId = await startProjectExport(sut, p.projectId, [], exportParams(true));
      let read = await readExportStream(sut, taskId);
      for (let i = 0; read === null && i < 200; i++) {
        await new Promise((r) => setTimeout(r, 50));
        read = await readExportStream(sut, taskId);
      }
      const row = read!.rows.find((r) => r.data_row.id === pdfRow);
      const objects = row.projects[p.projectId].labels[0].annotations.objects;
      assert.equal(objects.length, 1);
      assert.equal(objects[0].annotation_kind, 'DocumentEntityToken');
      assert.equal(objects[0].feature_id, 'doc-ent-1');
      assert.deepEqual(objects[0].location, {
        groups: [
          { id: 'grp-1', page_number: 1, tokens: ['d1b6', 'a7e1'] },
          { id: 'grp-7', page_number: 2, tokens: ['ff02'] },
        ],
      });
    });

    it('refuses textSelections on an image row, naming the field', async () => {
      const line = {
        uuid: 'doc-ent-2',
        dataRow: { id: p.images[0]!.id },
        name: 'ner',
        textSelections: SELECTIONS,
      };
      const imported = await importByFile(sut, 'GT', p.projectId, 'doc-on-image', [line]);
      const errors = await fetchNdjson(imported.import.errorFileUrl);
      assert.equal(errors.length, 1, JSON.stringify(errors));
      assert.match(JSON.stringify(errors[0]), /document entities need a document \(PDF\) data row/);
    });
  });
}
