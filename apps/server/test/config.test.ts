import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../src/config.ts';

describe('configuration from the environment', () => {
  it('keeps files locally unless S3_BUCKET is set', () => {
    assert.equal(loadConfig({}).s3, undefined);
    assert.equal(loadConfig({ S3_BUCKET: '' }).s3, undefined, 'an empty variable counts as unset');
  });

  it('reads the S3 settings, path-style by default for a custom endpoint only', () => {
    assert.deepEqual(
      loadConfig({
        S3_BUCKET: 'files',
        S3_ENDPOINT: 'http://minio:9000',
        S3_PREFIX: 'labelyard/',
        S3_ACCESS_KEY_ID: 'id',
        S3_SECRET_ACCESS_KEY: 'secret',
      }).s3,
      {
        bucket: 'files',
        prefix: 'labelyard/',
        endpoint: 'http://minio:9000',
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: { accessKeyId: 'id', secretAccessKey: 'secret' },
      },
    );
    const aws = loadConfig({ S3_BUCKET: 'files', S3_REGION: 'eu-west-1' }).s3;
    assert.equal(aws?.forcePathStyle, false);
    assert.equal(aws?.credentials, undefined, "the AWS SDK's default credential chain");
    assert.equal(loadConfig({ S3_BUCKET: 'files', S3_FORCE_PATH_STYLE: 'true' }).s3?.forcePathStyle, true);
  });

  it('names the variable and the problem for bad S3 settings', () => {
    assert.throws(
      () => loadConfig({ S3_ENDPOINT: 'http://minio:9000' }),
      /S3_ENDPOINT is set but S3_BUCKET is not/,
    );
    assert.throws(
      () => loadConfig({ S3_BUCKET: 'files', S3_ACCESS_KEY_ID: 'id' }),
      /set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY/,
    );
    assert.throws(
      () => loadConfig({ S3_BUCKET: 'files', S3_PREFIX: 'no-slash' }),
      /S3_PREFIX: must be empty or path/,
    );
    assert.throws(() => loadConfig({ S3_BUCKET: 'files', S3_PREFIX: '../up/' }), /S3_PREFIX/);
    assert.throws(() => loadConfig({ S3_BUCKET: 'files', S3_ENDPOINT: 'not a url' }), /S3_ENDPOINT/);
  });
});
