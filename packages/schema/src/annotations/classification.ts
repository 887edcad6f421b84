import { z } from 'zod';
import {
  annotationBaseShape,
  featureValue,
  isRecord,
  joinPath,
  show,
  type AnnotationBase,
  type FieldError,
} from './common.ts';
import type { ParseContext } from './context.ts';
import { describeFeature, readConfidence, readFeatureRef, unknownRef } from './feature-ref.ts';
import type { ResolvedFeature } from './feature-resolver.ts';

/** One chosen option of a radio or checklist; may carry classifications nested under that option. */
export type ClassificationAnswer = {
  readonly uuid: string;
  readonly featureSchemaId: string;
  /** The option's label. */
  readonly name: string;
  /** The option's machine value. */
  readonly value: string;
  readonly confidence?: number;
  readonly classifications: readonly ClassificationAnnotation[];
};

/** A range of video frames, both ends included (Labelbox's `{"start", "end"}`). */
export type FrameRange = { readonly start: number; readonly end: number };

/**
 * `messageId` ties a classification to one message of a conversation; `frames` to ranges of a video's frames
 * (absent: the whole row).
 */
type ClassificationBase = AnnotationBase & {
  readonly messageId?: string;
  readonly frames?: readonly FrameRange[];
  /**
   * The export v2 `value` where Labelbox does not derive it from the name: prompt and response classifications
   * keep their name ("prompt-text" stays "prompt-text", the SDK's expected_export_v2_llm_* exports).
   */
  readonly value?: string;
};
export type RadioClassification = ClassificationBase & {
  readonly kind: 'radio';
  readonly answer: ClassificationAnswer;
};
export type ChecklistClassification = ClassificationBase & {
  readonly kind: 'checklist';
  readonly answers: readonly ClassificationAnswer[];
};
export type TextClassification = ClassificationBase & { readonly kind: 'text'; readonly answer: string };
export type ClassificationAnnotation = RadioClassification | ChecklistClassification | TextClassification;
export type ClassificationKind = ClassificationAnnotation['kind'];

const frameRangeSchema = z
  .object({ start: z.number().int().min(0), end: z.number().int().min(0) })
  .refine((r) => r.start <= r.end, { message: 'start must not be after end' });

const classificationBaseShape = {
  ...annotationBaseShape,
  messageId: z.string().min(1).optional(),
  frames: z.array(frameRangeSchema).min(1).optional(),
  value: z.string().optional(),
};

export const classificationAnswerSchema: z.ZodType<ClassificationAnswer> = z.object({
  uuid: z.string().min(1),
  featureSchemaId: z.string().min(1),
  name: z.string(),
  value: z.string(),
  confidence: z.number().min(0).max(1).optional(),
  classifications: z.array(z.lazy(() => classificationSchema)),
});

export const classificationSchema: z.ZodType<ClassificationAnnotation> = z.discriminatedUnion('kind', [
  z.object({ ...classificationBaseShape, kind: z.literal('radio'), answer: classificationAnswerSchema }),
  z.object({
    ...classificationBaseShape,
    kind: z.literal('checklist'),
    answers: z.array(classificationAnswerSchema).min(1),
  }),
  z.object({ ...classificationBaseShape, kind: z.literal('text'), answer: z.string() }),
]);

// ---------------------------------------------------------------- Labelbox NDJSON → record

/** Prompt and response classifications (LLM projects) are answered like the plain type they stand for. */
const PROMPT_TYPES: Readonly<Record<string, 'text' | 'radio' | 'checklist'>> = {
  prompt: 'text',
  'response-text': 'text',
  'response-radio': 'radio',
  'response-checklist': 'checklist',
};

/** Line-level fields a top-level classification takes from its NDJSON line (nested ones have none of these). */
export type ClassificationLineFields = {
  readonly uuid?: string;
  readonly messageId?: string;
  readonly frames?: readonly FrameRange[];
};

/**
 * Reads a classification whose feature is already resolved: `answer` (or `answers`) must have the shape the
 * classification type asks for, and every chosen option must belong to it.
 */
export function readClassification(
  raw: Readonly<Record<string, unknown>>,
  feature: ResolvedFeature,
  path: string,
  ctx: ParseContext,
  errors: FieldError[],
  line: ClassificationLineFields = {},
): ClassificationAnnotation | undefined {
  const before = errors.length;
  const confidence = readConfidence(raw, path, errors);
  const key = raw.answer === undefined && raw.answers !== undefined ? 'answers' : 'answer';
  const at = joinPath(path, key);
  if (raw.answer !== undefined && raw.answers !== undefined) {
    errors.push({ path: joinPath(path, 'answers'), message: 'give either "answer" or "answers", not both' });
    return undefined;
  }
  const value = raw[key];
  if (value === undefined || value === null) {
    errors.push({ path: at, message: `is required for ${describeFeature(feature)}` });
    return undefined;
  }
  const promptType = PROMPT_TYPES[feature.classificationType ?? ''];
  const type = promptType ?? feature.classificationType;
  const base: ClassificationBase = {
    uuid: line.uuid ?? ctx.newUuid(),
    featureSchemaId: feature.featureSchemaId,
    name: feature.name,
    ...(confidence !== undefined && { confidence }),
    ...(line.messageId !== undefined && { messageId: line.messageId }),
    ...(line.frames !== undefined && { frames: line.frames }),
    ...(promptType !== undefined && { value: feature.name }),
  };
  if (type === 'radio') {
    if (!isRecord(value)) {
      errors.push({
        path: at,
        message: `${describeFeature(feature)} takes one answer object like {"name": "…"} (got ${show(value)})`,
      });
      return undefined;
    }
    const answer = readAnswer(value, feature, at, ctx, errors);
    return answer && errors.length === before ? { ...base, kind: 'radio', answer } : undefined;
  }
  if (type === 'checklist') {
    if (!Array.isArray(value)) {
      errors.push({
        path: at,
        message: `${describeFeature(feature)} takes a list of answers like [{"name": "…"}] (got ${show(value)})`,
      });
      return undefined;
    }
    if (value.length === 0) {
      errors.push({ path: at, message: `${describeFeature(feature)} needs at least one answer` });
      return undefined;
    }
    const answers = value.map((v, i) => readAnswer(v, feature, joinPath(at, i), ctx, errors));
    const seen = new Set<string>();
    answers.forEach((a, i) => {
      if (!a) return;
      if (seen.has(a.featureSchemaId))
        errors.push({ path: joinPath(at, i), message: `option "${a.name}" is chosen twice` });
      seen.add(a.featureSchemaId);
    });
    return errors.length === before
      ? { ...base, kind: 'checklist', answers: answers as ClassificationAnswer[] }
      : undefined;
  }
  if (type === 'text') {
    if (typeof value !== 'string') {
      errors.push({
        path: at,
        message: `${describeFeature(feature)} takes a string answer (got ${show(value)})`,
      });
      return undefined;
    }
    return errors.length === before ? { ...base, kind: 'text', answer: value } : undefined;
  }
  errors.push({
    path: at,
    message: `${describeFeature(feature)} cannot be imported (supported: radio, checklist, text and their prompt/response forms)`,
  });
  return undefined;
}

function readAnswer(
  raw: unknown,
  classification: ResolvedFeature,
  path: string,
  ctx: ParseContext,
  errors: FieldError[],
): ClassificationAnswer | undefined {
  if (!isRecord(raw)) {
    errors.push({ path, message: `must be an answer object like {"name": "…"} (got ${show(raw)})` });
    return undefined;
  }
  const ref = readFeatureRef(raw, path, errors);
  if (!ref) return undefined;
  const option = classification.option(ref);
  if (!option) {
    const bad = unknownRef(ref, path, 'answer');
    errors.push({
      path: bad.path,
      message: `"${ref.schemaId ?? ref.name}" is not an option of ${describeFeature(classification)}`,
    });
    return undefined;
  }
  const confidence = readConfidence(raw, path, errors);
  const uuid = ctx.newUuid(); // before the nested ones: ids follow document order
  const classifications = readNestedClassifications(
    raw.classifications,
    option,
    joinPath(path, 'classifications'),
    ctx,
    errors,
  );
  return {
    uuid,
    featureSchemaId: option.featureSchemaId,
    name: option.name,
    value: option.value ?? featureValue(option.name),
    ...(confidence !== undefined && { confidence }),
    classifications,
  };
}

/** Reads `classifications: […]` nested under a tool or an option; each must be a child of `parent`. */
export function readNestedClassifications(
  value: unknown,
  parent: ResolvedFeature,
  path: string,
  ctx: ParseContext,
  errors: FieldError[],
): ClassificationAnnotation[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    errors.push({ path, message: `must be a list of classifications (got ${show(value)})` });
    return [];
  }
  const out: ClassificationAnnotation[] = [];
  value.forEach((item, i) => {
    const at = joinPath(path, i);
    if (!isRecord(item)) {
      errors.push({ path: at, message: `must be a classification object (got ${show(item)})` });
      return;
    }
    const ref = readFeatureRef(item, at, errors);
    if (!ref) return;
    const child = parent.classification(ref);
    if (!child) {
      const bad = unknownRef(ref, at, 'classification');
      errors.push({ path: bad.path, message: `${bad.message} under ${describeFeature(parent)}` });
      return;
    }
    const c = readClassification(item, child, at, ctx, errors);
    if (c) out.push(c);
  });
  return out;
}

const MAX_FRAME_RANGES = 10_000;

/**
 * Reads a video classification's `frames: [{"start", "end"}, …]`: integer frames, start ≤ end, ranges in order
 * without overlapping.
 */
export function readFrameRanges(
  raw: Readonly<Record<string, unknown>>,
  errors: FieldError[],
): FrameRange[] | undefined {
  const v = raw.frames;
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.length === 0 || v.length > MAX_FRAME_RANGES) {
    errors.push({
      path: 'frames',
      message: `must be a list of 1 to ${MAX_FRAME_RANGES} ranges like [{"start": 1, "end": 5}] (got ${show(v)})`,
    });
    return undefined;
  }
  const before = errors.length;
  const ranges: FrameRange[] = [];
  v.forEach((r, i) => {
    const path = joinPath('frames', i);
    if (!isRecord(r)) {
      errors.push({ path, message: `must be a range like {"start": 1, "end": 5} (got ${show(r)})` });
      return;
    }
    const local: FieldError[] = [];
    const [start, end] = (['start', 'end'] as const).map((k) => {
      const n = r[k];
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
        local.push({
          path: joinPath(path, k),
          message: `must be a frame number, an integer 0 or more (got ${show(n)})`,
        });
        return undefined;
      }
      return n;
    });
    errors.push(...local);
    if (start === undefined || end === undefined) return;
    if (start > end)
      errors.push({ path: joinPath(path, 'end'), message: `must not be before start ${start} (got ${end})` });
    const prev = ranges.at(-1);
    if (prev && start <= prev.end)
      errors.push({
        path: joinPath(path, 'start'),
        message: `ranges must follow each other without overlapping: this one starts at frame ${start}, the previous one ends at frame ${prev.end}`,
      });
    ranges.push({ start, end });
  });
  return errors.length === before ? ranges : undefined;
}

// ---------------------------------------------------------------- record → Labelbox export shapes

/** Export v2 classification: `radio_answer` / `checklist_answers` / `text_answer`, `conversational_` for messages. */
export function classificationToV2(c: ClassificationAnnotation): Record<string, unknown> {
  const prefix = c.messageId !== undefined ? 'conversational_' : '';
  const out: Record<string, unknown> = {
    feature_id: c.uuid,
    feature_schema_id: c.featureSchemaId,
    name: c.name,
    value: c.value ?? featureValue(c.name),
  };
  if (c.messageId !== undefined) out.message_id = c.messageId;
  if (c.kind === 'radio') out[`${prefix}radio_answer`] = answerToV2(c.answer);
  else if (c.kind === 'checklist') out[`${prefix}checklist_answers`] = c.answers.map(answerToV2);
  else out[`${prefix}text_answer`] = { content: c.answer };
  return out;
}

function answerToV2(a: ClassificationAnswer): Record<string, unknown> {
  return {
    feature_id: a.uuid,
    feature_schema_id: a.featureSchemaId,
    name: a.name,
    value: a.value,
    classifications: a.classifications.map(classificationToV2),
  };
}

/** Legacy v1 classification: `answer` object (radio), `answers` list (checklist) or `answer` string (text). */
export function classificationToV1(c: ClassificationAnnotation): Record<string, unknown> {
  const out: Record<string, unknown> = {
    featureId: c.uuid,
    schemaId: c.featureSchemaId,
    title: c.name,
    value: featureValue(c.name),
  };
  if (c.kind === 'radio') out.answer = answerToV1(c.answer);
  else if (c.kind === 'checklist') out.answers = c.answers.map(answerToV1);
  else out.answer = c.answer;
  return out;
}

function answerToV1(a: ClassificationAnswer): Record<string, unknown> {
  const out: Record<string, unknown> = {
    featureId: a.uuid,
    schemaId: a.featureSchemaId,
    title: a.name,
    value: a.value,
  };
  if (a.classifications.length > 0) out.classifications = a.classifications.map(classificationToV1);
  return out;
}

// ---------------------------------------------------------------- record → Labelbox NDJSON

/** A classification nested under an object or an option: no `uuid` (the reader assigns them), no line fields. */
export function nestedClassificationToNdjson(c: ClassificationAnnotation): Record<string, unknown> {
  return { name: c.name, schemaId: c.featureSchemaId, ...classificationAnswerFields(c) };
}

export function classificationAnswerFields(c: ClassificationAnnotation): Record<string, unknown> {
  if (c.kind === 'radio') return { answer: answerToNdjson(c.answer) };
  if (c.kind === 'checklist') return { answers: c.answers.map(answerToNdjson) };
  return { answer: c.answer };
}

function answerToNdjson(a: ClassificationAnswer): Record<string, unknown> {
  const out: Record<string, unknown> = { name: a.value, schemaId: a.featureSchemaId };
  if (a.confidence !== undefined) out.confidence = a.confidence;
  if (a.classifications.length > 0) out.classifications = a.classifications.map(nestedClassificationToNdjson);
  return out;
}
