import { z } from 'zod';
import type { Point } from '../geometry/types.ts';

/** A precise problem with one input field: `path` is dotted with [i] indexes (e.g. `classifications[0].answer.name`). */
export type FieldError = { readonly path: string; readonly message: string };

/** What is known about the data row's media; checks that need a value skip when it is absent. */
export type MediaInfo = {
  readonly width?: number;
  readonly height?: number;
  /** Length of a text data row in UTF-16 code units (JavaScript string length), for entity spans. */
  readonly textLength?: number;
  /** The message ids of a conversation row; message references are checked against them when known. */
  readonly messageIds?: ReadonlySet<string>;
  /** The length of each message's text (UTF-16 code units, as `parseConversation` reads it), for entity spans. */
  readonly messageLengths?: ReadonlyMap<string, number>;
};

/**
 * Fields every annotation carries. `frame` and `page` are the seams for video and documents: absent for images
 * and plain text, so those media can be added as new kinds or filled fields without reshaping existing records.
 */
export type AnnotationBase = {
  readonly uuid: string;
  readonly featureSchemaId: string;
  readonly name: string;
  readonly confidence?: number;
  readonly frame?: number;
  readonly page?: number;
};

export const pointSchema = z.object({ x: z.number(), y: z.number() });
export const boxSchema = z.object({
  top: z.number(),
  left: z.number(),
  height: z.number(),
  width: z.number(),
});

export const annotationBaseShape = {
  uuid: z.string().min(1),
  featureSchemaId: z.string().min(1),
  name: z.string(),
  confidence: z.number().min(0).max(1).optional(),
  frame: z.number().int().min(0).optional(),
  page: z.number().int().min(0).optional(),
};

/** Labelbox's machine `value` for a feature name: lower snake case ("Blue bird" → "blue_bird"). */
export function featureValue(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '');
}

export const joinPath = (base: string, key: string | number): string =>
  typeof key === 'number' ? `${base}[${key}]` : base ? `${base}.${key}` : key;

export const isRecord = (v: unknown): v is Readonly<Record<string, unknown>> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Short JSON rendering of a bad value for messages, so users see what they sent. */
export function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Reads a finite number at `obj[key]`, or records why not. */
export function readNumber(
  obj: Readonly<Record<string, unknown>>,
  key: string,
  path: string,
  errors: FieldError[],
) {
  const v = obj[key];
  const at = joinPath(path, key);
  if (v === undefined || v === null) {
    errors.push({ path: at, message: 'is required' });
    return undefined;
  }
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    errors.push({ path: at, message: `must be a number (got ${show(v)})` });
    return undefined;
  }
  return v;
}

export function readInteger(
  obj: Readonly<Record<string, unknown>>,
  key: string,
  path: string,
  errors: FieldError[],
) {
  const v = readNumber(obj, key, path, errors);
  if (v !== undefined && !Number.isInteger(v)) {
    errors.push({ path: joinPath(path, key), message: `must be an integer (got ${v})` });
    return undefined;
  }
  return v;
}

export function readPoint(value: unknown, path: string, errors: FieldError[]): Point | undefined {
  if (!isRecord(value)) {
    errors.push({ path, message: `must be an object like {"x": 1, "y": 2} (got ${show(value)})` });
    return undefined;
  }
  const x = readNumber(value, 'x', path, errors);
  const y = readNumber(value, 'y', path, errors);
  return x === undefined || y === undefined ? undefined : { x, y };
}

export function readPointList(value: unknown, path: string, errors: FieldError[]): Point[] | undefined {
  if (!Array.isArray(value)) {
    errors.push({
      path,
      message: `must be a list of points like [{"x": 1, "y": 2}, …] (got ${show(value)})`,
    });
    return undefined;
  }
  const before = errors.length;
  const points = value.map((p, i) => readPoint(p, joinPath(path, i), errors));
  return errors.length === before ? (points as Point[]) : undefined;
}

/** Checks a point against the image rectangle [0, width] × [0, height] when the size is known. */
export function pointOutside(p: Point, media: MediaInfo | undefined): string | undefined {
  if (p.x < 0 || p.y < 0) return `point (${p.x}, ${p.y}) has a negative coordinate`;
  if (media?.width !== undefined && p.x > media.width)
    return `point (${p.x}, ${p.y}) is right of the image (width ${media.width})`;
  if (media?.height !== undefined && p.y > media.height)
    return `point (${p.x}, ${p.y}) is below the image (height ${media.height})`;
  return undefined;
}

/** Converts zod issues to field errors with the same path notation the NDJSON parser uses. */
export function zodIssuesToErrors(issues: readonly z.core.$ZodIssue[], base = ''): FieldError[] {
  return issues.map((issue) => ({
    path: issue.path.reduce<string>((p, k) => joinPath(p, typeof k === 'number' ? k : String(k)), base),
    message: issue.message,
  }));
}
