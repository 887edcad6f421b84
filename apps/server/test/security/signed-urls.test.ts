import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isCanonicalKey } from '../../src/storage/url-signer.ts';
import { startTestServer, type TestServer } from '../harness.ts';

/**
 * Regression: `/files` decoded the path twice (`%252F` reached the key as `/`), `expires` was read with Number()
 * (`1e12`, ` 0x1`), the mask signature covered an importer-chosen feature id verbatim, and uploaded HTML/SVG
 * were served inline from the API's origin.
 */
describe('signed file URLs (security regression)', () => {
  let sut: TestServer;
  let org: string;
  before(async () => {
    sut = await startTestServer();
    org = sut.actor.organizationId;
    await sut.ctx.blobs.put(`${org}/uploads/page.html`, '<script>alert(1)</script>');
    await sut.ctx.blobs.put(`${org}/uploads/image.svg`, '<svg xmlns="http://www.w3.org/2000/svg"/>');
    await sut.ctx.blobs.put(`${org}/uploads/rows.json`, '[]');
  });
  after(async () => sut.close());

  const get = (path: string) => fetch(sut.url + path);

  it('serves a signed key, and refuses every other spelling of it', async () => {
    const signed = sut.ctx.signer.sign({ key: `${org}/uploads/rows.json` });
    assert.equal((await get(signed)).status, 200);
    const [path, query] = signed.split('?') as [string, string];
    for (const spelling of [
      path.replaceAll('/uploads/', '%2Fuploads%2F'),
      path.replaceAll('/uploads/', '%252Fuploads%252F'),
      path.replace('/uploads/', '//uploads/'),
      path.replace('rows.json', 'rows%2Ejson'),
    ]) {
      const res = await get(`${spelling}?${query}`);
      assert.ok(res.status === 403 || res.status === 404, `${spelling}: ${res.status}`);
    }
  });

  it('parses expires and range strictly', async () => {
    const signed = new URL(sut.ctx.signer.sign({ key: `${org}/uploads/rows.json` }), 'http://x');
    const expires = signed.searchParams.get('expires')!;
    for (const bad of [
      `${expires}.0`,
      ` ${expires}`,
      `+${expires}`,
      '1e12',
      `0x${Number(expires).toString(16)}`,
    ]) {
      const url = new URL(signed);
      url.searchParams.set('expires', bad);
      const res = await get(url.pathname + url.search);
      assert.equal(res.status, 403, bad);
      assert.match(((await res.json()) as { message: string }).message, /malformed expiry|bad signature/);
    }
    const ranged = new URL(
      sut.ctx.signer.sign({ key: `${org}/uploads/rows.json`, start: 0, end: 1 }),
      'http://x',
    );
    assert.equal((await get(ranged.pathname + ranged.search)).status, 200);
    ranged.searchParams.set('range', '1-0');
    assert.equal((await get(ranged.pathname + ranged.search)).status, 403);
  });

  it('never signs a key that is not canonical', () => {
    for (const key of ['a/../b', 'a//b', '/a', 'a/b%2Fc', 'a/b\n', 'a/./b', 'a\\b'])
      assert.throws(() => sut.ctx.signer.sign({ key }), /non-canonical/, key);
    assert.equal(isCanonicalKey(`${org}/uploads/x.png`), true);
  });

  it('serves HTML and SVG as attachments, sandboxed and not sniffed', async () => {
    for (const name of ['page.html', 'image.svg']) {
      const res = await get(sut.ctx.signer.sign({ key: `${org}/uploads/${name}` }));
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-disposition'), 'attachment', name);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.match(res.headers.get('content-security-policy') ?? '', /sandbox/);
    }
    const json = await get(sut.ctx.signer.sign({ key: `${org}/uploads/rows.json` }));
    assert.equal(json.headers.get('content-disposition'), null);
  });

  it('binds a mask URL to its feature id whatever characters the importer chose', () => {
    const masks = sut.ctx.services.masks;
    for (const feature of ['plain-uuid', 'a/b', 'a\nb', '../x', '%2F']) {
      const url = new URL(masks.signedUrl('http://x', org, 'label1', feature));
      const query = Object.fromEntries(url.searchParams);
      assert.deepEqual(masks.verify(feature, query), { organizationId: org, labelId: 'label1' }, feature);
      assert.equal(masks.verify(`${feature}x`, query), null, 'another feature is not granted');
      assert.equal(masks.verify(feature, { ...query, org: `${org}/label1`, label: 'x' }), null);
    }
  });
});
