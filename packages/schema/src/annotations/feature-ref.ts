import { isRecord, joinPath, show, type FieldError } from './common.ts';
import type { FeatureRef, ResolvedFeature } from './feature-resolver.ts';

/** Reads `name` / `schemaId` from a line or nested item; at least one must be a non-empty string. */
export function readFeatureRef(
  raw: Readonly<Record<string, unknown>>,
  path: string,
  errors: FieldError[],
): FeatureRef | undefined {
  const ref: { name?: string; schemaId?: string } = {};
  const before = errors.length;
  for (const key of ['name', 'schemaId'] as const) {
    const v = raw[key];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string' || v.length === 0)
      errors.push({ path: joinPath(path, key), message: `must be a non-empty string (got ${show(v)})` });
    else ref[key] = v;
  }
  if (errors.length > before) return undefined;
  if (ref.name === undefined && ref.schemaId === undefined) {
    errors.push({
      path: joinPath(path, 'name'),
      message: 'is required: give the feature by "name" or "schemaId"',
    });
    return undefined;
  }
  return ref;
}

/** The path and wording for "this ref matched nothing", pointing at the key that was used to look it up. */
export function unknownRef(ref: FeatureRef, path: string, what: string): FieldError {
  return ref.schemaId !== undefined
    ? {
        path: joinPath(path, 'schemaId'),
        message: `unknown ${what}: no feature with schemaId "${ref.schemaId}"`,
      }
    : { path: joinPath(path, 'name'), message: `unknown ${what}: no feature named "${ref.name}"` };
}

export function describeFeature(f: ResolvedFeature): string {
  if (f.kind === 'tool') return `${f.tool ?? 'unknown'} tool "${f.name}"`;
  if (f.kind === 'classification') return `${f.classificationType ?? 'unknown'} classification "${f.name}"`;
  return `option "${f.name}"`;
}

/** Reads an optional `confidence` in [0, 1]. */
export function readConfidence(
  raw: Readonly<Record<string, unknown>>,
  path: string,
  errors: FieldError[],
): number | undefined {
  const v = raw.confidence;
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) {
    errors.push({
      path: joinPath(path, 'confidence'),
      message: `must be a number between 0 and 1 (got ${show(v)})`,
    });
    return undefined;
  }
  return v;
}

export const asRecord = (v: unknown): Readonly<Record<string, unknown>> => (isRecord(v) ? v : {});
