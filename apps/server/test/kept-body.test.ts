import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeptBody } from '../src/rest/label-studio/kept-body.ts';

async function* chunks(parts: string[], reads: string[]): AsyncGenerator<Buffer> {
  for (const part of parts) {
    reads.push(part);
    yield Buffer.from(part);
  }
}

const text = async (body: AsyncIterable<Buffer>) => {
  let out = '';
  for await (const c of body) out += c.toString();
  return out;
};

/** An import body kept to be read again (task imports that need image sizes run twice). */
describe('KeptBody', () => {
  it('reads the body again from the start, reading what the first reader left first', async () => {
    const reads: string[] = [];
    const kept = new KeptBody(chunks(['[1,', '2,', '3]'], reads), 100);
    for await (const c of kept.stream()) {
      assert.equal(c.toString(), '[1,');
      break; // a reader that stops early (an import refused at its first task)
    }
    assert.deepEqual(reads, ['[1,']);
    assert.equal(await text((await kept.again())!), '[1,2,3]');
    assert.deepEqual(reads, ['[1,', '2,', '3]']);
    assert.equal(await text((await kept.again())!), '[1,2,3]');
  });

  it('keeps nothing past its limit, and cannot read such a body again', async () => {
    const reads: string[] = [];
    const kept = new KeptBody(chunks(['12345', '67890', 'abc'], reads), 8);
    assert.equal(await text(kept.stream()), '1234567890abc');
    assert.equal(await kept.again(), undefined);
    const early = new KeptBody(chunks(['12345', '67890', 'abc'], []), 8);
    for await (const _ of early.stream()) break;
    assert.equal(await early.again(), undefined);
  });
});
