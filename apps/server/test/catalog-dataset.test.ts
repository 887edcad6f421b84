import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createActor, startTestServer, type TestServer } from './harness.ts';
import { createDataset, upsertItems, ops } from './catalog.factory.ts';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('datasets over GraphQL', () => {
  let sut: TestServer;
  before(async () => {
    sut = await startTestServer();
  });
  after(async () => sut.close());

  it('creates with only the given arguments and reads back every selected field', async () => {
    const { createDataset: created } = await sut.data(ops.createDatasetNameOnly, { name: 'only name' });
    assert.equal(created.name, 'only name');
    assert.equal(created.description, '');
    assert.equal(created.rowCount, 0);
    assert.equal(created.id.length, 25);
    assert.match(created.createdAt, ISO);
    const { dataset } = await sut.data(ops.getDataset, { param_0: created.id });
    assert.deepEqual(dataset, created);
    const { dataset: withCreator } = await sut.data(ops.datasetCreatedBy, { param_0: created.id });
    assert.equal(withCreator.createdBy.email, sut.actor.email);
    const org = await sut.data('query($id: ID!){dataset(where:{id:$id}){organization{id name}}}', {
      id: created.id,
    });
    assert.equal(org.dataset.organization.id, sut.actor.organizationId);
  });

  it('filters the way get_datasets does, plus OR / NOT / _in / _contains and orderBy', async () => {
    const a = await createDataset(sut, 'filter-alpha', 'first');
    const b = await createDataset(sut, 'filter-beta', 'second');
    await createDataset(sut, 'other', 'third');
    const byName = await sut.data(ops.getDatasets, { param_0: 'filter-alpha', param_1: false });
    assert.deepEqual(
      byName.datasets.map((d: { id: string }) => d.id),
      [a.id],
    );

    const q = (where: string, extra = '') =>
      sut
        .data(`{datasets(where: ${where} ${extra}){id name}}`)
        .then((r) => r.datasets.map((d: { name: string }) => d.name));
    assert.deepEqual(await q('{OR: [{name: "filter-alpha"}, {name: "filter-beta"}]}', 'orderBy: name_DESC'), [
      'filter-beta',
      'filter-alpha',
    ]);
    assert.deepEqual(await q('{name_contains: "filter-", NOT: [{name: "filter-beta"}]}'), ['filter-alpha']);
    assert.deepEqual(await q(`{id_in: ["${a.id}", "${b.id}"]}`, 'orderBy: name_ASC'), [
      'filter-alpha',
      'filter-beta',
    ]);
    assert.deepEqual(await q('{name_starts_with: "FILTER"}'), [], 'string filters are case-sensitive');
    assert.deepEqual(await q('{description_ends_with: "ird"}'), ['other']);
    assert.deepEqual(await q('{name_contains: "%"}'), []);
    const paged = await sut.data('{datasets(skip: 1 first: 1 orderBy: name_ASC){name}}');
    assert.equal(paged.datasets.length, 1);
  });

  it('updates fields and soft-deletes; a deleted dataset is not found but can be listed on request', async () => {
    const ds = await createDataset(sut, 'to-delete');
    const { updateDataset } = await sut.data(ops.updateDataset, { name: 'renamed', DatasetId: ds.id });
    assert.equal(updateDataset.name, 'renamed');
    assert.equal((await sut.data(ops.deleteDataset, { DatasetId: ds.id })).updateDataset.id, ds.id);
    const gone = await sut.gql(ops.getDataset, { param_0: ds.id });
    assert.equal(gone.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
    const live = await sut.data('{datasets(where: {name: "renamed"}){id}}');
    assert.deepEqual(live.datasets, []);
    const deleted = await sut.data('{datasets(where: {name: "renamed", deleted: true}){id}}');
    assert.deepEqual(deleted.datasets, [{ id: ds.id }]);
  });

  it('deleting a dataset deletes its data rows and frees their global keys', async () => {
    const ds = await createDataset(sut, 'purged');
    await upsertItems(sut, ds.id, [
      { row_data: 'https://example.com/p1.jpg', global_key: 'purge-1' },
      { row_data: 'https://example.com/p2.jpg', global_key: 'purge-2' },
    ]);
    const [row] = (await sut.data(ops.datasetDataRows, { id: ds.id, from: null, first: 500, where: null }))
      .datasetDataRows.nodes;
    await sut.data(ops.deleteDataset, { DatasetId: ds.id });
    const gone = await sut.gql('query($id: ID!){dataRow(where: {id: $id}){id}}', { id: row.id });
    assert.ok(
      gone.body.errors?.[0]?.extensions.code === 'RESOURCE_NOT_FOUND' || gone.body.data?.dataRow === null,
    );
    const reuse = await createDataset(sut, 'reuses-keys');
    const { task } = await upsertItems(sut, reuse.id, [
      { row_data: 'https://example.com/p3.jpg', global_key: 'purge-1' },
    ]);
    assert.equal(task.status, 'COMPLETE');
    assert.equal((await sut.data(ops.getDataset, { param_0: reuse.id })).dataset.rowCount, 1);
  });

  it('answers the IAM-integration and validation calls of create_dataset', async () => {
    const ds = await createDataset(sut, 'iam');
    const integrations = await sut.data(
      'query getAllIntegrationsPyApi { iamIntegrations { createdAt isOrgDefault lastValidAt name provider id updatedAt valid settings { __typename ... on AwsIamIntegrationSettings {roleArn} ... on GcpIamIntegrationSettings {serviceAccountEmailId readBucket} } } }',
      null,
    );
    assert.deepEqual(integrations.iamIntegrations, []);
    const validation = await sut.data(
      'mutation validateDatasetPyApi($id: ID!){validateDataset(where: {id : $id}){ valid checks{name, success}}}',
      { id: ds.id },
    );
    assert.equal(validation.validateDataset.valid, true);
  });

  it('rejects bad input with a code naming the field', async () => {
    const empty = await sut.gql(ops.createDatasetNameOnly, { name: '  ' });
    assert.equal(empty.body.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST');
    assert.match(empty.body.errors![0]!.message, /data\.name/);
    const badOrder = await sut.gql('{datasets(where: {rowCount_gt: 0}){id}}');
    assert.equal(badOrder.body.errors, undefined);
  });

  it('keeps organizations apart', async () => {
    const ds = await createDataset(sut, 'private');
    const other = await createActor(sut.ctx, 'catalog-other@example.com', 'catalog-other-org');
    const res = await sut.gql(ops.getDataset, { param_0: ds.id }, { key: other.key });
    assert.equal(res.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
    const list = await sut.data('{datasets{id}}', null, { key: other.key });
    assert.deepEqual(list.datasets, []);
    const update = await sut.gql(ops.deleteDataset, { DatasetId: ds.id }, { key: other.key });
    assert.equal(update.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
  });
});
