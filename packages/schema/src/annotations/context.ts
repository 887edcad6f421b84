import type { BinaryMask } from '../geometry/types.ts';
import type { MediaInfo } from './common.ts';
import type { FeatureResolver } from './feature-resolver.ts';
import type { MaskAnnotation, MaskSource } from './mask.ts';

/** What parsing an import line needs besides the line: the ontology, the media, and an id source. */
export type ParseContext = {
  readonly features: FeatureResolver;
  readonly media?: MediaInfo;
  /** Ids for annotations the line does not name (nested classifications, answers, lines without `uuid`). */
  readonly newUuid: () => string;
};

/** What converting records to Labelbox export shapes needs from outside the record. */
export type ConvertContext = {
  /** The ontology colour of a tool (`#rrggbb`), for v1 `color`; null when unknown. */
  readonly color?: (featureSchemaId: string) => string | null | undefined;
  /** Where clients download a mask instance's PNG (v1 `instanceURI`, v2 `composite_mask.url`). */
  readonly maskUrl?: (mask: MaskAnnotation) => string | undefined;
  /**
   * Where clients download one stored PNG as it is: a video mask frame's composite (v2 `composite_mask.url`,
   * NDJSON `instanceURI`). Without it, only URLs given at import are written.
   */
  readonly maskFileUrl?: (source: MaskSource) => string | undefined;
  /** The data row's text, for the `token` of v2 text entities. */
  readonly text?: string;
};

/** What raster-based converters (COCO, YOLO, VOC, PNG masks) need: the image size and decoded mask pixels. */
export type RasterContext = {
  readonly width?: number;
  readonly height?: number;
  /** The decoded pixels of a mask annotation; the caller loads and decodes the PNG (see `maskAnnotationPixels`). */
  readonly maskPixels?: (mask: MaskAnnotation) => BinaryMask | undefined;
};
