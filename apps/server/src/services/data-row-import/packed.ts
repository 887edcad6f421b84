import {
  AUTO_KEY,
  type DataRowFields,
  failureSpec,
  ItemError,
  parseItem,
  type ParsedItem,
} from '../data-row-descriptor.parser.ts';
import type { ImportFailure } from './batch.ts';
import type { MetadataIndex } from '../metadata.values.ts';

/**
 * A batch of upsert items parsed where the chunk was read (the import parse thread) and sent to where it is written,
 * in a form that costs little to send and to read back: the common item — a new row (`AUTO` key) without
 * attachments or vectors — as its string fields concatenated into one text with their ends, the rest as parsed
 * objects, and the items that failed parsing as their failures. Structured-cloning parsed items costs the receiving
 * thread as much as parsing their JSON again (measured: 1.5–4.3 µs per item either way); reading a row's fields
 * back as slices of one text costs a fraction of that.
 */
export type PackedBatch = {
  count: number;
  /** Per item: PLAIN (fields in `text`), PARSED (in `parsed`) or FAILED (in `failed`). */
  kinds: Uint8Array;
  /** The plain items' fields (PLAIN_FIELDS per item, in order), concatenated. */
  text: string;
  /** Per plain item and field: where the field ends in `text`, or -1 when the item does not set it. */
  ends: Int32Array;
  parsed: Array<{ index: number; item: ParsedItem }>;
  failed: Array<{ index: number; failure: ImportFailure }>;
};

/** Items per recorded outcome (a job's checkpoint and page unit) and per packed batch; a transaction may write several. */
export const IMPORT_BATCH_SIZE = 1000;

export const PLAIN = 0;
export const PARSED = 1;
export const FAILED = 2;

/** datasetId, rowData, mediaAttributes, externalId, globalKey, mediaType, metadataText. */
const PLAIN_FIELDS = 7;

/** Items `start..end-1` parsed and packed (the parse thread's side). */
export function packBatch(
  items: readonly unknown[],
  start: number,
  end: number,
  metadata: MetadataIndex,
  nulFree: boolean,
): PackedBatch {
  const count = end - start;
  const kinds = new Uint8Array(count);
  const ends = new Int32Array(count * PLAIN_FIELDS);
  const parts: string[] = [];
  const parsed: PackedBatch['parsed'] = [];
  const failed: PackedBatch['failed'] = [];
  let at = 0;
  let e = 0;
  const put = (value: string | null | undefined) => {
    if (typeof value === 'string') {
      parts.push(value);
      at += value.length;
      ends[e++] = at;
    } else ends[e++] = -1;
  };
  for (let i = 0; i < count; i++) {
    const raw = items[start + i];
    let item: ParsedItem;
    try {
      item = parseItem(raw, metadata, nulFree);
    } catch (error) {
      if (!(error instanceof ItemError)) throw error;
      kinds[i] = FAILED;
      failed.push({ index: i, failure: { message: error.message, spec: failureSpec(raw) } });
      continue;
    }
    const f = item.fields;
    if (item.key.type !== 'AUTO' || f.attachments !== undefined || f.embeddings !== undefined) {
      kinds[i] = PARSED;
      parsed.push({ index: i, item });
      continue;
    }
    kinds[i] = PLAIN;
    put(f.datasetId);
    put(f.rowData);
    put(f.mediaAttributes);
    put(f.externalId);
    put(f.globalKey);
    put(f.mediaType);
    put(f.metadata && f.metadata.length > 0 ? JSON.stringify(f.metadata) : null);
  }
  return { count, kinds, text: parts.join(''), ends, parsed, failed };
}

/**
 * The batch's items as the importer takes them (the writing thread's side): parsed items, undefined where an item
 * failed, its failure put in `results` at `offset` + its index. A field a plain item does not set reads as
 * undefined: for a new row, as for the parsed item, that is what an absent or null value comes to.
 */
export function unpackBatch(
  batch: PackedBatch,
  results: Array<string | ImportFailure | undefined>,
  offset: number,
): Array<ParsedItem | undefined> {
  const { count, kinds, text, ends } = batch;
  const out: Array<ParsedItem | undefined> = new Array(count);
  let at = 0;
  let e = 0;
  const next = (): string | undefined => {
    const end = ends[e++]!;
    if (end < 0) return undefined;
    const value = text.slice(at, end);
    at = end;
    return value;
  };
  for (let i = 0; i < count; i++) {
    if (kinds[i] !== PLAIN) continue;
    const fields: DataRowFields = {
      datasetId: next(),
      rowData: next(),
      mediaAttributes: next(),
      externalId: next(),
      globalKey: next(),
      mediaType: next(),
      metadata: undefined,
      metadataText: next(),
      attachments: undefined,
      embeddings: undefined,
    };
    out[i] = { key: AUTO_KEY, fields };
  }
  for (const p of batch.parsed) out[p.index] = p.item;
  for (const f of batch.failed) results[offset + f.index] = f.failure;
  return out;
}
