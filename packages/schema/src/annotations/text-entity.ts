import { z } from 'zod';
import { isRecord, readInteger, show, type FieldError } from './common.ts';
import { unknownMessage } from './conversation.ts';
import { objectBaseShape, type ObjectBase, type ObjectKindUtil } from './object-util.ts';

/**
 * A span of a text data row (named entity). Offsets follow Labelbox: `start` and `end` are character indexes
 * and BOTH are inclusive (`end` is the last character; start = end is a one-character span).
 * `messageId` places the span in one message of a conversation.
 */
export type TextEntityAnnotation = ObjectBase & {
  readonly kind: 'text-entity';
  readonly start: number;
  readonly end: number;
  readonly messageId?: string;
};

export const textEntityAnnotationSchema: z.ZodType<TextEntityAnnotation> = z.object({
  ...objectBaseShape,
  kind: z.literal('text-entity'),
  start: z.number().int().min(0),
  end: z.number().int().min(0),
  messageId: z.string().min(1).optional(),
});

/** Text spans have no pixels: the image formats skip them; CoNLL reads them directly. */
export const textEntityUtil: ObjectKindUtil<TextEntityAnnotation> = {
  kind: 'text-entity',
  tools: ['named-entity'],
  ndjsonKey: 'location',
  schema: textEntityAnnotationSchema,

  readNdjson(line, errors) {
    const raw = line.location;
    if (!isRecord(raw)) {
      errors.push({
        path: 'location',
        message: `must be an object like {"start": 0, "end": 4} (got ${show(raw)})`,
      });
      return undefined;
    }
    const before = errors.length;
    const start = readInteger(raw, 'start', 'location', errors);
    const end = readInteger(raw, 'end', 'location', errors);
    const messageId = line.messageId;
    if (messageId !== undefined && (typeof messageId !== 'string' || messageId.length === 0)) {
      errors.push({ path: 'messageId', message: `must be a non-empty string (got ${show(messageId)})` });
    }
    if (errors.length > before) return undefined;
    return typeof messageId === 'string'
      ? { start: start!, end: end!, messageId }
      : { start: start!, end: end! };
  },

  validate({ start, end, messageId }, media) {
    const errors: FieldError[] = [];
    if (start < 0) errors.push({ path: 'location.start', message: `must be 0 or more (got ${start})` });
    if (end < start)
      errors.push({
        path: 'location.end',
        message: `must not be before start (start ${start}, end ${end}; end is inclusive)`,
      });
    if (messageId !== undefined) errors.push(...unknownMessage(messageId, 'messageId', media));
    const messageLength = messageId === undefined ? undefined : media?.messageLengths?.get(messageId);
    if (messageLength !== undefined && end >= messageLength && end >= start)
      errors.push({
        path: 'location.end',
        message: `is outside message "${messageId}": ${end} ≥ its length ${messageLength} (end is inclusive, the last index is ${messageLength - 1})`,
      });
    // The text length describes the whole row, not one message of a conversation.
    if (messageId === undefined && media?.textLength !== undefined && end >= media.textLength) {
      errors.push({
        path: 'location.end',
        message: `is outside the text: ${end} ≥ text length ${media.textLength} (end is inclusive, the last index is ${media.textLength - 1})`,
      });
    }
    return errors;
  },

  toNdjson: ({ start, end, messageId }) => ({
    location: { start, end },
    ...(messageId !== undefined && { messageId }),
  }),

  toV1: ({ start, end }) => ({ data: { location: { start, end } }, format: 'text.location', version: 1 }),

  toV2(a, ctx) {
    const location: Record<string, unknown> = { start: a.start, end: a.end };
    if (a.messageId !== undefined) {
      return {
        annotationKind: 'ConversationalTextEntity',
        fields: { conversational_location: { message_id: a.messageId, location } },
      };
    }
    if (ctx.text !== undefined) location.token = ctx.text.slice(a.start, a.end + 1);
    return { annotationKind: 'TextEntity', fields: { location } };
  },

  bounds: () => undefined,
  toCoco: () => undefined,
  toYolo: () => undefined,
  toMask: () => undefined,
};
