export { annotationToNdjson, nestedClassificationToNdjson } from './labelbox-ndjson-write.ts';
export {
  parseNdjsonAnnotation,
  parseNdjsonLine,
  readNdjsonEnvelope,
  type DataRowRef,
  type NdjsonEnvelope,
  type NdjsonEnvelopeResult,
  type NdjsonLineResult,
} from './labelbox-ndjson.ts';
export { objectToV1, toV1Label, type V1Label } from './labelbox-v1.ts';
export { isV1Video, toV1VideoLabel, MAX_V1_VIDEO_FRAMES, type V1VideoFrame } from './labelbox-v1-video.ts';
export { objectToV2, toV2Annotations, type V2Annotations } from './labelbox-v2.ts';
export {
  collectPieces,
  collectedText,
  createStemAllocator,
  formatDecimal,
  imageFileName,
  type ExportCategory,
  type ExportDataRow,
  type ExportPiece,
  type ExportRowInput,
  type ExportStats,
  type FormatWriter,
} from './export-stream.ts';
export { createCocoWriter, type CocoOptions } from './coco.ts';
export { createYoloWriter, type YoloOptions } from './yolo.ts';
export { createVocWriter, escapeXml, type VocOptions } from './voc.ts';
export { createConllWriter, type ConllOptions } from './conll.ts';
export { tokenize, type Token } from './tokenize.ts';
export { createPngMaskWriter, type PngMaskOptions } from './png-masks.ts';
export {
  toV2DicomAnnotations,
  toV2VideoAnnotations,
  v2LabelKind,
  v2Layout,
  type V2Layout,
  type VideoExportOptions,
} from './labelbox-v2-video.ts';
