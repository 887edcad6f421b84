import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { buildApp } from '../../src/http/app.ts';
import { redactUrl } from '../../src/http/request-log.ts';
import { createTestContext } from '../harness.ts';

describe('security: API keys and URL signatures never reach the request log', () => {
  let fixture: Awaited<ReturnType<typeof createTestContext>>;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let url: string;
  let log = '';
  before(async () => {
    fixture = await createTestContext(process.env.TEST_DATABASE_URL ? 'postgres' : 'sqlite');
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        log += chunk.toString('utf8');
        done();
      },
    });
    app = await buildApp({ ...fixture.ctx, logger: pino({ level: 'info' }, sink) });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await app.close();
    await fixture.close();
  });

  it('logs ?token= keys and ?sig= signatures as [REDACTED]', async () => {
    const key = fixture.actor.key;
    await fetch(`${url}/masks/feature/nothing?token=${encodeURIComponent(key)}`);
    await fetch(`${url}/graphql?query=${encodeURIComponent('{user{id}}')}&token=${key}`);
    const signed = fixture.ctx.signer.sign({ key: `${fixture.actor.organizationId}/uploads/x.png` });
    const sig = new URL(signed, url).searchParams.get('sig')!;
    await fetch(url + signed);
    assert.ok(log.includes('request completed'), 'the request log is on');
    assert.ok(log.includes('"url":"/graphql?query='), 'the request line names the request');
    assert.ok(!log.includes(key), 'an API key was logged');
    assert.ok(!log.includes(sig), 'a URL signature was logged');
    assert.ok(log.includes('token=[REDACTED]') && log.includes('sig=[REDACTED]'));
  });

  it('redacts whatever the parameter spelling, and keeps the rest of the URL', () => {
    assert.equal(redactUrl('/a?x=1&TOKEN=abc&y=2'), '/a?x=1&TOKEN=[REDACTED]&y=2');
    assert.equal(redactUrl('/a?to%6Ben=abc'), '/a?to%6Ben=[REDACTED]');
    assert.equal(redactUrl('/a'), '/a');
  });
});
