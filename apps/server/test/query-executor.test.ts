import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse, validate, type ExecutionResult } from 'graphql';
import { buildSchema as buildSdlSchema } from 'graphql';
import { buildSchema } from '../src/graphql/build-schema.ts';
import { createContext } from '../src/graphql/context.ts';
import { formatError } from '../src/graphql/format-error.ts';
import { QueryExecutor } from '../src/graphql/query-executor.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { boxLabelLines, importByFile, setupLabelProject, type LabelProject } from './label.factory.ts';

const silent = { error: () => undefined };
/** The response body exactly as the route renders it. */
const render = (result: ExecutionResult) =>
  JSON.stringify({
    data: result.data ?? null,
    ...(result.errors ? { errors: result.errors.map((e) => formatError(e, silent)) } : {}),
  });

/** Documents the list pages, the web app and the SDKs send, and the shapes where executors could differ. */
const cases = (
  p: LabelProject,
  datasetId: string,
): Array<{ name: string; query: string; variables?: any }> => [
  {
    name: 'labels page (label JSON, creator, data row)',
    query:
      'query($id: ID!) { project(where: {id: $id}) { labels(first: 100) { id label createdAt createdBy { id email } dataRow { id externalId } } } }',
    variables: { id: p.projectId },
  },
  { name: 'datasets page', query: '{ datasets(first: 100) { id name description rowCount createdAt } }' },
  {
    name: 'dataRows page',
    query:
      'query($id: ID!) { datasetDataRows(id: $id, first: 100) { nodes { id externalId globalKey rowData createdAt mediaType mediaAttributes } pageInfo { hasNextPage startCursor } } }',
    variables: { id: datasetId },
  },
  {
    name: 'projects page with nested relations, enums, __typename',
    query:
      '{ projects(first: 100) { __typename id name allowedMediaType createdAt dataRowCount labelCount ontology { id name } } }',
  },
  {
    name: 'batches page',
    query:
      'query($id: ID!) { project(where: {id: $id}) { batches(first: 100) { nodes { id name size createdAt } pageInfo { endCursor hasNextPage } } } }',
    variables: { id: p.projectId },
  },
  {
    name: 'fragments, inline fragments and aliases',
    query: `query($id: ID!) { p: project(where: {id: $id}) { ...P other: name ... on Project { labelCount } } }
      fragment P on Project { id name labels(first: 2) { ...L } }
      fragment L on Label { id when: createdAt by: createdBy { email } }`,
    variables: { id: p.projectId },
  },
  {
    name: '@include/@skip from variables, defaults, nulls and omitted values',
    query: `query($id: ID!, $yes: Boolean = true, $no: Boolean!, $n: PageSize = 2, $skip: Int) {
      project(where: {id: $id}) {
        id name @include(if: $yes) description @skip(if: $yes)
        labels(first: $n, skip: $skip) { id createdBy @include(if: $no) { id } ...L @skip(if: $no) }
      } }
      fragment L on Label { dataRow { id } }`,
    variables: { id: p.projectId, no: false, skip: null },
  },
  {
    name: 'an operation picked by name among several',
    query: 'query A { user { id } } query B { organization { id name } }',
  },
  {
    name: 'root fields of every kind: user, organization with nested lists, roles',
    query: '{ user { id email name role { id name } } organization { id name } roles { id name } }',
  },
  {
    name: 'an error of a resolver (not found), with data beside it',
    query: '{ user { id } project(where: {id: "nope"}) { id name } }',
  },
  {
    name: 'a null bubbling to its nullable parent',
    query: '{ projects(first: 1) { id } dataRow(where: {id: "nope"}) { id } }',
  },
  {
    name: 'an invalid variable (a page size out of range)',
    query: 'query($id: ID!, $n: PageSize) { project(where: {id: $id}) { labels(first: $n) { id } } }',
    variables: { id: p.projectId, n: 1000 },
  },
  {
    name: 'a missing required variable',
    query: 'query($id: ID!) { project(where: {id: $id}) { id } }',
    variables: {},
  },
  {
    name: 'a variable of the wrong type',
    query: 'query($id: ID!, $n: Int) { project(where: {id: $id}) { labels(skip: $n) { id } } }',
    variables: { id: p.projectId, n: 'x' },
  },
  {
    name: 'a variable inside an input object literal, not sent (graphql-js leaves the field out)',
    query:
      'query($name: String, $id: ID!) { projects(where: {name: $name}) { id } project(where: {id: $id}) { id } }',
    variables: { id: p.projectId },
  },
  {
    name: 'a variable inside an input object literal, sent as null',
    query: 'query($name: String) { projects(where: {name: $name}) { id } }',
    variables: { name: null },
  },
  {
    name: 'a recursive input type as a variable (run on graphql-js)',
    query: 'query($where: ProjectWhereInput) { projects(where: $where) { id name } }',
    variables: { where: { OR: [{ id: p.projectId }, { name: 'none' }] } },
  },
];

for (const dialect of dialects) {
  describe(`compiled queries answer byte for byte as graphql-js (${dialect})`, () => {
    let server: TestServer;
    let p: LabelProject;
    let datasetId: string;
    const schema = buildSchema();

    before(async () => {
      server = await startTestServer({ dialect });
      p = await setupLabelProject(server, { images: 3, texts: 0 });
      const lines = boxLabelLines(p.images);
      assert.equal((await importByFile(server, 'GT', p.projectId, 'jit', lines)).import.state, 'FINISHED');
      datasetId = (await server.data('{ datasets { id } }')).datasets[0].id;
    });
    after(async () => server.close());

    const context = () =>
      createContext({
        actor: server.actor,
        services: server.services,
        origin: 'http://example.test',
        fileUrl: (key) => `http://example.test/files/${key}`,
      });

    it('for every list page, variable, fragment, directive and error case', async () => {
      const differences: string[] = [];
      for (const c of cases(p, datasetId)) {
        const sut = new QueryExecutor(schema, { compileAfterUses: 1 });
        const document = parse(c.query);
        assert.deepEqual(validate(schema, document), [], `${c.name}: a valid document`);
        const operationName = c.name.startsWith('an operation picked') ? 'B' : undefined;
        const args = { document, operationName, variableValues: c.variables ?? null };
        const compiled = render(await sut.execute({ ...args, contextValue: context() }));
        const reference = render(await sut.executeJs({ ...args, contextValue: context() }));
        if (compiled !== reference) differences.push(`${c.name}:\n  ${compiled}\n  ${reference}`);
        const recursive = c.name.startsWith('a recursive');
        assert.equal(sut.isCompiled(document, operationName), !recursive, `${c.name}: compiled`);
      }
      assert.deepEqual(differences, []);
    });
  });
}

describe('QueryExecutor', () => {
  const schema = buildSdlSchema(`
    input Where { AND: [Where!] id: ID }
    input Outer { where: Where }
    type Query { n(where: Where, outer: Outer, id: ID): Int }`);
  schema.getQueryType()!.getFields().n!.resolve = () => 1;
  const run = (sut: QueryExecutor, query: string, variableValues: Record<string, unknown> | null = null) => {
    const document = parse(query);
    return {
      result: sut.execute({ document, operationName: undefined, variableValues, contextValue: {} }),
      document,
    };
  };

  it('compiles a document on its second run only', async () => {
    const sut = new QueryExecutor(schema);
    const query = 'query($id: ID) { n(id: $id) }';
    const document = parse(query);
    const args = { document, operationName: undefined, variableValues: { id: '1' }, contextValue: {} };
    assert.equal(JSON.stringify(await sut.execute(args)), `{"data":{"n":1}}`);
    assert.equal(sut.isCompiled(document, undefined), false);
    assert.equal(JSON.stringify(await sut.execute(args)), `{"data":{"n":1}}`);
    assert.equal(sut.isCompiled(document, undefined), true);
  });

  it('leaves variables of a recursive input type to graphql-js (graphql-jit spends seconds, then overflows)', () => {
    const sut = new QueryExecutor(schema, { compileAfterUses: 1 });
    for (const query of ['query($w: Where) { n(where: $w) }', 'query($o: Outer) { n(outer: $o) }']) {
      const started = performance.now();
      const { result, document } = run(sut, query, {});
      assert.equal(JSON.stringify(result), `{"data":{"n":1}}`);
      assert.equal(sut.isCompiled(document, undefined), false, query);
      assert.ok(performance.now() - started < 1000, `${query} answered at once`);
    }
    const literal = run(sut, '{ n(where: {AND: [{id: "1"}]}) }');
    assert.equal(sut.isCompiled(literal.document, undefined), true, 'a literal of that type compiles');
  });

  it('leaves mutations and introspection to graphql-js', () => {
    const sut = new QueryExecutor(schema, { compileAfterUses: 1 });
    for (const query of [
      '{ __schema { queryType { name } } }',
      '{ ... on Query { __type(name: "Query") { name } } }',
    ]) {
      const { document } = run(sut, query);
      assert.equal(sut.isCompiled(document, undefined), false, query);
    }
  });
});
