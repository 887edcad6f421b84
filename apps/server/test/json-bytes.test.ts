import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsonBytes } from '../src/http/json-bytes.ts';

const literal = (s: string) => Buffer.from(JSON.stringify(s));
/** A long string (a rendered label) and its kept JSON bytes. */
const label = JSON.stringify({ objects: [{ title: 'box "quoted" \\ é ✓ 😀', bbox: { top: 1 } }] }).repeat(8);
const literals = new Map([[label, literal(label)]]);

/** The writer's bytes must be JSON.stringify's, whatever the value. */
const same = (value: unknown, kept: ReadonlyMap<string, Uint8Array> = literals) =>
  assert.equal(jsonBytes(value, kept).toString('utf8'), JSON.stringify(value));

describe('jsonBytes', () => {
  it('writes a labels page as JSON.stringify does, copying the kept label text', () => {
    const page = {
      data: {
        project: {
          labels: Array.from({ length: 100 }, (_, i) => ({
            id: `label-${i}`,
            label,
            createdAt: '2026-12-06T10:00:00.000Z',
            createdBy: { id: 'u1', email: 'ann@example.com' },
            dataRow: { id: `row-${i}`, externalId: i % 3 === 0 ? null : `${i}.jpg` },
          })),
        },
      },
    };
    same(page);
    // A kept literal is what the answer holds: wrong bytes under the label's text would show.
    const wrong = new Map([[label, Buffer.from(JSON.stringify('not the label'))]]);
    assert.notEqual(jsonBytes(page, wrong).toString('utf8'), JSON.stringify(page));
  });

  it('escapes strings, keys and numbers exactly as JSON.stringify', () => {
    same({
      quotes: 'a "b" \\ c',
      control: '\u0000\u0001\b\f\n\r\t\u001f\u007f',
      unicode: 'é ✓ 😀 \u2028\u2029',
      loneSurrogates: '\ud800 x \udfff',
      'key "with" \\ escapes\n': 1,
      é: 'non-ASCII key',
      numbers: [0, -0, 1.5, -2e-7, 1e21, 123456789012345680000, Number.MAX_VALUE, NaN, Infinity, -Infinity],
      booleans: [true, false],
      nulls: [null],
      '': 'empty key',
      long: 'x'.repeat(20_000),
    });
  });

  it('skips undefined and functions in objects and writes null for them in arrays', () => {
    const holes: number[] = [];
    holes[1] = 3;
    same({
      a: undefined,
      b: () => 1,
      c: Symbol('s'),
      d: 1,
      e: [undefined, () => 1, Symbol('s'), 2],
      f: holes,
    });
  });

  it('writes objects without a prototype (as graphql-js builds results) and nested arrays', () => {
    const row = Object.assign(Object.create(null) as Record<string, unknown>, {
      id: 'x',
      nested: [[1], [[2]], []],
    });
    same({ data: row, empty: {}, list: [] });
  });

  it('grows past its first buffer and past a long string of multi-byte characters', () => {
    same({ items: Array.from({ length: 5_000 }, (_, i) => ({ i, text: '✓😀'.repeat(i % 40), label })) });
  });

  it('leaves toJSON, class instances, boxed primitives and BigInts to JSON.stringify', () => {
    same({ when: new Date(0), custom: { toJSON: (key: string) => `key ${key}` }, label });
    same({ list: Object.assign([1, 2], { toJSON: () => 'list' }) });
    same({ boxed: [new String('s'), new Number(2), new Boolean(false)] });
    same({ map: new Map([[1, 2]]), label });
    assert.throws(() => jsonBytes({ big: 1n }, literals), TypeError);
    const cycle: Record<string, unknown> = { label };
    cycle.self = cycle;
    assert.throws(() => jsonBytes(cycle, literals), TypeError);
  });

  it('escapes a long string that is not kept', () => {
    same({ other: label + '!', label }, literals);
    same({ label }, new Map());
  });
});
