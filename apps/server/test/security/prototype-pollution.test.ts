import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createActor, startTestServer, type TestServer } from '../harness.ts';
import { createDataset, upsertItems } from '../catalog.factory.ts';
import { filesUnder, postMultipart, UPLOAD_FILE } from './security.helpers.ts';

const POLLUTING_PATHS = [
  '__proto__.public',
  'variables.__proto__.public',
  'variables.file.__proto__',
  'constructor.prototype.public',
  'variables.constructor.prototype.public',
  'variables.sign.constructor',
];

describe('security: client-chosen paths never reach Object.prototype (GraphQL multipart map)', () => {
  let sut: TestServer;
  before(async () => {
    sut = await startTestServer();
  });
  after(async () => {
    // If a fix regresses, do not let the polluted prototype fail unrelated assertions in this process.
    for (const key of ['public', 'polluted']) delete (Object.prototype as Record<string, unknown>)[key];
    await sut.close();
  });

  for (const bad of POLLUTING_PATHS) {
    it(`refuses the map path "${bad}" with 400 and stores nothing`, async () => {
      const before = await filesUnder(path.join(sut.ctx.config.dataDir, 'files'));
      const res = await postMultipart(sut, {
        operations: { query: UPLOAD_FILE, variables: { file: null, contentLength: 2, sign: false } },
        map: { '1': ['variables.file', bad] },
        files: [{ field: '1', bytes: '{}' }],
      });
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.errors[0].extensions.code, 'MALFORMED_REQUEST');
      assert.equal(({} as Record<string, unknown>).public, undefined, 'Object.prototype was written');
      assert.deepEqual(await filesUnder(path.join(sut.ctx.config.dataDir, 'files')), before);
      // Every organization's keys still authenticate (the polluted `config.public` used to skip auth).
      const other = await createActor(sut.ctx, `x-${Math.random()}@example.com`, `org-${Math.random()}`);
      const me = await sut.gql('{user{id}}', {}, { key: other.key });
      assert.equal(me.status, 200, JSON.stringify(me.body));
      assert.ok(me.body.data?.user?.id);
    });
  }

  it('refuses paths that do not name a variable declared by the operation', async () => {
    for (const bad of ['query', 'variables.undeclared', 'variables', 'operationName']) {
      const res = await postMultipart(sut, {
        operations: {
          query: UPLOAD_FILE,
          variables: { file: null, contentLength: 2, sign: false, undeclared: null },
        },
        map: { '1': [bad] },
        files: [{ field: '1', bytes: '{}' }],
      });
      assert.equal(res.status, 400, `${bad}: ${JSON.stringify(res.body)}`);
    }
  });

  it('refuses a map that is not an object of path lists, and a __proto__ file field', async () => {
    for (const map of ['[]', '"x"', '{"1":"variables.file"}', '{"1":[1]}']) {
      const res = await postMultipart(sut, {
        operations: { query: UPLOAD_FILE, variables: { file: null, contentLength: 2, sign: false } },
        map,
        files: [{ field: '1', bytes: '{}' }],
      });
      assert.equal(res.status, 400, `${map}: ${JSON.stringify(res.body)}`);
    }
    // A file part named like a prototype key is not looked up through the prototype chain.
    for (const field of ['__proto__', 'constructor', 'toString']) {
      const res = await postMultipart(sut, {
        operations: { query: UPLOAD_FILE, variables: { file: null, contentLength: 2, sign: false } },
        map: { '1': ['variables.file'] },
        files: [{ field, bytes: '{}' }],
      });
      assert.notEqual(res.status, 500, `${field}: ${JSON.stringify(res.body)}`);
    }
  });

  it('still fills the declared Upload variable as the Labelbox SDK sends it', async () => {
    const res = await postMultipart(sut, {
      operations: { query: UPLOAD_FILE, variables: { file: null, contentLength: 2, sign: false } },
      map: { '1': ['variables.file'] },
      files: [{ field: '1', bytes: '{}' }],
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.match(res.body.data.uploadFile.url, /\/files\//);
  });
});

describe('security: client JSON keys are data, never prototypes (audit of other client-key walks)', () => {
  let sut: TestServer;
  before(async () => {
    sut = await startTestServer();
  });
  after(async () => sut.close());

  it('reads a row URL ending in ".constructor" as an unknown type instead of failing with 500', async () => {
    const dataset = await createDataset(sut, 'proto-ext');
    await upsertItems(sut, dataset.id, [{ row_data: 'https://example.com/a.constructor' }]);
    const res = await sut.gql(
      'query($id: ID!){ datasetDataRows(id: $id, first: 10) { nodes { id rowData mediaType mediaAttributes } } }',
      { id: dataset.id },
    );
    assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
    const [row] = res.body.data.datasetDataRows.nodes;
    assert.equal(row.mediaType, null);
    assert.equal(row.mediaAttributes.mimeType ?? null, null);
  });
});
