import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { ResponseCache } from '../src/cache/response-cache.ts';
import { RESPONSE_CACHE_HEADER } from '../src/http/graphql.route.ts';
import { newId } from '../src/ids.ts';
import { nowIso } from '../src/time.ts';
import { createActor, dialects, startTestServer, type TestServer } from './harness.ts';
import { insertDataRows } from './project.factory.ts';

const DATASETS = '{ datasets(first: 100) { id name } }';
const LABELS =
  'query($id: ID!) { project(where: {id: $id}) { labels(first: 100) { id label createdBy { id email isViewer } dataRow { id externalId } } } }';

describe('response cache bounds', () => {
  it('serves a body only at the version it was stored with, and keeps within entries and bytes', () => {
    const cache = new ResponseCache({ maxEntries: 2, maxBytes: 10, maxBodyBytes: 6 });
    cache.set('a', 'v1', Buffer.from('aaaa'));
    assert.equal(cache.get('a', 'v1')?.toString(), 'aaaa');
    assert.equal(cache.get('a', 'v2'), undefined, 'another version is a miss');
    assert.equal(cache.get('a', 'v1'), undefined, 'and the stale entry is gone');
    cache.set('b', 'v1', Buffer.from('bbbb'));
    cache.set('c', 'v1', Buffer.from('cccc'));
    cache.set('d', 'v1', Buffer.from('dddd'));
    assert.equal(cache.size, 2, 'at most 2 entries');
    assert.equal(cache.get('b', 'v1'), undefined, 'the least recently used went first');
    cache.set('e', 'v1', Buffer.from('eeeeee'));
    assert.ok(cache.totalBytes <= 10, `${cache.totalBytes} bytes kept`);
    cache.set('f', 'v1', Buffer.from('fffffff'));
    assert.equal(cache.get('f', 'v1'), undefined, 'a body over maxBodyBytes is not kept');
  });
});

for (const dialect of dialects) {
  describe(`GraphQL response cache on ${dialect}`, () => {
    let sut: TestServer;
    let projectId: string;
    let datasetId: string;
    let rowIds: string[];

    /** A request as the given caller, with its cache header. */
    const ask = async (
      query: string,
      variables: Record<string, unknown> = {},
      opts: { key?: string; fresh?: boolean } = {},
    ) => {
      const res = await fetch(`${sut.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${opts.key ?? sut.key}`,
          ...(opts.fresh ? { 'cache-control': 'no-cache' } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      return { cache: res.headers.get(RESPONSE_CACHE_HEADER), text: await res.text() };
    };

    /**
     * Asks until the answer comes from the cache: on PostgreSQL the data version is the cluster's snapshot, which
     * other databases' writers (parallel test files) move too, so a first repeat may miss. It must never be stale.
     */
    const hitOf = async (query: string, variables: Record<string, unknown> = {}, key?: string) => {
      for (let i = 0; i < 50; i++) {
        const answer = await ask(query, variables, { key });
        if (answer.cache === 'hit') return answer;
      }
      throw new Error(`never answered from the cache: ${query}`);
    };

    const insertLabel = async (content: unknown) => {
      const now = nowIso();
      const id = newId();
      await sut.db
        .insertInto('labels')
        .values({
          id,
          organization_id: sut.actor.organizationId,
          project_id: projectId,
          data_row_id: rowIds[0]!,
          created_by: sut.actor.userId,
          type: 'SUBMITTED',
          content: JSON.stringify(content),
          seconds_to_label: 1,
          seconds_to_review: null,
          agreement: null,
          benchmark_agreement: null,
          is_benchmark_reference: 0,
          review_state: 'UNREVIEWED',
          import_id: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      return id;
    };

    before(async () => {
      sut = await startTestServer({ dialect });
      const project = await sut.services.projects.create(sut.actor, {
        name: 'cached',
        allowedMediaType: 'IMAGE',
      });
      projectId = project.id;
      const rows = await insertDataRows(sut.db, sut.actor, 2);
      datasetId = rows.datasetId;
      rowIds = rows.ids;
      await insertLabel({ objects: [], classifications: [], relationships: [] });
    });
    after(async () => sut.close());

    it('answers a repeated query from the cache with the same body, and computes afresh on no-cache', async () => {
      const first = await ask(DATASETS);
      assert.ok(first.cache === 'miss' || first.cache === 'hit');
      const hit = await hitOf(DATASETS);
      assert.equal(hit.text, (await ask(DATASETS, {}, { fresh: true })).text);
      assert.equal((await ask(DATASETS, {}, { fresh: true })).cache, 'miss');
    });

    it('keeps no answer computed for no-cache (its request reads no data version)', async () => {
      const query = '{ datasets(first: 99) { id } }';
      assert.equal((await ask(query, {}, { fresh: true })).cache, 'miss');
      assert.equal((await ask(query)).cache, 'miss', 'the no-cache answer was not stored');
      // That answer is stored; on PostgreSQL another test file's write may move the version before the repeat.
      await hitOf(query);
    });

    it('never serves a page older than a write made through the API', async () => {
      await hitOf(DATASETS);
      const update = await sut.data(
        'mutation($id: ID!, $name: String!) { updateDataset(where: {id: $id}, data: {name: $name}) { id name } }',
        { id: datasetId, name: 'renamed through GraphQL' },
      );
      assert.equal(update.updateDataset.name, 'renamed through GraphQL');
      const after = await ask(DATASETS);
      assert.equal(after.cache, 'miss');
      assert.ok(after.text.includes('renamed through GraphQL'), after.text);
    });

    it('never serves a page older than a write made by a service in this process (jobs, Label Studio routes)', async () => {
      await hitOf(DATASETS);
      await sut.services.datasets.update(sut.actor, datasetId, { name: 'renamed by a service' });
      const after = await ask(DATASETS);
      assert.equal(after.cache, 'miss');
      assert.ok(after.text.includes('renamed by a service'), after.text);
    });

    it('never serves a page older than a write committed by another connection (another replica or process)', async () => {
      const labels = await hitOf(LABELS, { id: projectId });
      assert.ok(labels.text.includes(`"externalId":"ext-0"`));
      await writeElsewhere(
        sut,
        dialect,
        `update data_rows set external_id = 'changed elsewhere' where id = '${rowIds[0]}'`,
      );
      const after = await ask(LABELS, { id: projectId });
      assert.equal(after.cache, 'miss');
      assert.ok(after.text.includes('changed elsewhere'), after.text);
    });

    it('keeps callers apart: another user of the organization gets their own answer', async () => {
      const organization = await sut.services.identity.getOrganization(sut.actor);
      const other = await createActor(sut.ctx, `other-${newId()}@example.com`, organization.name, 'ADMIN');
      assert.equal(other.organizationId, sut.actor.organizationId);
      const mine = await hitOf('{ user { id email isViewer } }');
      const theirs = await ask('{ user { id email isViewer } }', {}, { key: other.key });
      assert.ok(mine.text.includes(sut.actor.userId));
      assert.ok(theirs.text.includes(other.userId) && !theirs.text.includes(sut.actor.userId), theirs.text);
    });

    it('never keeps an answer holding a signed URL (a stored mask), an error, or a mutation', async () => {
      const maskLabel = await insertLabel({
        objects: [
          {
            kind: 'mask',
            uuid: 'm-1',
            featureSchemaId: 'fs-mask',
            name: 'mask',
            source: { type: 'blob', key: `${sut.actor.organizationId}/masks/m-1.png` },
            classifications: [],
          },
        ],
        classifications: [],
        relationships: [],
      });
      for (let i = 0; i < 3; i++) {
        const answer = await ask(LABELS, { id: projectId });
        assert.equal(answer.cache, 'miss', 'a page with a signed mask URL is computed every time');
        assert.ok(answer.text.includes('sig='), 'the mask URL is signed');
        assert.ok(answer.text.includes(maskLabel));
      }
      const missing = { id: 'no-such-project' };
      assert.equal((await ask(LABELS, missing)).cache, 'miss');
      assert.equal((await ask(LABELS, missing)).cache, 'miss', 'an answer with errors is not kept');
      const mutation = await ask('mutation { ping { id } }');
      assert.equal(mutation.cache, null, 'mutations are not cacheable');
    });

    it('leaves documents selecting other fields alone', async () => {
      const answer = await ask('{ user { id organization { id users { id } } } }');
      assert.equal(answer.cache, null);
      assert.equal((await ask('{ __schema { queryType { name } } }')).cache, null);
    });
  });
}

/** Commits a write through a connection other than the server's. */
async function writeElsewhere(sut: TestServer, dialect: string, statement: string): Promise<void> {
  if (dialect === 'sqlite') {
    const file = sut.ctx.database.where.replace(/^sqlite:/, '');
    const other = new SQLite(file);
    try {
      other.exec(statement);
    } finally {
      other.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: sut.ctx.database.where });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
