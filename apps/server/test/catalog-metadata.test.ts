import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from './harness.ts';
import { allPages, createDataset, ops, upsertItems } from './catalog.factory.ts';
import { insertDataRows } from './project.factory.ts';

const TAG = 'cko8s9r5v0001h2dk9elqdidh';
const SPLIT = 'cko8sbczn0002h2dkdaxb5kal';
const TRAIN = 'cko8sbscr0003h2dk04w86hof';
const TEST = 'cko8scbz70005h2dkastwhgqt';
const CAPTURE = 'cko8sdzv70006h2dk8jg64zvb';

const upsertSchema =
  'mutation UpsertCustomMetadataSchemaPyApi($data: UpsertCustomMetadataSchemaInput!) { upsertCustomMetadataSchema(data: $data){ id name kind options { id name kind } } }';
const deleteSchema =
  'mutation DeleteCustomMetadataSchemaPyApi($where: WhereUniqueIdInput!) { deleteCustomMetadataSchema(schema: $where){ success } }';
const upsertValues =
  'mutation UpsertDataRowMetadataBetaPyApi($metadata: [DataRowCustomMetadataBatchUpsertInput!]!) { upsertDataRowCustomMetadata(data: $metadata){ globalKey dataRowId error fields { value schemaId } } }';
const deleteValues =
  'mutation DeleteDataRowMetadataBetaPyApi($deletes: [DataRowIdentifierCustomMetadataBatchDeleteInput!]) { deleteDataRowCustomMetadata(dataRowIdentifiers: $deletes) { dataRowId error fields { value schemaId } } }';
const readValues =
  'query dataRowCustomMetadataPyApi($dataRowIdentifiers: DataRowCustomMetadataDataRowIdentifiersInput) { dataRowCustomMetadata(where: {dataRowIdentifiers : $dataRowIdentifiers}) { dataRowId globalKey fields { value schemaId } } }';

describe('data-row metadata over GraphQL', () => {
  let sut: TestServer;
  let datasetId: string;
  before(async () => {
    sut = await startTestServer();
    datasetId = (await createDataset(sut, 'metadata')).id;
  });
  after(async () => sut.close());

  it('lists the reserved schemas with the ids the SDK pins', async () => {
    const { customMetadataOntology } = await sut.data(ops.metadataOntology, null);
    const byName = new Map(customMetadataOntology.map((s: { name: string }) => [s.name, s]));
    assert.deepEqual(byName.get('tag'), {
      id: TAG,
      name: 'tag',
      kind: 'CustomMetadataString',
      reserved: true,
      options: [],
    });
    assert.equal((byName.get('captureDateTime') as { id: string }).id, CAPTURE);
    const split = byName.get('split') as {
      id: string;
      options: Array<{ id: string; name: string; kind: string; reserved: boolean }>;
    };
    assert.equal(split.id, SPLIT);
    assert.deepEqual(
      split.options.filter((o) => o.name !== 'valid').map((o) => [o.name, o.id, o.kind, o.reserved]),
      [
        ['train', TRAIN, 'CustomMetadataEnumOption', true],
        ['test', TEST, 'CustomMetadataEnumOption', true],
      ],
    );
  });

  it('creates, renames and deletes custom schemas; names are unique; reserved ones are fixed', async () => {
    const { upsertCustomMetadataSchema: text } = await sut.data(upsertSchema, {
      data: { name: 'custom_text', kind: 'CustomMetadataString' },
    });
    assert.equal(text.id.length, 25);
    const again = await sut.gql(upsertSchema, {
      data: { name: 'custom_text', kind: 'CustomMetadataString' },
    });
    assert.equal(again.body.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST');
    const { upsertCustomMetadataSchema: color } = await sut.data(upsertSchema, {
      data: {
        name: 'color',
        kind: 'CustomMetadataEnum',
        options: [
          { name: 'red', kind: 'CustomMetadataEnumOption' },
          { name: 'blue', kind: 'CustomMetadataEnumOption' },
        ],
      },
    });
    assert.deepEqual(
      color.options.map((o: { name: string }) => o.name),
      ['red', 'blue'],
    );
    const red = color.options[0];
    const { upsertCustomMetadataSchema: renamed } = await sut.data(upsertSchema, {
      data: {
        id: color.id,
        name: 'colour',
        kind: 'CustomMetadataEnum',
        options: [{ id: red.id, name: 'rouge', kind: 'CustomMetadataEnumOption' }],
      },
    });
    assert.deepEqual(renamed.options, [{ id: red.id, name: 'rouge', kind: 'CustomMetadataEnumOption' }]);
    const reserved = await sut.gql(deleteSchema, { where: { id: TAG } });
    assert.equal(reserved.body.errors?.[0]?.extensions.code, 'OPERATION_NOT_ALLOWED');
    const { upsertCustomMetadataSchema: temp } = await sut.data(upsertSchema, {
      data: { name: 'temp', kind: 'CustomMetadataNumber' },
    });
    assert.deepEqual((await sut.data(deleteSchema, { where: { id: temp.id } })).deleteCustomMetadataSchema, {
      success: true,
    });
    const names = (await sut.data(ops.metadataOntology, null)).customMetadataOntology.map(
      (s: { name: string }) => s.name,
    );
    assert.ok(names.includes('colour') && names.includes('custom_text') && !names.includes('temp'));
  });

  it('validates metadata on import: names resolved, types checked, unknown schemas refused', async () => {
    const { task } = await upsertItems(sut, datasetId, [
      {
        row_data: 'https://example.com/m1.jpg',
        global_key: 'm-1',
        metadata_fields: [
          { name: 'split', value: 'test' },
          { name: 'custom_text', value: 'hello' },
        ],
      },
      { row_data: 'https://example.com/m2.jpg', metadata_fields: [{ schemaId: TAG, value: 42 }] },
      {
        row_data: 'https://example.com/m3.jpg',
        metadata_fields: [{ schemaId: 'cko8s9r5v0001h2dk9elqdzzz', value: 'x' }],
      },
      {
        row_data: 'https://example.com/m4.jpg',
        metadata_fields: [{ schemaId: CAPTURE, value: 'not a date' }],
      },
      { row_data: 'https://example.com/m5.jpg', metadata_fields: [{ schemaId: SPLIT, value: {} }] },
    ]);
    const failures = (await allPages(sut, 'failures', task.id)).items.map((f) => f.message);
    assert.equal(failures.length, 4);
    assert.match(
      failures[0]!,
      /^Failed to validate the metadata '.*': value of cko8s9r5v0001h2dk9elqdidh must be a string$/,
    );
    assert.match(failures[1]!, /schemaId cko8s9r5v0001h2dk9elqdzzz does not exist/);
    assert.match(failures[2]!, /must be an ISO-8601 date-time/);
    assert.match(failures[3]!, /needs an option/);
    const [row] = (await allPages(sut, 'successes', task.id)).items;
    const { dataRow } = await sut.data(ops.getDataRow, { param_0: row.id });
    assert.deepEqual(dataRow.customMetadata.slice(0, 2), [
      { schemaId: SPLIT, value: {} },
      { schemaId: TEST, value: {} },
    ]);
    assert.deepEqual(
      dataRow.metadataFields.map((f: { name: string; value: unknown }) => [f.name, f.value]),
      [
        ['split', 'test'],
        ['custom_text', 'hello'],
      ],
    );
  });

  it('upserts, reads and deletes metadata values of existing rows; failures only are returned', async () => {
    const { upsertDataRowCustomMetadata } = await sut.data(upsertValues, {
      metadata: [
        {
          globalKey: 'm-1',
          fields: [
            { schemaId: TAG, value: 'tagged' },
            { schemaId: SPLIT, value: {} },
            { schemaId: TRAIN, value: {} },
          ],
        },
        { dataRowId: 'cnotarow0000000000000000x', fields: [{ schemaId: TAG, value: 'x' }] },
      ],
    });
    assert.deepEqual(upsertDataRowCustomMetadata, [
      {
        globalKey: null,
        dataRowId: 'cnotarow0000000000000000x',
        error: 'Data row not found',
        fields: [{ schemaId: TAG, value: 'x' }],
      },
    ]);
    const read = await sut.data(readValues, { dataRowIdentifiers: { ids: ['m-1'], idType: 'GKEY' } });
    const [entry] = read.dataRowCustomMetadata;
    assert.equal(entry.globalKey, 'm-1');
    const values = new Map(
      entry.fields.map((f: { schemaId: string; value: unknown }) => [f.schemaId, f.value]),
    );
    assert.equal(values.get(TAG), 'tagged');
    assert.ok(values.has(TRAIN) && !values.has(TEST), 'the new split option replaced the old one');
    const { deleteDataRowCustomMetadata } = await sut.data(deleteValues, {
      deletes: [{ dataRowIdentifier: { id: entry.dataRowId, idType: 'ID' }, schemaIds: [SPLIT] }],
    });
    assert.deepEqual(deleteDataRowCustomMetadata, []);
    const after = await sut.data(readValues, {
      dataRowIdentifiers: { ids: [entry.dataRowId], idType: 'ID' },
    });
    assert.deepEqual(
      after.dataRowCustomMetadata[0].fields.map((f: { schemaId: string }) => f.schemaId).sort(),
      [TAG, entry.fields.find((f: { value: unknown }) => f.value === 'hello').schemaId].sort(),
    );
  });

  it('reports "Schema did not exist" per row for schemas the row has no value for, also in large deletes', async () => {
    const rows = await insertDataRows(sut.db, sut.actor, 300, { keyPrefix: 'md-del' });
    const metadata = rows.ids.map((dataRowId) => ({
      dataRowId,
      fields: [
        { schemaId: SPLIT, value: {} },
        { schemaId: TRAIN, value: {} },
        { schemaId: TAG, value: 'keep' },
      ],
    }));
    assert.deepEqual((await sut.data(upsertValues, { metadata })).upsertDataRowCustomMetadata, []);
    const { deleteDataRowCustomMetadata: errors } = await sut.data(deleteValues, {
      deletes: rows.keys.map((id) => ({
        dataRowIdentifier: { id, idType: 'GKEY' },
        schemaIds: [SPLIT, CAPTURE],
      })),
    });
    assert.equal(errors.length, 300);
    assert.deepEqual(errors[0], {
      dataRowId: rows.ids[0],
      error: 'Schema did not exist',
      fields: [{ value: null, schemaId: CAPTURE }],
    });
    assert.ok(
      errors.every(
        (e: { error: string; fields: Array<{ schemaId: string }> }) =>
          e.error === 'Schema did not exist' && e.fields.length === 1 && e.fields[0]!.schemaId === CAPTURE,
      ),
    );
    const read = await sut.data(readValues, { dataRowIdentifiers: { ids: rows.ids, idType: 'ID' } });
    assert.ok(
      read.dataRowCustomMetadata.every(
        (r: { fields: Array<{ schemaId: string }> }) =>
          r.fields.length === 1 && r.fields[0]!.schemaId === TAG,
      ),
      'the split values are gone, the tags stay',
    );
    const again = await sut.data(deleteValues, {
      deletes: [{ dataRowIdentifier: { id: rows.ids[0], idType: 'ID' }, schemaIds: [SPLIT] }],
    });
    assert.deepEqual(again.deleteDataRowCustomMetadata, [
      { dataRowId: rows.ids[0], error: 'Schema did not exist', fields: [{ value: null, schemaId: SPLIT }] },
    ]);
  });
});
