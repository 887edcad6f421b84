import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createDataset, ops, upsertItems } from './catalog.factory.ts';
import { createActor, dialects, startTestServer, type TestServer } from './harness.ts';

/** Labelbox SDK 6 (schema/data_row.py create_attachment, schema/asset_attachment.py), verbatim. */
const sdk = {
  create: `mutation CreateDataRowAttachmentPyApi(
            $type: AttachmentType!, $value: String!, $name: String, $dataRowId: ID!) {
            createDataRowAttachment(data: {
                type: $type value: $value name: $name dataRowId: $dataRowId}) {type value name id}} `,
  update: `mutation updateDataRowAttachmentPyApi($attachment_id: ID!, $name: String, $type: AttachmentType, $value: String) {
            updateDataRowAttachment(
              where: {id: $attachment_id}, 
              data: {name: $name, type: $type, value: $value}
            ) { id name type value }
            }`,
  delete: `mutation deleteDataRowAttachmentPyApi($attachment_id: ID!) {
            deleteDataRowAttachment(where: {id: $attachment_id}) {
                    id}
            }`,
};

for (const dialect of dialects) {
  describe(`data-row attachments after creation (${dialect})`, () => {
    let sut: TestServer;
    let rowId: string;
    before(async () => {
      sut = await startTestServer({ dialect });
      const ds = await createDataset(sut);
      await upsertItems(sut, ds.id, [{ row_data: 'https://example.com/a.jpg', global_key: 'att-1' }]);
      const rows = await sut.data(ops.datasetDataRows, { id: ds.id, first: 10 });
      rowId = rows.datasetDataRows.nodes[0].id;
    });
    after(async () => sut.close());

    const attachments = async () =>
      (await sut.data(ops.dataRowAttachments, { param_0: rowId })).dataRow.attachments as Array<
        Record<string, unknown>
      >;

    it('creates, updates and deletes an attachment the way the SDK sends it', async () => {
      const created = (
        await sut.data(sdk.create, {
          type: 'RAW_TEXT',
          value: 'Look at the left edge',
          name: 'hint',
          dataRowId: rowId,
        })
      ).createDataRowAttachment;
      assert.equal(created.type, 'RAW_TEXT');
      assert.equal(created.value, 'Look at the left edge');
      assert.equal(created.name, 'hint');
      assert.deepEqual(await attachments(), [
        { id: created.id, name: 'hint', type: 'RAW_TEXT', value: 'Look at the left edge' },
      ]);

      const updated = (await sut.data(sdk.update, { attachment_id: created.id, value: 'Look right' }))
        .updateDataRowAttachment;
      assert.deepEqual(updated, { id: created.id, name: 'hint', type: 'RAW_TEXT', value: 'Look right' });
      const retyped = (
        await sut.data(sdk.update, {
          attachment_id: created.id,
          type: 'TEXT_URL',
          value: 'https://example.com/n.txt',
          name: 'notes',
        })
      ).updateDataRowAttachment;
      assert.deepEqual(retyped, {
        id: created.id,
        name: 'notes',
        type: 'TEXT_URL',
        value: 'https://example.com/n.txt',
      });

      assert.deepEqual((await sut.data(sdk.delete, { attachment_id: created.id })).deleteDataRowAttachment, {
        id: created.id,
      });
      assert.deepEqual(await attachments(), []);
      const again = await sut.gql(sdk.delete, { attachment_id: created.id });
      assert.equal(again.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
    });

    it('refuses bad values naming the field, unknown rows, other organizations and labelers', async () => {
      const empty = await sut.gql(sdk.create, { type: 'RAW_TEXT', value: '', dataRowId: rowId });
      assert.equal(empty.body.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST');
      assert.equal(empty.body.errors[0].extensions.field, 'data.value');
      const badType = await sut.gql(sdk.create, { type: 'SPREADSHEET', value: 'x', dataRowId: rowId });
      assert.equal(badType.body.errors?.[0]?.extensions.code, 'GRAPHQL_VALIDATION_FAILED');
      const missing = await sut.gql(sdk.create, { type: 'RAW_TEXT', value: 'x', dataRowId: 'nope' });
      assert.equal(missing.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');

      const stranger = await createActor(sut.ctx, 'stranger@example.com', 'Another org', 'ADMIN');
      const foreign = await sut.gql(
        sdk.create,
        { type: 'RAW_TEXT', value: 'x', dataRowId: rowId },
        { key: stranger.key },
      );
      assert.equal(foreign.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');

      const org = (await sut.services.identity.getOrganization(sut.actor)).name;
      const labeler = await createActor(sut.ctx, 'labeler@example.com', org, 'LABELER');
      const refused = await sut.gql(
        sdk.create,
        { type: 'RAW_TEXT', value: 'x', dataRowId: rowId },
        { key: labeler.key },
      );
      assert.equal(refused.body.errors?.[0]?.extensions.code, 'AUTHORIZATION_ERROR');
      assert.deepEqual(await attachments(), []);
    });
  });
}
