/**
 * Splits a stream of UTF-8 bytes into parsed JSON lines, holding at most one partial line in memory (exports of
 * millions of rows stream through it).
 */
export async function* ndjsonLines<T = unknown>(body: ReadableStream<Uint8Array>): AsyncGenerator<T> {
  const decoder = new TextDecoder();
  let rest = '';
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      rest += decoder.decode(value, { stream: true });
      let start = 0;
      for (let end = rest.indexOf('\n'); end >= 0; end = rest.indexOf('\n', start)) {
        const line = rest.slice(start, end);
        start = end + 1;
        if (line.trim() !== '') yield JSON.parse(line) as T;
      }
      rest = rest.slice(start);
    }
    rest += decoder.decode();
    if (rest.trim() !== '') yield JSON.parse(rest) as T;
  } finally {
    reader.releaseLock();
  }
}

/** NDJSON text of the items, one JSON document per line. */
export function toNdjson(items: Iterable<unknown>): string {
  let out = '';
  for (const item of items) out += JSON.stringify(item) + '\n';
  return out;
}
