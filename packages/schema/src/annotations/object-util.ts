import { z } from 'zod';
import type { CocoRle } from '../geometry/rle.ts';
import type { BinaryMask, Box } from '../geometry/types.ts';
import { classificationSchema, type ClassificationAnnotation } from './classification.ts';
import { annotationBaseShape, type AnnotationBase, type FieldError, type MediaInfo } from './common.ts';
import type { ConvertContext, RasterContext } from './context.ts';
import type { ToolType } from './feature-resolver.ts';

/** Fields every object annotation has: the common ones plus classifications nested under the object. */
export type ObjectBase = AnnotationBase & {
  readonly kind: string;
  readonly classifications: readonly ClassificationAnnotation[];
};

export const objectBaseShape = { ...annotationBaseShape, classifications: z.array(classificationSchema) };

/**
 * What a kind's reader may need besides the line: the feature's tool type (kinds that serve several tools check
 * the geometry against it) and a reader for classifications nested under the tool at a path of the line.
 */
export type ReadEnv = {
  readonly tool?: ToolType;
  readonly nested: (value: unknown, path: string) => ClassificationAnnotation[];
};

/** The kind-specific part of an object record, as read from an NDJSON line. */
export type Geometry<A extends ObjectBase> = Omit<A, keyof ObjectBase>;

/** COCO annotation geometry: polygon segmentation or uncompressed RLE, `bbox` as [x, y, w, h]. */
export type CocoGeometry = {
  readonly segmentation: number[][] | CocoRle;
  readonly bbox: readonly [number, number, number, number];
  readonly area: number;
  readonly iscrowd: 0 | 1;
};

/**
 * Everything about one object kind in one place (house convention 1): its validator, geometry checks and
 * conversions. Format modules only loop and dispatch through the registry; they never switch on `kind`.
 * Conversions a kind cannot express return undefined and the format skips the annotation.
 */
export type ObjectKindUtil<A extends ObjectBase> = {
  readonly kind: A['kind'];
  /** Ontology tool types whose features produce this kind. */
  readonly tools: readonly ToolType[];
  /** The NDJSON key holding this kind's geometry (`bbox`, `polygon`, …). */
  readonly ndjsonKey: string;
  readonly schema: z.ZodType<A>;
  /**
   * The kind names its feature inside its geometry (video masks: `masks.instances[].name`), so its NDJSON line
   * carries no top-level `name`, `schemaId` or `classifications`.
   */
  readonly featureInGeometry?: boolean;
  /** Reads the geometry from an NDJSON line (shape only; `validate` does the geometry checks). */
  readNdjson(
    line: Readonly<Record<string, unknown>>,
    errors: FieldError[],
    env?: ReadEnv,
  ): Geometry<A> | undefined;
  /** Geometry checks, with paths named after the NDJSON keys so import errors point at the input. */
  validate(annotation: A, media: MediaInfo | undefined): FieldError[];
  /**
   * The geometry keys of the kind's NDJSON import line (`{bbox: {…}}`), the inverse of `readNdjson`; undefined when
   * the record cannot be written as a line (a stored mask without a URL).
   */
  toNdjson(annotation: A, ctx: ConvertContext): Record<string, unknown> | undefined;
  /** Geometry keys of a legacy v1 object (`bbox`, `polygon`, `instanceURI`, `data.location`, …). */
  toV1(annotation: A, ctx: ConvertContext): Record<string, unknown>;
  /**
   * `annotation_kind` and geometry keys of an export v2 object; `withoutValue` for kinds Labelbox exports without
   * the feature's `value` (message evaluations).
   */
  toV2(
    annotation: A,
    ctx: ConvertContext,
  ): {
    readonly annotationKind: string;
    readonly fields: Record<string, unknown>;
    readonly withoutValue?: boolean;
  };
  /** Pixel box around the annotation (VOC, COCO bbox), if the kind has an area. */
  bounds(annotation: A, raster: RasterContext): Box | undefined;
  toCoco(annotation: A, raster: RasterContext): CocoGeometry | undefined;
  /** YOLO coordinates after the class index, normalised to [0, 1]: `cx cy w h` or `x1 y1 x2 y2 …`. */
  toYolo(annotation: A, width: number, height: number): readonly number[] | undefined;
  /** The annotation filled into a mask the size of the image, for PNG instance masks. */
  toMask(annotation: A, raster: RasterContext): BinaryMask | undefined;
};
