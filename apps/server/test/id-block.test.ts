import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isId, newId } from '../src/ids.ts';
import { newIdBlock } from '../src/services/id-block.ts';

/** Ids made in blocks for bulk inserts: newId()'s format, unique, in creation order. */
describe('newIdBlock', () => {
  it('makes `count` distinct ids in the format of newId(), ascending', () => {
    for (const count of [1, 2, 1000, 20_000]) {
      const ids = newIdBlock(count);
      assert.equal(ids.length, count);
      assert.equal(new Set(ids).size, count);
      for (const id of ids) assert.ok(isId(id), id);
      for (let i = 1; i < count; i++) assert.ok(ids[i - 1]! < ids[i]!, `${ids[i - 1]} < ${ids[i]}`);
    }
  });

  it('gives nothing for zero; blocks made one after another share no id', () => {
    assert.deepEqual(newIdBlock(0), []);
    const first = newIdBlock(500);
    const second = newIdBlock(500);
    assert.equal(new Set([...first, ...second]).size, 1000);
  });

  it('uses up its counter values: ids made after a block, in a block or alone, sort after all of it', () => {
    // Made within the same millisecond, a later block once restarted one past the earlier block's first counter.
    for (let round = 0; round < 20; round++) {
      const first = newIdBlock(1000);
      const second = newIdBlock(1000);
      const single = newId();
      assert.ok(first.at(-1)! < second[0]!, `${first.at(-1)} < ${second[0]}`);
      assert.ok(second.at(-1)! < single, `${second.at(-1)} < ${single}`);
    }
  });

  it('varies the random part (no two ids share their last 11 characters)', () => {
    const tails = new Set(newIdBlock(5000).map((id) => id.slice(14)));
    assert.equal(tails.size, 5000);
  });
});
