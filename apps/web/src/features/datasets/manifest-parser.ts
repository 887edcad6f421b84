/** One data row to create, as the server's upsert chunk item expects it. */
export type RowSpec = {
  row_data: string;
  global_key?: string;
  external_id?: string;
  media_type?: string;
  metadata_fields?: Array<{ name: string; value: unknown }>;
  attachments?: Array<{ type: string; value: string; name?: string }>;
};

export type RowProblem = { line: number; message: string };
export type ParsedManifest = { rows: RowSpec[]; problems: RowProblem[] };

const KNOWN = new Set([
  'row_data',
  'global_key',
  'external_id',
  'media_type',
  'metadata_fields',
  'attachments',
]);
const MAX_ROWS = 100_000;

/**
 * A manifest file the user picked: JSON (an array of rows), NDJSON (a row per line) or CSV (a header with
 * row_data and optional global_key, external_id, media_type; other columns become metadata). Each bad row is
 * reported by its line and left out; the good ones go on.
 */
export function parseManifest(fileName: string, text: string): ParsedManifest {
  const name = fileName.toLowerCase();
  if (name.endsWith('.csv')) return parseCsvManifest(text);
  if (name.endsWith('.ndjson') || name.endsWith('.jsonl')) return parseNdjson(text);
  const trimmed = text.trim();
  if (!trimmed.startsWith('[')) return parseNdjson(text);
  let values: unknown;
  try {
    values = JSON.parse(trimmed);
  } catch (e) {
    return { rows: [], problems: [{ line: 1, message: `Not valid JSON: ${(e as Error).message}` }] };
  }
  const out: ParsedManifest = { rows: [], problems: [] };
  (values as unknown[]).forEach((value, i) => take(out, i + 1, value));
  return out;
}

function parseNdjson(text: string): ParsedManifest {
  const out: ParsedManifest = { rows: [], problems: [] };
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      take(out, i + 1, JSON.parse(line));
    } catch (e) {
      out.problems.push({ line: i + 1, message: `Not valid JSON: ${(e as Error).message}` });
    }
  });
  return out;
}

function take(out: ParsedManifest, line: number, value: unknown): void {
  if (out.rows.length >= MAX_ROWS) {
    if (out.rows.length === MAX_ROWS)
      out.problems.push({ line, message: `Only ${MAX_ROWS} rows per manifest` });
    return;
  }
  const problem = rowProblem(value);
  if (problem) out.problems.push({ line, message: problem });
  else out.rows.push(toSpec(value as Record<string, unknown>));
}

function rowProblem(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? 'row_data is empty' : null;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'A row must be an object';
  const row = value as Record<string, unknown>;
  const data = row.row_data ?? row.rowData;
  if (typeof data !== 'string' || data.trim() === '') return 'row_data is missing (a URL or the text itself)';
  for (const key of ['global_key', 'external_id', 'media_type'] as const) {
    if (row[key] !== undefined && typeof row[key] !== 'string') return `${key} must be a string`;
  }
  return null;
}

function toSpec(value: Record<string, unknown> | string): RowSpec {
  if (typeof value === 'string') return { row_data: value };
  const spec: RowSpec = { row_data: String(value.row_data ?? value.rowData) };
  for (const key of ['global_key', 'external_id', 'media_type'] as const) {
    if (typeof value[key] === 'string') spec[key] = value[key];
  }
  if (Array.isArray(value.metadata_fields))
    spec.metadata_fields = value.metadata_fields as RowSpec['metadata_fields'];
  if (Array.isArray(value.attachments)) spec.attachments = value.attachments as RowSpec['attachments'];
  return spec;
}

function parseCsvManifest(text: string): ParsedManifest {
  const records = parseCsv(text);
  const out: ParsedManifest = { rows: [], problems: [] };
  const header = records.shift();
  if (!header || !header.includes('row_data')) {
    return { rows: [], problems: [{ line: 1, message: 'The CSV header needs a row_data column' }] };
  }
  records.forEach((cells, i) => {
    if (cells.length === 1 && cells[0] === '') return;
    const row: Record<string, unknown> = {};
    const metadata: Array<{ name: string; value: unknown }> = [];
    header.forEach((column, c) => {
      const cell = cells[c] ?? '';
      if (KNOWN.has(column)) {
        if (cell !== '') row[column] = cell;
      } else if (cell !== '') metadata.push({ name: column, value: cell });
    });
    if (metadata.length > 0) row.metadata_fields = metadata;
    take(out, i + 2, row);
  });
  return out;
}

/** RFC 4180: quoted cells may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

export function isManifestFile(name: string): boolean {
  return /\.(json|ndjson|jsonl|csv)$/i.test(name);
}

/** The media type of an uploaded file, or null when we cannot label it. */
export function mediaTypeOfFile(file: {
  name: string;
  type: string;
}): 'IMAGE' | 'TEXT' | 'VIDEO' | 'AUDIO' | 'PDF' | null {
  const type = file.type.toLowerCase();
  if (type.startsWith('image/')) return 'IMAGE';
  if (type.startsWith('video/')) return 'VIDEO';
  if (type.startsWith('audio/')) return 'AUDIO';
  if (type === 'application/pdf') return 'PDF';
  if (type.startsWith('text/') || /\.(txt|md)$/i.test(file.name)) return 'TEXT';
  if (/\.(png|jpe?g|gif|webp|bmp)$/i.test(file.name)) return 'IMAGE';
  return null;
}
