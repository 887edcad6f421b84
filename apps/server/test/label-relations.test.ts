import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { byId, SettledLoader } from '../src/graphql/loaders.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { boxLabelLines, importByFile, setupLabelProject, type LabelProject } from './label.factory.ts';

describe('SettledLoader', () => {
  it('answers loaded keys without a promise, others through the loader, with one query per prefetch', async () => {
    const queries: string[][] = [];
    const sut = new SettledLoader(
      byId(async (ids) => {
        queries.push([...ids]);
        return ids.filter((id) => id !== 'missing').map((id) => ({ id, n: id.length }));
      }),
    );
    await sut.prefetch(['a', 'bb', 'a', 'missing']);
    assert.deepEqual(queries, [['a', 'bb', 'missing']]);
    assert.deepEqual(sut.get('bb'), { id: 'bb', n: 2 });
    assert.equal(sut.get('missing'), null);
    const later = sut.get('ccc');
    assert.ok(later instanceof Promise);
    assert.deepEqual(await later, { id: 'ccc', n: 3 });
    assert.equal(queries.length, 2);
  });
});

for (const dialect of dialects) {
  describe(`a labels page's relations (${dialect})`, () => {
    let sut: TestServer;
    let p: LabelProject;
    const page = (selection: string) =>
      sut.data(`query($id: ID!) { project(where: {id: $id}) { labels(first: 100) { id ${selection} } } }`, {
        id: p.projectId,
      });

    before(async () => {
      sut = await startTestServer({ dialect });
      p = await setupLabelProject(sut, { images: 3, texts: 0 });
      await sut.db
        .updateTable('data_rows')
        .set({ external_id: 'ext-0' })
        .where('id', '=', p.images[0]!.id)
        .execute();
      const lines = boxLabelLines(p.images);
      const res = await importByFile(sut, 'GT', p.projectId, 'relations', lines);
      assert.equal(res.import.state, 'FINISHED');
    });
    after(async () => sut.close());

    it('shows the same data rows and creators reading a few columns as reading whole rows', async () => {
      const fields =
        'dataRow { id externalId globalKey rowData mediaType mediaAttributes createdAt updatedAt dataset { id } } createdBy { id email name }';
      const narrow = (await page(fields)).project.labels;
      // metadataFields has no column mapping: the data rows are read whole.
      const wide = (await page(fields.replace('updatedAt', 'updatedAt metadataFields { value }'))).project
        .labels;
      for (const label of wide) delete label.dataRow.metadataFields;
      assert.deepEqual(narrow, wide);
      assert.equal(narrow.length, 3);
      const first = narrow.find((l: any) => l.dataRow.id === p.images[0]!.id);
      assert.equal(first.dataRow.externalId, 'ext-0');
      assert.equal(first.dataRow.globalKey, p.images[0]!.globalKey);
      assert.equal(first.dataRow.mediaType, 'IMAGE');
      assert.equal(first.dataRow.mediaAttributes.width, 640);
      assert.deepEqual(first.createdBy, {
        id: sut.actor.userId,
        email: sut.actor.email,
        name: sut.actor.email.split('@')[0],
      });
    });

    it('answers aliased and fragment selections of a relation, each with its own fields', async () => {
      const labels = (
        await sut.data(
          `query($id: ID!) { project(where: {id: $id}) { labels(first: 100) { ...L b: dataRow { rowData ...R } } } }
           fragment L on Label { a: dataRow { id } }
           fragment R on DataRow { externalId }`,
          { id: p.projectId },
        )
      ).project.labels;
      assert.equal(labels.length, 3);
      for (const label of labels) {
        assert.deepEqual(Object.keys(label.a), ['id']);
        assert.deepEqual(Object.keys(label.b), ['rowData', 'externalId']);
      }
      const first = labels.find((l: any) => l.a.id === p.images[0]!.id);
      assert.equal(first.b.externalId, 'ext-0');
      assert.equal(first.b.rowData, 'https://example.com/image.jpg');
    });
  });
}
