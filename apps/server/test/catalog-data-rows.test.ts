import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createActor, startTestServer, type TestServer } from './harness.ts';
import { allPages, createDataset, ops, uploadData, upsertItems } from './catalog.factory.ts';

const TAG = 'cko8s9r5v0001h2dk9elqdidh';
const SPLIT = 'cko8sbczn0002h2dkdaxb5kal';
const TRAIN = 'cko8sbscr0003h2dk04w86hof';
const CAPTURE = 'cko8sdzv70006h2dk8jg64zvb';
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

describe('data rows over GraphQL: the SDK upsert flow', () => {
  let sut: TestServer;
  before(async () => {
    sut = await startTestServer();
  });
  after(async () => sut.close());

  it('creates rows from uploaded chunks and reports them as a finished task', async () => {
    const ds = await createDataset(sut, 'flow');
    const imageUrl = await uploadData(sut, PNG, 'sample_image.png', 'image/png');
    const conversation = {
      type: 'application/vnd.labelbox.conversational',
      version: 1,
      messages: [{ messageId: 'm0', content: 'hi' }],
    };
    const { task } = await upsertItems(
      sut,
      ds.id,
      [
        {
          row_data: imageUrl,
          global_key: 'gk-1',
          external_id: 'tests/sample_image.png',
          metadata_fields: [
            { schemaId: TAG, value: 'hello' },
            { schemaId: SPLIT, value: {} },
            { schemaId: TRAIN, value: {} },
            { schemaId: CAPTURE, value: '2024-01-01T00:00:00Z' },
          ],
          attachments: [
            { type: 'RAW_TEXT', value: 'hello', name: 'att1' },
            { type: 'IMAGE_OVERLAY', value: 'https://example.com/o.png' },
          ],
        },
        { row_data: 'https://example.com/img2.jpg', external_id: 'ext-2', media_type: 'IMAGE' },
        { row_data: conversation, global_key: 'gk-conv' },
      ],
      { chunkSize: 2 },
    );
    assert.equal(task.status, 'COMPLETE');
    assert.equal(task.type, 'adv-upsert-data-rows');
    assert.equal(task.completionPercentage, 100);
    assert.ok(task.result, 'result is a URL');
    assert.deepEqual(task.metadata, { createdDataRowCount: 3, failedDataRowCount: 0 });

    const user = await sut.data('query GetUserPyApi{user{id}}', {});
    const tasks = await sut.data(ops.userTasks, { param_0: task.id, param_1: user.user.id });
    assert.equal(tasks.user.createdTasks.length, 1);
    assert.equal(tasks.user.createdTasks[0].status, 'COMPLETE');

    const created = await allPages(sut, 'successes', task.id);
    assert.equal(created.total, 3);
    assert.deepEqual(created.items.map((r) => r.globalKey).sort(), ['gk-1', 'gk-conv', null].sort());
    const failed = await allPages(sut, 'failures', task.id);
    assert.deepEqual(failed, { items: [], total: 0 });

    const first = created.items.find((r) => r.globalKey === 'gk-1');
    const { dataRow } = await sut.data(ops.getDataRow, { param_0: first.id });
    assert.equal(dataRow.rowData, imageUrl);
    assert.equal(dataRow.externalId, 'tests/sample_image.png');
    assert.equal(typeof dataRow.mediaAttributes, 'object');
    assert.deepEqual(dataRow.customMetadata, [
      { schemaId: TAG, value: 'hello' },
      { schemaId: SPLIT, value: {} },
      { schemaId: TRAIN, value: {} },
      { schemaId: CAPTURE, value: '2024-01-01T00:00:00.000Z' },
    ]);
    assert.deepEqual(dataRow.metadataFields, [
      { schemaId: TAG, name: 'tag', value: 'hello', kind: 'CustomMetadataString' },
      { schemaId: SPLIT, name: 'split', value: 'train', kind: 'CustomMetadataEnum' },
      {
        schemaId: CAPTURE,
        name: 'captureDateTime',
        value: '2024-01-01T00:00:00.000Z',
        kind: 'CustomMetadataDateTime',
      },
    ]);
    const { dataRow: withAttachments } = await sut.data(ops.dataRowAttachments, { param_0: first.id });
    assert.deepEqual(
      withAttachments.attachments.map((a: { name: string | null; type: string; value: string }) => [
        a.name,
        a.type,
        a.value,
      ]),
      [
        ['att1', 'RAW_TEXT', 'hello'],
        [null, 'IMAGE_OVERLAY', 'https://example.com/o.png'],
      ],
    );
    const conv = created.items.find((r) => r.globalKey === 'gk-conv');
    assert.deepEqual(JSON.parse(conv.rowData), conversation);
    assert.equal((await sut.data(ops.getDataset, { param_0: ds.id })).dataset.rowCount, 3);
  });

  it('serves upload URLs without authentication and refuses expired or forged signatures', async () => {
    const url = await uploadData(sut, PNG, 'a.png', 'image/png');
    const ok = await fetch(url);
    assert.equal(ok.status, 200);
    assert.deepEqual(new Uint8Array(await ok.arrayBuffer()), PNG);
    const key = decodeURIComponent(new URL(url).pathname.slice('/files/'.length));
    const expired = sut.url + sut.ctx.signer.sign({ key }, -5);
    assert.equal((await fetch(expired)).status, 403);
    const forged = url.replace(/sig=[^&]+/, 'sig=AAAA');
    assert.equal((await fetch(forged)).status, 403);
    // The same URLs are refused as manifests.
    for (const manifestUri of [expired, forged, 'https://example.com/manifest.json']) {
      const res = await sut.gql(ops.upsertDataRows, { manifestUri });
      assert.equal(res.body.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST');
      assert.match(res.body.errors![0]!.message, /data\.manifestUri/);
    }
  });

  it('imports the good rows of a partly bad upload and reports each bad one with the SDK messages', async () => {
    const ds = await createDataset(sut, 'partial');
    const existing = await upsertItems(sut, ds.id, [
      { row_data: 'https://example.com/0.jpg', global_key: 'taken' },
    ]);
    assert.equal(existing.task.status, 'COMPLETE');
    const { task } = await upsertItems(sut, ds.id, [
      { row_data: 'https://example.com/1.jpg', global_key: 'dup', external_id: 'first' },
      { row_data: 'https://example.com/2.jpg', global_key: 'dup', external_id: 'second' },
      { row_data: 'https://example.com/3.jpg', attachments: [{ type: 'SOUND', value: 'x' }] },
      {
        row_data: 'https://example.com/4.jpg',
        metadata_fields: [
          { schemaId: TAG, value: 'some msg' },
          { schemaId: TAG, value: 'some msg 2' },
        ],
      },
      { row_data: 'https://example.com/5.jpg', global_key: 'taken' },
      { row_data: 'https://example.com/6.jpg', global_key: ' padded' },
      { row_data: { invalid_object: 'invalid_value' }, media_type: 'IMAGE' },
      { row_data: 'https://example.com/8.jpg', external_id: 'good' },
    ]);
    assert.equal(task.status, 'COMPLETE');
    const created = await allPages(sut, 'successes', task.id);
    assert.deepEqual(
      created.items.map((r) => r.externalId),
      ['first', 'good'],
    );
    const failed = await allPages(sut, 'failures', task.id);
    assert.equal(failed.total, 6);
    const messages = failed.items.map((f) => f.message);
    assert.equal(messages[0], "Duplicate global key: 'dup'");
    assert.equal(failed.items[0].spec.externalId, 'second');
    assert.match(messages[1]!, /attachments\[0\]\.type/);
    assert.ok(messages[2]!.startsWith(`A schemaId can only be specified once per DataRow : [${TAG}]`));
    assert.equal(failed.items[2].spec.metadata.length, 2);
    assert.equal(messages[3], "Duplicate global key: 'taken'");
    assert.match(messages[4]!, /Invalid global key ' padded'/);
    assert.equal(messages[5], 'Expected type image/*, detected: application/json');
    assert.equal((await sut.data(ops.getDataset, { param_0: ds.id })).dataset.rowCount, 3);
  });

  it('returns the same task when the SDK retries the same manifest', async () => {
    const ds = await createDataset(sut, 'retry');
    const first = await upsertItems(sut, ds.id, [{ row_data: 'https://example.com/r.jpg' }]);
    const again = await sut.data(ops.upsertDataRows, { manifestUri: first.manifestUri });
    assert.equal(again.upsertDataRows.id, first.task.id);
    assert.equal((await sut.data(ops.getDataset, { param_0: ds.id })).dataset.rowCount, 1);
  });

  it('updates rows addressed by id or global key, changing only the fields given', async () => {
    const ds = await createDataset(sut, 'upsert');
    const { task } = await upsertItems(sut, ds.id, [
      {
        row_data: 'https://example.com/u.jpg',
        global_key: 'u-1',
        external_id: 'ex1',
        metadata_fields: [{ name: 'tag', value: 'old' }],
        attachments: [
          { type: 'RAW_TEXT', value: 'a' },
          { type: 'RAW_TEXT', value: 'b' },
        ],
      },
    ]);
    const [row] = (await allPages(sut, 'successes', task.id)).items;
    const byId = await upsertItems(sut, ds.id, [
      { key: { type: 'ID', value: row.id }, external_id: 'ex1_updated', global_key: 'u-1-updated' },
    ]);
    assert.equal((await allPages(sut, 'successes', byId.task.id)).items[0].id, row.id);
    const byKey = await upsertItems(sut, ds.id, [
      {
        key: { type: 'GKEY', value: 'u-1-updated' },
        attachments: [{ type: 'RAW_TEXT', name: 'att1', value: 'test' }],
        metadata: [{ name: 'split', value: 'train' }],
      },
    ]);
    assert.equal(byKey.task.status, 'COMPLETE');
    const { dataRow } = await sut.data(ops.getDataRow, { param_0: row.id });
    assert.equal(dataRow.externalId, 'ex1_updated');
    assert.equal(dataRow.globalKey, 'u-1-updated');
    assert.equal(dataRow.rowData, 'https://example.com/u.jpg');
    assert.deepEqual(
      dataRow.metadataFields.map((f: { name: string; value: unknown }) => [f.name, f.value]),
      [['split', 'train']],
    );
    const att = await sut.data(ops.dataRowAttachments, { param_0: row.id });
    assert.deepEqual(
      att.dataRow.attachments.map((a: { value: string }) => a.value),
      ['test'],
    );
    // DataRow.update(): the generated updateDataRow mutation.
    const update =
      'mutation updateDataRowPyApi($rowData: String!, $DataRowId: ID!){updateDataRow( where: {id: $DataRowId} data: {rowData: $rowData}) {createdAt externalId globalKey mediaAttributes customMetadata { schemaId value } metadataFields { schemaId name value kind } rowData id updatedAt}}';
    const updated = await sut.data(update, { rowData: '123', DataRowId: row.id });
    assert.equal(updated.updateDataRow.rowData, '123');
    assert.equal(updated.updateDataRow.globalKey, 'u-1-updated');
    const clash = await sut.gql(
      'mutation updateDataRowPyApi($globalKey: String!, $DataRowId: ID!){updateDataRow( where: {id: $DataRowId} data: {globalKey: $globalKey}) {id}}',
      { globalKey: ' bad', DataRowId: row.id },
    );
    assert.equal(clash.body.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST');
    const missing = await upsertItems(sut, ds.id, [
      { key: { type: 'ID', value: 'cnotarow0000000000000000x' }, external_id: 'x' },
    ]);
    assert.equal(
      (await allPages(sut, 'failures', missing.task.id)).items[0].message,
      'Data row not found: cnotarow0000000000000000x',
    );
    const createByKey = await upsertItems(sut, ds.id, [
      { key: { type: 'GKEY', value: 'new-key' }, row_data: 'https://example.com/n.jpg' },
    ]);
    assert.equal((await allPages(sut, 'successes', createByKey.task.id)).items[0].globalKey, 'new-key');
    assert.equal((await sut.data(ops.getDataset, { param_0: ds.id })).dataset.rowCount, 2);
  });

  it('interprets data_row.update(row_data=dict) as create_data_rows does and refuses a media-type mismatch', async () => {
    const ds = await createDataset(sut, 'update dicts');
    const { task } = await upsertItems(sut, ds.id, [
      { row_data: 'https://example.com/a.jpg', global_key: 'upd-image' },
      { row_data: 'some text', global_key: 'upd-text', media_type: 'TEXT' },
      { row_data: { pdfUrl: 'https://example.com/p.pdf' }, global_key: 'upd-bad', media_type: 'TEXT' },
    ]);
    const failures = (await allPages(sut, 'failures', task.id)).items;
    assert.deepEqual(
      failures.map((f: { message: string }) => f.message),
      ['Expected type text/*, detected: application/pdf'],
      'create_data_rows refuses a PDF dict with media_type TEXT',
    );
    const rows = new Map(
      (await allPages(sut, 'successes', task.id)).items.map((r: { id: string; globalKey: string }) => [
        r.globalKey,
        r.id,
      ]),
    );
    const update =
      'mutation updateDataRowPyApi($rowData: String!, $DataRowId: ID!){updateDataRow( where: {id: $DataRowId} data: {rowData: $rowData}) {createdAt externalId globalKey mediaAttributes customMetadata { schemaId value } metadataFields { schemaId name value kind } rowData id updatedAt}}';
    // The SDK json.dumps the dict (Python's separators).
    const pdf = await sut.data(update, {
      rowData:
        '{"pdfUrl": "https://example.com/doc.pdf", "tileLayerUrl": "https://example.com/doc-layer.json"}',
      DataRowId: rows.get('upd-image'),
    });
    assert.equal(pdf.updateDataRow.rowData, 'https://example.com/doc.pdf');
    assert.deepEqual(pdf.updateDataRow.mediaAttributes, {
      mimeType: 'application/pdf',
      textLayerUrl: 'https://example.com/doc-layer.json',
    });
    const conversation = { type: 'application/vnd.labelbox.conversational', version: 1, messages: [] };
    const convo = await sut.data(update, {
      rowData: JSON.stringify(conversation),
      DataRowId: rows.get('upd-image'),
    });
    assert.deepEqual(JSON.parse(convo.updateDataRow.rowData), conversation);
    assert.equal(
      convo.updateDataRow.mediaAttributes?.textLayerUrl,
      undefined,
      'the PDF text layer went with it',
    );
    const refused = await sut.gql(update, {
      rowData: '{"pdfUrl": "https://example.com/doc.pdf"}',
      DataRowId: rows.get('upd-text'),
    });
    assert.equal(refused.body.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST');
    assert.equal(
      refused.body.errors[0].message,
      'Invalid data.rowData: Expected type text/*, detected: application/pdf',
    );
    const { dataRow } = await sut.data(ops.getDataRow, { param_0: rows.get('upd-text') });
    assert.equal(dataRow.rowData, 'some text', 'a refused update writes nothing');
  });

  it('pages 1,200 rows newest first with first: 500 and ends with a null cursor', async () => {
    const ds = await createDataset(sut, 'pages');
    const items = Array.from({ length: 1200 }, (_, i) => ({
      row_data: `https://example.com/${i}.jpg`,
      external_id: `e-${i % 7}`,
    }));
    const { task } = await upsertItems(sut, ds.id, items, { chunkSize: 450 });
    assert.equal(task.status, 'COMPLETE');
    const successes = await allPages(sut, 'successes', task.id, 500);
    assert.equal(successes.items.length, 1200);
    assert.equal(new Set(successes.items.map((r) => r.id)).size, 1200);
    const ids: string[] = [];
    let from: string | null = null;
    let pages = 0;
    do {
      const page: any = (await sut.data(ops.datasetDataRows, { id: ds.id, from, first: 500, where: null }))
        .datasetDataRows;
      ids.push(...page.nodes.map((n: { id: string }) => n.id));
      from = page.pageInfo.startCursor;
      assert.equal(page.pageInfo.hasNextPage, from !== null);
      pages++;
    } while (from);
    assert.equal(pages, 3);
    assert.equal(ids.length, 1200);
    assert.deepEqual(ids, [...ids].sort().reverse(), 'newest first');
    assert.deepEqual(new Set(ids), new Set(successes.items.map((r) => r.id)));
    const filtered = await sut.data(ops.datasetDataRows, {
      id: ds.id,
      from: null,
      first: 500,
      where: { externalId: 'e-3' },
    });
    assert.equal(filtered.datasetDataRows.nodes.length, Math.ceil((1200 - 3) / 7));
    assert.equal(filtered.datasetDataRows.pageInfo.startCursor, null);

    const lookup = await sut.data(ops.externalIds, { externalId_in: ['e-1', 'nope'] });
    assert.equal(lookup.externalIdsToDataRowIds.length, Math.ceil((1200 - 1) / 7));
    const tooMany = await sut.gql(ops.externalIds, {
      externalId_in: Array.from({ length: 1501 }, (_, i) => `x${i}`),
    });
    assert.equal(tooMany.body.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST');
    assert.match(tooMany.body.errors![0]!.message, /externalId_in/);
  });

  it('deletes rows, lowering the row count and freeing their global keys', async () => {
    const ds = await createDataset(sut, 'delete');
    const { task } = await upsertItems(sut, ds.id, [
      { row_data: 'https://example.com/d.jpg', global_key: 'reuse-me' },
      { row_data: 'text row' },
    ]);
    const [row] = (await allPages(sut, 'successes', task.id)).items;
    const deleted = await sut.data(
      `mutation deleteDataRowsPyApi{deleteDataRows(where: {dataRowIds: ["${row.id}"]}){id}}`,
      {},
    );
    assert.deepEqual(deleted.deleteDataRows, [{ id: row.id }]);
    assert.equal((await sut.data(ops.getDataset, { param_0: ds.id })).dataset.rowCount, 1);
    assert.equal(
      (await sut.gql(ops.getDataRow, { param_0: row.id })).body.errors?.[0]?.extensions.code,
      'RESOURCE_NOT_FOUND',
    );
    const again = await upsertItems(sut, ds.id, [
      { row_data: 'https://example.com/d.jpg', global_key: 'reuse-me' },
    ]);
    assert.equal((await allPages(sut, 'successes', again.task.id)).total, 1);
    const processed = await sut.data(ops.processed, { globalKeys: ['reuse-me'] });
    assert.equal(processed.queryAllDataRowsHaveBeenProcessed.allDataRowsHaveBeenProcessed, true);
  });

  it('keeps organizations apart: their rows, uploads and tasks do not exist for others', async () => {
    const ds = await createDataset(sut, 'isolated');
    const { task } = await upsertItems(sut, ds.id, [
      { row_data: 'https://example.com/i.jpg', global_key: 'mine' },
    ]);
    const [row] = (await allPages(sut, 'successes', task.id)).items;
    const other = await createActor(sut.ctx, 'rows-other@example.com', 'rows-other-org');
    const asOther = { key: other.key };
    assert.equal(
      (await sut.gql(ops.getDataRow, { param_0: row.id }, asOther)).body.errors?.[0]?.extensions.code,
      'RESOURCE_NOT_FOUND',
    );
    assert.equal(
      (await sut.gql(ops.successes, { taskId: task.id, first: 10, from: null }, asOther)).body.errors?.[0]
        ?.extensions.code,
      'RESOURCE_NOT_FOUND',
    );
    const del = await sut.data(
      `mutation{deleteDataRows(where: {dataRowIds: ["${row.id}"]}){id}}`,
      {},
      asOther,
    );
    assert.deepEqual(del.deleteDataRows, []);
    // Another organization cannot import through our upload URLs, nor into our dataset.
    const chunk = await uploadData(
      sut,
      JSON.stringify([{ id: { type: 'AUTO', value: '' }, payload: { row_data: 'x', dataset_id: ds.id } }]),
    );
    const manifest = await uploadData(
      sut,
      JSON.stringify({ source: 'SDK', item_count: 1, chunk_uris: [chunk] }),
      'manifest.json',
      'application/json',
    );
    assert.equal(
      (await sut.gql(ops.upsertDataRows, { manifestUri: manifest }, asOther)).body.errors?.[0]?.extensions
        .code,
      'MALFORMED_REQUEST',
    );
    const theirs = await upsertItems(sut, ds.id, [{ row_data: 'x' }], asOther);
    assert.equal(
      (await allPages(sut, 'failures', theirs.task.id, 10, other.key)).items[0].message,
      `Dataset not found: ${ds.id}`,
    );
    // Global keys are unique per organization: ours is free for them.
    const theirDataset = await createDataset(sut, 'theirs', '', other.key);
    const same = await upsertItems(sut, theirDataset.id, [{ row_data: 'x', global_key: 'mine' }], asOther);
    assert.equal((await allPages(sut, 'successes', same.task.id, 10, other.key)).items[0].globalKey, 'mine');
  });
});
