import type { LabelDocument } from '../annotations/label.ts';
import type { MaskAnnotation } from '../annotations/mask.ts';
import type { BinaryMask } from '../geometry/types.ts';

/** The data row facts converters need; the server fills what it knows. */
export type ExportDataRow = {
  readonly id: string;
  readonly globalKey?: string | null;
  readonly externalId?: string | null;
  /** Image file name for per-image formats; defaults to the external id, global key or id. */
  readonly fileName?: string;
  readonly width?: number;
  readonly height?: number;
  /** Text of a text data row (CoNLL). */
  readonly text?: string;
};

/** One data row with its labels: the unit every streaming converter consumes. */
export type ExportRowInput = {
  readonly dataRow: ExportDataRow;
  readonly labels: readonly LabelDocument[];
  /** Decoded pixels of mask annotations (see `maskAnnotationPixels`); masks without pixels are skipped. */
  readonly maskPixels?: (mask: MaskAnnotation) => BinaryMask | undefined;
};

/**
 * Output of a converter, always appended: `append` adds data to a file (creating it); `append-file` appends the
 * whole of a spool file the converter wrote earlier, then that spool file is no longer needed. The spool lets
 * COCO write its images and annotations arrays in one pass with flat memory.
 */
export type ExportPiece =
  | { readonly type: 'append'; readonly file: string; readonly data: string | Uint8Array }
  | { readonly type: 'append-file'; readonly file: string; readonly from: string };

/** A tool of the ontology that becomes a class/category, in the order classes are numbered. */
export type ExportCategory = { readonly featureSchemaId: string; readonly name: string };

export type ExportStats = { rows: number; annotations: number; skipped: number };

/** A streaming converter: feed rows one at a time, write the pieces as they come, then write `finish()`. */
export type FormatWriter = {
  row(input: ExportRowInput): Iterable<ExportPiece>;
  finish(): Iterable<ExportPiece>;
  /** Counts so far: rows seen, annotations written, annotations the format cannot express. */
  readonly stats: Readonly<ExportStats>;
};

/** In-memory sink for pieces (tests, small exports). */
export function collectPieces(
  pieces: Iterable<ExportPiece>,
  files = new Map<string, (string | Uint8Array)[]>(),
) {
  for (const piece of pieces) {
    const target = files.get(piece.file) ?? [];
    if (piece.type === 'append') target.push(piece.data);
    else {
      target.push(...(files.get(piece.from) ?? []));
      files.delete(piece.from);
    }
    files.set(piece.file, target);
  }
  return files;
}

/** Joins collected text chunks per file (binary chunks are not expected here). */
export function collectedText(
  files: ReadonlyMap<string, readonly (string | Uint8Array)[]>,
): Map<string, string> {
  return new Map(
    [...files].map(([name, chunks]) => [name, chunks.map((c) => (typeof c === 'string' ? c : '')).join('')]),
  );
}

/** The image file name a row exports under (basename only). */
export function imageFileName(row: ExportDataRow): string {
  const name = row.fileName || row.externalId || row.globalKey || row.id;
  return name.split(/[\\/]/).pop() || row.id;
}

/**
 * Gives each row a unique, path-safe file stem (file name without extension); a repeated name gets the data row
 * id appended. Remembers stems for the life of one export.
 */
export function createStemAllocator(): (row: ExportDataRow) => string {
  const used = new Set<string>();
  return (row) => {
    const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '') || row.id;
    let stem = safe(imageFileName(row).replace(/\.[A-Za-z0-9]{1,5}$/, ''));
    if (used.has(stem)) stem = safe(`${stem}_${row.id}`);
    used.add(stem);
    return stem;
  };
}

/** Up to 6 decimals, trailing zeros trimmed: YOLO-style coordinates. */
export const formatDecimal = (n: number): string => String(Number(n.toFixed(6)));
