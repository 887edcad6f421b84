import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { readExportStream } from './export.sdk.ts';
import { createRun, modelOps } from './model.factory.ts';
import { insertDataRows } from './project.factory.ts';

/** Operation texts exactly as the Labelbox SDK 6.0 sends them. */
const GET_SAVED_QUERY = `query getSavedQueryPyApi($id: ID!) {
                getSavedQuery(id: $id) {
                    id
                    name
                    description
                    filter
                    createdAt
                    updatedAt
                }
            }
        `;
const IDENTIFIERS = `
            query getDataRowIdenfifiersBySavedQueryPyApi($id: ID!, $from: String, $first: Int!) {
                getDataRowIdentifiersBySavedQuery(input: {
                    savedQueryId: $id,
                    after: $from
                    first: $first
                }) {
                    totalCount
                    nodes
                    {
                        id
                        globalKey
                    }
                    pageInfo {
                        endCursor
                        hasNextPage
                    }
                }
            }
        `;
const MODEL_IDENTIFIERS = `
        query getDataRowIdenfifiersBySavedModelQueryPyApi($id: ID!, $modelRunId: ID, $from: DataRowIdentifierCursorInput, $first: Int!) {
            getDataRowIdentifiersBySavedModelQuery(input: {
                savedQueryId: $id,
                modelRunId: $modelRunId,
                after: $from
                first: $first
            }) {
                totalCount
                nodes
                {
                    id
                    globalKey
                }
                pageInfo {
                    endCursor {
                        dataRowId
                        globalKey
                    }
                    hasNextPage
                }
            }
        }
        `;
const EXPORT_SLICE = `mutation exportDataRowsInSlicePyApi($input: ExportDataRowsInSliceInput!){exportDataRowsInSlice(input: $input){taskId isStreamable}}`;
const CREATE = `mutation($input: CreateSavedQueryInput!) { createSavedQuery(input: $input) { id name kind filter } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateSavedQueryInput!) { updateSavedQuery(id: $id, input: $input) { id name filter } }`;

for (const dialect of dialects) {
  describe(`slices (${dialect})`, () => {
    let sut: TestServer;
    before(async () => {
      sut = await startTestServer({ dialect });
    });
    after(async () => sut.close());

    const create = async (input: Record<string, unknown>) =>
      (await sut.data(CREATE, { input })).createSavedQuery;
    const allIds = async (id: string, first: number) => {
      const out: string[] = [];
      let from: string | null = null;
      let total = 0;
      for (;;) {
        const page: any = (await sut.data(IDENTIFIERS, { id, from, first }))
          .getDataRowIdentifiersBySavedQuery;
        total = page.totalCount;
        out.push(...page.nodes.map((n: any) => n.id));
        if (!page.pageInfo.hasNextPage) return { ids: out, total };
        from = page.pageInfo.endCursor;
      }
    };

    it('saves a catalog search, reads it back (null when unknown) and pages its data rows', async () => {
      const a = await insertDataRows(sut.db, sut.actor, 5);
      await insertDataRows(sut.db, sut.actor, 3);
      const slice = await create({
        name: 'dataset a',
        filter: [{ type: 'dataset', operator: 'is', ids: [a.datasetId] }],
      });
      assert.equal(slice.kind, 'CATALOG');
      const got = (await sut.data(GET_SAVED_QUERY, { id: slice.id })).getSavedQuery;
      assert.deepEqual(Object.keys(got), ['id', 'name', 'description', 'filter', 'createdAt', 'updatedAt']);
      assert.deepEqual(got.filter, [{ type: 'dataset', operator: 'is', ids: [a.datasetId] }]);
      assert.equal(
        (await sut.data(GET_SAVED_QUERY, { id: 'cnosuchslice0000000000000' })).getSavedQuery,
        null,
      );
      const { ids, total } = await allIds(slice.id, 2);
      assert.equal(total, 5);
      assert.deepEqual(ids, [...a.ids].sort());
      const page = (await sut.data(IDENTIFIERS, { id: slice.id, from: null, first: 2 }))
        .getDataRowIdentifiersBySavedQuery;
      assert.deepEqual(page.nodes[0], {
        id: [...a.ids].sort()[0],
        globalKey: a.keys[a.ids.indexOf([...a.ids].sort()[0]!)],
      });
      const narrowed = (
        await sut.data(UPDATE, {
          id: slice.id,
          input: { filter: [{ type: 'global_key', operator: 'is', ids: [a.keys[0]] }] },
        })
      ).updateSavedQuery;
      assert.deepEqual(narrowed.filter, [{ type: 'global_key', operator: 'is', ids: [a.keys[0]] }]);
      assert.deepEqual((await allIds(slice.id, 10)).ids, [a.ids[0]]);
    });

    it('refuses a filter outside the catalog filter language, naming the clause', async () => {
      const bad = await sut.gql(CREATE, { input: { name: 'x', filter: [{ type: 'colour', ids: ['red'] }] } });
      assert.equal(bad.body.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST');
      assert.match(bad.body.errors?.[0]?.message ?? '', /query\[0\]\.type/);
      const notList = await sut.gql(CREATE, { input: { name: 'x', filter: { type: 'dataset' } } });
      assert.match(notList.body.errors?.[0]?.message ?? '', /input\.filter/);
    });

    it('a similarity clause selects the rows nearest a data row', async () => {
      const { ids } = await insertDataRows(sut.db, sut.actor, 4);
      const created = await fetch(`${sut.url}/adv/adv/v1/embeddings`, {
        method: 'POST',
        headers: { authorization: `Bearer ${sut.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `e-${ids[0]}`, dims: 2 }),
      });
      const emb = (await created.json()) as { id: string };
      const vectors = [
        [1, 0],
        [1, 0.1],
        [0, 1],
        [1, 0.3],
      ];
      const body = ids.map((id, i) => JSON.stringify({ id, vector: vectors[i] })).join('\n');
      await fetch(`${sut.url}/adv/adv/v1/embeddings/${emb.id}/_import_ndjson`, {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${sut.key}`,
          'content-type': 'application/x-ndjson',
          'x-content-lines': '4',
        },
        body,
      });
      const slice = await create({
        name: 'like',
        filter: [{ type: 'similarity', embeddingId: emb.id, dataRowId: ids[0], first: 2 }],
      });
      assert.deepEqual((await allIds(slice.id, 10)).ids.sort(), [ids[1], ids[3]].sort());
    });

    it('exports a slice as a catalog export stream', async () => {
      const a = await insertDataRows(sut.db, sut.actor, 3);
      const slice = await create({
        name: 'exp',
        filter: [{ type: 'dataset', operator: 'is', ids: [a.datasetId] }],
      });
      const res = (
        await sut.data(EXPORT_SLICE, {
          input: {
            taskName: null,
            filters: { sliceId: slice.id },
            isStreamableReady: true,
            params: { includeAttachments: false },
            streamable: true,
          },
        })
      ).exportDataRowsInSlice;
      assert.equal(res.isStreamable, true);
      const rows = (await readExportStream(sut, res.taskId))!.rows;
      assert.deepEqual(rows.map((r: any) => r.data_row.id).sort(), [...a.ids].sort());
    });

    it("model slices narrow a model run's rows, paged by a data-row cursor", async () => {
      const a = await insertDataRows(sut.db, sut.actor, 4);
      const ontologyId = (
        await sut.data(`mutation($data: UpsertOntologyInput!){ upsertOntology(data: $data) { id } }`, {
          data: { name: `o-${a.datasetId}`, normalized: JSON.stringify({ tools: [], classifications: [] }) },
        })
      ).upsertOntology.id;
      const model = (await sut.data(modelOps.createModel, { name: `m-${a.datasetId}`, ontologyId }))
        .createModel;
      const run = await createRun(sut, model.id);
      await sut.data(modelOps.upsertDataRows, {
        modelRunId: run.id,
        dataRowIds: a.ids.slice(0, 3),
        globalKeys: null,
      });
      const slice = await create({
        name: 'm',
        kind: 'MODEL',
        filter: [{ type: 'dataset', operator: 'is', ids: [a.datasetId] }],
      });
      const seen: string[] = [];
      let from: unknown = null;
      for (;;) {
        const page: any = (
          await sut.data(MODEL_IDENTIFIERS, { id: slice.id, modelRunId: run.id, from, first: 2 })
        ).getDataRowIdentifiersBySavedModelQuery;
        seen.push(...page.nodes.map((n: any) => n.id));
        if (!page.pageInfo.hasNextPage) break;
        from = page.pageInfo.endCursor;
      }
      assert.deepEqual(seen, a.ids.slice(0, 3).sort());
    });
  });
}
