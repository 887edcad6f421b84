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
/** 7 × 36: a byte below it is a base-36 digit by `% 36` with every digit equally likely (256 = 7 × 36 + 4). */
const UNBIASED_BELOW = 252;
const POOL_SIZE = 4096;

/**
 * Writes `n` random base-36 digit values (0–35) into `out` from `at`, uniformly: bytes of 252 and above are drawn
 * again rather than folded onto 0–3 (which made those four digits 8/7 as likely as the others).
 */
export function randomDigits(out: Uint8Array, at: number, n: number): void {
  let i = 0;
  // A large block draws its own bytes (about 2 % more than it needs, for the ones drawn again) in one call.
  if (n > POOL_SIZE) {
    while (i < n) {
      const bytes = randomBytes(Math.ceil((n - i) * 1.02) + 64);
      for (let o = 0; o < bytes.length && i < n; o++) {
        const b = bytes[o]!;
        if (b < UNBIASED_BELOW) out[at + i++] = b % 36;
      }
    }
    return;
  }
  while (i < n) {
    if (poolOffset === pool.length) {
      pool = randomBytes(POOL_SIZE);
      poolOffset = 0;
    }
    const b = pool[poolOffset++]!;
    if (b < UNBIASED_BELOW) out[at + i++] = b % 36;
  }
}

const randomPart = new Uint8Array(11);
function randomChars(n: number): string {
  randomDigits(randomPart, 0, n);
  let out = '';
  for (let i = 0; i < n; i++) out += ALPHABET[randomPart[i]!];
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
