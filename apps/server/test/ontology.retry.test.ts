import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createActor, dialects, startTestServer, type TestServer } from './harness.ts';
import { CREATE_ONTOLOGY } from './ontology.helpers.ts';

const normalized = (name: string) =>
  JSON.stringify({ tools: [{ tool: 'rectangle', name, color: '#ff0000' }], classifications: [] });

for (const dialect of dialects) {
  describe(`upsertOntology retries (${dialect})`, () => {
    let sut: TestServer;
    before(async () => {
      sut = await startTestServer({ dialect });
    });
    after(async () => sut.close());

    const create = (data: Record<string, unknown>, key?: string) =>
      sut.data(CREATE_ONTOLOGY, { data: { mediaType: 'IMAGE', ...data } }, key ? { key } : {});
    const named = async (name: string) =>
      (
        await sut.db
          .selectFrom('ontologies')
          .select('id')
          .where('name', '=', name)
          .where('organization_id', '=', sut.actor.organizationId)
          .execute()
      ).map((r) => r.id);

    it('a retried request (same fields, keys in any order) answers the first ontology, concurrent ones too', async () => {
      const data = { name: 'retried', normalized: normalized('box') };
      const first = (await create(data)).upsertOntology;
      const reordered = JSON.stringify({
        classifications: [],
        tools: [{ color: '#ff0000', name: 'box', tool: 'rectangle' }],
      });
      const again = await Promise.all([
        create(data),
        create(data),
        create({ ...data, normalized: reordered }),
      ]);
      for (const r of again) assert.equal(r.upsertOntology.id, first.id);
      assert.deepEqual(await named('retried'), [first.id]);
    });

    it('other content, another user or a request after the retry window makes a new ontology (names are not unique)', async () => {
      const data = { name: 'shared name', normalized: normalized('box') };
      const first = (await create(data)).upsertOntology.id;
      const other = (await create({ ...data, normalized: normalized('car') })).upsertOntology.id;
      assert.notEqual(other, first);
      const org = (await sut.services.identity.getOrganization(sut.actor)).name;
      const manager = await createActor(sut.ctx, `onto-tm-${dialect}@example.com`, org, 'TEAM_MANAGER');
      const theirs = (await create(data, manager.key)).upsertOntology.id;
      assert.ok(![first, other].includes(theirs));
      await sut.db
        .updateTable('ontologies')
        .set({ created_at: '2000-01-01T00:00:00.000Z' })
        .where('id', '=', first)
        .execute();
      const later = (await create(data)).upsertOntology.id;
      assert.ok(![first, other, theirs].includes(later));
      assert.equal((await named('shared name')).length, 4);
    });
  });
}
