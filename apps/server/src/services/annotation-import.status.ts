import {
  conversationMessageIds,
  conversationMessageLengths,
  type Annotation,
  type FieldError,
  type MediaInfo,
  type NdjsonEnvelope,
} from '@labelyard/schema';
import type { DataRowRow } from '../repositories/data-row.repository.ts';
import { guessMediaType } from './data-row.media.ts';

/**
 * One line of an import's status file (Labelbox's shape: `{uuid, dataRow: {id}, status, errors: [{name, message,
 * additional_info}]}`); `line` is the input line number, used for ordering and moved into `additional_info`.
 */
export type StatusLine = {
  line: number;
  uuid: string | null;
  dataRow: { id: string | null; globalKey?: string };
  status: 'SUCCESS' | 'FAILURE';
  errors: Array<{ name: string; message: string; additional_info: { line: number; path?: string } }>;
};

/** Error names in status files (docs/label-import.md). */
export type ImportErrorName =
  | 'InvalidJson'
  | 'ValidationError'
  | 'DataRowNotFound'
  | 'DataRowNotInProject'
  | 'DataRowNotInModelRun'
  | 'ImportFailed';

export function lineFailure(
  line: number,
  name: ImportErrorName,
  errors: readonly FieldError[],
  envelope?: Pick<NdjsonEnvelope, 'uuid'> & Partial<Pick<NdjsonEnvelope, 'dataRow'>>,
  dataRowId?: string,
): StatusLine {
  const ref = envelope?.dataRow;
  return {
    line,
    uuid: envelope?.uuid ?? null,
    dataRow: {
      id: dataRowId ?? (ref && 'id' in ref ? ref.id : null),
      ...(ref && 'globalKey' in ref && { globalKey: ref.globalKey }),
    },
    status: 'FAILURE',
    errors: errors.map((e) => ({
      name,
      // The message names the field, so it reads on its own: `bbox.width: must be a number (got "x")`.
      message: e.path ? `${e.path}: ${e.message}` : e.message,
      additional_info: { line, ...(e.path && { path: e.path }) },
    })),
  };
}

/** The status-file record: everything but the internal line number. */
export const statusRecord = ({ line: _line, ...rest }: StatusLine) => rest;

const isUrl = (text: string) => /^https?:\/\//i.test(text);

function positive(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined;
}

type ConversationFacts = { ids: ReadonlySet<string>; lengths: ReadonlyMap<string, number> | undefined };

/**
 * Message ids (and text lengths) of inline conversation rows, read once per row object (an import chunk checks many
 * lines per row).
 */
const conversations = new WeakMap<DataRowRow, ConversationFacts | null>();

function conversationOf(row: DataRowRow): ConversationFacts | undefined {
  if (!row.row_data.startsWith('{')) return undefined;
  let facts = conversations.get(row);
  if (facts === undefined) {
    try {
      const json: unknown = JSON.parse(row.row_data);
      const ids = conversationMessageIds(json);
      facts = ids ? { ids, lengths: conversationMessageLengths(json) } : null;
    } catch {
      facts = null;
    }
    conversations.set(row, facts);
  }
  return facts ?? undefined;
}

/**
 * What geometry checks know about a data row: image size from its media attributes, the length of inline text, the
 * message ids and message text lengths of an inline conversation (rows whose conversation is behind a URL are not
 * fetched for this).
 */
export function mediaOf(row: DataRowRow): MediaInfo | undefined {
  let attributes: Record<string, unknown> = {};
  try {
    const parsed: unknown = row.media_attributes ? JSON.parse(row.media_attributes) : {};
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      attributes = parsed as Record<string, unknown>;
  } catch {
    // Unreadable attributes: nothing known.
  }
  const width = positive(attributes.width);
  const height = positive(attributes.height);
  const textLength = mediaTypeOf(row) === 'TEXT' && !isUrl(row.row_data) ? row.row_data.length : undefined;
  const conversation = conversationOf(row);
  const messageIds = conversation?.ids;
  const messageLengths = conversation?.lengths;
  if (width === undefined && height === undefined && textLength === undefined && messageIds === undefined)
    return undefined;
  return {
    ...(width !== undefined && { width }),
    ...(height !== undefined && { height }),
    ...(textLength !== undefined && { textLength }),
    ...(messageIds !== undefined && { messageIds }),
    ...(messageLengths !== undefined && { messageLengths }),
  };
}

const mediaTypeOf = (row: DataRowRow) => row.media_type ?? guessMediaType(row.row_data);
const IMAGE_KINDS = new Set(['bbox', 'polygon', 'point', 'polyline', 'mask']);
/** Media types that hold no messages to select or rank. */
const NOT_CONVERSATIONAL = new Set(['IMAGE', 'VIDEO', 'DICOM', 'PDF', 'AUDIO', 'HTML', 'TMS_GEO', 'TEXT']);

/** Pixel geometry needs an image-like row and text spans a text-like one; unknown media types pass. */
export function mediaMismatch(a: Annotation, row: DataRowRow): FieldError | undefined {
  const type = mediaTypeOf(row);
  if (IMAGE_KINDS.has(a.kind) && (type === 'TEXT' || type === 'HTML' || type === 'AUDIO'))
    return {
      path: a.kind === 'polyline' ? 'line' : a.kind,
      message: `${a.kind} annotations need an image data row; data row ${row.id} is ${type}`,
    };
  if (a.kind === 'text-entity' && (type === 'IMAGE' || type === 'VIDEO'))
    return { path: 'location', message: `text entities need a text data row; data row ${row.id} is ${type}` };
  const known = type !== undefined && type !== null;
  if (a.kind === 'video-object' && a.groupKey === undefined && known && type !== 'VIDEO')
    return {
      path: 'segments',
      message: `video objects (segments) need a VIDEO data row; data row ${row.id} is ${type}`,
    };
  if (a.kind === 'video-object' && a.groupKey !== undefined && known && type !== 'DICOM')
    return {
      path: 'groupKey',
      message: `DICOM objects (groupKey) need a DICOM data row; data row ${row.id} is ${type}`,
    };
  if (a.kind === 'video-mask' && a.groupKey === undefined && known && type !== 'VIDEO')
    return {
      path: 'masks',
      message: `video masks need a VIDEO data row; data row ${row.id} is ${type}`,
    };
  if (a.kind === 'video-mask' && a.groupKey !== undefined && known && type !== 'DICOM')
    return {
      path: 'groupKey',
      message: `DICOM masks (groupKey) need a DICOM data row; data row ${row.id} is ${type}`,
    };
  if (a.kind !== 'video-mask' && 'frames' in a && a.frames !== undefined && known && type !== 'VIDEO')
    return {
      path: 'frames',
      message: `classifications with frames need a VIDEO data row; data row ${row.id} is ${type}`,
    };
  if (a.kind === 'message-evaluation' && known && NOT_CONVERSATIONAL.has(type))
    return {
      path: 'messageEvaluationTask',
      message: `message evaluations need a conversational (model-evaluation) data row; data row ${row.id} is ${type}`,
    };
  if (a.kind === 'document-entity' && known && type !== 'PDF')
    return {
      path: 'textSelections',
      message: `document entities need a document (PDF) data row; data row ${row.id} is ${type}`,
    };
  return undefined;
}
