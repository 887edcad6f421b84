import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
let lastMs = 0;
let counter = 0;

function base36(value: number, width: number): string {
  let out = '';
  let v = value;
  for (let i = 0; i < width; i++) {
    out = ALPHABET[v % 36] + out;
    v = Math.floor(v / 36);
  }
  return out;
}

let pool = randomBytes(0);
let poolOffset = 0;
function randomChars(n: number): string {
  if (poolOffset + n > pool.length) {
    pool = randomBytes(4096);
    poolOffset = 0;
  }
  let out = '';
  for (let i = 0; i < n; i++) out += ALPHABET[pool[poolOffset++]! % 36];
  return out;
}

/**
 * A 25-character lowercase cuid-style id: `c` + 9 chars of millisecond time + 4 chars of a per-process counter
 * + 11 random chars. Ids sort by creation time (B-tree inserts stay append-only), and the Labelbox SDK accepts them
 * wherever it validates a `Cuid`.
 */
export function newId(): string {
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    counter = 0;
  } else {
    counter++;
    if (counter >= 36 ** 4) {
      lastMs++;
      counter = 0;
    }
  }
  return 'c' + base36(lastMs, 9) + base36(counter, 4) + randomChars(11);
}

/**
 * Uses up the next `count` counter values of newId() (ids made in a block, see newIdBlock), so that the ids made
 * after the block sort after it and never share its counter values.
 */
export function skipIds(count: number): void {
  counter += count;
  if (counter >= 36 ** 4) {
    lastMs++;
    counter = 0;
  }
}

export function isId(value: string): boolean {
  return /^c[0-9a-z]{24}$/.test(value);
}
