import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createActor, dialects, startTestServer, type TestServer } from './harness.ts';
import { IMPORT_FIELDS } from './label.factory.ts';
import { addPredictions, setupRun } from './model.factory.ts';

/** MEAToMALPredictionImport as the Labelbox SDK 6.0 sends it (schema/annotation_import.py). */
const CREATE = `mutation createMalPredictionImportForModelRunDataRowsPyApi($dataRowIds: [ID!]!, $name: String!, $modelRunId: ID!, $projectId:ID!) {
            createMalPredictionImportForModelRunDataRows(data: {
                name: $name
                modelRunId: $modelRunId
                dataRowIds: $dataRowIds
                projectId: $projectId
            }) {${IMPORT_FIELDS}}
        }`;
const FROM_NAME = `query getMEAToMALPredictionImportPyApi($projectId : ID!, $name: String!) {
            meaToMalPredictionImport(
                where: {projectId: $projectId, name: $name}){
                    ${IMPORT_FIELDS}
                }}`;

for (const dialect of dialects) {
  describe(`MEAToMALPredictionImport.create_for_model_run_data_rows (${dialect})`, () => {
    let sut: TestServer;
    before(async () => {
      sut = await startTestServer({ dialect });
    });
    after(async () => sut.close());

    it('writes the run predictions of rows in the run and the project as pre-labels, one status line per row', async () => {
      // Images 0-2 are in the run; image 3 is in the project but not the run; image 2 has no prediction.
      const m = await setupRun(sut, { images: 4, labelled: 0, inRun: 3 });
      const [r0, r1, r2, r3] = m.images as [any, any, any, any];
      const imp = await addPredictions(sut, m.run.id, 'p', [
        {
          uuid: '60000000-0000-4000-8000-000000000001',
          dataRow: { id: r0.id },
          name: 'box',
          bbox: { top: 1, left: 2, height: 3, width: 4 },
          confidence: 0.4,
        },
        {
          uuid: '60000000-0000-4000-8000-000000000002',
          dataRow: { id: r1.id },
          name: 'pt',
          point: { x: 7, y: 8 },
        },
      ]);
      assert.equal(imp.import.state, 'FINISHED');
      const vars = {
        dataRowIds: [r0.id, r1.id, r2.id, r3.id],
        name: 'mea-to-mal',
        modelRunId: m.run.id,
        projectId: m.projectId,
      };
      const created = (await sut.data(CREATE, vars)).createMalPredictionImportForModelRunDataRows;
      assert.equal(created.state, 'FINISHED');
      assert.equal(created.name, 'mea-to-mal');
      assert.equal(created.project.id, m.projectId);
      const polled = (await sut.data(FROM_NAME, { projectId: m.projectId, name: 'mea-to-mal' }))
        .meaToMalPredictionImport;
      assert.equal(polled.id, created.id);

      const prelabels = await sut.db
        .selectFrom('prelabels')
        .select(['data_row_id', 'content', 'import_id'])
        .where('project_id', '=', m.projectId)
        .execute();
      const byRow = new Map(prelabels.map((p) => [p.data_row_id, JSON.parse(p.content)]));
      assert.deepEqual([...byRow.keys()].sort(), [r0.id, r1.id].sort());
      assert.deepEqual(byRow.get(r0.id).objects[0].bbox, { top: 1, left: 2, height: 3, width: 4 });
      assert.equal(byRow.get(r1.id).objects[0].kind, 'point');
      assert.ok(prelabels.every((p) => p.import_id === created.id));

      const status = (await (await fetch(created.statusFileUrl)).text())
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      const statusOf = new Map(status.map((s: any) => [s.dataRow.id, s]));
      assert.equal(statusOf.get(r0.id).status, 'SUCCESS');
      assert.equal(statusOf.get(r1.id).status, 'SUCCESS');
      assert.match(statusOf.get(r2.id).errors[0].message, /No predictions/);
      assert.match(statusOf.get(r3.id).errors[0].message, /not in model run/);
      const errorLines = (await (await fetch(created.errorFileUrl)).text()).trim().split('\n');
      assert.equal(errorLines.length, 2);

      // The same name again answers the same import and writes nothing more.
      const again = (await sut.data(CREATE, vars)).createMalPredictionImportForModelRunDataRows;
      assert.equal(again.id, created.id);
      const count = await sut.db
        .selectFrom('prelabels')
        .select('id')
        .where('project_id', '=', m.projectId)
        .execute();
      assert.equal(count.length, 2);

      // A row in the run but not in the project is refused per row; bad input names the field.
      const m2 = await setupRun(sut, { images: 1, labelled: 0, inRun: 1 });
      await addPredictions(sut, m2.run.id, 'p', [
        {
          uuid: '60000000-0000-4000-8000-000000000009',
          dataRow: { id: m2.images[0]!.id },
          name: 'pt',
          point: { x: 1, y: 1 },
        },
      ]);
      const foreign = (
        await sut.data(CREATE, {
          ...vars,
          name: 'other-project',
          modelRunId: m2.run.id,
          dataRowIds: [m2.images[0]!.id],
        })
      ).createMalPredictionImportForModelRunDataRows;
      const foreignStatus = JSON.parse((await (await fetch(foreign.statusFileUrl)).text()).trim());
      assert.match(foreignStatus.errors[0].message, /not in project/);
      const empty = await sut.gql(CREATE, { ...vars, name: 'empty', dataRowIds: [] });
      assert.equal(empty.body.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST');
      assert.match(empty.body.errors?.[0]?.message ?? '', /dataRowIds/);
      const noRun = await sut.gql(CREATE, {
        ...vars,
        name: 'norun',
        modelRunId: 'cnosuchrun0000000000000000',
      });
      assert.equal(noRun.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');

      // Labelers may not; other organizations see nothing.
      const org = (await sut.services.identity.getOrganization(sut.actor)).name;
      const labeler = await createActor(sut.ctx, `mal-l-${m.run.id}@example.com`, org, 'LABELER');
      const refused = await sut.gql(CREATE, { ...vars, name: 'labeler' }, { key: labeler.key });
      assert.equal(refused.body.errors?.[0]?.extensions.code, 'AUTHORIZATION_ERROR');
      const stranger = await createActor(sut.ctx, `mal-s-${m.run.id}@example.com`, `mal-other-${m.run.id}`);
      const hidden = await sut.gql(CREATE, { ...vars, name: 'stranger' }, { key: stranger.key });
      assert.equal(hidden.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
    });
  });
}
