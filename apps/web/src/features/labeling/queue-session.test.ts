import { describe, expect, it } from 'vitest';
import { QueueSession } from './queue-session.ts';

/** A fake of the server's rule: at most two held; a third ask returns the oldest held; null when none left. */
function fakeQueue(rows: string[]) {
  const held: string[] = [];
  const queue = [...rows];
  return {
    held,
    reserve: async () => {
      if (held.length >= 2) return { id: held[0]! };
      const id = queue.shift();
      if (id === undefined) return held[0] ? { id: held[0] } : null;
      held.push(id);
      return { id };
    },
    finish: (id: string) => held.splice(held.indexOf(id), 1),
  };
}

describe('QueueSession', () => {
  it('opens a row, preloads the next, and moves through the queue to the end', async () => {
    const q = fakeQueue(['a', 'b', 'c']);
    const sut = new QueueSession(q.reserve);
    expect((await sut.start())?.id).toBe('a');
    expect((await sut.preload())?.id).toBe('b');
    expect((await sut.preload())?.id).toBe('b');
    q.finish('a');
    expect((await sut.advance())?.id).toBe('b');
    expect((await sut.preload())?.id).toBe('c');
    q.finish('b');
    expect((await sut.advance())?.id).toBe('c');
    expect(await sut.preload()).toBeNull();
    q.finish('c');
    expect(await sut.advance()).toBeNull();
    expect(sut.done).toBe(true);
  });

  it('finds its rows again after a reload (the server returns what is held)', async () => {
    const q = fakeQueue(['a', 'b', 'c']);
    await new QueueSession(q.reserve).start();
    await q.reserve();
    const reloaded = new QueueSession(q.reserve);
    expect((await reloaded.start())?.id).toBe('a');
    expect((await reloaded.preload())?.id).toBeUndefined();
  });

  it('is done at once on an empty queue', async () => {
    const sut = new QueueSession(fakeQueue([]).reserve);
    expect(await sut.start()).toBeNull();
    expect(sut.done).toBe(true);
  });
});
