import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createDataset, uploadData, upsertItems } from './catalog.factory.ts';
import { readExportStream, startProjectExport } from './export.sdk.ts';
import { seedExportProject } from './export.factory.ts';
import { startTestServer, type TestServer } from './harness.ts';
import { startTestS3, type TestS3 } from './s3-server.ts';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 9, 8, 7, 6, 5, 4, 3, 2, 1]);

/** Every object key in the test bucket, read from s3rver's own storage. */
const objectsIn = (s3: TestS3, bucket: string) =>
  fs
    .readdirSync(path.join(s3.directory, bucket), { recursive: true })
    .map(String)
    .filter((p) => p.endsWith('._S3rver_object'));

describe('the server with its files in S3 (scale profile)', () => {
  let s3: TestS3;
  let sut: TestServer;
  before(async () => {
    s3 = await startTestS3('labelyard-files');
    sut = await startTestServer({ config: { s3: s3.options({ prefix: 'prod/' }) } });
  });
  after(async () => {
    await sut?.close();
    await s3?.close();
  });

  it('stores uploads in the bucket and serves them back', async () => {
    const url = await uploadData(sut, PNG, 'photo.png', 'image/png');
    const whole = await fetch(url, { headers: { authorization: `Bearer ${sut.key}` } });
    assert.equal(whole.status, 200);
    assert.deepEqual(new Uint8Array(await whole.arrayBuffer()), PNG);
    const keys = objectsIn(s3, 'labelyard-files');
    assert.ok(keys.length > 0 && keys.every((k) => k.startsWith(`prod${path.sep}`)), keys.join(', '));
    assert.equal(
      fs.existsSync(path.join(sut.ctx.config.dataDir, 'files')),
      false,
      'nothing under DATA_DIR/files',
    );
  });

  it('imports data rows from chunks and a manifest kept in S3', async () => {
    const ds = await createDataset(sut, 's3 rows');
    const { task } = await upsertItems(
      sut,
      ds.id,
      [
        { row_data: 'https://example.com/1.jpg', global_key: 's3-1' },
        { row_data: 'https://example.com/2.jpg', global_key: 's3-2' },
        { row_data: 'https://example.com/3.jpg', global_key: 's3-3' },
      ],
      { chunkSize: 2 },
    );
    assert.equal(task.status, 'COMPLETE');
    assert.deepEqual(task.metadata, { createdDataRowCount: 3, failedDataRowCount: 0 });
  });

  it('writes an export v2 result to S3 and streams its chunks through signed byte-range URLs', async () => {
    const project = await seedExportProject(sut, { images: 3, texts: 1 });
    const taskId = await startProjectExport(sut, project.projectId);
    const result = await readExportStream(sut, taskId);
    assert.ok(result, 'the export has a result stream');
    assert.equal(result.rows.length, 4);
    assert.equal(result.bytes.length, result.header.totalSize);
  });
});
