import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { getIntrospectionQuery, Kind, parse, type DocumentNode, type FragmentDefinitionNode } from 'graphql';
import { buildSchema } from '../../src/graphql/build-schema.ts';
import { DocumentCache } from '../../src/cache/document-cache.ts';
import {
  DEFAULT_QUERY_LIMITS,
  exceededLimit,
  measureOperation,
  queryLimitsRule,
  type QueryCost,
} from '../../src/graphql/query-cost.ts';
import { startTestServer, type TestServer } from '../harness.ts';

const sdk = JSON.parse(fs.readFileSync(new URL('./labelbox-sdk-queries.json', import.meta.url), 'utf8')) as {
  queries: Array<{ origin: string; query: string }>;
};

const schema = buildSchema();

function costs(document: DocumentNode): QueryCost[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  return document.definitions.flatMap((d) =>
    d.kind === Kind.OPERATION_DEFINITION ? [measureOperation(schema, d, fragments)] : [],
  );
}

const nest = (levels: number, inner: string) => {
  let q = inner;
  for (let i = 0; i < levels; i++) q = `projects { id organization { ${q} } }`;
  return `{ organization { ${q} } }`;
};

describe('security: GraphQL query cost limits', () => {
  let sut: TestServer;
  before(async () => {
    sut = await startTestServer();
  });
  after(async () => sut.close());

  it(`keeps every one of the Labelbox SDK's ${sdk.queries.length} operations, and introspection, under the limits`, () => {
    assert.ok(sdk.queries.length > 250, 'the SDK query list is complete');
    const worst: Record<string, { value: number; origin: string }> = {};
    for (const { origin, query } of [
      ...sdk.queries,
      { origin: 'introspection', query: getIntrospectionQuery() },
    ]) {
      for (const cost of costs(parse(query))) {
        assert.equal(exceededLimit(cost), null, `${origin}: ${JSON.stringify(cost)}`);
        for (const [k, v] of Object.entries(cost))
          if (v > (worst[k]?.value ?? -1)) worst[k] = { value: v, origin };
      }
    }
    // The margins, for the record: the SDK's largest figures against the limits. The largest is
    // project.labeling_parameter_overrides() (7,302: 100 data rows with two metadata lists each); the rest stay
    // under a tenth of the limit.
    assert.ok(worst.cost!.value * 3 <= DEFAULT_QUERY_LIMITS.maxCost, JSON.stringify(worst));
  });

  it('answers over-deep and over-costly queries with Labelbox\'s "Query complexity limit exceeded" error, before execution', async () => {
    for (const query of [
      nest(3, 'projects { id name }'), // the reviewed attack: 160,000 nodes in 24.5 s at one level less
      nest(12, 'id'),
      `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: user { id }`).join(' ')} }`,
      '{__schema{types{fields{type{fields{type{fields{type{fields{name}}}}}}}}}}',
    ]) {
      const started = Date.now();
      const res = await sut.gql(query, {});
      assert.equal(res.body.data, null, query);
      const [error] = res.body.errors ?? [];
      assert.equal(error?.message, 'Query complexity limit exceeded', JSON.stringify(res.body));
      assert.equal(error?.extensions.code, 'GRAPHQL_VALIDATION_FAILED');
      assert.ok(error?.extensions.complexity, 'names the limit');
      assert.ok(Date.now() - started < 2000);
    }
  });

  it(
    'refuses a fragment bomb (ten levels of ten spreads) without walking it',
    { timeout: 20_000 },
    async () => {
      const levels = Array.from(
        { length: 10 },
        (_, i) => `fragment F${i} on User { ${Array.from({ length: 10 }, () => `...F${i + 1}`).join(' ')} }`,
      );
      const query = `{ user { ...F0 } } ${levels.join(' ')} fragment F10 on User { id email }`;
      const res = await sut.gql(query, {});
      assert.equal(
        res.body.errors?.[0]?.message,
        'Query complexity limit exceeded',
        JSON.stringify(res.body),
      );
    },
  );

  it('checks the limits before graphql-js validation, whose field-overlap rule is quadratic', () => {
    let fullRulesRan = 0;
    const counting = () => {
      fullRulesRan++;
      return {};
    };
    const cache = new DocumentCache({ rules: [counting], gateRules: [queryLimitsRule()] });
    const aliases = `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: user { id }`).join(' ')} }`;
    const refused = cache.prepare(schema, aliases);
    assert.equal(refused.ok, false);
    assert.equal(fullRulesRan, 0, 'the full rules never saw the abusive document');
    assert.equal(cache.prepare(schema, '{ user { id } }').ok, true);
    assert.equal(fullRulesRan, 1);
  });

  it('caps the mutations of one request', async () => {
    const mutation = `mutation { ${Array.from(
      { length: 11 },
      (_, i) => `m${i}: createDataset(data: {name: "d${i}"}) { id }`,
    ).join(' ')} }`;
    const res = await sut.gql(mutation, {});
    assert.equal(res.body.errors?.[0]?.message, 'Query complexity limit exceeded');
    const datasets = await sut.data('{ datasets(first: 100) { id } }');
    assert.equal(datasets.datasets.length, 0, 'nothing was executed');
  });

  it('still runs the full introspection query and ordinary nested queries', async () => {
    const introspection = await sut.gql(getIntrospectionQuery(), {});
    assert.equal(introspection.body.errors, undefined);
    const nested = await sut.gql(nest(1, 'projects { id name }'), {});
    assert.equal(nested.body.errors, undefined, JSON.stringify(nested.body.errors));
  });
});
