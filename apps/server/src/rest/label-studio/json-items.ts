import { createHash } from 'node:crypto';
import { AppError } from '../../errors.ts';

/** The largest single task we buffer while splitting a stream (a hostile body cannot make us hold more). */
export const MAX_ITEM_BYTES = 64 * 1024 * 1024;

const bad = (message: string) =>
  new AppError('MALFORMED_REQUEST', `Request body is not valid JSON: ${message}`, {
    field: 'non_field_errors',
  });

/**
 * Splits a JSON body into its top-level items as it streams in: the elements of an array, or the one object.
 * Only bytes are scanned (depth, strings, escapes); each complete item is parsed alone, so memory holds one item,
 * never the body. `hash()` is the SHA-256 of every byte read, for idempotent retries.
 */
export function jsonItems(source: AsyncIterable<Buffer | string>): {
  items: AsyncIterable<unknown>;
  hash: () => string;
} {
  const digest = createHash('sha256');
  let final: string | undefined;
  const hash = () => (final ??= digest.digest('hex'));
  async function* items(): AsyncGenerator<unknown> {
    let depth = 0;
    let inString = false;
    let escaped = false;
    let topArray: boolean | undefined;
    let parts: Buffer[] = [];
    let partBytes = 0;
    let itemStart = -1;
    let done = false;
    for await (const raw of source) {
      const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
      digest.update(chunk);
      let i = 0;
      if (itemStart >= 0) itemStart = 0;
      for (; i < chunk.length; i++) {
        const c = chunk[i]!;
        if (inString) {
          if (escaped) escaped = false;
          else if (c === 0x5c) escaped = true;
          else if (c === 0x22) inString = false;
          continue;
        }
        if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
        if (done) throw bad('unexpected data after the end');
        if (topArray === undefined) {
          if (c === 0x5b) {
            topArray = true;
            depth = 1;
            continue;
          }
          if (c !== 0x7b) throw bad('expected a list of tasks or one task object');
          topArray = false;
          itemStart = i;
        }
        if (topArray && depth === 1) {
          if (c === 0x2c) continue;
          if (c === 0x5d) {
            depth = 0;
            done = true;
            continue;
          }
          if (c !== 0x7b) throw bad('each task must be a JSON object');
          itemStart = i;
        }
        if (c === 0x22) inString = true;
        else if (c === 0x7b || c === 0x5b) depth++;
        else if (c === 0x7d || c === 0x5d) {
          depth--;
          if (depth === (topArray ? 1 : 0)) {
            parts.push(chunk.subarray(itemStart, i + 1));
            const text = Buffer.concat(parts).toString('utf8');
            parts = [];
            partBytes = 0;
            itemStart = -1;
            let value: unknown;
            try {
              value = JSON.parse(text);
            } catch (e) {
              throw bad(e instanceof Error ? e.message : String(e));
            }
            yield value;
            if (!topArray) done = true;
          }
        }
      }
      if (itemStart >= 0) {
        const rest = chunk.subarray(itemStart);
        parts.push(rest);
        partBytes += rest.length;
        if (partBytes > MAX_ITEM_BYTES) throw bad(`a task is larger than ${MAX_ITEM_BYTES} bytes`);
      }
    }
    if (topArray === undefined) throw bad('the body is empty');
    if (depth !== 0 || inString) throw bad('the body ends in the middle of a value');
  }
  return { items: items(), hash };
}
