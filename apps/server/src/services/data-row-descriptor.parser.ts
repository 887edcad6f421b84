import { type MetadataEntry, type MetadataIndex, normalizeMetadata } from './metadata.values.ts';
import { NUL_MESSAGE, nulPath } from '../nul-text.ts';

/**
 * One element of a Labelbox upsert chunk: `{id: {type: AUTO | ID | GKEY, value}, payload: {row_data, global_key,
 * external_id, media_type, metadata_fields, attachments, dataset_id}}`. Parsing is hand-written (no schema library
 * per row): it runs once per imported row and must stay cheap.
 */
export type AttachmentInput = { type: string; value: string; name: string | null };
/** A custom-embedding vector given with the row (`EmbeddingVector.to_gql()`: `{embeddingId, vector}`). */
export type EmbeddingVectorInput = { embeddingId: string; vector: number[] };

/** The fields an item sets; absent keys are `undefined` (an upsert changes only what it names). */
export type DataRowFields = {
  datasetId: string | undefined;
  rowData: string | undefined;
  mediaAttributes: string | null | undefined;
  externalId: string | null | undefined;
  globalKey: string | null | undefined;
  mediaType: string | null | undefined;
  metadata: MetadataEntry[] | undefined;
  /** The metadata as stored (JSON), when it comes so from the parse thread (`metadata` is then undefined). */
  metadataText?: string | undefined;
  attachments: AttachmentInput[] | undefined;
  embeddings: EmbeddingVectorInput[] | undefined;
};

export type ParsedItem = {
  key: { type: 'AUTO' } | { type: 'ID' | 'GKEY'; value: string };
  fields: DataRowFields;
};

/** What a failure shows of the item (`failedDataRowImports.results.spec`). */
export type FailureSpec = {
  externalId: string | null;
  globalKey: string | null;
  rowData: string | null;
  metadata: Array<{ schemaId: string | null; value: unknown; name: string | null }>;
  attachments: Array<{ type: string | null; value: string | null; name: string | null }>;
};

export const ATTACHMENT_TYPES = new Set([
  'VIDEO',
  'IMAGE',
  'IMAGE_OVERLAY',
  'HTML',
  'RAW_TEXT',
  'TEXT_URL',
  'PDF_URL',
  'CAMERA_IMAGE',
]);
export const MEDIA_TYPES = new Set([
  'AUDIO',
  'CONVERSATIONAL',
  'DICOM',
  'PDF',
  'TMS_GEO',
  'HTML',
  'IMAGE',
  'LLM_PROMPT_CREATION',
  'LLM_PROMPT_RESPONSE_CREATION',
  'TEXT',
  'TMS_SIMPLE',
  'VIDEO',
  'POINT_CLOUD',
  'LLM',
  'UNKNOWN',
  'UNSUPPORTED',
]);
const MAX_GLOBAL_KEY = 200;
const TILE_KEYS = ['tileLayerUrl', 'bounds', 'minZoom', 'maxZoom', 'epsg', 'alternativeLayers'];

export class ItemError extends Error {}

/** Why a global key is refused, or null: at most 200 characters, no whitespace at either end or twice in a row. */
export function globalKeyProblem(key: string): string | null {
  if (key.length === 0) return 'it is empty';
  if (key.length > MAX_GLOBAL_KEY) return `it is longer than ${MAX_GLOBAL_KEY} characters`;
  if (/^\s|\s$/.test(key)) return 'it starts or ends with whitespace';
  if (/\s\s/.test(key)) return 'it contains consecutive whitespace';
  return null;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Row data as stored, and what kind of content it is when the form says so (a dict form). */
export type InterpretedRowData = {
  rowData: string;
  mediaAttributes: string | null;
  /** A JSON document (conversation, tile layer…), stored as its text. */
  isObject: boolean;
  /** The content type the form implies (`application/pdf` for `{pdfUrl}`, `application/json` for other dicts). */
  detected: string | null;
};

/**
 * Row data as Labelbox interprets it, for `create_data_rows` and `data_row.update(row_data=…)` alike: URLs and
 * text as given; objects as JSON text, except a PDF (`{pdfUrl, textLayerUrl | tileLayerUrl}`), whose URL becomes
 * the row data and whose text layer becomes a media attribute.
 */
export function interpretRowData(raw: unknown): InterpretedRowData {
  if (typeof raw === 'string') {
    if (raw.length === 0) throw new ItemError('row_data must not be empty');
    return { rowData: raw, mediaAttributes: null, isObject: false, detected: null };
  }
  if (isObject(raw)) {
    if (Object.keys(raw).length === 0) throw new ItemError('row_data must not be empty');
    const pdf = raw.pdfUrl ?? raw.pdf_url;
    if (typeof pdf === 'string' && pdf.length > 0) {
      const layer = raw.textLayerUrl ?? raw.text_layer_url ?? raw.tileLayerUrl;
      return {
        rowData: pdf,
        mediaAttributes: typeof layer === 'string' ? JSON.stringify({ textLayerUrl: layer }) : null,
        isObject: false,
        detected: 'application/pdf',
      };
    }
    return {
      rowData: JSON.stringify(raw),
      mediaAttributes: null,
      isObject: true,
      detected: 'application/json',
    };
  }
  throw new ItemError('row_data must be a URL, a text or an object');
}

/** Content types each media type takes from a dict form; JSON-document media types take JSON. */
const EXPECTED_BY_MEDIA: Record<string, string> = {
  IMAGE: 'image/*',
  VIDEO: 'video/*',
  AUDIO: 'audio/*',
  TEXT: 'text/*',
  HTML: 'text/html',
  DICOM: 'application/dicom',
  PDF: 'application/pdf',
};

/**
 * Labelbox's refusal when a row's media type contradicts what its row data is (`Expected type image/*, detected:
 * application/json`), or null. Only dict forms say what they are; URLs and texts are taken at their word.
 */
export function mediaTypeMismatch(
  mediaType: string | null | undefined,
  data: InterpretedRowData,
): string | null {
  if (!mediaType || data.detected === null) return null;
  const expected = EXPECTED_BY_MEDIA[mediaType];
  if (expected === undefined || expected === data.detected) return null;
  return `Expected type ${expected}, detected: ${data.detected}`;
}

/** At most one vector per custom embedding, and an organization has at most 10 of them. */
const MAX_ROW_EMBEDDINGS = 10;

function parseEmbeddings(raw: unknown): EmbeddingVectorInput[] {
  if (!Array.isArray(raw)) throw new ItemError('embeddings must be a list');
  if (raw.length > MAX_ROW_EMBEDDINGS)
    throw new ItemError(`embeddings must hold at most ${MAX_ROW_EMBEDDINGS} vectors`);
  const seen = new Set<string>();
  return raw.map((e, i) => {
    if (!isObject(e)) throw new ItemError(`embeddings[${i}] must be an object`);
    const embeddingId = e.embeddingId ?? e.embedding_id;
    if (typeof embeddingId !== 'string' || embeddingId.length === 0)
      throw new ItemError(`embeddings[${i}].embeddingId must be an embedding id`);
    if (seen.has(embeddingId))
      throw new ItemError(`embeddings[${i}].embeddingId: embedding ${embeddingId} is given twice`);
    seen.add(embeddingId);
    const v = e.vector;
    if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'number' && Number.isFinite(x)))
      throw new ItemError(`embeddings[${i}].vector must be a non-empty list of finite numbers`);
    if (!v.some((x) => x !== 0))
      throw new ItemError(
        `embeddings[${i}].vector must not be all zeros (cosine similarity needs a direction)`,
      );
    return { embeddingId, vector: v as number[] };
  });
}

function parseAttachments(raw: unknown): AttachmentInput[] {
  if (!Array.isArray(raw)) throw new ItemError('attachments must be a list');
  return raw.map((a, i) => {
    if (!isObject(a)) throw new ItemError(`attachments[${i}] must be an object`);
    if (typeof a.type !== 'string' || !ATTACHMENT_TYPES.has(a.type)) {
      throw new ItemError(
        `attachments[${i}].type must be one of ${[...ATTACHMENT_TYPES].join(', ')}; got ${JSON.stringify(a.type)}`,
      );
    }
    if (typeof a.value !== 'string' || a.value.length === 0)
      throw new ItemError(`attachments[${i}].value must be a non-empty string`);
    if (a.name !== undefined && a.name !== null && typeof a.name !== 'string')
      throw new ItemError(`attachments[${i}].name must be a string`);
    return { type: a.type, value: a.value, name: typeof a.name === 'string' ? a.name : null };
  });
}

function optionalString(payload: Record<string, unknown>, key: string): string | null | undefined {
  const v = payload[key];
  if (v === undefined) return undefined;
  if (v === null || typeof v === 'string') return v;
  throw new ItemError(`${key} must be a string`);
}

/** The key of every item without one (shared: parsed items are read, never changed). */
export const AUTO_KEY: ParsedItem['key'] = Object.freeze({ type: 'AUTO' });

/**
 * Parses one item; throws `ItemError` with the message the task reports for the row. `nulFree`: the caller knows
 * the item holds no U+0000 (its JSON text has no `\u0000`, see `jsonMayHoldNul`), so it is not walked for one.
 */
export function parseItem(item: unknown, metadata: MetadataIndex, nulFree = false): ParsedItem {
  if (!isObject(item)) throw new ItemError('Each item must be an object');
  const wrapped = isObject(item.payload);
  const payload = wrapped ? (item.payload as Record<string, unknown>) : item;
  if (!nulFree) {
    const nul = nulPath(payload, '');
    if (nul) throw new ItemError(`${nul} ${NUL_MESSAGE}`);
  }
  let key: ParsedItem['key'] = AUTO_KEY;
  if (wrapped && isObject(item.id) && item.id.type !== 'AUTO' && item.id.type !== undefined) {
    const { type, value } = item.id;
    if ((type !== 'ID' && type !== 'GKEY') || typeof value !== 'string' || value.length === 0) {
      throw new ItemError(`id must be {type: AUTO | ID | GKEY, value}; got ${JSON.stringify(item.id)}`);
    }
    key = { type, value };
  }

  let rawRowData = payload.row_data;
  if (rawRowData === undefined && typeof payload.tileLayerUrl === 'string') {
    rawRowData = Object.fromEntries(
      TILE_KEYS.filter((k) => payload[k] !== undefined).map((k) => [k, payload[k]]),
    );
  }
  const rowData = rawRowData === undefined ? undefined : interpretRowData(rawRowData);

  let mediaType = optionalString(payload, 'media_type');
  if (typeof mediaType === 'string') {
    const upper = mediaType.toUpperCase();
    if (!MEDIA_TYPES.has(upper)) throw new ItemError(`Found invalid media type: '${mediaType}'`);
    mediaType = upper;
    const mismatch = rowData ? mediaTypeMismatch(upper, rowData) : null;
    if (mismatch) throw new ItemError(mismatch);
  }

  let globalKey = optionalString(payload, 'global_key');
  if (globalKey === '') globalKey = key.type === 'AUTO' ? undefined : globalKey;
  if (typeof globalKey === 'string') {
    const problem = globalKeyProblem(globalKey);
    if (problem) throw new ItemError(`Invalid global key '${globalKey}': ${problem}`);
  }

  const rawMetadata = payload.metadata_fields ?? payload.metadata;
  let entries: MetadataEntry[] | undefined;
  if (rawMetadata !== undefined && rawMetadata !== null) {
    const normalized = normalizeMetadata(metadata, rawMetadata);
    if (typeof normalized === 'string') throw new ItemError(normalized);
    entries = normalized;
  }

  const datasetId = payload.dataset_id;
  if (datasetId !== undefined && typeof datasetId !== 'string')
    throw new ItemError('dataset_id must be a string');

  return {
    key,
    fields: {
      datasetId,
      rowData: rowData?.rowData,
      mediaAttributes: rowData ? rowData.mediaAttributes : undefined,
      externalId: optionalString(payload, 'external_id'),
      globalKey,
      mediaType,
      metadata: entries,
      attachments:
        payload.attachments === undefined || payload.attachments === null
          ? undefined
          : parseAttachments(payload.attachments),
      embeddings:
        payload.embeddings === undefined || payload.embeddings === null
          ? undefined
          : parseEmbeddings(payload.embeddings),
    },
  };
}

/** The item as a failure shows it; never throws, whatever the item looks like. */
export function failureSpec(item: unknown): FailureSpec {
  const root = isObject(item) ? item : {};
  const p = isObject(root.payload) ? root.payload : root;
  const text = (v: unknown): string | null =>
    typeof v === 'string' ? v : v === undefined || v === null ? null : JSON.stringify(v);
  const metadata = Array.isArray(p.metadata_fields ?? p.metadata)
    ? ((p.metadata_fields ?? p.metadata) as unknown[])
    : [];
  const attachments = Array.isArray(p.attachments) ? (p.attachments as unknown[]) : [];
  return {
    externalId: text(p.external_id),
    globalKey:
      text(p.global_key) ?? (isObject(root.id) && root.id.type === 'GKEY' ? text(root.id.value) : null),
    rowData: text(p.row_data),
    metadata: metadata.map((m) => {
      const f = isObject(m) ? m : {};
      return { schemaId: text(f.schemaId ?? f.schema_id), value: f.value ?? null, name: text(f.name) };
    }),
    attachments: attachments.map((a) => {
      const f = isObject(a) ? a : {};
      return { type: text(f.type), value: text(f.value), name: text(f.name) };
    }),
  };
}
