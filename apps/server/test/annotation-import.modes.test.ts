import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from './harness.ts';
import { fetchNdjson, importByFile, ops, setupLabelProject } from './label.factory.ts';

const BOX = { top: 10, left: 20, height: 30, width: 40 };

describe('annotation imports that run in the background', () => {
  let sut: TestServer;
  before(async () => {
    sut = await startTestServer({ config: { inlineJobMaxItems: 0 } });
  });
  after(async () => sut.close());

  it('answers RUNNING with only inputFileUrl, then FINISHED when polled after the job ran', async () => {
    const p = await setupLabelProject(sut, { images: 2 });
    const lines = p.images.map((r, i) => ({ uuid: `bg${i}`, dataRow: { id: r.id }, name: 'box', bbox: BOX }));
    const created = (await importByFile(sut, 'GT', p.projectId, 'background', lines, { wait: false })).import;
    assert.equal(created.state, 'RUNNING');
    assert.equal(created.progress, '0%');
    assert.equal(created.statusFileUrl, null);
    assert.equal(created.errorFileUrl, null);
    assert.deepEqual(await fetchNdjson(created.inputFileUrl), lines);
    await sut.ctx.jobs.drain();
    const polled = (await sut.data(ops.getLabelImport, { projectId: p.projectId, name: 'background' }))
      .labelImport;
    assert.equal(polled.state, 'FINISHED');
    assert.equal(polled.progress, '100%');
    assert.equal((await fetchNdjson(polled.statusFileUrl)).length, 2);
  });
});

describe('annotation imports by URL without ALLOW_PRIVATE_URLS', () => {
  let sut: TestServer;
  before(async () => {
    sut = await startTestServer();
  });
  after(async () => sut.close());

  it('refuses loopback, private and link-local file URLs before fetching', async () => {
    const p = await setupLabelProject(sut, { images: 1 });
    for (const url of [
      'http://127.0.0.1:9/x.ndjson',
      'http://10.1.2.3/x.ndjson',
      'http://169.254.169.254/latest',
      'http://[::1]/x',
      'http://localhost/x',
    ]) {
      const res = await sut.gql(ops.labelImportByUrl, { projectId: p.projectId, name: url, fileUrl: url });
      assert.equal(res.body.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST', url);
      assert.match(res.body.errors![0]!.message, /private, loopback or link-local/);
    }
  });
});

describe('annotation import jobs that are re-run or fail', () => {
  let sut: TestServer;
  before(async () => {
    sut = await startTestServer({ config: { inlineJobMaxItems: 0 } });
  });
  after(async () => sut.close());

  it('discards what an interrupted attempt wrote before importing again', async () => {
    const p = await setupLabelProject(sut, { images: 3 });
    const lines = p.images.map((r, i) => ({ uuid: `re${i}`, dataRow: { id: r.id }, name: 'box', bbox: BOX }));
    const created = (await importByFile(sut, 'GT', p.projectId, 'rerun', lines, { wait: false })).import;
    await sut.ctx.jobs.drain();
    const before = await sut.db
      .selectFrom('labels')
      .select('id')
      .where('project_id', '=', p.projectId)
      .execute();
    assert.equal(before.length, 3);
    // As if the worker had died after committing: the import is RUNNING again and its job's lease has expired.
    const job = await sut.db
      .selectFrom('annotation_imports')
      .select('job_id')
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    await sut.db
      .updateTable('annotation_imports')
      .set({ state: 'RUNNING' })
      .where('id', '=', created.id)
      .execute();
    await sut.db
      .updateTable('jobs')
      .set({ status: 'QUEUED', attempts: 1 })
      .where('id', '=', job.job_id!)
      .execute();
    await sut.ctx.jobs.drain();
    const after = await sut.db
      .selectFrom('labels')
      .select('id')
      .where('project_id', '=', p.projectId)
      .execute();
    assert.equal(after.length, 3);
    assert.equal(after.filter((l) => before.some((b) => b.id === l.id)).length, 0);
    const polled = (await sut.data(ops.getLabelImport, { projectId: p.projectId, name: 'rerun' }))
      .labelImport;
    assert.equal(polled.state, 'FINISHED');
    assert.deepEqual(
      (await fetchNdjson(polled.statusFileUrl)).map((s) => s.status),
      ['SUCCESS', 'SUCCESS', 'SUCCESS'],
    );
  });

  it('ends FAILED with the reason in the status and error files', async () => {
    const p = await setupLabelProject(sut, { images: 1 });
    const created = (
      await importByFile(
        sut,
        'GT',
        p.projectId,
        'doomed',
        [{ dataRow: { id: p.images[0]!.id }, name: 'box', bbox: BOX }],
        { wait: false },
      )
    ).import;
    const row = await sut.db
      .selectFrom('annotation_imports')
      .select('input_key')
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    await sut.ctx.blobs.delete(row.input_key);
    await sut.ctx.jobs.drain();
    const polled = (await sut.data(ops.getLabelImport, { projectId: p.projectId, name: 'doomed' }))
      .labelImport;
    assert.equal(polled.state, 'FAILED');
    const errors = await fetchNdjson(polled.errorFileUrl);
    assert.equal(errors.length, 1);
    assert.equal(errors[0].errors[0].name, 'ImportFailed');
    assert.match(errors[0].errors[0].message, /input file no longer exists/);
    assert.deepEqual(await fetchNdjson(polled.statusFileUrl), errors);
  });
});
