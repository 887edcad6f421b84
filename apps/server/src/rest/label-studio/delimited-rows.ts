import { AppError } from '../../errors.ts';

/** The longest single CSV/TSV record we hold while splitting a file (a hostile file cannot make us hold more). */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;

const bad = (file: string, message: string) =>
  new AppError('MALFORMED_REQUEST', `Can't parse ${file}: ${message}`, { field: 'file' });

/**
 * Splits CSV (RFC 4180: quoted fields, doubled quotes, CRLF or LF, line breaks inside quotes) or TSV text into
 * records as it streams in; one record is held at a time.
 */
export async function* delimitedRecords(
  source: AsyncIterable<Buffer | string>,
  separator: ',' | '\t',
  file: string,
): AsyncGenerator<string[]> {
  const decoder = new TextDecoder('utf-8');
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let afterQuote = false;
  let size = 0;
  let started = false;
  let pendingCr = false;
  const endRecord = function* () {
    record.push(field);
    field = '';
    size = 0;
    const done = record;
    record = [];
    started = false;
    // Blank lines are skipped, as pandas skips them.
    if (!(done.length === 1 && done[0] === '')) yield done;
  };
  const consume = function* (text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (pendingCr) {
        pendingCr = false;
        if (c === '\n') continue;
      }
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i++;
          } else {
            // Closed, unless the next character (maybe in the next chunk) is a second quote.
            quoted = false;
            afterQuote = true;
          }
        } else field += c;
        continue;
      }
      if (afterQuote && c === '"') {
        // The quote that closed was the first of a doubled pair split across chunks.
        field += '"';
        quoted = true;
        afterQuote = false;
        continue;
      }
      afterQuote = false;
      if (c === '"' && field === '' && !started) {
        quoted = true;
        started = true;
      } else if (c === separator) {
        record.push(field);
        field = '';
        started = false;
      } else if (c === '\n' || c === '\r') {
        pendingCr = c === '\r';
        yield* endRecord();
      } else {
        field += c;
        started = true;
      }
    }
  };
  for await (const chunk of source) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    size += text.length;
    if (size > MAX_RECORD_BYTES) throw bad(file, `a record is longer than ${MAX_RECORD_BYTES} bytes`);
    yield* consume(text);
  }
  yield* consume(decoder.decode());
  if (quoted) throw bad(file, 'a quoted field is not closed');
  if (field !== '' || record.length > 0) yield* endRecord();
}

/** CSV/TSV tasks: the header names the data keys, every further record is one task's data. */
export async function* delimitedTasks(
  source: AsyncIterable<Buffer | string>,
  separator: ',' | '\t',
  file: string,
): AsyncGenerator<Record<string, string>> {
  let header: string[] | undefined;
  let line = 1;
  for await (const record of delimitedRecords(source, separator, file)) {
    if (!header) {
      header = record.map((h) => h.replace(/^\uFEFF/, '').trim());
      if (header.some((h) => h === '')) throw bad(file, 'the header has an empty column name');
      continue;
    }
    line++;
    if (record.length !== header.length)
      throw bad(file, `record ${line} has ${record.length} fields, the header has ${header.length}`);
    const data: Record<string, string> = {};
    header.forEach((h, i) => Object.defineProperty(data, h, { value: record[i], enumerable: true }));
    yield data;
  }
}

/** TXT tasks: one task per non-empty line, under the config's data key. */
export async function* lineTasks(
  source: AsyncIterable<Buffer | string>,
  key: string,
  file: string,
): AsyncGenerator<Record<string, string>> {
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  const emit = function* (line: string) {
    const text = line.replace(/\r$/, '');
    if (text.trim() !== '') yield { [key]: text };
  };
  for await (const chunk of source) {
    rest += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (rest.length > MAX_RECORD_BYTES && !rest.includes('\n'))
      throw bad(file, `a line is longer than ${MAX_RECORD_BYTES} bytes`);
    const lines = rest.split('\n');
    rest = lines.pop()!;
    for (const line of lines) yield* emit(line);
  }
  rest += decoder.decode();
  yield* emit(rest);
}
