import type { FieldError } from '../annotations/common.ts';
import type { LabelDocument } from '../annotations/label.ts';
import type { MaskAnnotation } from '../annotations/mask.ts';
import type { BinaryMask } from '../geometry/types.ts';
import type { NormalizedOntology } from '../ontology/ontology-model.ts';

/**
 * Label Studio result items ↔ label documents. Image geometry is percent of the original image on the Label
 * Studio side and pixels in our records; text offsets are code points (end exclusive) there and UTF-16 units
 * (end inclusive) here. Region ids become annotation uuids unchanged, so regions keep their identity both ways.
 * The ontology must carry `ls*` keys (see `withLabelStudioKeys`).
 */
export type LsResultItem = Record<string, unknown> & {
  id?: string;
  type: string;
  value?: Record<string, unknown>;
};

export type LsContext = {
  readonly ontology: NormalizedOntology;
  /** Pixel size of the task's image, when known (from the data row); result items may carry their own. */
  readonly imageSize?: { readonly width: number; readonly height: number } | undefined;
  /** The text shown by an object tag, for span offsets. */
  readonly text?: ((toName: string) => string | undefined) | undefined;
  readonly newUuid: () => string;
  /** Pixels of masks stored outside the document (blob or URI sources), for brush results; inline PNGs decode alone. */
  readonly maskPixels?: ((mask: MaskAnnotation) => BinaryMask | undefined) | undefined;
};

export type LsParseResult =
  | { ok: true; value: LabelDocument; imageSize?: { width: number; height: number } }
  | { ok: false; errors: FieldError[] };

/** A string-valued key of an ontology node (the `ls*` keys), or undefined. */
export const keyOf = (node: object, key: string): string | undefined => {
  const v = (node as Record<string, unknown>)[key];
  return typeof v === 'string' ? v : undefined;
};
/** A finite number, or undefined. */
export const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;
