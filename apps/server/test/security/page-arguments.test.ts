import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildSchema } from '../../src/graphql/build-schema.ts';
import { MAX_PAGE_SIZE, pageArgumentsOf } from '../../src/graphql/page-arguments.ts';
import { startTestServer, type TestServer } from '../harness.ts';

/**
 * Regression: page sizes are client-chosen counts. `first: 1e12` answered INTERNAL_SERVER_ERROR with a stack trace
 * in the log, and a negative `first` reached SQL as `LIMIT -1` (no limit at all on SQLite).
 */
describe('page arguments (security regression)', () => {
  let sut: TestServer;
  before(async () => {
    sut = await startTestServer();
  });
  after(async () => sut.close());

  const projects = 'query P($first: PageSize, $skip: Int) { projects(skip: $skip, first: $first) { id } }';
  const rows = 'query R($id: ID!, $first: Int) { datasetDataRows(id: $id, first: $first) { nodes { id } } }';
  let dataset: string;
  before(async () => {
    const created = await sut.data('mutation { createDataset(data: {name: "d"}) { id } }');
    dataset = created.createDataset.id;
  });

  it('answers an out-of-range variable with a validation error naming the variable, not a 500', async () => {
    for (const [query, variables] of [
      [projects, { first: 1e12 }],
      [rows, { id: 'x', first: 1e12 }],
      [rows, { id: 'x', first: 1.5 }],
    ] as const) {
      const res = await sut.gql(query, variables);
      assert.equal(res.status, 200);
      const error = res.body.errors?.[0];
      assert.equal(error?.extensions.code, 'GRAPHQL_VALIDATION_FAILED', JSON.stringify(error));
      assert.match(error.message, /\$first/);
      assert.equal(res.body.data ?? null, null);
    }
  });

  it('refuses a negative or oversized page, and a negative skip, naming the argument', async () => {
    for (const [query, variables, name] of [
      [rows, { id: dataset, first: -1 }, 'first'],
      [rows, { id: dataset, first: MAX_PAGE_SIZE + 1 }, 'first'],
      [projects, { first: 10, skip: -5 }, 'skip'],
    ] as const) {
      const res = await sut.gql(query, variables);
      const error = res.body.errors?.[0];
      assert.equal(error?.extensions.code, 'MALFORMED_REQUEST', JSON.stringify(variables));
      assert.equal(error.extensions.field, name);
      assert.match(error.message, new RegExp(name));
    }
    const inline = await sut.gql(`{ datasetDataRows(id: "${dataset}", first: -1) { nodes { id } } }`);
    assert.equal(inline.body.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST');
  });

  it('still answers the page sizes the SDKs send', async () => {
    for (const first of [1, 100]) {
      const res = await sut.gql(projects, { first, skip: 0 });
      assert.equal(res.body.errors, undefined, String(first));
    }
    for (const first of [1, 500, MAX_PAGE_SIZE]) {
      const res = await sut.gql(rows, { id: dataset, first });
      assert.equal(res.body.errors, undefined, String(first));
    }
  });

  it('guards every field of the schema that takes a page size or an offset', () => {
    const guarded = pageArgumentsOf(buildSchema());
    assert.ok(guarded.length >= 10, `only ${guarded.length} fields`);
    for (const { field, args } of guarded) assert.ok(args.length > 0, field);
  });
});
