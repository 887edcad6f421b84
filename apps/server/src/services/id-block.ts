import { newId, randomDigits, skipIds } from '../ids.ts';

/** The base-36 digits as bytes, indexed by value. */
const DIGITS = Buffer.from('0123456789abcdefghijklmnopqrstuvwxyz', 'latin1');
const ID_LENGTH = 25;
/** `c` + 9 characters of time: shared by every id of a block. */
const PREFIX = 10;
const COUNTER = 4;
const RANDOM = ID_LENGTH - PREFIX - COUNTER;

/**
 * `count` ids in the format of `newId()` (`c` + time + counter + random, 25 characters), made in one go for bulk
 * inserts: the time prefix is taken once from `newId()` and only counter and random parts vary, which costs a
 * fraction of `count` separate calls. Ids stay unique (11 random base-36 characters per id) and time-sortable.
 * The ids are written as bytes into one buffer and read back as one string, each id a slice of it: flat strings,
 * which SQLite binds without first flattening a chain of concatenations (profiled: 1.1 → 0.7 µs per bound id).
 * The block's counter values are used up (`skipIds`): ids made after it, in a block or not, sort after it.
 */
export function newIdBlock(count: number): string[] {
  if (count === 0) return [];
  const first = newId();
  const start = parseInt(first.slice(PREFIX, PREFIX + COUNTER), 36);
  if (start + count > 36 ** COUNTER) return Array.from({ length: count }, () => newId());
  const bytes = Buffer.allocUnsafe(count * ID_LENGTH);
  bytes.write(first, 0, 'latin1');
  const random = new Uint8Array(count * RANDOM);
  randomDigits(random, 0, count * RANDOM);
  for (let i = 1; i < count; i++) {
    const at = i * ID_LENGTH;
    bytes.copy(bytes, at, 0, PREFIX);
    let c = start + i;
    for (let k = PREFIX + COUNTER - 1; k >= PREFIX; k--) {
      bytes[at + k] = DIGITS[c % 36]!;
      c = (c / 36) | 0;
    }
    const r = i * RANDOM;
    for (let k = 0; k < RANDOM; k++) bytes[at + PREFIX + COUNTER + k] = DIGITS[random[r + k]!]!;
  }
  skipIds(count - 1);
  const text = bytes.toString('latin1');
  const out: string[] = new Array(count);
  out[0] = first;
  for (let i = 1; i < count; i++) out[i] = text.slice(i * ID_LENGTH, (i + 1) * ID_LENGTH);
  return out;
}
