import type { FieldError } from '@labelyard/schema';
import type { ApiError } from '../../api/client.ts';

type AnnotationError = { index?: number; uuid?: string; path?: string; message?: string };

/**
 * The per-annotation errors of a refused submission (`extensions.details.annotationErrors`), by annotation uuid, so
 * the editor shows each one next to its object. Errors without a uuid are keyed by `#<index>`.
 */
export function annotationErrorsOf(error: ApiError): Map<string, FieldError[]> {
  const details = error.errors[0]?.extensions?.details as { annotationErrors?: unknown } | undefined;
  const list = Array.isArray(details?.annotationErrors)
    ? (details.annotationErrors as AnnotationError[])
    : [];
  const byUuid = new Map<string, FieldError[]>();
  for (const e of list) {
    const key = typeof e.uuid === 'string' ? e.uuid : `#${e.index ?? '?'}`;
    const errors = byUuid.get(key) ?? [];
    errors.push({ path: typeof e.path === 'string' ? e.path : '', message: String(e.message ?? 'invalid') });
    byUuid.set(key, errors);
  }
  return byUuid;
}

/** The annotations the editor starts with: the saved draft, else the label in review or rework, else MAL pre-labels. */
export function startingAnnotations(r: {
  draft: unknown;
  label: { annotations: readonly unknown[] } | null;
  preLabels: readonly unknown[];
}): { lines: readonly unknown[]; source: 'draft' | 'label' | 'preLabels' | 'none' } {
  if (Array.isArray(r.draft)) return { lines: r.draft as unknown[], source: 'draft' };
  if (r.label) return { lines: r.label.annotations, source: 'label' };
  if (r.preLabels.length > 0) return { lines: r.preLabels, source: 'preLabels' };
  return { lines: [], source: 'none' };
}
