import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  assertPublicUrl,
  guardedGetBuffer,
  guardedRequest,
  isPrivateAddress,
  UrlGuardError,
} from '../src/http/url-guard.ts';
import { localServer } from './label.factory.ts';

describe('url guard', () => {
  let sut: Awaited<ReturnType<typeof localServer>>;
  before(async () => {
    sut = await localServer(() => ({ body: 'hello' }));
  });
  after(async () => sut.close());

  it('classifies addresses', () => {
    for (const a of [
      '10.1.2.3',
      '127.0.0.1',
      '127.255.0.9',
      '169.254.169.254',
      '172.16.0.1',
      '192.168.1.1',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fe80::1',
      'fd00::5',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      '64:ff9b::7f00:1',
      '64:ff9b::10.0.0.1',
      // IPv6 forms that carry an IPv4 address are judged by it (issue 14: these were treated as public).
      '::127.0.0.1',
      '::7f00:1',
      '::a9fe:a9fe',
      '2002:7f00:1::1',
      '2002:a9fe:a9fe::',
      '2002:c0a8:101::5',
      '2001:0:7f00:1::1',
      '2001:0:4136:e378:8000:63bf:f5ff:fffe',
      '64:ff9b:1::8.8.8.8',
      '64:ff9b:1:ab::1',
      'not-an-ip',
    ])
      assert.equal(isPrivateAddress(a), true, a);
    for (const a of [
      '8.8.8.8',
      '1.1.1.1',
      '2606:4700:4700::1111',
      '::ffff:8.8.8.8',
      '64:ff9b::808:808',
      '::8.8.8.8',
      '2002:808:808::1',
      '2001:0:4136:e378:8000:63bf:f7f7:f7f7',
    ])
      assert.equal(isPrivateAddress(a), false, a);
  });

  it('refuses private targets before connecting, by literal address and after DNS resolution', async () => {
    for (const url of [
      `${sut.url}/x`,
      'http://10.0.0.1/x',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]:9/x',
      'http://localhost:9/x',
    ]) {
      await assert.rejects(assertPublicUrl(url, { allowPrivate: false }), UrlGuardError, url);
      await assert.rejects(
        guardedRequest(url, { timeoutMs: 2000 }, { allowPrivate: false }),
        /private, loopback or link-local/,
        url,
      );
    }
    await assert.rejects(
      assertPublicUrl('file:///etc/passwd', { allowPrivate: false }),
      /only http and https/,
    );
    assert.equal(sut.received.length, 0);
  });

  it('allows them when ALLOW_PRIVATE_URLS is set, and caps the body size', async () => {
    assert.equal(
      (await guardedGetBuffer(`${sut.url}/x`, { allowPrivate: true, maxBytes: 100 })).toString(),
      'hello',
    );
    await assert.rejects(
      guardedGetBuffer(`${sut.url}/x`, { allowPrivate: true, maxBytes: 3 }),
      /larger than 3 bytes/,
    );
    const res = await guardedRequest(
      `http://localhost:${new URL(sut.url).port}/y`,
      { method: 'POST', body: '{}' },
      { allowPrivate: true },
    );
    res.body.resume();
    assert.equal(res.status, 200);
  });
});
