import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DateTime } from '../src/graphql/scalars.ts';

describe('DateTime scalar', () => {
  it('sends stored (canonical) times as they are', () => {
    assert.equal(DateTime.serialize('2024-10-16T12:00:00.000Z'), '2024-10-16T12:00:00.000Z');
    assert.equal(DateTime.serialize(new Date('2024-10-16T12:00:00Z')), '2024-10-16T12:00:00.000Z');
  });

  it('normalizes every other accepted form to the canonical one', () => {
    assert.equal(DateTime.serialize('2024-10-16T12:00:00Z'), '2024-10-16T12:00:00.000Z');
    assert.equal(DateTime.serialize('2024-10-16 12:00:00'), '2024-10-16T12:00:00.000Z');
    assert.equal(DateTime.serialize('2024-10-16T14:00:00.000+0200'), '2024-10-16T12:00:00.000Z');
    assert.equal(DateTime.serialize('2024-10-16'), '2024-10-16T00:00:00.000Z');
    assert.equal(DateTime.serialize('not a time'), 'not a time');
  });
});
