import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { compileKeyFilter, filterKeys } from '../src/services/label-studio/storage/key-filter.ts';
import { S3Bucket } from '../src/services/label-studio/storage/s3-bucket.ts';
import type { S3Settings } from '../src/services/label-studio/storage/s3-settings.ts';
import { SecretBox } from '../src/services/label-studio/storage/secrets.ts';

/**
 * The parts of the S3 import storage that s3rver cannot show: regex_filter as Python's re.match with its time bound,
 * credentials sealed at rest, and a bucket listing with folder markers and pages (s3rver cannot store a folder
 * marker), read from a server answering S3's own XML.
 */
describe('S3 import storage parts', () => {
  it('matches keys as re.match: anchored at the start only, Python spellings read', () => {
    const keys = ['a.png', 'dir/b.png', 'c.PNG', 'd.png.txt', 'x/a.png'];
    assert.deepEqual(filterKeys('.*\\.png', keys), ['a.png', 'dir/b.png', 'd.png.txt', 'x/a.png']);
    assert.deepEqual(filterKeys('.*\\.png\\Z', keys), ['a.png', 'dir/b.png', 'x/a.png']);
    assert.deepEqual(filterKeys('(?i).*\\.png$', keys), ['a.png', 'dir/b.png', 'c.PNG', 'x/a.png']);
    assert.deepEqual(filterKeys('(?P<dir>\\w+)/(?P=dir)?', ['dir/b.png', 'a.png']), ['dir/b.png']);
    assert.deepEqual(filterKeys('png', keys), []);
    assert.deepEqual(filterKeys('a|x', keys), ['a.png', 'x/a.png']);
    assert.deepEqual(filterKeys(null, keys), keys);
    assert.match(compileKeyFilter('([') as string, /Not a valid regular expression/);
  });

  it('stops a pattern that backtracks without end within its time bound', () => {
    const started = Date.now();
    assert.throws(() => filterKeys('(a+)+$', [`${'a'.repeat(40)}!`]), /regex_filter took longer than 250 ms/);
    assert.ok(Date.now() - started < 2_000);
  });

  it('seals credentials: the key opens them, another key or a changed byte does not', () => {
    const key = randomBytes(32);
    const box = new SecretBox(key);
    const sealed = box.seal('{"aws_secret_access_key":"s3cr3t"}');
    assert.ok(!sealed.includes('s3cr3t'));
    assert.notEqual(box.seal('same'), box.seal('same'));
    assert.equal(box.open(sealed), '{"aws_secret_access_key":"s3cr3t"}');
    assert.equal(new SecretBox(randomBytes(32)).open(sealed), undefined);
    const parts = sealed.split('.');
    parts[3] = Buffer.from('x').toString('base64url') + parts[3]!.slice(2);
    assert.equal(box.open(parts.join('.')), undefined);
    assert.equal(box.open('garbage'), undefined);
  });

  it('lists a page at a time after a marker, leaving folder markers out, unsigned without credentials', async () => {
    const keys = ['images/', 'images/a.png', 'images/b.png', 'images/sub/', 'images/sub/c.png'];
    const asked: URLSearchParams[] = [];
    const signed: (string | undefined)[] = [];
    const server = http.createServer((req, res) => {
      signed.push(req.headers.authorization);
      const query = new URL(req.url ?? '/', 'http://x').searchParams;
      asked.push(query);
      const marker = query.get('marker') ?? '';
      const max = Number(query.get('max-keys') ?? 1000);
      const after = keys.filter((k) => k > marker);
      const page = after.slice(0, max);
      res.setHeader('content-type', 'application/xml');
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>b</Name><Prefix>images/</Prefix>` +
          `<IsTruncated>${after.length > max}</IsTruncated>` +
          page.map((k) => `<Contents><Key>${k}</Key><Size>1</Size></Contents>`).join('') +
          `</ListBucketResult>`,
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const settings: S3Settings = {
      title: '',
      description: '',
      bucket: 'b',
      prefix: 'images/',
      regex_filter: null,
      use_blob_urls: true,
      presign: true,
      presign_ttl: 1,
      recursive_scan: true,
      aws_sse_kms_key_id: null,
      region_name: null,
      s3_endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      synchronizable: true,
    };
    const none = { aws_access_key_id: null, aws_secret_access_key: null, aws_session_token: null };
    const bucket = await S3Bucket.open(settings, none, { allowPrivate: true });
    try {
      const seen: string[] = [];
      let marker: string | undefined;
      do {
        const page = await bucket.listPage(marker, 2);
        seen.push(...page.objects.map((o) => o.key));
        marker = page.next;
      } while (marker);
      assert.deepEqual(seen, ['images/a.png', 'images/b.png', 'images/sub/c.png']);
      assert.deepEqual(
        asked.map((q) => q.get('marker')),
        [null, 'images/a.png', 'images/sub/'],
      );
      assert.ok(asked.every((q) => q.get('prefix') === 'images/' && !q.has('delimiter')));
      // A storage without credentials sends unsigned requests (a public bucket), never the server's own.
      assert.deepEqual(signed, [undefined, undefined, undefined]);
    } finally {
      bucket.close();
      server.close();
    }
    // Refused before any request when private addresses are not allowed.
    await assert.rejects(S3Bucket.open(settings, none, { allowPrivate: false }), /private, loopback/);
  });
});
