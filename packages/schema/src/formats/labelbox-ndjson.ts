import {
  readClassification,
  readFrameRanges,
  readNestedClassifications,
} from '../annotations/classification.ts';
import { isRecord, readInteger, show, type FieldError } from '../annotations/common.ts';
import type { ParseContext } from '../annotations/context.ts';
import { describeFeature, readConfidence, readFeatureRef, unknownRef } from '../annotations/feature-ref.ts';
import type { ResolvedFeature } from '../annotations/feature-resolver.ts';
import {
  objectNdjsonKeys,
  objectUtilForTool,
  type Annotation,
  type ObjectAnnotation,
} from '../annotations/registry.ts';
import { relationshipUtil } from '../annotations/relationship.ts';
import { readVideoMaskLine } from '../annotations/video-mask.ts';
import { unknownMessage } from '../annotations/conversation.ts';

/** How an import line addresses its data row. */
export type DataRowRef = { readonly id: string } | { readonly globalKey: string };

/** A line whose JSON and data-row reference are readable; the annotation itself is not checked yet. */
export type NdjsonEnvelope = {
  readonly line: Readonly<Record<string, unknown>>;
  readonly dataRow: DataRowRef;
  readonly uuid?: string;
};

export type NdjsonEnvelopeResult =
  | { readonly ok: true; readonly value: NdjsonEnvelope }
  | { readonly ok: false; readonly uuid?: string; readonly errors: readonly FieldError[] };

export type NdjsonLineResult =
  | {
      readonly ok: true;
      readonly uuid: string;
      readonly dataRow: DataRowRef;
      readonly annotation: Annotation;
      /** Every record of the line: one, except `masks` lines, which give one per instance. */
      readonly annotations: readonly Annotation[];
    }
  | {
      readonly ok: false;
      readonly uuid?: string;
      readonly dataRow?: DataRowRef;
      readonly errors: readonly FieldError[];
    };

const CLASSIFICATION_KEYS = ['answer', 'answers'];
const GEOMETRY_KEYS = [...objectNdjsonKeys, relationshipUtil.ndjsonKey];
/**
 * Step 1 of reading an import line: JSON, `uuid` and `dataRow`. Cheap, so an importer can read a batch of lines,
 * look their data rows up together, then finish each with `parseNdjsonAnnotation` and the row's media.
 */
export function readNdjsonEnvelope(input: unknown): NdjsonEnvelopeResult {
  let line: unknown = input;
  if (typeof input === 'string') {
    try {
      line = JSON.parse(input);
    } catch (e) {
      return { ok: false, errors: [{ path: '', message: `is not valid JSON: ${(e as Error).message}` }] };
    }
  }
  if (!isRecord(line))
    return { ok: false, errors: [{ path: '', message: `must be a JSON object (got ${show(line)})` }] };
  const errors: FieldError[] = [];
  let uuid: string | undefined;
  if (line.uuid !== undefined && line.uuid !== null) {
    if (typeof line.uuid === 'string' && line.uuid.length > 0 && line.uuid.length <= 200) uuid = line.uuid;
    else errors.push({ path: 'uuid', message: `must be a non-empty string (got ${show(line.uuid)})` });
  }
  const dataRow = readDataRow(line.dataRow, errors);
  if (!dataRow || errors.length > 0) return { ok: false, ...(uuid !== undefined && { uuid }), errors };
  return { ok: true, value: { line, dataRow, ...(uuid !== undefined && { uuid }) } };
}

function readDataRow(raw: unknown, errors: FieldError[]): DataRowRef | undefined {
  if (!isRecord(raw)) {
    errors.push({
      path: 'dataRow',
      message: `is required: {"id": "…"} or {"globalKey": "…"} (got ${show(raw)})`,
    });
    return undefined;
  }
  const has = (k: string) => raw[k] !== undefined && raw[k] !== null;
  if (has('id') && has('globalKey')) {
    errors.push({ path: 'dataRow', message: 'give either "id" or "globalKey", not both' });
    return undefined;
  }
  const key = has('globalKey') ? 'globalKey' : 'id';
  const v = raw[key];
  if (typeof v !== 'string' || v.length === 0) {
    errors.push({
      path: `dataRow.${key}`,
      message: has(key)
        ? `must be a non-empty string (got ${show(v)})`
        : 'is required: {"id": "…"} or {"globalKey": "…"}',
    });
    return undefined;
  }
  return key === 'id' ? { id: v } : { globalKey: v };
}

/**
 * Step 2: the annotations of a line. Resolves the feature, checks the geometry key against the tool kind,
 * reads nested classifications and runs the kind's geometry checks against `ctx.media`. A line gives one record
 * (`annotation`), except a video or DICOM `masks` line, which gives one per instance (`annotations`).
 */
export function parseNdjsonAnnotation(
  envelope: NdjsonEnvelope,
  ctx: ParseContext,
):
  | { readonly ok: true; readonly annotation: Annotation; readonly annotations: readonly Annotation[] }
  | { readonly ok: false; readonly errors: readonly FieldError[] } {
  const { line } = envelope;
  if (line.masks !== undefined) {
    const errors: FieldError[] = [];
    const present = GEOMETRY_KEYS.filter((k) => k !== 'masks' && line[k] !== undefined);
    if (present.length > 0)
      errors.push({
        path: present[0],
        message: `a "masks" line holds video masks only, not "${present[0]}"`,
      });
    const read = readVideoMaskLine(line, envelope.uuid ?? ctx.newUuid(), ctx, errors);
    return read && errors.length === 0
      ? { ok: true, annotation: read[0], annotations: read }
      : { ok: false, errors };
  }
  const one = parseOneAnnotation(envelope, ctx);
  return one.ok ? { ...one, annotations: [one.annotation] } : one;
}

function parseOneAnnotation(
  envelope: NdjsonEnvelope,
  ctx: ParseContext,
):
  | { readonly ok: true; readonly annotation: Annotation }
  | { readonly ok: false; readonly errors: readonly FieldError[] } {
  const { line } = envelope;
  const errors: FieldError[] = [];
  const fail = () => ({ ok: false as const, errors });
  const ref = readFeatureRef(line, '', errors);
  if (!ref || errors.length > 0) return fail();
  const feature = ctx.features.resolve(ref);
  if (!feature) {
    const bad = unknownRef(ref, '', 'feature');
    return { ok: false, errors: [{ path: bad.path, message: `${bad.message} in this project's ontology` }] };
  }
  const uuid = envelope.uuid ?? ctx.newUuid();
  const page =
    line.page === undefined || line.page === null ? undefined : readInteger(line, 'page', '', errors);
  const present = (keys: readonly string[]) => keys.filter((k) => line[k] !== undefined);

  if (feature.kind === 'classification') {
    const geometry = present(GEOMETRY_KEYS);
    if (geometry.length > 0) {
      errors.push({
        path: geometry[0],
        message: `${describeFeature(feature)} takes "answer", not "${geometry[0]}"`,
      });
      return fail();
    }
    const messageId = readMessageId(line, errors);
    if (messageId !== undefined) errors.push(...unknownMessage(messageId, 'messageId', ctx.media));
    const frames = readFrameRanges(line, errors);
    // The classification reader takes `confidence` from the line itself.
    const c = readClassification(line, feature, '', ctx, errors, {
      uuid,
      ...(messageId !== undefined && { messageId }),
      ...(frames !== undefined && { frames }),
    });
    return c && errors.length === 0
      ? { ok: true, annotation: page === undefined ? c : { ...c, page } }
      : fail();
  }
  if (feature.kind !== 'tool') {
    errors.push({
      path: ref.schemaId !== undefined ? 'schemaId' : 'name',
      message: `${describeFeature(feature)} is not a tool or classification`,
    });
    return fail();
  }
  const expected =
    feature.tool === 'edge' ? relationshipUtil.ndjsonKey : objectUtilForTool(feature.tool, line)?.ndjsonKey;
  if (expected === undefined) {
    errors.push({
      path: ref.schemaId !== undefined ? 'schemaId' : 'name',
      message: `${describeFeature(feature)} cannot be imported (its tool type is not supported)`,
    });
    return fail();
  }
  const confidence = readConfidence(line, '', errors);
  const base = {
    uuid,
    featureSchemaId: feature.featureSchemaId,
    name: feature.name,
    ...(confidence !== undefined && { confidence }),
    ...(page !== undefined && { page }),
  };
  const wrong = present([...GEOMETRY_KEYS, ...CLASSIFICATION_KEYS]).filter((k) => k !== expected);
  if (wrong.length > 0) {
    errors.push({
      path: wrong[0],
      message: `${describeFeature(feature)} takes "${expected}", not "${wrong[0]}"`,
    });
    return fail();
  }
  if (line[expected] === undefined || line[expected] === null) {
    errors.push({
      path: expected,
      message: `is required: ${describeFeature(feature)} needs its geometry in "${expected}"`,
    });
    return fail();
  }
  if (feature.tool === 'edge') {
    const geometry = relationshipUtil.readNdjson(line, errors);
    if (!geometry || errors.length > 0) return fail();
    errors.push(...relationshipUtil.validate(geometry));
    return errors.length === 0
      ? { ok: true, annotation: { kind: 'relationship', ...base, ...geometry } }
      : fail();
  }
  return readObject(line, feature, base, ctx, errors);
}

function readObject(
  line: Readonly<Record<string, unknown>>,
  feature: ResolvedFeature,
  base: Omit<ObjectAnnotation, 'kind' | 'classifications'>,
  ctx: ParseContext,
  errors: FieldError[],
) {
  const util = objectUtilForTool(feature.tool, line)!;
  const geometry = util.readNdjson(line, errors, {
    ...(feature.tool !== undefined && { tool: feature.tool }),
    nested: (value, path) => readNestedClassifications(value, feature, path, ctx, errors),
  });
  const classifications = readNestedClassifications(
    line.classifications,
    feature,
    'classifications',
    ctx,
    errors,
  );
  if (!geometry) return { ok: false as const, errors };
  // Geometry checks run even when nested classifications failed, so one pass reports every problem.
  const annotation = {
    kind: util.kind,
    ...base,
    ...geometry,
    classifications,
  } as unknown as ObjectAnnotation;
  errors.push(...util.validate(annotation, ctx.media));
  return errors.length === 0 ? { ok: true as const, annotation } : { ok: false as const, errors };
}

function readMessageId(line: Readonly<Record<string, unknown>>, errors: FieldError[]): string | undefined {
  const v = line.messageId;
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string' && v.length > 0) return v;
  errors.push({ path: 'messageId', message: `must be a non-empty string (got ${show(v)})` });
  return undefined;
}

/** Reads one import line completely: envelope, then annotation. */
export function parseNdjsonLine(input: unknown, ctx: ParseContext): NdjsonLineResult {
  const envelope = readNdjsonEnvelope(input);
  if (!envelope.ok) return envelope;
  const { dataRow, uuid } = envelope.value;
  const parsed = parseNdjsonAnnotation(envelope.value, ctx);
  if (!parsed.ok) return { ok: false, dataRow, ...(uuid !== undefined && { uuid }), errors: parsed.errors };
  return {
    ok: true,
    uuid: parsed.annotation.uuid,
    dataRow,
    annotation: parsed.annotation,
    annotations: parsed.annotations,
  };
}
