import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { S3Client } from '@aws-sdk/client-s3';
import { AppError } from '../src/errors.ts';
import type { BlobStore } from '../src/storage/blob-store.ts';
import { LocalBlobStore } from '../src/storage/local-blob-store.ts';
import { S3BlobStore } from '../src/storage/s3-blob-store.ts';
import { startTestS3, type TestS3 } from './s3-server.ts';

const text = async (stream: Readable) => {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(chunk as Buffer);
  return Buffer.concat(parts).toString();
};

/** The same contract for every store: what the services rely on, whichever profile runs them. */
function contract(name: string, open: () => Promise<{ store: BlobStore; close: () => Promise<void> }>) {
  describe(`blob store contract: ${name}`, () => {
    let store: BlobStore;
    let close: () => Promise<void>;
    before(async () => ({ store, close } = await open()));
    after(async () => close());

    it('stores strings, buffers and streams and reports their size', async () => {
      assert.deepEqual(await store.put('org/a/text.txt', 'hello world'), { size: 11 });
      assert.deepEqual(await store.put('org/a/bytes.bin', Buffer.from([1, 2, 3])), { size: 3 });
      assert.deepEqual(
        await store.put('org/a/stream.txt', Readable.from([Buffer.from('ab'), Buffer.from('cd')])),
        {
          size: 4,
        },
      );
      assert.equal(await text(await store.read('org/a/text.txt')), 'hello world');
      assert.deepEqual([...(await store.readBuffer('org/a/bytes.bin'))], [1, 2, 3]);
      assert.equal((await store.readBuffer('org/a/stream.txt')).toString(), 'abcd');
      assert.deepEqual(await store.stat('org/a/text.txt'), { size: 11 });
    });

    it('streams a file larger than one multipart part, byte for byte', async () => {
      const big = Buffer.alloc(11 * 1024 * 1024);
      for (let i = 0; i < big.length; i += 4096) big[i] = (i / 4096) % 251;
      const parts = [big.subarray(0, 3_000_000), big.subarray(3_000_000, 9_500_000), big.subarray(9_500_000)];
      assert.deepEqual(await store.put('org/big.bin', Readable.from(parts)), { size: big.length });
      assert.ok((await store.readBuffer('org/big.bin')).equals(big));
    });

    it('reads an inclusive byte range', async () => {
      await store.put('org/range.txt', 'hello world');
      assert.equal(await text(await store.read('org/range.txt', { start: 6, end: 10 })), 'world');
      assert.equal(await text(await store.read('org/range.txt', { start: 0, end: 4 })), 'hello');
    });

    it('opens downloads with the object size and the clamped range length', async () => {
      await store.put('org/dl.txt', 'hello world');
      const whole = await store.download('org/dl.txt');
      assert.ok(whole);
      assert.deepEqual([whole.size, whole.length], [11, 11]);
      assert.equal(await text(whole.body), 'hello world');
      const part = await store.download('org/dl.txt', { start: 6, end: 99 });
      assert.ok(part);
      assert.deepEqual([part.size, part.length], [11, 5]);
      assert.equal(await text(part.body), 'world');
      const past = await store.download('org/dl.txt', { start: 20, end: 30 });
      assert.ok(past);
      assert.deepEqual([past.size, past.length], [11, 0]);
      assert.equal(await text(past.body), '');
      assert.equal(await store.download('org/missing'), null);
    });

    it('answers RESOURCE_NOT_FOUND for a missing key, stat null, and deletes idempotently', async () => {
      await assert.rejects(
        store.read('org/missing'),
        (e: unknown) => e instanceof AppError && e.code === 'RESOURCE_NOT_FOUND',
      );
      await assert.rejects(
        store.readBuffer('org/missing'),
        (e: unknown) => e instanceof AppError && e.code === 'RESOURCE_NOT_FOUND',
      );
      assert.equal(await store.stat('org/missing'), null);
      await store.put('org/gone.txt', 'x');
      await store.delete('org/gone.txt');
      await store.delete('org/gone.txt');
      assert.equal(await store.stat('org/gone.txt'), null);
    });

    it('refuses keys that could escape their prefix', async () => {
      for (const key of ['', '/abs', 'a/../b', 'a//b', './a', 'a/.'])
        await assert.rejects(store.put(key, 'x'), /Unsafe blob key/, key);
    });

    it('leaves nothing behind when the source stream fails mid-way', async () => {
      const failing = new Readable({
        read() {
          this.push(Buffer.alloc(6 * 1024 * 1024, 1));
          this.destroy(new Error('client went away'));
        },
      });
      await assert.rejects(store.put('org/broken.bin', failing), /client went away/);
      assert.equal(await store.stat('org/broken.bin'), null);
    });
  });
}

contract('local files', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'labelyard-blobs-'));
  return {
    store: new LocalBlobStore(root),
    close: async () => fs.rmSync(root, { recursive: true, force: true }),
  };
});

let s3: TestS3 | undefined;
contract('S3 (s3rver)', async () => {
  s3 = await startTestS3();
  const store = await S3BlobStore.open(s3.options({ prefix: 'install-1/' }));
  return {
    store,
    close: async () => {
      store.close();
      await s3?.close();
    },
  };
});

describe('S3 blob store setup', () => {
  let server: TestS3;
  before(async () => (server = await startTestS3('setup-bucket')));
  after(async () => server.close());

  it('keeps objects under the prefix, so one bucket can serve several installations', async () => {
    const one = await S3BlobStore.open(server.options({ prefix: 'one/' }));
    const two = await S3BlobStore.open(server.options({ prefix: 'two/' }));
    await one.put('org/file.txt', 'from one');
    assert.equal(await two.stat('org/file.txt'), null);
    assert.equal((await one.readBuffer('org/file.txt')).toString(), 'from one');
    const onDisk = fs
      .readdirSync(path.join(server.directory, 'setup-bucket'), { recursive: true })
      .map(String);
    assert.ok(
      onDisk.some((p) => p.startsWith(`one${path.sep}org`)),
      onDisk.join(', '),
    );
    one.close();
    two.close();
  });

  it('serves a download with one request to the bucket (no HeadObject first)', async () => {
    const store = await S3BlobStore.open(server.options({ prefix: 'count/' }));
    await store.put('org/counted.txt', 'counted bytes');
    const commands: string[] = [];
    // The AWS SDK's own middleware stack sees every command the store sends.
    (store as unknown as { client: S3Client }).client.middlewareStack.add(
      (next, context) => (args) => {
        commands.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize' },
    );
    const download = await store.download('org/counted.txt', { start: 8, end: 12 });
    assert.ok(download);
    assert.deepEqual([download.size, download.length, await text(download.body)], [13, 5, 'bytes']);
    assert.deepEqual(commands, ['GetObjectCommand']);
    store.close();
  });

  it('refuses to start on a missing bucket or wrong credentials, naming the bucket', async () => {
    await assert.rejects(
      S3BlobStore.open(server.options({ bucket: 'no-such-bucket' })),
      /S3 bucket "no-such-bucket" does not exist/,
    );
    await assert.rejects(
      S3BlobStore.open(
        server.options({ credentials: { accessKeyId: 'NOT-A-KEY', secretAccessKey: 'wrong' } }),
      ),
      /S3 bucket "setup-bucket" is not accessible with these credentials/,
    );
  });
});
