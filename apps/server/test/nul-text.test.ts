import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { jsonMayHoldNul, nulPath } from '../src/nul-text.ts';
import { allPages, createDataset, upsertItems } from './catalog.factory.ts';
import { httpDialect, startTestServer, type TestServer } from './harness.ts';

/**
 * U+0000 in client text: PostgreSQL text cannot hold it, so it used to be a 500 (GraphQL, Label Studio) or a failed
 * import job without an error on PostgreSQL only. Now it is refused on both databases, naming where it is.
 */
describe(`NUL characters in client text (${httpDialect})`, () => {
  let sut: TestServer;
  before(async () => {
    sut = await startTestServer();
  });
  after(async () => sut.close());

  it('finds the path of the first NUL', () => {
    assert.equal(nulPath({ a: [{ b: 'ok' }, { c: 'x\u0000' }] }, 'variables'), 'variables.a[1].c');
    assert.equal(nulPath({ ['k\u0000']: 1 }, ''), 'k\u0000');
    assert.equal(nulPath({ a: 'fine', n: 1, b: null, c: [true] }, ''), null);
  });

  it('tells JSON text that may hold a NUL (only ever escaped) from text that cannot', () => {
    assert.equal(jsonMayHoldNul(JSON.stringify([{ payload: { global_key: 'a\u0000b' } }])), true);
    assert.equal(jsonMayHoldNul(JSON.stringify({ ['k\u0000']: 1 })), true);
    assert.equal(jsonMayHoldNul(JSON.stringify([{ payload: { global_key: 'a b', row_data: 'x' } }])), false);
    // A raw NUL is not JSON: no text that parses holds one unescaped.
    assert.throws(() => JSON.parse('["a\u0000b"]'));
  });

  it('GraphQL: a NUL in a variable or a string literal is MALFORMED_REQUEST naming it; nothing is written', async () => {
    const byVariable = await sut.gql(
      'mutation CreateDatasetPyApi($name: String!){createDataset(data:{name: $name}){id}}',
      { name: 'street\u0000scenes' },
    );
    assert.equal(byVariable.status, 200);
    assert.equal(byVariable.body.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST');
    assert.match(byVariable.body.errors![0]!.message, /variables\.name.*NUL/);
    const byLiteral = await sut.gql('mutation{createDataset(data:{name:"a\\u0000b"}){id}}', {});
    assert.equal(byLiteral.body.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST');
    const { datasets } = await sut.data<{ datasets: unknown[] }>('{datasets{id}}');
    assert.equal(datasets.length, 0);
  });

  it('Label Studio: a NUL in a JSON body is a 400 naming the field', async () => {
    const res = await fetch(`${sut.url}/api/projects/`, {
      method: 'POST',
      headers: { authorization: `Token ${sut.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Cats', description: 'a\u0000b' }),
    });
    assert.equal(res.status, 400);
    const body = (await res.json()) as { validation_errors: Record<string, string[]> };
    assert.deepEqual(Object.keys(body.validation_errors), ['description']);
  });

  it('create_data_rows: a row with a NUL fails alone, naming the field; the others are imported', async () => {
    const dataset = await createDataset(sut, 'nul');
    const { task } = await upsertItems(sut, dataset.id, [
      { row_data: 'https://example.com/1.jpg', global_key: 'bad\u0000key' },
      { row_data: 'https://example.com/2.jpg', attachments: [{ type: 'RAW_TEXT', value: 'a\u0000b' }] },
      { row_data: 'https://example.com/3.jpg', global_key: 'good' },
    ]);
    assert.equal(task.status, 'COMPLETE');
    const failed = await allPages(sut, 'failures', task.id);
    assert.deepEqual(failed.items.map((f: { message: string }) => f.message).sort(), [
      'attachments[0].value must not contain the NUL character (U+0000)',
      'global_key must not contain the NUL character (U+0000)',
    ]);
    const created = await allPages(sut, 'successes', task.id);
    assert.deepEqual(
      created.items.map((r: { globalKey: string | null }) => r.globalKey),
      ['good'],
    );
  });

  it('create_data_rows: the text "\\u0000" (a backslash, then u0000) is no NUL and is stored as given', async () => {
    const dataset = await createDataset(sut, 'not nul');
    const { task } = await upsertItems(sut, dataset.id, [
      { row_data: 'https://example.com/\\u0000.jpg', global_key: 'back\\u0000slash' },
    ]);
    assert.equal(task.status, 'COMPLETE');
    const created = await allPages(sut, 'successes', task.id);
    assert.deepEqual(
      created.items.map((r: { globalKey: string | null; rowData: string | null }) => [
        r.globalKey,
        r.rowData,
      ]),
      [['back\\u0000slash', 'https://example.com/\\u0000.jpg']],
    );
  });
});
