import { isAscii } from 'node:buffer';

/** Characters (or bytes) per piece (about 350 data-row descriptors, a millisecond of JSON.parse). */
const PIECE_CHARS = 64 * 1024;
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
const COMMA = 0x2c;
/** JSON's whitespace: space, tab, line feed, carriage return. */
const SPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/** The text read: a string, or UTF-8 bytes decoded a piece at a time (positions are then byte offsets). */
interface Source {
  readonly length: number;
  /** Where `[{"` + the first key + `:` (the first item's start) occurs next from `from`, or -1. */
  indexOfHead(from: number): number;
  /** The code unit (string) or byte at `i`: the same for JSON's ASCII punctuation and whitespace. */
  code(i: number): number;
  slice(start: number, end?: number): string;
  whole(): string;
}

class StringSource implements Source {
  constructor(
    private readonly text: string,
    private readonly head: string,
  ) {}
  get length() {
    return this.text.length;
  }
  indexOfHead(from: number) {
    return this.text.indexOf(this.head, from);
  }
  code(i: number) {
    return this.text.charCodeAt(i);
  }
  slice(start: number, end?: number) {
    return this.text.slice(start, end);
  }
  whole() {
    return this.text;
  }
}

/**
 * Bytes decoded piece by piece: a large chunk is never one string (whose allocation and copy delayed the first
 * items by 5–20 ms in the parse thread). Pieces end at an ASCII comma, never inside a character.
 */
class BytesSource implements Source {
  private readonly encoding: 'latin1' | 'utf8';
  constructor(
    private readonly bytes: Buffer,
    private readonly head: Buffer,
  ) {
    // ASCII is its own UTF-8, and read as Latin-1 it is decoded 5× faster (see utf8Text).
    this.encoding = isAscii(bytes) ? 'latin1' : 'utf8';
  }
  get length() {
    return this.bytes.length;
  }
  indexOfHead(from: number) {
    return this.bytes.indexOf(this.head, from);
  }
  code(i: number) {
    return this.bytes[i]!;
  }
  slice(start: number, end?: number) {
    return this.bytes.toString(this.encoding, start, end);
  }
  whole() {
    return this.slice(0);
  }
}

/**
 * A JSON array of objects read piece by piece, so that a large upload chunk is read while the rows before it are
 * stored: each piece is a run of items, parsed with one JSON.parse. The outcome is what `JSON.parse(text)` answers —
 * the same items, or `failed` where it throws or answers something else than an array.
 *
 * A piece ends at a comma (and spaces) before an object that starts as the first item does (`{"id":` …; found with
 * indexOf, in compact JSON as in Python's `json.dumps` with its spaces), and is taken only when `[` + piece + `]`
 * parses. That proves the comma a top-level one: the piece is read from the same state as within the whole text (a
 * value expected inside the outer array), so it parsing as a list of values means the text is at the same place
 * after it. A look-alike inside a string or a nested list makes the piece fail to parse; then the rest is parsed in
 * one piece. Text of any other form than `[{…}]` is parsed whole.
 */
export class JsonArrayReader {
  /** The items read so far, in order. */
  items: unknown[] = [];
  /** The text is read to its end. */
  done = false;
  /** The text is not a JSON array. */
  failed = false;
  /** Where the next piece starts: a value is expected there. */
  private at = 1;
  private readonly text: Source;

  /** The text, or its UTF-8 bytes. `inPieces` false: the text is parsed whole at once. */
  constructor(text: string | Buffer, inPieces = true) {
    let plain: boolean;
    if (typeof text === 'string') {
      const colon = text.indexOf(':');
      plain = inPieces && text.startsWith('[{"') && text.endsWith(']') && colon > 0 && colon < 256;
      this.text = new StringSource(text, plain ? text.slice(1, colon + 1) : '');
    } else {
      const colon = text.indexOf(0x3a);
      plain =
        inPieces &&
        text[0] === 0x5b &&
        text[1] === 0x7b &&
        text[2] === 0x22 &&
        text[text.length - 1] === 0x5d &&
        colon > 0 &&
        colon < 256;
      this.text = new BytesSource(text, plain ? text.subarray(1, colon + 1) : Buffer.alloc(0));
    }
    if (!plain) this.readWhole();
  }

  /** Reads pieces until at least `count` items are read or the text ends. */
  readUntil(count: number): void {
    while (!this.done && this.items.length < count) this.readPiece();
  }

  /** Reads the rest, a piece per turn of the event loop; resolves true when the text was an array to its end. */
  async readRest(): Promise<boolean> {
    while (!this.done) {
      await nextTurn();
      this.readPiece();
    }
    return !this.failed;
  }

  private readPiece(): void {
    const comma = this.nextComma();
    if (comma < 0) return this.readLast();
    let piece: unknown[];
    try {
      piece = JSON.parse(`[${this.text.slice(this.at, comma)}]`) as unknown[];
    } catch {
      return this.readLast();
    }
    for (const item of piece) this.items.push(item);
    this.at = comma + 1;
  }

  /** The index of the next comma past PIECE_CHARS that spaces at most separate from an item's start (`head`). */
  private nextComma(): number {
    const { text } = this;
    for (let p = text.indexOfHead(this.at + PIECE_CHARS); p >= 0; p = text.indexOfHead(p + 1)) {
      let q = p - 1;
      while (q > this.at && SPACE.has(text.code(q))) q--;
      if (q > this.at && text.code(q) === COMMA) return q;
    }
    return -1;
  }

  private readLast(): void {
    this.done = true;
    let rest: unknown[];
    try {
      rest = JSON.parse(`[${this.text.slice(this.at)}`) as unknown[];
    } catch {
      this.failed = true;
      return;
    }
    for (const item of rest) this.items.push(item);
  }

  private readWhole(): void {
    this.done = true;
    let all: unknown;
    try {
      all = JSON.parse(this.text.whole());
    } catch {
      all = null;
    }
    if (Array.isArray(all)) this.items = all;
    else this.failed = true;
  }
}

/**
 * The file's text. Upload chunks are nearly always ASCII, and ASCII is its own UTF-8: checked (SIMD) and copied as
 * Latin-1, it is read 5× faster than through the UTF-8 decoder, and JSON.parse reads the one-byte string faster
 * too (20,000 descriptors: decode + parse 37–55 → 23–27 ms).
 */
export function utf8Text(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}
