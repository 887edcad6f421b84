import assert from 'node:assert/strict';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../harness.ts';
import { filesUnder, postMultipart, UPLOAD_FILE } from './security.helpers.ts';

const BOUNDARY = 'labelyard-test-boundary';

/** The start of a GraphQL multipart upload: operations, map and the first bytes of a file that never ends. */
function truncatedUpload(fileBytes: number): string {
  const field = (name: string, value: string) =>
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const operations = JSON.stringify({
    query: UPLOAD_FILE,
    variables: { file: null, contentLength: 10_000_000, sign: false },
  });
  return (
    field('operations', operations) +
    field('map', JSON.stringify({ '1': ['variables.file'] })) +
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="1"; filename="rows.json"\r\n` +
    `Content-Type: application/json\r\n\r\n${'x'.repeat(fileBytes)}`
  );
}

/** Opens a connection, sends a truncated upload, and returns the socket and a promise of its closing. */
async function startUpload(sut: TestServer): Promise<{ socket: net.Socket; closed: Promise<number> }> {
  const url = new URL(sut.url);
  const socket = net.connect(Number(url.port), url.hostname);
  socket.on('error', () => undefined);
  await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
  const started = Date.now();
  const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now() - started)));
  socket.write(
    [
      'POST /graphql HTTP/1.1',
      `Host: ${url.host}`,
      `Authorization: Bearer ${sut.key}`,
      `Content-Type: multipart/form-data; boundary=${BOUNDARY}`,
      'Content-Length: 10000000',
      '',
      '',
    ].join('\r\n') + truncatedUpload(256 * 1024),
  );
  return { socket, closed };
}

/** Regression: truncated uploads hung forever and kept a file descriptor and a `.tmp` file per connection. */
describe('uploads that stall (security regression)', () => {
  let sut: TestServer;
  let filesDir: string;
  before(async () => {
    sut = await startTestServer({ config: { uploadStallMs: 700 } });
    filesDir = path.join(sut.ctx.config.dataDir, 'files');
  });
  after(async () => sut.close());

  const leftovers = async () => (await filesUnder(filesDir)).filter((f) => f.includes('/uploads/'));

  it('closes a stalled upload after UPLOAD_STALL_SECONDS and deletes what it had stored', async () => {
    const uploads = await Promise.all(Array.from({ length: 5 }, () => startUpload(sut)));
    const waited = await Promise.race([
      Promise.all(uploads.map((u) => u.closed)),
      sleep(10_000).then(() => null),
    ]);
    assert.ok(waited, 'the server closed every stalled connection');
    for (const ms of waited) assert.ok(ms >= 600, `closed after ${ms} ms, before the stall timeout`);
    await sleep(200);
    assert.deepEqual(await leftovers(), []);
  });

  it('still takes a slow upload whose bytes keep coming (each gap under the timeout, the whole over it)', async () => {
    const url = new URL(sut.url);
    const content = '[' + Array.from({ length: 5 }, () => '1'.repeat(1000)).join(',') + ']';
    const body = truncatedUpload(0).replace('"contentLength":10000000', `"contentLength":${content.length}`);
    const tail = `\r\n--${BOUNDARY}--\r\n`;
    const total = Buffer.byteLength(body) + content.length + tail.length;
    const socket = net.connect(Number(url.port), url.hostname);
    let response = '';
    socket.on('data', (chunk) => (response += chunk.toString()));
    await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
    socket.write(
      `POST /graphql HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${sut.key}\r\n` +
        `Content-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: ${total}\r\n\r\n${body}`,
    );
    for (let i = 0; i < content.length; i += 1000) {
      await sleep(300); // 6 gaps of 300 ms: 1.8 s in all, over the 700 ms stall timeout
      socket.write(content.slice(i, i + 1000));
    }
    socket.write(tail);
    for (let i = 0; i < 50 && !response.includes('uploadFile'); i++) await sleep(100);
    socket.destroy();
    assert.match(response, /^HTTP\/1\.1 200/, response);
    assert.match(response, /"uploadFile":\{"url"/);
    assert.equal((await leftovers()).length, 1, 'the finished upload is kept');
  });
});

/**
 * Clean-up that must not wait for the stall timeout, on a server whose timeout is a minute: on a loaded machine a
 * short timeout would also close these connections and hide whether the clean-up came from the event under test.
 */
describe('uploads cut short by the client or by a limit (security regression)', () => {
  let sut: TestServer;
  let filesDir: string;
  before(async () => {
    sut = await startTestServer({ config: { uploadStallMs: 60_000 } });
    filesDir = path.join(sut.ctx.config.dataDir, 'files');
  });
  after(async () => sut.close());

  const leftovers = async () => (await filesUnder(filesDir)).filter((f) => f.includes('/uploads/'));

  it('cleans up at once when the client goes away mid-file', async () => {
    const uploads = await Promise.all(Array.from({ length: 5 }, () => startUpload(sut)));
    await sleep(150);
    for (const u of uploads) u.socket.destroy();
    // The stall timeout is a minute here, so files gone within seconds were deleted because the client left.
    let left = await leftovers();
    for (let i = 0; i < 100 && left.length > 0; i++) {
      await sleep(50);
      left = await leftovers();
    }
    assert.deepEqual(left, []);
  });

  it('deletes the files stored before a request went over the file-count limit', async () => {
    const before = (await leftovers()).length;
    const count = 101;
    const res = await postMultipart(sut, {
      operations: { query: UPLOAD_FILE, variables: { file: null, contentLength: 2, sign: false } },
      map: Object.fromEntries(Array.from({ length: count }, (_, i) => [String(i), ['variables.file']])),
      files: Array.from({ length: count }, (_, i) => ({ field: String(i), bytes: '[]' })),
    });
    assert.equal(res.status, 400, JSON.stringify(res.body));
    // The stored parts are deleted as the request is torn down, which may finish just after the answer is sent.
    let left = (await leftovers()).length;
    for (let i = 0; i < 100 && left !== before; i++) {
      await sleep(50);
      left = (await leftovers()).length;
    }
    assert.equal(left, before);
  });
});
