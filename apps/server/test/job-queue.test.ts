import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pino from 'pino';
import { JobQueue } from '../src/jobs/job-queue.ts';
import { JobRepository } from '../src/repositories/job.repository.ts';
import { createTestContext, dialects } from './harness.ts';

const logger = pino({ level: 'silent' });

for (const dialect of dialects) {
  describe(`job queue on ${dialect}`, () => {
    it('runs a job in the request with runNow and records its result', async () => {
      const t = await createTestContext(dialect);
      try {
        const sut = new JobQueue(t.db, logger, 0);
        sut.register('echo', async ({ payload }) => ({ result: { echoed: payload } }));
        const job = await sut.enqueue(t.actor, { type: 'echo', name: 'Echo', payload: { n: 1 } });
        const done = await sut.runNow(job.id);
        assert.equal(done?.status, 'DONE');
        assert.deepEqual(JSON.parse(done!.result!), { echoed: { n: 1 } });
        assert.equal(done?.progress, 1);
      } finally {
        await t.close();
      }
    });

    it('returns the same job for the same idempotency key (a client retry)', async () => {
      const t = await createTestContext(dialect);
      try {
        const sut = new JobQueue(t.db, logger, 0);
        const a = await sut.enqueue(t.actor, { type: 'x', name: 'x', payload: {}, idempotencyKey: 'k1' });
        const b = await sut.enqueue(t.actor, { type: 'x', name: 'x', payload: {}, idempotencyKey: 'k1' });
        assert.equal(a.id, b.id);
      } finally {
        await t.close();
      }
    });

    it('survives a crash: a running job whose lease expired is taken again by the next worker', async () => {
      const t = await createTestContext(dialect);
      try {
        const crashed = new JobQueue(t.db, logger, 0);
        const job = await crashed.enqueue(t.actor, { type: 'count', name: 'Count', payload: {} });
        // A worker took it and died: RUNNING with a lease in the past.
        const repo = new JobRepository(t.db);
        const past = new Date(Date.now() - 120_000).toISOString();
        assert.ok(await repo.claim(job.id, 'dead-worker', past, new Date(Date.now() - 60_000).toISOString()));
        const sut = new JobQueue(t.db, logger, 1, 20);
        let runs = 0;
        sut.register('count', async () => {
          runs++;
          return { result: { runs } };
        });
        sut.start();
        for (let i = 0; i < 100 && (await repo.findById(job.id))?.status !== 'DONE'; i++) {
          await new Promise((r) => setTimeout(r, 20));
        }
        await sut.stop();
        const row = await repo.findById(job.id);
        assert.equal(row?.status, 'DONE');
        assert.equal(row?.attempts, 2);
        assert.equal(runs, 1);
      } finally {
        await t.close();
      }
    });

    it('retries a failing job with backoff, then marks it FAILED with the error', async () => {
      const t = await createTestContext(dialect);
      try {
        const sut = new JobQueue(t.db, logger, 0);
        sut.register('boom', async () => {
          throw new Error('kaput');
        });
        const job = await sut.enqueue(t.actor, { type: 'boom', name: 'Boom', payload: {}, maxAttempts: 1 });
        const row = await sut.runNow(job.id);
        assert.equal(row?.status, 'FAILED');
        assert.deepEqual(JSON.parse(row!.errors!), [{ message: 'kaput' }]);
      } finally {
        await t.close();
      }
    });

    it('never lets two workers run the same job', async () => {
      const t = await createTestContext(dialect);
      try {
        const a = new JobQueue(t.db, logger, 0);
        const b = new JobQueue(t.db, logger, 0);
        let runs = 0;
        for (const q of [a, b]) {
          q.register('once', async () => {
            runs++;
            await new Promise((r) => setTimeout(r, 30));
            return {};
          });
        }
        const job = await a.enqueue(t.actor, { type: 'once', name: 'Once', payload: {} });
        await Promise.all([a.runNow(job.id), b.runNow(job.id)]);
        assert.equal(runs, 1);
      } finally {
        await t.close();
      }
    });
  });
}
