import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildSchema as buildSdlSchema, type ValidationRule } from 'graphql';
import { DocumentCache } from '../src/cache/document-cache.ts';
import { LruMap } from '../src/cache/lru-map.ts';

const v1 = buildSdlSchema('type Query { user: User } type User { id: ID! }');
const v2 = buildSdlSchema('type Query { user: User } type User { id: ID! email: String! }');

describe('DocumentCache', () => {
  it('parses and validates a query string once', () => {
    const sut = new DocumentCache();
    const first = sut.prepare(v1, '{ user { id } }');
    const second = sut.prepare(v1, '{ user { id } }');
    assert.equal(first.ok, true);
    assert.equal(second, first, 'the second request reuses the prepared document');
    assert.equal(sut.size, 1);
  });

  it('keeps the verdict on invalid documents: parse and validation errors', () => {
    const sut = new DocumentCache();
    const parse = sut.prepare(v1, '{ user { id }');
    assert.equal(parse.ok, false);
    assert.equal(!parse.ok && parse.stage, 'parse');
    const invalid = sut.prepare(v1, '{ user { email } }');
    assert.equal(!invalid.ok && invalid.stage, 'validate');
    assert.match(!invalid.ok ? invalid.errors[0]!.message : '', /Cannot query field "email" on type "User"/);
    assert.equal(sut.prepare(v1, '{ user { email } }'), invalid);
  });

  it('revalidates everything when the schema changes', () => {
    const sut = new DocumentCache();
    const query = '{ user { id email } }';
    assert.equal(sut.prepare(v1, query).ok, false);
    const under2 = sut.prepare(v2, query);
    assert.equal(under2.ok, true, 'a field the new schema has is valid now');
    assert.equal(sut.size, 1, 'entries validated against the old schema are gone');
    const removed = sut.prepare(v1, query);
    assert.equal(removed.ok, false, 'and invalid again when the field goes away');
  });

  it('applies the configured validation rules and caches their verdict', () => {
    let runs = 0;
    const counting: ValidationRule = () => {
      runs++;
      return {};
    };
    const sut = new DocumentCache({ rules: [counting] });
    sut.prepare(v1, '{ user { id } }');
    sut.prepare(v1, '{ user { id } }');
    assert.equal(runs, 1);
  });

  it('stays bounded: least recently used queries go first, huge queries are never held', () => {
    const sut = new DocumentCache({ max: 2, maxQueryLength: 100 });
    const a = sut.prepare(v1, '{ a: user { id } }');
    sut.prepare(v1, '{ b: user { id } }');
    sut.prepare(v1, '{ a: user { id } }');
    sut.prepare(v1, '{ c: user { id } }');
    assert.equal(sut.size, 2);
    assert.equal(sut.prepare(v1, '{ a: user { id } }'), a, 'a was used recently, so b was dropped');
    const huge = `{ user { id } } # ${'x'.repeat(200)}`;
    assert.notEqual(sut.prepare(v1, huge), sut.prepare(v1, huge));
  });
});

describe('LruMap', () => {
  it('evicts the least recently used entry and deletes by predicate', () => {
    const sut = new LruMap<string, number>(3);
    sut.set('a', 1);
    sut.set('b', 2);
    sut.set('c', 3);
    sut.get('a');
    sut.set('d', 4);
    assert.equal(sut.get('b'), undefined);
    assert.equal(sut.get('a'), 1);
    assert.equal(
      sut.deleteWhere((v) => v % 2 === 1),
      2,
    );
    assert.equal(sut.size, 1);
    assert.throws(() => new LruMap(0), /positive integer/);
  });
});
