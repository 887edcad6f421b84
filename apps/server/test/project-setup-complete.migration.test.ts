import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { up } from '../src/db/migrations/2026-12-05T2601-project-setup-complete.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { setupLabelProject } from './label.factory.ts';

for (const dialect of dialects) {
  describe(`migration 2026-12-05T2601: projects with an ontology are set up (${dialect})`, () => {
    let sut: TestServer;
    before(async () => {
      sut = await startTestServer({ dialect });
    });
    after(async () => sut.close());

    it('marks projects with an ontology and no setupComplete as set up at their last update, and no others', async () => {
      const connected = await setupLabelProject(sut, { images: 1, texts: 0 });
      const bare = await setupLabelProject(sut, { images: 1, texts: 0 });
      await sut.db
        .updateTable('projects')
        .set({ setup_complete: null, updated_at: '2026-01-02T03:04:05.000Z' })
        .where('id', '=', connected.projectId)
        .execute();
      await sut.db
        .updateTable('projects')
        .set({ setup_complete: null, ontology_id: null })
        .where('id', '=', bare.projectId)
        .execute();
      await up(sut.db as never);
      const rows = await sut.db
        .selectFrom('projects')
        .select(['id', 'setup_complete'])
        .where('id', 'in', [connected.projectId, bare.projectId])
        .execute();
      const byId = new Map(rows.map((r) => [r.id, r.setup_complete]));
      assert.equal(byId.get(connected.projectId), '2026-01-02T03:04:05.000Z');
      assert.equal(byId.get(bare.projectId), null);
    });
  });
}
