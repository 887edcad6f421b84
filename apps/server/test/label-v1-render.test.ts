import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { toV1Label, type LabelDocument, type MaskAnnotation } from '@labelyard/schema';
import { LabelV1Renderer, type ToolColors } from '../src/graphql/resolvers/label-v1.render.ts';
import { parseStoredLabel } from '../src/services/label.content.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { boxLabelLines, importByFile, ops, setupLabelProject, type LabelProject } from './label.factory.ts';

const UPSERT_ROOT = `mutation upsertRootSchemaNodePyApi($data: UpsertRootSchemaNodeInput!){
  upsertRootSchemaNode(data: $data) { featureSchemaId name }}`;
const box = (uuid: string, top: number) => ({
  kind: 'bbox',
  uuid,
  featureSchemaId: 'fs-box',
  name: 'box',
  bbox: { top, left: 2, height: 3, width: 4 },
  classifications: [],
});
const stored = (doc: Partial<LabelDocument>) =>
  JSON.stringify({ objects: [], classifications: [], relationships: [], ...doc });
const noMasks = { maskUrl: () => undefined, maskFileUrl: () => undefined };
const red: ToolColors = new Map([['fs-box', '#ff0000']]);
/** What the `label` field was before the memo: parse → v1 → stringify every time. */
const unmemoized = (content: string, colors: ToolColors) =>
  JSON.stringify(toV1Label(parseStoredLabel(content), { color: (id) => colors.get(id) ?? null }));

describe('LabelV1Renderer', () => {
  it('answers a label rendered before from the memo, byte for byte as rendering it again', () => {
    const sut = new LabelV1Renderer();
    const content = stored({ objects: [box('b1', 1)] as never });
    const first = sut.render('l1', content, red, noMasks);
    assert.equal(sut.hits, 0);
    // Another string with the same characters (as each database read makes) finds the entry.
    const second = sut.render('l1', (' ' + content).slice(1), red, noMasks);
    assert.equal(sut.hits, 1);
    assert.equal(first, unmemoized(content, red));
    assert.equal(second, first);
  });

  it('renders a changed label afresh', () => {
    const sut = new LabelV1Renderer();
    sut.render('l1', stored({ objects: [box('b1', 1)] as never }), red, noMasks);
    const changed = stored({ objects: [box('b1', 7)] as never });
    const text = sut.render('l1', changed, red, noMasks);
    assert.equal(sut.hits, 0);
    assert.equal(JSON.parse(text).objects[0].bbox.top, 7);
  });

  it('renders afresh when a colour the label shows changed in the ontology', () => {
    const sut = new LabelV1Renderer();
    const content = stored({ objects: [box('b1', 1)] as never });
    sut.render('l1', content, red, noMasks);
    const blue: ToolColors = new Map([['fs-box', '#0000ff']]);
    const text = sut.render('l1', content, blue, noMasks);
    assert.equal(sut.hits, 0);
    assert.equal(JSON.parse(text).objects[0].color, '#0000ff');
    assert.equal(text, unmemoized(content, blue));
    // Colours of tools the label does not use do not matter.
    sut.render('l1', content, new Map([...blue, ['fs-other', '#00ff00']]), noMasks);
    assert.equal(sut.hits, 1);
  });

  it('keeps the JSON string literal of what it rendered, for the answer to copy', () => {
    const sut = new LabelV1Renderer();
    const content = stored({ objects: [box('b1', 1)] as never });
    const text = sut.render('l1', content, red, noMasks);
    assert.deepEqual(sut.jsonOf('l1', text), Buffer.from(JSON.stringify(text)));
    assert.equal(sut.jsonOf('l1', text + ' '), undefined, 'only for the text it returned');
    assert.equal(sut.jsonOf('l2', text), undefined);
    // A colour map found unchanged is not compared again; a new map with another colour still renders afresh.
    sut.render('l1', content, red, noMasks);
    sut.render('l1', content, red, noMasks);
    assert.equal(sut.hits, 2);
    const green: ToolColors = new Map([['fs-box', '#00ff00']]);
    const recoloured = sut.render('l1', content, green, noMasks);
    assert.equal(sut.hits, 2);
    assert.deepEqual(sut.jsonOf('l1', recoloured), Buffer.from(JSON.stringify(recoloured)));
  });

  it('never keeps a label with a mask: its URL is signed for each request', () => {
    const sut = new LabelV1Renderer();
    const mask = {
      kind: 'mask',
      uuid: 'm1',
      featureSchemaId: 'fs-mask',
      name: 'mask',
      source: { type: 'blob', key: 'masks/m1.png' },
      colorRGB: [255, 255, 255],
      classifications: [],
    };
    const content = stored({ objects: [mask] as never });
    let signed = 0;
    const masks = {
      maskUrl: (m: MaskAnnotation) => `https://files.example/${m.uuid}?sig=${++signed}`,
      maskFileUrl: () => undefined,
    };
    const text = sut.render('m1', content, red, masks);
    assert.equal(sut.jsonOf('m1', text), undefined);
    const first = JSON.parse(text);
    const second = JSON.parse(sut.render('m1', content, red, masks));
    assert.equal(sut.hits, 0);
    assert.equal(first.objects[0].instanceURI, 'https://files.example/m1?sig=1');
    assert.equal(second.objects[0].instanceURI, 'https://files.example/m1?sig=2');
  });

  it('forgets the oldest labels past its budget', () => {
    const contents = [1, 2, 3].map((top) => stored({ objects: [box(`b${top}`, top)] as never }));
    const text = unmemoized(contents[0]!, red);
    const size = 2 + contents[0]!.length + text.length + Buffer.byteLength(JSON.stringify(text));
    // Half the budget holds one label: a generation per label.
    const sut = new LabelV1Renderer(size * 3);
    contents.forEach((content, i) => sut.render(`l${i}`, content, red, noMasks));
    sut.render('l1', contents[1]!, red, noMasks);
    assert.equal(sut.hits, 1, 'the previous generation still answers');
    sut.render('l0', contents[0]!, red, noMasks);
    assert.equal(sut.hits, 1, 'the first label was dropped with its generation');
  });
});

for (const dialect of dialects) {
  describe(`Label.label over HTTP (${dialect})`, () => {
    let sut: TestServer;
    let p: LabelProject;
    before(async () => {
      sut = await startTestServer({ dialect });
      p = await setupLabelProject(sut, { images: 2, texts: 0 });
      const lines = boxLabelLines(p.images);
      const res = await importByFile(sut, 'GT', p.projectId, 'render', lines);
      assert.equal(res.import.state, 'FINISHED');
    });
    after(async () => sut.close());

    it('answers a labels page, rendered or kept, byte for byte as JSON.stringify writes it', async () => {
      for (const round of ['rendered', 'kept']) {
        const res = await fetch(`${sut.url}/graphql`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${sut.key}`,
            'cache-control': 'no-cache',
          },
          body: JSON.stringify({
            query: ops.pageOfLabels,
            variables: { projectId: p.projectId, skip: 0, first: 100 },
          }),
        });
        const body = await res.text();
        assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8', round);
        assert.equal(Number(res.headers.get('content-length')), Buffer.byteLength(body), round);
        const parsed = JSON.parse(body);
        assert.equal(parsed.data.project.labels.length, 2, round);
        assert.equal(body, JSON.stringify(parsed), round);
      }
    });

    it('shows a label changed in the database, not the text rendered before', async () => {
      const page = async () =>
        (await sut.data(ops.pageOfLabels, { projectId: p.projectId, skip: 0, first: 100 })).project.labels
          .map((l: any) => JSON.parse(l.label).objects[0].bbox.top)
          .sort();
      assert.deepEqual(await page(), [1, 1]);
      const label = await sut.db
        .selectFrom('labels')
        .select(['id', 'content'])
        .where('project_id', '=', p.projectId)
        .executeTakeFirstOrThrow();
      const doc = JSON.parse(label.content);
      doc.objects[0].bbox.top = 42;
      await sut.db
        .updateTable('labels')
        .set({ content: JSON.stringify(doc) })
        .where('id', '=', label.id)
        .execute();
      assert.deepEqual(await page(), [1, 42]);
    });

    it('shows a tool colour changed in the ontology on the next page', async () => {
      const colors = async () =>
        (
          await sut.data(ops.pageOfLabels, { projectId: p.projectId, skip: 0, first: 100 })
        ).project.labels.map((l: any) => JSON.parse(l.label).objects[0].color);
      const box = p.ontology.normalized.tools.find((t: { name: string }) => t.name === 'box');
      assert.deepEqual(await colors(), [box.color, box.color]);
      await sut.data(UPSERT_ROOT, {
        data: { normalized: { ...box, color: '#123456' } },
      });
      assert.deepEqual(await colors(), ['#123456', '#123456']);
    });
  });
}
