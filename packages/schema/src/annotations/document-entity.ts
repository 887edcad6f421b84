import { z } from 'zod';
import { isRecord, readInteger, show, type FieldError } from './common.ts';
import { objectBaseShape, type ObjectBase, type ObjectKindUtil } from './object-util.ts';

/** One run of tokens of a PDF's text layer: the tokens' ids, the group (text layer block) and the 1-based page. */
export type TextSelection = {
  readonly tokenIds: readonly string[];
  readonly groupId: string;
  readonly page: number;
};

/**
 * A named entity in a document (PDF) row: selections of tokens of the row's text layer, as Labelbox's NDJSON
 * `textSelections` has them. The tokens' text lives in the text layer, which the server does not read, so
 * exports carry the ids and pages only.
 */
export type DocumentEntityAnnotation = ObjectBase & {
  readonly kind: 'document-entity';
  readonly selections: readonly TextSelection[];
};

const MAX_SELECTIONS = 1_000;
const MAX_TOKENS = 10_000;

const selectionSchema = z.object({
  tokenIds: z.array(z.string().min(1)).min(1).max(MAX_TOKENS),
  groupId: z.string().min(1),
  page: z.number().int().min(1),
});

export const documentEntityAnnotationSchema: z.ZodType<DocumentEntityAnnotation> = z.object({
  ...objectBaseShape,
  kind: z.literal('document-entity'),
  selections: z.array(selectionSchema).min(1).max(MAX_SELECTIONS),
});

function readSelection(raw: unknown, path: string, errors: FieldError[]): TextSelection | undefined {
  if (!isRecord(raw)) {
    errors.push({
      path,
      message: `must be an object like {"tokenIds": ["…"], "groupId": "…", "page": 1} (got ${show(raw)})`,
    });
    return undefined;
  }
  const before = errors.length;
  const { tokenIds, groupId } = raw;
  if (
    !Array.isArray(tokenIds) ||
    tokenIds.length === 0 ||
    !tokenIds.every((t) => typeof t === 'string' && t !== '')
  )
    errors.push({
      path: `${path}.tokenIds`,
      message: `must be a non-empty list of token ids (got ${show(tokenIds)})`,
    });
  else if (tokenIds.length > MAX_TOKENS)
    errors.push({ path: `${path}.tokenIds`, message: `at most ${MAX_TOKENS} tokens per selection` });
  if (typeof groupId !== 'string' || groupId === '')
    errors.push({ path: `${path}.groupId`, message: `must be a non-empty string (got ${show(groupId)})` });
  const page = readInteger(raw, 'page', path, errors);
  if (page !== undefined && page < 1)
    errors.push({ path: `${path}.page`, message: `must be 1 or more (got ${page})` });
  if (errors.length > before) return undefined;
  return { tokenIds: tokenIds as string[], groupId: groupId as string, page: page! };
}

/** Token selections have no pixels or character offsets: image formats and CoNLL skip them. */
export const documentEntityUtil: ObjectKindUtil<DocumentEntityAnnotation> = {
  kind: 'document-entity',
  tools: ['named-entity'],
  ndjsonKey: 'textSelections',
  schema: documentEntityAnnotationSchema,

  readNdjson(line, errors) {
    const raw = line.textSelections;
    if (!Array.isArray(raw) || raw.length === 0) {
      errors.push({
        path: 'textSelections',
        message: `must be a non-empty list like [{"tokenIds": ["…"], "groupId": "…", "page": 1}] (got ${show(raw)})`,
      });
      return undefined;
    }
    if (raw.length > MAX_SELECTIONS) {
      errors.push({ path: 'textSelections', message: `at most ${MAX_SELECTIONS} selections` });
      return undefined;
    }
    const before = errors.length;
    const selections = raw.map((s, i) => readSelection(s, `textSelections[${i}]`, errors));
    return errors.length > before ? undefined : { selections: selections as TextSelection[] };
  },

  validate: () => [],

  toNdjson: ({ selections }) => ({
    textSelections: selections.map((s) => ({ tokenIds: [...s.tokenIds], groupId: s.groupId, page: s.page })),
  }),

  toV1: ({ selections }) => ({
    textSelections: selections.map((s) => ({ tokenIds: [...s.tokenIds], groupId: s.groupId, page: s.page })),
  }),

  toV2: ({ selections }) => ({
    annotationKind: 'DocumentEntityToken',
    fields: {
      location: {
        groups: selections.map((s) => ({ id: s.groupId, page_number: s.page, tokens: [...s.tokenIds] })),
      },
    },
  }),

  bounds: () => undefined,
  toCoco: () => undefined,
  toYolo: () => undefined,
  toMask: () => undefined,
};
