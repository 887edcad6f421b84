import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { importByFile, localServer, ops, setupLabelProject, WEBHOOK_FIELDS } from './label.factory.ts';
import { ISO_MS } from './project.factory.ts';

const BOX = { top: 1, left: 1, height: 5, width: 5 };
const SECRET = 's3cret';

for (const dialect of dialects) {
  describe(`webhooks (${dialect})`, () => {
    let sut: TestServer;
    let receiver: Awaited<ReturnType<typeof localServer>>;
    let failNext = 0;
    before(async () => {
      sut = await startTestServer({ dialect, config: { allowPrivateUrls: true } });
      receiver = await localServer(() =>
        failNext-- > 0 ? { status: 500, body: 'try again' } : { status: 204 },
      );
    });
    after(async () => {
      await receiver.close();
      await sut.close();
    });

    const deliveries = (path: string) =>
      receiver.received
        .filter((r) => r.url === path)
        .map((r) => ({ ...r, json: JSON.parse(r.body.toString('utf8')) }));
    const verify = (r: { headers: Record<string, unknown>; body: Buffer }, secret = SECRET) => {
      assert.equal(
        r.headers['x-hub-signature'],
        `sha1=${createHmac('sha1', secret).update(r.body).digest('hex')}`,
      );
      assert.equal(
        r.headers['x-hub-signature-256'],
        `sha256=${createHmac('sha256', secret).update(r.body).digest('hex')}`,
      );
      assert.equal(r.headers['content-type'], 'application/json');
    };

    it("creates, lists and updates webhooks with the SDK's inlined operation texts", async () => {
      const p = await setupLabelProject(sut, { images: 1 });
      const created = (
        await sut.data(
          ops.createWebhook(p.projectId, ['LABEL_CREATED', 'LABEL_UPDATED'], `${receiver.url}/a`, SECRET),
          null,
        )
      ).createWebhook;
      assert.deepEqual(Object.keys(created), WEBHOOK_FIELDS.split(' '));
      assert.equal(created.status, 'ACTIVE');
      assert.deepEqual(created.topics, ['LABEL_CREATED', 'LABEL_UPDATED']);
      assert.equal(created.url, `${receiver.url}/a`);
      assert.match(created.createdAt, ISO_MS);
      const orgWide = (
        await sut.data(ops.createWebhook(null, ['LABEL_DELETED'], `${receiver.url}/org`, 'other'), null)
      ).createWebhook;
      const org = (await sut.data(ops.orgWebhooks, {})).organization.webhooks.map((w: any) => w.id);
      assert.ok(org.includes(created.id) && org.includes(orgWide.id));
      const project = (await sut.data(ops.projectWebhooks, { param_0: p.projectId })).project.webhooks.map(
        (w: any) => w.id,
      );
      assert.deepEqual(project, [created.id]);
      const updated = (
        await sut.data(
          ops.updateWebhook(
            created.id,
            `topics: {set: [LABEL_CREATED]}, url: "${receiver.url}/b", status: INACTIVE`,
          ),
          null,
        )
      ).updateWebhook;
      assert.deepEqual(
        [updated.topics, updated.url, updated.status],
        [['LABEL_CREATED'], `${receiver.url}/b`, 'INACTIVE'],
      );
      const back = (await sut.data(ops.updateWebhook(created.id, 'status: ACTIVE'), null)).updateWebhook;
      assert.deepEqual(
        [back.topics, back.url, back.status],
        [['LABEL_CREATED'], `${receiver.url}/b`, 'ACTIVE'],
      );
      const badSecret = await sut.gql(
        ops.createWebhook(null, ['LABEL_CREATED'], `${receiver.url}/x`, ''),
        null,
      );
      assert.equal(badSecret.body.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST');
      const badTopic = await sut.gql(
        ops.createWebhook(null, ['LABEL_EXPLODED'], `${receiver.url}/x`, 's'),
        null,
      );
      assert.equal(badTopic.body.errors?.[0]?.extensions.code, 'GRAPHQL_VALIDATION_FAILED');
      const badUrl = await sut.gql(
        ops.createWebhook(null, ['LABEL_CREATED'], 'ftp://example.com/x', 's'),
        null,
      );
      assert.equal(badUrl.body.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST');
      // Leave nothing active that later tests would hear.
      for (const id of [created.id, orgWide.id])
        await sut.data(ops.updateWebhook(id, 'status: INACTIVE'), null);
    });

    it('delivers signed LABEL_CREATED and LABEL_DELETED events from the job queue', async () => {
      const p = await setupLabelProject(sut, { images: 2 });
      const hook = (
        await sut.data(
          ops.createWebhook(
            p.projectId,
            ['LABEL_CREATED', 'LABEL_DELETED'],
            `${receiver.url}/events`,
            SECRET,
          ),
          null,
        )
      ).createWebhook;
      const lines = p.images.map((r, i) => ({
        uuid: `w${i}`,
        dataRow: { id: r.id },
        name: 'box',
        bbox: BOX,
      }));
      assert.equal((await importByFile(sut, 'GT', p.projectId, 'hooked', lines)).import.state, 'FINISHED');
      await sut.ctx.jobs.drain();
      const created = deliveries('/events');
      assert.equal(created.length, 2);
      for (const d of created) {
        verify(d);
        assert.equal(d.method, 'POST');
        assert.equal(d.headers['x-labelbox-event'], 'LABEL_CREATED');
        assert.equal(d.headers['x-labelbox-id'], d.json.deliveryId);
        assert.equal(d.json.event, 'LABEL_CREATED');
        assert.equal(d.json.webhookId, hook.id);
        assert.equal(d.json.projectId, p.projectId);
        assert.match(d.json.createdAt, ISO_MS);
        const label = d.json.label.projects[p.projectId].labels[0];
        assert.equal(label.id, d.json.labelId);
        assert.equal(label.label_details.created_by, sut.actor.email);
        assert.deepEqual(label.annotations.objects[0].bounding_box, BOX);
        assert.equal(d.json.label.data_row.row_data, 'https://example.com/image.jpg');
      }
      assert.deepEqual(created.map((d) => d.json.label.data_row.id).sort(), p.images.map((r) => r.id).sort());
      const id = created[0]!.json.labelId;
      await sut.data(ops.deleteLabels([id]), {});
      await sut.ctx.jobs.drain();
      const deleted = deliveries('/events').filter((d) => d.json.event === 'LABEL_DELETED');
      assert.equal(deleted.length, 1);
      verify(deleted[0]!);
      assert.equal(deleted[0]!.json.labelId, id);
      assert.equal(deleted[0]!.json.label.projects[p.projectId].labels[0].annotations.objects.length, 1);
      await sut.data(ops.updateWebhook(hook.id, 'status: INACTIVE'), null);
    });

    it('fires LABEL_UPDATED when an import extends a label it wrote in an earlier chunk', async () => {
      const p = await setupLabelProject(sut, { images: 501 });
      await sut.data(
        ops.createWebhook(p.projectId, ['LABEL_UPDATED'], `${receiver.url}/updated`, SECRET),
        null,
      );
      const lines = [
        ...p.images.map((r, i) => ({ uuid: `c${i}`, dataRow: { id: r.id }, name: 'box', bbox: BOX })),
        { uuid: 'late', dataRow: { id: p.images[0]!.id }, name: 'pt', point: { x: 2, y: 2 } },
      ];
      const res = await importByFile(sut, 'GT', p.projectId, 'two chunks', lines);
      assert.equal(res.import.state, 'FINISHED');
      await sut.ctx.jobs.drain();
      const updated = deliveries('/updated');
      assert.equal(updated.length, 1);
      assert.equal(updated[0]!.json.label.data_row.id, p.images[0]!.id);
      assert.equal(updated[0]!.json.label.projects[p.projectId].labels[0].annotations.objects.length, 2);
      assert.equal((await sut.data(ops.labelCount, { projectId: p.projectId })).project.labelCount, 501);
    });

    it('retries a failed delivery with backoff, keeping its delivery id', async () => {
      const p = await setupLabelProject(sut, { images: 1 });
      await sut.data(
        ops.createWebhook(p.projectId, ['LABEL_CREATED'], `${receiver.url}/retry`, SECRET),
        null,
      );
      failNext = 1;
      await importByFile(sut, 'GT', p.projectId, 'retried', [
        { dataRow: { id: p.images[0]!.id }, name: 'box', bbox: BOX },
      ]);
      await sut.ctx.jobs.drain();
      assert.equal(deliveries('/retry').length, 1);
      await sleep(2_100);
      await sut.ctx.jobs.drain();
      const attempts = deliveries('/retry');
      assert.equal(attempts.length, 2);
      assert.equal(attempts[0]!.headers['x-labelbox-id'], attempts[1]!.headers['x-labelbox-id']);
      assert.equal(attempts[0]!.body.toString(), attempts[1]!.body.toString());
    });
  });
}

describe('webhooks without ALLOW_PRIVATE_URLS', () => {
  let sut: TestServer;
  before(async () => {
    sut = await startTestServer();
  });
  after(async () => sut.close());

  it('refuses receivers on loopback, private and link-local addresses', async () => {
    for (const url of [
      'http://127.0.0.1:8080/hook',
      'http://10.0.0.7/hook',
      'http://169.254.169.254/hook',
      'http://[::1]/hook',
      'http://localhost/hook',
    ]) {
      const res = await sut.gql(ops.createWebhook(null, ['LABEL_CREATED'], url, 's'), null);
      assert.equal(res.body.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST', url);
      assert.match(res.body.errors![0]!.message, /^Invalid data\.url: .*private, loopback or link-local/);
    }
  });
});
