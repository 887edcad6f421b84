/**
 * Strings of one answer whose JSON form is already kept as bytes (a rendered label: about 1.5 KB of escaped JSON,
 * the same on every read of the page), keyed by the string itself.
 */
export type JsonLiterals = Map<string, Uint8Array>;

/** Shorter strings are escaped as usual: looking them up would cost more than it saves. */
const MIN_LITERAL_LENGTH = 256;
/** Pending text is written to the buffer once it is this long (and before every kept literal). */
const FLUSH_AT = 8_192;

/**
 * `"key":` of the object keys met so far: an answer repeats the same few field names for every item of a page. Bounded
 * (keys of JSON scalar values are the client's), and once full, further keys are encoded each time.
 */
const encodedKeys = new Map<string, string>();
const MAX_ENCODED_KEYS = 2_000;

function encodedKey(k: string): string {
  let encoded = encodedKeys.get(k);
  if (encoded === undefined) {
    encoded = JSON.stringify(k) + ':';
    if (encodedKeys.size < MAX_ENCODED_KEYS) encodedKeys.set(k, encoded);
  }
  return encoded;
}

/** Thrown inside the writer for a value it leaves to JSON.stringify (a toJSON method, a class instance, a BigInt). */
class Delegate extends Error {}
/** One instance, made once: it is caught inside jsonBytes and never seen outside. */
const DELEGATE = new Delegate('left to JSON.stringify');

/**
 * `Buffer.from(JSON.stringify(value))`, byte for byte, written straight into a buffer: each string in `literals` is
 * copied from its kept bytes instead of being escaped, joined into the answer's text and encoded again. For a labels
 * page (157 KB, nearly all of it label JSON) that was the larger part of the request's cost in profiles:
 * JSON.stringify's escaping, then flattening its result, measuring its UTF-8 length and encoding it.
 *
 * Plain values only (objects with the plain or no prototype, arrays, strings, finite and other numbers, booleans,
 * null; undefined and functions skipped as JSON.stringify skips them); anything else (a toJSON method, another
 * prototype, a BigInt, a cycle) makes the whole value go through JSON.stringify, so the answer and any error are
 * exactly its own.
 */
export function jsonBytes(value: unknown, literals: ReadonlyMap<string, Uint8Array>): Buffer {
  try {
    if (typeof value !== 'object' || value === null) throw DELEGATE;
    // Room for every literal and the text around them, so that the buffer rarely grows.
    let size = 16_384;
    for (const literal of literals.values()) size += literal.length;
    const writer = new JsonWriter(literals, size * 1.25);
    writer.value(value);
    return writer.finish();
  } catch (error) {
    if (error !== DELEGATE && !(error instanceof RangeError)) throw error;
    return Buffer.from(JSON.stringify(value));
  }
}

class JsonWriter {
  private buffer: Buffer;
  private length = 0;
  private pending = '';

  constructor(
    private readonly literals: ReadonlyMap<string, Uint8Array>,
    size: number,
  ) {
    this.buffer = Buffer.allocUnsafe(Math.ceil(size));
  }

  /** Writes `v` as JSON.stringify would; false for a value it skips in an object (undefined, a function, a symbol). */
  value(v: unknown): boolean {
    switch (typeof v) {
      case 'string':
        this.string(v);
        return true;
      case 'number':
        this.pending += Number.isFinite(v) ? String(v) : 'null';
        return true;
      case 'boolean':
        this.pending += v ? 'true' : 'false';
        return true;
      case 'undefined':
      case 'function':
      case 'symbol':
        return false;
      case 'object':
        if (v === null) this.pending += 'null';
        else if (typeof (v as { toJSON?: unknown }).toJSON === 'function') throw DELEGATE;
        else if (Array.isArray(v)) this.array(v);
        else this.object(v as Record<string, unknown>);
        return true;
      case 'bigint':
        throw DELEGATE;
    }
  }

  finish(): Buffer {
    this.flush();
    return this.buffer.subarray(0, this.length);
  }

  private string(s: string): void {
    if (s.length >= MIN_LITERAL_LENGTH) {
      const literal = this.literals.get(s);
      if (literal !== undefined) {
        this.flush();
        this.reserve(literal.length);
        this.buffer.set(literal, this.length);
        this.length += literal.length;
        return;
      }
    }
    this.pending += JSON.stringify(s);
    if (this.pending.length >= FLUSH_AT) this.flush();
  }

  private array(items: unknown[]): void {
    this.pending += '[';
    for (let i = 0; i < items.length; i++) {
      if (i > 0) this.pending += ',';
      if (!this.value(items[i])) this.pending += 'null';
    }
    this.pending += ']';
  }

  private object(o: Record<string, unknown>): void {
    // A class instance or a boxed primitive (JSON.stringify unwraps those): the whole answer is left to it.
    const proto = Object.getPrototypeOf(o) as unknown;
    if (proto !== Object.prototype && proto !== null) throw DELEGATE;
    this.pending += '{';
    let first = true;
    for (const k of Object.keys(o)) {
      const v = o[k];
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
      this.pending += first ? encodedKey(k) : ',' + encodedKey(k);
      first = false;
      this.value(v);
    }
    this.pending += '}';
  }

  private flush(): void {
    if (this.pending === '') return;
    // At most 3 bytes per UTF-16 unit.
    this.reserve(this.pending.length * 3);
    this.length += this.buffer.write(this.pending, this.length, 'utf8');
    this.pending = '';
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }
}
