import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EmbeddingRepository } from '../src/repositories/embedding.repository.ts';
import { EmbeddingService } from '../src/services/embedding/embedding.service.ts';
import { bytesToVector } from '../src/services/embedding/vector-index.ts';
import { createActor, dialects, startTestServer, type TestServer } from './harness.ts';
import { allPages, createDataset, upsertItems } from './catalog.factory.ts';
import { insertDataRows } from './project.factory.ts';

/** Where the Labelbox SDK's AdvClient sends its requests when rest_endpoint is `http://host/api/v1`. */
const BASE = '/adv/adv/v1/embeddings';

/** A deterministic pseudo-random generator (mulberry32), so failures reproduce. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const cosine = (a: number[], b: number[]) => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return dot / Math.sqrt(na * nb);
};

for (const dialect of dialects) {
  describe(`custom embeddings REST (${dialect})`, () => {
    let sut: TestServer;
    before(async () => {
      sut = await startTestServer({ dialect });
    });
    after(async () => sut.close());

    const rest = async (
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = {},
      key = sut.key,
    ) => {
      const res = await fetch(sut.url + path, {
        method,
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': 'application/json',
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: res.status, json: (await res.json()) as any };
    };
    const ndjson = (lines: unknown[]) => lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
    const put = (id: string, lines: unknown[], count = lines.length) =>
      rest('PUT', `${BASE}/${id}/_import_ndjson`, ndjson(lines), {
        'content-type': 'application/x-ndjson',
        'x-content-lines': String(count),
      });

    it('creates, lists, finds and deletes embeddings under the paths the SDK sends', async () => {
      const created = await rest('POST', BASE, { name: 'clip', dims: 4 });
      assert.equal(created.status, 200);
      assert.deepEqual(Object.keys(created.json).sort(), ['custom', 'dims', 'id', 'name']);
      assert.deepEqual([created.json.name, created.json.dims, created.json.custom], ['clip', 4, true]);
      const listed = await rest('GET', BASE);
      assert.deepEqual(listed.json.results, [created.json]);
      assert.deepEqual((await rest('GET', `${BASE}/${created.json.id}`)).json, created.json);
      assert.deepEqual((await rest('GET', `/adv/v1/embeddings/${created.json.id}`)).json, created.json);
      const dup = await rest('POST', BASE, { name: 'clip', dims: 8 });
      assert.equal(dup.status, 409);
      assert.match(dup.json.message, /already exists/);
      const badDims = await rest('POST', BASE, { name: 'x', dims: 0 });
      assert.equal(badDims.status, 400);
      assert.match(badDims.json.message, /dims/);
      const anonymous = await fetch(sut.url + BASE);
      assert.equal(anonymous.status, 401);
      assert.equal((await rest('DELETE', `${BASE}/${created.json.id}`)).status, 200);
      const gone = await rest('GET', `${BASE}/${created.json.id}`);
      assert.equal(gone.status, 404);
      assert.match(gone.json.message, /Embedding not found/);
    });

    it('lets labelers read embeddings but not write them, and hides them from other organizations', async () => {
      const { ids } = await insertDataRows(sut.db, sut.actor, 1);
      const emb = (await rest('POST', BASE, { name: 'roles', dims: 2 })).json;
      const org = (await sut.services.identity.getOrganization(sut.actor)).name;
      const labeler = await createActor(sut.ctx, `emb-l-${emb.id}@example.com`, org, 'LABELER');
      const asLabeler = (
        method: string,
        path: string,
        body?: unknown,
        headers: Record<string, string> = {},
      ) => rest(method, path, body, headers, labeler.key);
      assert.equal((await asLabeler('GET', BASE)).status, 200);
      assert.deepEqual((await asLabeler('GET', `${BASE}/${emb.id}`)).json, emb);
      assert.deepEqual((await asLabeler('GET', `${BASE}/${emb.id}/vectors/_count`)).json, { count: 0 });
      const line = `${JSON.stringify({ id: ids[0], vector: [1, 0] })}\n`;
      const ndjson = { 'content-type': 'application/x-ndjson', 'x-content-lines': '1' };
      for (const [method, path, body, headers] of [
        ['POST', BASE, { name: 'mine', dims: 2 }, {}],
        ['PUT', `${BASE}/${emb.id}/_import_ndjson`, line, ndjson],
        ['DELETE', `${BASE}/${emb.id}`, undefined, {}],
      ] as const) {
        const refused = await asLabeler(method, path, body, headers);
        assert.equal(refused.status, 403, `${method} ${path}`);
        assert.match(refused.json.message, /not allowed|permission|role/i);
      }
      assert.equal((await rest('GET', `${BASE}/${emb.id}/vectors/_count`)).json.count, 0);
      assert.equal((await rest('GET', BASE)).json.results.filter((e: any) => e.name === 'mine').length, 0);

      // Another organization's admin: every route answers 404 for this embedding, and its list is its own.
      const stranger = await createActor(sut.ctx, `emb-s-${emb.id}@example.com`, `emb-other-${emb.id}`);
      const asStranger = (
        method: string,
        path: string,
        body?: unknown,
        headers: Record<string, string> = {},
      ) => rest(method, path, body, headers, stranger.key);
      assert.deepEqual((await asStranger('GET', BASE)).json.results, []);
      for (const [method, path, body, headers] of [
        ['GET', `${BASE}/${emb.id}`, undefined, {}],
        ['GET', `${BASE}/${emb.id}/vectors/_count`, undefined, {}],
        ['PUT', `${BASE}/${emb.id}/_import_ndjson`, line, ndjson],
        ['DELETE', `${BASE}/${emb.id}`, undefined, {}],
      ] as const)
        assert.equal((await asStranger(method, path, body, headers)).status, 404, `${method} ${path}`);
      assert.equal((await rest('GET', `${BASE}/${emb.id}`)).status, 200);
      assert.equal((await rest('DELETE', `${BASE}/${emb.id}`)).status, 200);
    });

    it('imports NDJSON chunks transactionally, replaces re-imported vectors and counts them', async () => {
      const { ids } = await insertDataRows(sut.db, sut.actor, 5);
      const emb = (await rest('POST', BASE, { name: 'chunks', dims: 3 })).json;
      const first = await put(
        emb.id,
        ids.slice(0, 3).map((id, i) => ({ id, vector: [i + 1, 0, 1] })),
      );
      assert.equal(first.status, 200);
      assert.equal(first.json.importedCount, 3);
      assert.deepEqual((await rest('GET', `${BASE}/${emb.id}/vectors/_count`)).json, { count: 3 });
      const bad = await put(emb.id, [
        { id: ids[3], vector: [1, 2, 3] },
        { id: ids[4], vector: [1, 2] },
        { id: 'cnosuchrow000000000000000', vector: [1, 1, 1] },
        { id: ids[3], vector: [0, 0, 0] },
      ]);
      assert.equal(bad.status, 400);
      assert.match(bad.json.message, /line 2\.vector: must be a list of 3 numbers/);
      assert.match(bad.json.message, /line 4\.vector: must not be all zeros/);
      assert.deepEqual(
        (await rest('GET', `${BASE}/${emb.id}/vectors/_count`)).json,
        { count: 3 },
        'nothing written',
      );
      const unknownRow = await put(emb.id, [{ id: 'cnosuchrow000000000000000', vector: [1, 1, 1] }]);
      assert.match(unknownRow.json.message, /no such data row/);
      const miscounted = await put(emb.id, [{ id: ids[3], vector: [1, 1, 1] }], 2);
      assert.match(miscounted.json.message, /X-Content-Lines/);
      const again = await put(emb.id, [
        { id: ids[0], vector: [0, 1, 0] },
        { id: ids[3], vector: [0, 1, 0.1] },
      ]);
      assert.equal(again.json.importedCount, 2);
      assert.deepEqual((await rest('GET', `${BASE}/${emb.id}/vectors/_count`)).json, { count: 4 });
      // ids[0] now points along y: its nearest neighbour is ids[3], not the rows it used to be near.
      const similar = await sut.data(
        `query($e: ID!, $d: ID!) { similarDataRows(embeddingId: $e, dataRowId: $d, first: 2) { score dataRow { id } } }`,
        { e: emb.id, d: ids[0] },
      );
      assert.equal(similar.similarDataRows[0].dataRow.id, ids[3]);
      assert.ok(Math.abs(similar.similarDataRows[0].score - cosine([0, 1, 0], [0, 1, 0.1])) < 1e-5);
    });

    it('stores the vectors create_data_rows sends with rows ({embeddingId, vector}) and refuses bad ones per row', async () => {
      const emb = (await rest('POST', BASE, { name: 'with-rows', dims: 3 })).json;
      const ds = await createDataset(sut, 'embedded rows');
      const vector = (v: number[]) => [{ embeddingId: emb.id, vector: v }];
      const { task } = await upsertItems(sut, ds.id, [
        { row_data: 'https://example.com/e0.jpg', global_key: 'emb-0', embeddings: vector([0, 1, 0]) },
        { row_data: 'https://example.com/e1.jpg', global_key: 'emb-1', embeddings: vector([0, 1, 0.1]) },
        { row_data: 'https://example.com/e2.jpg', global_key: 'emb-2', embeddings: vector([1, 0]) },
        { row_data: 'https://example.com/e3.jpg', embeddings: [{ embeddingId: 'nope', vector: [1, 0, 0] }] },
        { row_data: 'https://example.com/e4.jpg', embeddings: vector([0, 0, 0]) },
        { row_data: 'https://example.com/e5.jpg', embeddings: { embeddingId: emb.id } },
      ]);
      assert.equal(task.status, 'COMPLETE');
      const created = await allPages(sut, 'successes', task.id);
      assert.deepEqual(
        created.items.map((r) => r.globalKey),
        ['emb-0', 'emb-1'],
      );
      const failed = await allPages(sut, 'failures', task.id);
      assert.deepEqual(
        failed.items.map((f) => f.message),
        [
          "embeddings[0].vector must hold 3 numbers (the embedding's dimensions); got 2",
          'embeddings[0].embeddingId: no custom embedding nope',
          'embeddings[0].vector must not be all zeros (cosine similarity needs a direction)',
          'embeddings must be a list',
        ],
      );
      const ids = created.items.map((r) => r.id as string);
      assert.deepEqual((await rest('GET', `${BASE}/${emb.id}/vectors/_count`)).json, { count: 2 });
      const similar = await sut.data(
        `query($e: ID!, $d: ID!) { similarDataRows(embeddingId: $e, dataRowId: $d, first: 1) { dataRow { id } } }`,
        { e: emb.id, d: ids[0] },
      );
      assert.equal(similar.similarDataRows[0].dataRow.id, ids[1]);

      // An upsert by global key replaces the row's vector; the count stays.
      const again = await upsertItems(sut, ds.id, [
        { key: { type: 'GKEY', value: 'emb-1' }, embeddings: vector([1, 0, 0]) },
      ]);
      assert.equal(again.task.status, 'COMPLETE');
      assert.deepEqual((await rest('GET', `${BASE}/${emb.id}/vectors/_count`)).json, { count: 2 });
      const stored = await new EmbeddingRepository(sut.db).vectorsOf(emb.id, [ids[1]!]);
      assert.deepEqual(
        stored.map((v) => [...bytesToVector(v.vector)]),
        [[1, 0, 0]],
      );
    });

    it('finds the same top 10 as a brute-force cosine scan, without the row itself', async () => {
      const dims = 32;
      const count = 3000;
      const random = rng(42);
      const { ids } = await insertDataRows(sut.db, sut.actor, count);
      // Clustered vectors, like real embeddings: 30 centres plus noise.
      const centres = Array.from({ length: 30 }, () => Array.from({ length: dims }, () => random() * 2 - 1));
      const vectors = ids.map((_, i) => centres[i % 30]!.map((c) => c + (random() - 0.5) * 0.6));
      const emb = (await rest('POST', BASE, { name: 'brute', dims })).json;
      for (let i = 0; i < count; i += 1000) {
        const res = await put(
          emb.id,
          ids.slice(i, i + 1000).map((id, j) => ({ id, vector: vectors[i + j] })),
        );
        assert.equal(res.status, 200);
      }
      let hits = 0;
      const queries = 25;
      for (let q = 0; q < queries; q++) {
        const qi = Math.floor(random() * count);
        const exact = ids
          .map((id, i) => ({ id, score: cosine(vectors[qi]!, vectors[i]!) }))
          .filter((r) => r.id !== ids[qi])
          .sort((a, b) => b.score - a.score)
          .slice(0, 10);
        const found = await sut.services.embeddings.similar(sut.actor, {
          embeddingId: emb.id,
          dataRowId: ids[qi]!,
          first: 10,
        });
        assert.equal(found.length, 10);
        assert.ok(!found.some((f) => f.dataRowId === ids[qi]), 'the query row is left out');
        const exactIds = new Set(exact.map((e) => e.id));
        hits += found.filter((f) => exactIds.has(f.dataRowId)).length;
        for (const f of found) {
          const i = ids.indexOf(f.dataRowId);
          assert.ok(
            Math.abs(f.score - cosine(vectors[qi]!, vectors[i]!)) < 1e-4,
            'scores are cosine similarities',
          );
        }
      }
      const recall = hits / (queries * 10);
      assert.ok(recall >= 0.95, `recall@10 ${recall}`);
    });

    it('another process catches up with vectors imported after its index was built', async () => {
      const { ids } = await insertDataRows(sut.db, sut.actor, 3);
      const emb = (await rest('POST', BASE, { name: 'replica', dims: 2 })).json;
      await put(emb.id, [
        { id: ids[0], vector: [1, 0] },
        { id: ids[1], vector: [0, 1] },
      ]);
      const replica = new EmbeddingService({
        db: sut.db,
        dialect,
        config: { ...sut.ctx.config, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'ly-replica-')) },
      });
      const before = await replica.similar(sut.actor, { embeddingId: emb.id, vector: [1, 0.2], first: 5 });
      assert.deepEqual(
        before.map((s) => s.dataRowId),
        [ids[0], ids[1]],
      );
      await put(emb.id, [{ id: ids[2], vector: [1, 0.2] }]);
      const afterImport = await replica.similar(sut.actor, {
        embeddingId: emb.id,
        vector: [1, 0.2],
        first: 1,
      });
      assert.deepEqual(
        afterImport.map((s) => s.dataRowId),
        [ids[2]],
      );
      const noVector = await sut.gql(
        `query($e: ID!) { similarDataRows(embeddingId: $e, first: 3) { score } }`,
        { e: emb.id },
      );
      assert.match(noVector.body.errors?.[0]?.message ?? '', /dataRowId/);
    });

    it('saves the index to the data directory; a restarted process loads it and reads only newer vectors', async () => {
      const n = 1200;
      const { ids } = await insertDataRows(sut.db, sut.actor, n + 1);
      const emb = (await rest('POST', BASE, { name: 'persisted', dims: 2 })).json;
      // Row i points at angle i/n of a quarter turn; the last row comes later.
      const at = (i: number) => [Math.cos((i / n) * (Math.PI / 2)), Math.sin((i / n) * (Math.PI / 2))];
      await put(
        emb.id,
        ids.slice(0, n).map((id, i) => ({ id, vector: at(i) })),
      );
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ly-vectors-'));
      const config = { ...sut.ctx.config, dataDir };
      const first = new EmbeddingService({ db: sut.db, dialect, config });
      const q = { embeddingId: emb.id, vector: at(0), first: 1 };
      assert.deepEqual(
        (await first.similar(sut.actor, q)).map((s) => s.dataRowId),
        [ids[0]],
      );
      const files = fs.readdirSync(path.join(dataDir, 'vector-index')).sort();
      assert.deepEqual(files, [`${emb.id}.json`, `${emb.id}.usearch`]);
      const meta = JSON.parse(fs.readFileSync(path.join(dataDir, 'vector-index', `${emb.id}.json`), 'utf8'));
      assert.equal(meta.size, n);

      // Behind the service's back (no version raised), row 0's stored vector turns away. A rebuilt index would
      // see it; a loaded one still answers from the saved graph — which shows the file was used.
      await sut.db
        .updateTable('embedding_vectors')
        .set({ vector: Buffer.from(new Float32Array(at(n)).buffer) })
        .where('embedding_id', '=', emb.id)
        .where('data_row_id', '=', ids[0]!)
        .execute();
      await put(emb.id, [{ id: ids[n]!, vector: [1, 0.0001] }]);
      const restarted = new EmbeddingService({ db: sut.db, dialect, config });
      const top2 = (await restarted.similar(sut.actor, { ...q, first: 2 })).map((s) => s.dataRowId);
      // The vector imported after the save is read from the database; row 0 is found by its saved vector.
      assert.deepEqual(top2.sort(), [ids[0]!, ids[n]!].sort());
      const rebuilt = new EmbeddingService({
        db: sut.db,
        dialect,
        config: { ...config, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'ly-vectors-')) },
      });
      assert.ok(!(await rebuilt.similar(sut.actor, { ...q, first: 2 })).some((s) => s.dataRowId === ids[0]));

      // A damaged file is rebuilt from the database, not trusted.
      fs.writeFileSync(path.join(dataDir, 'vector-index', `${emb.id}.usearch`), 'not an index');
      const afterDamage = new EmbeddingService({ db: sut.db, dialect, config });
      assert.ok(
        !(await afterDamage.similar(sut.actor, { ...q, first: 2 })).some((s) => s.dataRowId === ids[0]),
      );
      // Deleting the embedding removes its files.
      await afterDamage.delete(sut.actor, emb.id);
      assert.deepEqual(fs.readdirSync(path.join(dataDir, 'vector-index')), []);
    });
  });
}
