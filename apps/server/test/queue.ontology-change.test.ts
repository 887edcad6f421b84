import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createActor, dialects, startTestServer, type TestServer } from './harness.ts';
import { setupLabelProject, type LabelProject } from './label.factory.ts';
import { queue } from './queue.sdk.ts';

/**
 * Submissions check annotations against the ontology as it is now: the server keeps the ontology's lookups between
 * submissions (docs/queue.md), and a change to the ontology or to a feature schema it uses must be seen by the
 * very next submission.
 */
const UPSERT_ROOT = `mutation upsertRootSchemaNodePyApi($data: UpsertRootSchemaNodeInput!){
  upsertRootSchemaNode(data: $data) { featureSchemaId name }}`;
const poly = (name: string) => ({
  name,
  polygon: [
    { x: 10, y: 10 },
    { x: 60, y: 10 },
    { x: 35, y: 50 },
  ],
});

for (const dialect of dialects) {
  describe(`queue submissions follow ontology changes (${dialect})`, () => {
    let sut: TestServer;
    let p: LabelProject;
    let labeler: { key: string };
    const submit = async (name: string) => {
      const held = (
        await sut.data(
          queue.reserve,
          { data: { projectId: p.projectId, queueType: 'LabelingQueue' } },
          labeler,
        )
      ).reserveNextDataRow;
      const res = await sut.gql(
        queue.submit,
        { data: { reservationId: held.id, annotations: [poly(name)], secondsToLabel: 1 } },
        labeler,
      );
      if (res.body.errors) await sut.data(queue.release, { id: held.id }, labeler);
      return res;
    };

    before(async () => {
      sut = await startTestServer({ dialect });
      p = await setupLabelProject(sut, { images: 4, texts: 0 });
      const org = (await sut.services.identity.getOrganization(sut.actor)).name;
      labeler = await createActor(sut.ctx, `oc-${dialect}@example.com`, org, 'LABELER');
    });
    after(async () => sut.close());

    it('a renamed feature answers by its new name at once, and the old name is refused', async () => {
      assert.equal((await submit('poly')).body.errors, undefined);
      const feature = p.ontology.normalized.tools.find((t: { name: string }) => t.name === 'poly');
      const renamed = await sut.data(UPSERT_ROOT, {
        data: {
          normalized: {
            featureSchemaId: feature.featureSchemaId,
            tool: 'polygon',
            name: 'outline',
            color: '#00ff00',
            classifications: [],
          },
        },
      });
      assert.equal(renamed.upsertRootSchemaNode.name, 'outline');
      const old = await submit('poly');
      assert.equal(old.body.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST');
      assert.match(old.body.errors![0]!.message, /poly/);
      assert.equal((await submit('outline')).body.errors, undefined);
    });
  });
}
