import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { importByFile, setupLabelProject, type LabelProject } from './label.factory.ts';

const READ = `query($id: ID!) { project(where: {id: $id}) { labels(first: 10) { id annotations } } }`;

for (const dialect of dialects) {
  describe(`Label.annotations (${dialect})`, () => {
    let sut: TestServer;
    let p: LabelProject;
    before(async () => {
      sut = await startTestServer({ dialect });
      p = await setupLabelProject(sut, { images: 1, texts: 0 });
    });
    after(async () => sut.close());

    it('gives back an imported label as the NDJSON lines an import (and submitQueuedLabel) takes', async () => {
      const row = { id: p.images[0]!.id };
      const lines = [
        {
          uuid: 'b-1',
          name: 'box',
          bbox: { top: 10, left: 20, height: 30, width: 40 },
          classifications: [{ name: 'occluded', answer: { name: 'no' } }],
        },
        {
          uuid: 'p-1',
          name: 'poly',
          polygon: [
            { x: 1, y: 1 },
            { x: 9, y: 1 },
            { x: 5, y: 8 },
          ],
        },
        { uuid: 'q-1', name: 'q', answer: { name: 'Yes' } },
      ];
      const res = await importByFile(
        sut,
        'GT',
        p.projectId,
        'annotations',
        lines.map((l) => ({ ...l, dataRow: row })),
      );
      assert.equal(res.import.state, 'FINISHED');
      const [label] = (await sut.data(READ, { id: p.projectId })).project.labels;
      const got = label.annotations as Array<Record<string, any>>;
      assert.deepEqual(
        got.map((l) => l.uuid),
        ['b-1', 'p-1', 'q-1'],
      );
      assert.equal(
        got.some((l) => 'dataRow' in l),
        false,
      );
      assert.deepEqual(got[0]!.bbox, lines[0]!.bbox);
      assert.equal(got[0]!.classifications[0].answer.name, 'no');
      assert.deepEqual(got[1]!.polygon.slice(0, 3), lines[1]!.polygon);
      assert.equal(got[2]!.answer.name, 'yes', 'answers come back by value');
      // The lines import again unchanged: the editor can hand them straight back.
      const again = await importByFile(
        sut,
        'GT',
        p.projectId,
        'again',
        got.map((l) => ({ ...l, uuid: `${l.uuid}-2`, dataRow: row })),
      );
      assert.equal(again.import.state, 'FINISHED', JSON.stringify(again));
    });
  });
}
