import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { buildApp } from '../src/http/app.ts';
import { RequestLogger, requestLogger } from '../src/http/request-log.ts';
import { createTestContext, httpDialect } from './harness.ts';

const sink = () => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, stream };
};

describe('request log: one line per request, from a request logger made only when used', () => {
  let fixture: Awaited<ReturnType<typeof createTestContext>>;
  let app: Awaited<ReturnType<typeof buildApp>>;
  const log = sink();
  before(async () => {
    fixture = await createTestContext(httpDialect);
    app = await buildApp({ ...fixture.ctx, logger: pino({ level: 'info' }, log.stream) });
    app.get('/logs-inside', { config: { public: true } }, async (request) => {
      request.log.info({ step: 1 }, 'inside the handler');
      return { ok: true };
    });
    app.get('/fails', { config: { public: true } }, async () => {
      throw new Error('broken on purpose');
    });
    await app.ready();
  });
  after(async () => {
    await app.close();
    await fixture.close();
  });

  const linesOf = (reqId: string) =>
    log.lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.reqId === reqId);

  it('writes the completed line of a request that logged nothing with the fields and order of the child logger', async () => {
    const quiet = await app.inject({ method: 'GET', url: '/health' });
    const loud = await app.inject({ method: 'GET', url: '/logs-inside' });
    assert.equal(quiet.statusCode, 200);
    assert.equal(loud.statusCode, 200);
    const quietId = log.lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.req && (l.req as { url: string }).url === '/health')?.reqId as string;
    const loudId = log.lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.msg === 'inside the handler')?.reqId as string;
    assert.match(quietId, /^req-/);
    assert.match(loudId, /^req-/);
    assert.notEqual(quietId, loudId);

    const [quietLine] = linesOf(quietId);
    const [inside, loudLine] = linesOf(loudId);
    assert.equal(linesOf(quietId).length, 1);
    assert.equal(inside!.msg, 'inside the handler');
    assert.equal(inside!.step, 1);
    // The quiet request's line comes from the parent, the loud one's from the child it made: same keys, same order.
    const keys = ['level', 'time', 'pid', 'hostname', 'reqId', 'req', 'res', 'responseTime', 'msg'];
    assert.deepEqual(Object.keys(quietLine!), keys);
    assert.deepEqual(Object.keys(loudLine!), keys);
    assert.deepEqual(quietLine!.req, {
      method: 'GET',
      url: '/health',
      host: 'localhost:80',
      remoteAddress: '127.0.0.1',
    });
    assert.deepEqual(quietLine!.res, { statusCode: 200 });
    assert.equal(quietLine!.msg, 'request completed');
    assert.equal(loudLine!.msg, 'request completed');
  });

  it('logs a failed request with its id on every line, the error at error level', async () => {
    const failed = await app.inject({ method: 'GET', url: '/fails' });
    assert.equal(failed.statusCode, 500);
    const id = log.lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.msg === 'unhandled error')?.reqId as string;
    assert.match(id, /^req-/);
    const lines = linesOf(id);
    assert.deepEqual(
      lines.map((l) => [l.level, l.msg, (l.err as { message?: string } | undefined)?.message]),
      [
        [50, 'unhandled error', 'broken on purpose'],
        [30, 'request completed', undefined],
      ],
    );
    assert.deepEqual(lines[1]!.res, { statusCode: 500 });
  });
});

describe('RequestLogger', () => {
  it('makes the pino child only when something logs through it, and then binds the request id', () => {
    const out = sink();
    const parent = requestLogger(pino({ level: 'info' }, out.stream));
    const log = new RequestLogger(parent, { reqId: 'req-7' });
    assert.equal(log.level, 'info');
    assert.equal(log.lineLogger(), parent);
    assert.deepEqual(log.lineBindings(), { reqId: 'req-7' });
    log.debug('below the level');
    const made = log.lineLogger();
    assert.notEqual(made, parent);
    log.warn({ n: 1 }, 'warned');
    assert.equal(log.lineLogger(), made);
    assert.equal(log.lineBindings(), undefined);
    const nested = log.child({ part: 'a' });
    nested.error('nested');
    const lines = out.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      lines.map((l) => [l.msg, l.reqId, l.part, l.n]),
      [
        ['warned', 'req-7', undefined, 1],
        ['nested', 'req-7', 'a', undefined],
      ],
    );
  });

  it('follows its parent level until it has a child, and a level set on it stays its own', () => {
    const parent = requestLogger(pino({ level: 'warn' }, sink().stream));
    const log = new RequestLogger(parent, { reqId: 'req-8' });
    assert.equal(log.level, 'warn');
    log.level = 'debug';
    assert.equal(log.level, 'debug');
    assert.equal(parent.level, 'warn');
  });
});
