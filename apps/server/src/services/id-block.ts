import { randomBytes } from 'node:crypto';
import { newId } from '../ids.ts';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
/** Every two-character base-36 string, so that one table lookup yields two characters. */
const PAIRS: string[] = [];
for (const a of ALPHABET) for (const b of ALPHABET) PAIRS.push(a + b);

/**
 * `count` ids in the format of `newId()` (`c` + time + counter + random, 25 characters), made in one go for bulk
 * inserts: the time prefix is taken once from `newId()` and only counter and random parts vary, which costs a
 * fraction of `count` separate calls. Ids stay unique (11 random base-36 characters per id) and time-sortable.
 */
export function newIdBlock(count: number): string[] {
  const first = newId();
  const prefix = first.slice(0, 10);
  const start = parseInt(first.slice(10, 14), 36);
  if (start + count > 36 ** 4) return Array.from({ length: count }, () => newId());
  const random = randomBytes(count * 12);
  const out: string[] = new Array(count);
  out[0] = first;
  for (let i = 1; i < count; i++) {
    const c = start + i;
    const r = i * 12;
    out[i] =
      prefix +
      PAIRS[(c / 1296) | 0]! +
      PAIRS[c % 1296]! +
      PAIRS[((random[r]! << 8) | random[r + 1]!) % 1296]! +
      PAIRS[((random[r + 2]! << 8) | random[r + 3]!) % 1296]! +
      PAIRS[((random[r + 4]! << 8) | random[r + 5]!) % 1296]! +
      PAIRS[((random[r + 6]! << 8) | random[r + 7]!) % 1296]! +
      PAIRS[((random[r + 8]! << 8) | random[r + 9]!) % 1296]! +
      ALPHABET[random[r + 10]! % 36]!;
  }
  return out;
}
