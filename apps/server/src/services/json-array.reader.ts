/** Characters per piece (about 350 data-row descriptors, a millisecond of JSON.parse). */
const PIECE_CHARS = 64 * 1024;
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
const COMMA = 0x2c;
/** JSON's whitespace: space, tab, line feed, carriage return. */
const SPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

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
  /** How the first item starts; empty when the text is read whole. */
  private readonly head: string;

  /** `inPieces` false: the text is parsed whole at once. */
  constructor(
    private readonly text: string,
    inPieces = true,
  ) {
    const colon = text.indexOf(':');
    const plain = inPieces && text.startsWith('[{"') && text.endsWith(']') && colon > 0 && colon < 256;
    this.head = plain ? text.slice(1, colon + 1) : '';
    if (!this.head) this.readWhole();
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
    const { text, head } = this;
    for (let p = text.indexOf(head, this.at + PIECE_CHARS); p >= 0; p = text.indexOf(head, p + 1)) {
      let q = p - 1;
      while (q > this.at && SPACE.has(text.charCodeAt(q))) q--;
      if (q > this.at && text.charCodeAt(q) === COMMA) return q;
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
      all = JSON.parse(this.text);
    } catch {
      all = null;
    }
    if (Array.isArray(all)) this.items = all;
    else this.failed = true;
  }
}
