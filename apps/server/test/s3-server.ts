import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import type { S3Options } from '../src/storage/s3-blob-store.ts';

/** s3rver's fixed credentials: it checks request signatures against them. */
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export type TestS3 = {
  /** Options for a store on the test bucket (override the prefix or bucket per test). */
  options: (overrides?: Partial<S3Options>) => S3Options;
  /** Where s3rver keeps the bucket's objects on disk, to check what was written. */
  directory: string;
  close: () => Promise<void>;
};

/** A real S3-protocol server on a free loopback port (s3rver, in this process), with one bucket. */
export async function startTestS3(bucket = 'labelyard-test'): Promise<TestS3> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'labelyard-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  return {
    directory,
    options: (overrides = {}) => ({
      bucket,
      prefix: '',
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: CREDENTIALS,
      ...overrides,
    }),
    close: async () => {
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
