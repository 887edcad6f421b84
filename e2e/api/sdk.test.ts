import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Labelyard, LabelyardError, retryDelay, type ExportRow } from '@labelyard/sdk';
import { createActor, dialects, startTestServer, type TestServer } from '../../apps/server/test/harness.ts';

const ONTOLOGY = {
  tools: [{ tool: 'rectangle', name: 'car', color: '#ff0000' }],
  classifications: [],
};
const box = (top: number) => ({ top, left: 5, height: 10, width: 20 });

for (const dialect of dialects) {
  describe(`TypeScript SDK against a real server (${dialect})`, () => {
    let server: TestServer;
    let sut: Labelyard;
    before(async () => {
      server = await startTestServer({ dialect });
      sut = new Labelyard({ url: server.url, apiKey: server.key });
    });
    after(async () => server?.close());

    it('creates, reads and pages datasets; a missing one is null', async () => {
      const names = ['sdk a', 'sdk b', 'sdk c'];
      const created = [];
      for (const name of names)
        created.push(await sut.datasets.create({ name, description: 'from the SDK' }));
      assert.equal((await sut.datasets.get(created[1]!.id))?.name, 'sdk b');
      assert.equal(await sut.datasets.get('c'.repeat(25)), null);
      const seen: string[] = [];
      for await (const d of sut.datasets.list(2)) seen.push(d.id);
      for (const d of created) assert.ok(seen.includes(d.id), `${d.name} is listed`);
      assert.equal(new Set(seen).size, seen.length, 'no dataset twice across pages');
    });

    it('creates data rows in several uploaded chunks, then updates them by global key', async () => {
      const dataset = await sut.datasets.create({ name: 'chunked' });
      async function* rows() {
        for (let i = 0; i < 250; i++)
          yield {
            rowData: `https://example.com/img/${i}.jpg`,
            globalKey: `${dialect}-sdk-${i}`,
            externalId: `e${i}`,
          };
      }
      let uploads = 0;
      const counting = new Labelyard({
        url: server.url,
        apiKey: server.key,
        fetch: (input, init) => {
          if (init?.body instanceof FormData) uploads++;
          return fetch(input, init);
        },
      });
      const created = await counting.datasets.createDataRows(dataset.id, rows(), { chunkBytes: 4096 });
      assert.ok(uploads >= 5, `${uploads} uploads: several descriptor chunks and the manifest`);
      assert.equal(created.task.status, 'COMPLETE');
      assert.deepEqual(created.errors, []);
      assert.equal((await sut.datasets.get(dataset.id))?.rowCount, 250);

      const updated = await sut.datasets.createDataRows(dataset.id, [
        {
          key: { globalKey: `${dialect}-sdk-7` },
          rowData: 'https://example.com/img/7b.jpg',
          externalId: 'renamed',
        },
      ]);
      assert.deepEqual(updated.errors, []);
      const found: ExportRow[] = [];
      for await (const row of sut.exports.catalog())
        if (row.data_row.global_key === `${dialect}-sdk-7`) found.push(row);
      assert.deepEqual(
        found.map((r) => [r.data_row.external_id, r.data_row.row_data]),
        [['renamed', 'https://example.com/img/7b.jpg']],
      );
      assert.equal((await sut.datasets.get(dataset.id))?.rowCount, 250, 'updated in place, not added');
    });

    it('runs the whole loop: ontology, project, batch, label import, export stream, queue and review', async () => {
      const dataset = await sut.datasets.create({ name: 'loop' });
      const keys = [0, 1, 2].map((i) => `${dialect}-loop-${i}`);
      await sut.datasets.createDataRows(
        dataset.id,
        keys.map((k, i) => ({
          rowData: `https://example.com/loop/${i}.jpg`,
          globalKey: k,
          mediaType: 'IMAGE',
        })),
      );
      const ontology = await sut.projects.createOntology({
        name: 'cars',
        mediaType: 'IMAGE',
        normalized: ONTOLOGY,
      });
      const project = await sut.projects.create({ name: 'SDK loop', allowedMediaType: 'IMAGE' });
      await sut.projects.connectOntology(project.id, ontology.id);
      const batch = await sut.projects.createBatch(project.id, { name: 'b1', globalKeys: keys, priority: 1 });
      assert.deepEqual([batch.batch.size, batch.failedDataRowIds], [3, []]);

      // Ground truth for the first row; one line names a feature the ontology lacks and fails alone.
      const imported = await sut.labels.import(project.id, [
        {
          uuid: 'a0000000-0000-4000-8000-000000000001',
          dataRow: { globalKey: keys[0] },
          name: 'car',
          bbox: box(1),
        },
        {
          uuid: 'a0000000-0000-4000-8000-000000000002',
          dataRow: { globalKey: keys[0] },
          name: 'truck',
          bbox: box(2),
        },
      ]);
      assert.equal(imported.import.state, 'FINISHED');
      assert.equal(imported.statuses.length, 2);
      assert.equal(imported.failures.length, 1);
      assert.equal(imported.failures[0]!.uuid, 'a0000000-0000-4000-8000-000000000002');

      // A labeler works the queue: the imported row is done, so the two others come.
      const labeler = await createActor(
        server.ctx,
        `sdk-labeler-${dialect}@example.com`,
        await orgName(server),
        'LABELER',
      );
      const asLabeler = new Labelyard({ url: server.url, apiKey: labeler.key });
      const labeled: string[] = [];
      for (
        let r = await asLabeler.queue.reserveNext(project.id);
        r;
        r = await asLabeler.queue.reserveNext(project.id)
      ) {
        if (labeled.includes(r.dataRow.id)) break;
        labeled.push(r.dataRow.id);
        await asLabeler.queue.submit(r.id, [{ uuid: crypto.randomUUID(), name: 'car', bbox: box(3) }], 4.5);
      }
      assert.equal(labeled.length, 2);
      await assert.rejects(
        asLabeler.queue.reserveNext(project.id, 'ReviewQueue'),
        (e: unknown) => e instanceof LabelyardError && e.code === 'AUTHORIZATION_ERROR',
      );

      // The admin reviews: one approved, one rejected with a comment.
      const first = await sut.queue.reserveNext(project.id, 'ReviewQueue');
      assert.ok(first?.label);
      assert.equal((await sut.queue.review(first.id, 'APPROVE')).verdict, 'APPROVE');
      const second = await sut.queue.reserveNext(project.id, 'ReviewQueue');
      assert.ok(second && second.id !== first.id);
      await sut.queue.review(second.id, 'REJECT', { comment: 'box is off' });
      const counts = await sut.projects.workflowCounts(project.id);
      assert.deepEqual([counts.Done, counts.InRework, counts.InReview], [2, 1, 0]);

      // Small export chunks, so the rows arrive through several signed chunk downloads.
      server.services.exports.tuning.chunkBytes = 600;
      const rows: ExportRow[] = [];
      try {
        for await (const row of sut.exports.project(project.id, { params: { includeLabelDetails: true } }))
          rows.push(row);
      } finally {
        server.services.exports.tuning.chunkBytes = 4 * 1024 * 1024;
      }
      assert.equal(rows.length, 3);
      const labels = rows.flatMap((r) => r.projects?.[project.id]?.labels ?? []);
      assert.equal(labels.length, 3, 'one imported and two submitted labels');
    });

    it('answers server errors as LabelyardError with the registered code', async () => {
      const stranger = new Labelyard({ url: server.url, apiKey: 'not-a-key' });
      await assert.rejects(stranger.datasets.get('x'), (e: unknown) => {
        assert.ok(e instanceof LabelyardError);
        assert.equal(e.code, 'AUTHENTICATION_ERROR');
        assert.equal(e.status, 401);
        return true;
      });
      await assert.rejects(
        sut.projects.createBatch('c'.repeat(25), { name: 'x', globalKeys: ['nope'] }),
        (e: unknown) => e instanceof LabelyardError && e.code === 'RESOURCE_NOT_FOUND',
      );
      const unreachable = new Labelyard({ url: 'http://127.0.0.1:9', apiKey: 'k', maxRetries: 0 });
      await assert.rejects(
        unreachable.datasets.get('x'),
        (e: unknown) => e instanceof LabelyardError && e.code === 'NETWORK_ERROR',
      );
    });
  });
}

describe('TypeScript SDK: rate limits', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ config: { rateLimitPerMinute: 2 } });
  });
  after(async () => server?.close());

  it('waits as Retry-After says on 429, then gives up with RATE_LIMITED', async () => {
    const waits: number[] = [];
    const sut = new Labelyard({
      url: server.url,
      apiKey: server.key,
      maxRetries: 2,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    const errors: unknown[] = [];
    for (let i = 0; i < 3; i++) await sut.datasets.get('c'.repeat(25)).catch((e: unknown) => errors.push(e));
    assert.equal(waits.length, 2, 'two retries after the limit was reached');
    for (const ms of waits) assert.ok(ms > 0 && ms <= 60_000, `waited ${ms} ms`);
    assert.equal(errors.length, 1);
    assert.ok(errors[0] instanceof LabelyardError);
    assert.equal(errors[0].code, 'RATE_LIMITED');
    assert.equal(errors[0].status, 429);
  });

  it('reads Retry-After as seconds or an HTTP date, bounded, else backs off', () => {
    assert.equal(retryDelay('3', 0), 3000);
    assert.equal(retryDelay('Thu, 01 Jan 1970 00:00:10 GMT', 0, 4_000), 6_000);
    assert.equal(retryDelay('86400', 0), 120_000);
    assert.equal(retryDelay(null, 0), 500);
    assert.equal(retryDelay('soon', 2), 2000);
  });
});

async function orgName(server: TestServer): Promise<string> {
  return (await server.services.identity.getOrganization(server.actor)).name;
}
